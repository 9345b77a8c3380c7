package quiz

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
)

// HashLen is the number of hex digits of a text hash, as for pages' translation_of.
const HashLen = 12

// In returns the text in lang, or the default language's when lang has none, with the language
// of the text returned, so that a fallback can be marked with its lang attribute.
func (t Text) In(lang, def string) (text, textLang string) {
	if s := t[lang]; s != "" {
		return s, lang
	}
	return t[def], def
}

// Accepted returns the answers a short question accepts in lang: those for every language and
// those of lang, or of the default language when lang has none.
func (qu *Question) Accepted(lang, def string) []string {
	out := append([]string(nil), qu.Accept[AnyLanguage]...)
	if a := qu.Accept[lang]; len(a) > 0 {
		return append(out, a...)
	}
	return append(out, qu.Accept[def]...)
}

// Question returns the question with the given id, or nil.
func (q *Quiz) Question(id string) *Question {
	for i := range q.Questions {
		if q.Questions[i].ID == id {
			return &q.Questions[i]
		}
	}
	return nil
}

type hasher struct{ hash.Hash }

// write adds one string, line endings made LF, and a separator, so that moving text from one
// field to the next changes the hash.
func (h hasher) write(parts ...string) {
	for _, s := range parts {
		h.Write([]byte(strings.ReplaceAll(s, "\r\n", "\n")))
		h.Write([]byte{0})
	}
}

func (h hasher) sum() string { return hex.EncodeToString(h.Sum(nil))[:HashLen] }

func newHasher() hasher { return hasher{sha256.New()} }

// TitleHash is the hash of the quiz's own default-language texts (its title).
func (q *Quiz) TitleHash() string {
	h := newHasher()
	h.write("title", q.Title[q.DefaultLang])
	return h.sum()
}

// QuestionHash is the hash of a question's default-language texts with the ids they belong to:
// what a translator translates. Points, answers and order of choices are not in it, so changing
// them does not mark translations outdated. It is "" for an unknown id.
func (q *Quiz) QuestionHash(id string) string {
	qu := q.Question(id)
	if qu == nil {
		return ""
	}
	def := q.DefaultLang
	h := newHasher()
	h.write("question", qu.ID, qu.Prompt[def], qu.Explanation[def], qu.Feedback.Correct[def], qu.Feedback.Incorrect[def])
	for _, c := range qu.Choices {
		h.write("choice", c.ID, c.Text[def], c.Feedback[def])
	}
	for _, p := range qu.Pairs {
		h.write("pair", p.ID, p.Left[def], p.Right[def])
	}
	for _, it := range qu.Items {
		h.write("item", it.ID, it.Text[def])
	}
	h.write("accept")
	h.write(qu.Accept[def]...)
	return h.sum()
}

// Hash is the hash of all the quiz's default-language texts: of its title and of every question
// in order. An overlay whose TranslationOf equals it is up to date.
func (q *Quiz) Hash() string {
	return q.combine(q.TitleHash(), q.QuestionHash)
}

// combine hashes a title hash and the current questions' hashes as given by question.
func (q *Quiz) combine(title string, question func(id string) string) string {
	h := newHasher()
	h.write("quiz", title)
	for _, qu := range q.Questions {
		h.write(qu.ID, question(qu.ID))
	}
	return h.sum()
}

// Outdated returns the parts of the quiz whose default-language texts changed since the
// overlay of lang was translated: "title" and question ids, in quiz order. Parts never stamped
// count as outdated. It is nil without an overlay: inline texts have no stamps.
func (q *Quiz) Outdated(lang string) []string {
	ov := q.Overlays[lang]
	if ov == nil || ov.TranslationOf == q.Hash() {
		return nil
	}
	var out []string
	if ov.TitleOf != q.TitleHash() {
		out = append(out, "title")
	}
	for _, qu := range q.Questions {
		if ov.QuestionsOf[qu.ID] != q.QuestionHash(qu.ID) {
			out = append(out, qu.ID)
		}
	}
	return out
}

// Missing returns the ids of the texts that have a default-language text but none in lang, so
// that readers see them in the default language: "title", "q1.prompt", "q1.explanation",
// "q1.feedback.correct", "q1.feedback.incorrect", "q1.a" (a choice's text), "q1.a.feedback",
// "q1.p1.left", "q1.p1.right", "q1.i1" (an ordering item) and "q1.accept". It is nil for the
// default language.
func (q *Quiz) Missing(lang string) []string {
	def := q.DefaultLang
	if lang == def {
		return nil
	}
	var out []string
	check := func(t Text, id string) {
		if t[def] != "" && t[lang] == "" {
			out = append(out, id)
		}
	}
	check(q.Title, "title")
	for _, qu := range q.Questions {
		p := qu.ID + "."
		check(qu.Prompt, p+"prompt")
		check(qu.Explanation, p+"explanation")
		check(qu.Feedback.Correct, p+"feedback.correct")
		check(qu.Feedback.Incorrect, p+"feedback.incorrect")
		for _, c := range qu.Choices {
			check(c.Text, p+c.ID)
			check(c.Feedback, p+c.ID+".feedback")
		}
		for _, pr := range qu.Pairs {
			check(pr.Left, p+pr.ID+".left")
			check(pr.Right, p+pr.ID+".right")
		}
		for _, it := range qu.Items {
			check(it.Text, p+it.ID)
		}
		if len(qu.Accept[def]) > 0 && len(qu.Accept[lang]) == 0 {
			out = append(out, p+"accept")
		}
	}
	return out
}

// TranslationOfJSON is the value of an overlay's "translation_of" that records the quiz's
// current texts: {"title": "…", "questions": {"q1": "…", …}}, on one line, questions in quiz
// order.
func (q *Quiz) TranslationOfJSON() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"title": %q, "questions": {`, q.TitleHash())
	for i, qu := range q.Questions {
		if i > 0 {
			b.WriteString(", ")
		}
		id, _ := json.Marshal(qu.ID)
		fmt.Fprintf(&b, "%s: %q", id, q.QuestionHash(qu.ID))
	}
	b.WriteString("}}")
	return []byte(b.String())
}

// StampOverlay returns the overlay source src with its "translation_of" set to the quiz's
// current hashes (TranslationOfJSON), for `check --stamp`: the value is replaced in place, or
// added as the first member, and every other byte of the file is kept.
func StampOverlay(src []byte, q *Quiz) ([]byte, error) {
	var diags diag.List
	root := ParseJSON("overlay", src, &diags)
	if root == nil || root.Kind != Object {
		if len(diags) > 0 {
			return nil, fmt.Errorf("%s", diags[0].Message)
		}
		return nil, fmt.Errorf("an overlay file holds one JSON object")
	}
	stamp := q.TranslationOfJSON()
	var out []byte
	if m := root.Get("translation_of"); m != nil {
		out = append(out, src[:m.Value.Start]...)
		out = append(out, stamp...)
		return append(out, src[m.Value.End:]...), nil
	}
	indent := "  "
	if len(root.Members) > 0 && root.Members[0].Line > root.Line {
		indent = strings.Repeat(" ", root.Members[0].Col-1)
	}
	out = append(out, src[:root.Start+1]...)
	out = append(out, "\n"+indent+`"translation_of": `...)
	out = append(out, stamp...)
	if len(root.Members) > 0 {
		out = append(out, ',')
		if root.Members[0].Line == root.Line {
			out = append(out, ' ')
		}
	} else {
		out = append(out, '\n')
	}
	return append(out, src[root.Start+1:]...), nil
}
