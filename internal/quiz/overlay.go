package quiz

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
)

// The fields of an overlay file, by object.
var (
	overlayFields         = []string{"$schema", "translation_of", "title", "questions"}
	translationOfFields   = []string{"title", "questions"}
	overlayQuestionFields = []string{"prompt", "explanation", "feedback", "choices", "choiceFeedback", "pairs", "items", "accept"}
)

// ParseOverlay applies a translator's overlay content/quizzes/<id>.<lang>.quiz.json to q: the
// texts of one language, keyed by question, choice, pair and item ids, with the hashes of the
// default-language texts they were translated from in "translation_of". Overlay texts are plain
// strings in lang. An overlay that names an id the quiz does not have, or gives a text the quiz
// does not have in its default language, changes the structure and is an error. Where the quiz
// file also has inline texts in lang, the overlay's win, with one warning. The overlay is
// recorded in q.Overlays[lang]. A nil q (a quiz file that could not be read) is ignored.
func ParseOverlay(file string, src []byte, q *Quiz, lang string, diags *diag.List) {
	if q == nil {
		return
	}
	d := &decoder{file: file, def: q.DefaultLang, langs: q.Languages, diags: diags}
	start := diag.Pos{File: file, Line: 1, Col: 1}
	base := path.Base(q.Source)
	if lang == q.DefaultLang {
		d.errf(start, "", "edit the texts in "+base+", or name the overlay after another language",
			"an overlay in the default language %q", lang)
		return
	}
	if !slices.Contains(q.Languages, lang) {
		d.errf(start, "", suggest(lang, q.Languages, "languages"), "overlay for %q, which is not a language of the site", lang)
		return
	}
	root := ParseJSON(file, src, diags)
	if root == nil {
		return
	}
	if root.Kind != Object {
		d.errf(d.npos(root), "", "", "an overlay file holds one JSON object, not %s", root.Kind)
		return
	}
	d.fields(root, "", overlayFields, func(key string) (string, string, bool) {
		if slices.Contains(quizFields, key) {
			return fmt.Sprintf("overlay changes the structure: %q belongs in %s", key, base), "overlays hold only texts", true
		}
		return "", "", false
	})
	ov := &Overlay{Lang: lang, Source: file, Pos: d.npos(root)}
	o := &overlay{decoder: d, q: q, lang: lang, base: base}

	if m := root.Get("translation_of"); m != nil && m.Value.Kind != Null {
		if m.Value.Kind != Object {
			d.errf(d.npos(m.Value), "", "let `securehealth check --stamp` write it", `translation_of must be an object {"title": …, "questions": {…}}, not %s`, m.Value.Kind)
		} else {
			tm := m.Value
			d.fields(tm, "translation_of", translationOfFields, nil)
			ov.TitleOf, _ = d.str(tm.Get("title"), "translation_of")
			if qm := tm.Get("questions"); qm != nil && d.kind(qm, "translation_of", Object) {
				ov.QuestionsOf = map[string]string{}
				for _, h := range qm.Value.Members {
					if s, ok := d.str(h, "translation_of.questions"); ok {
						ov.QuestionsOf[h.Key] = s // a stamp of a removed question does no harm
					}
				}
			}
			ov.TranslationOf = q.combine(ov.TitleOf, func(id string) string { return ov.QuestionsOf[id] })
		}
	}
	if m := root.Get("title"); m != nil {
		o.set(q.Title, m, "", "title", "no title")
	}
	if m := root.Get("questions"); m != nil && d.kind(m, "", Object) {
		for _, qm := range m.Value.Members {
			i := slices.IndexFunc(q.Questions, func(qu Question) bool { return qu.ID == qm.Key })
			if i < 0 {
				o.structure(d.mpos(qm), "question %q is not in %s", qm.Key, base)
				continue
			}
			if d.kind(qm, "questions", Object) {
				o.question(&q.Questions[i], qm.Value)
			}
		}
	}
	if q.Overlays == nil {
		q.Overlays = map[string]*Overlay{}
	}
	q.Overlays[lang] = ov
}

// An overlay applies one overlay file's texts to a quiz.
type overlay struct {
	*decoder
	q      *Quiz
	lang   string
	base   string
	warned bool
}

func (o *overlay) structure(p diag.Pos, format string, args ...any) {
	o.errf(p, "", "overlays hold only texts", "overlay changes the structure: "+format, args...)
}

// set stores the overlay text of m in t. what names the text in messages ("question "q1" has no
// explanation"): ctx is the owner, none the phrase for a text the quiz does not have.
func (o *overlay) set(t Text, m *Member, ctx, field, none string) {
	if m.Value.Kind == Null {
		return
	}
	if m.Value.Kind != String {
		o.errf(o.npos(m.Value), ctx, fmt.Sprintf("an overlay holds plain strings in %q only", o.lang), "%s must be a string, not %s", field, m.Value.Kind)
		return
	}
	if t[o.def] == "" {
		owner := "the quiz"
		if ctx != "" {
			owner = ctx
		}
		o.structure(o.mpos(m), "%s has %s in %s", owner, none, o.base)
		return
	}
	if m.Value.Str == "" {
		return // falls back to the default language, like an empty inline text
	}
	o.conflict(t[o.lang] != "", m)
	t[o.lang] = m.Value.Str
}

// conflict warns, once per overlay, that it replaces inline texts of its language.
func (o *overlay) conflict(inline bool, m *Member) {
	if !inline || o.warned {
		return
	}
	o.warned = true
	o.diags.Warnf(o.mpos(m), fmt.Sprintf("keep the %q texts in one place: the overlay or %s", o.lang, o.base),
		"overlay replaces the inline %q texts of %s", o.lang, o.base)
}

// has reports whether a question of type t has the overlay field f.
func has(t, f string) bool {
	switch f {
	case "prompt", "explanation":
		return true
	case "feedback":
		return slices.Contains(typeFields[t], "feedback")
	case "choices", "choiceFeedback":
		return t == Single || t == Multiple
	case "pairs":
		return t == Matching
	case "items":
		return t == Ordering
	case "accept":
		return t == Short
	}
	return false
}

func (o *overlay) question(qu *Question, v *Node) {
	ctx := fmt.Sprintf("question %q", qu.ID)
	o.fields(v, ctx, overlayQuestionFields, nil)
	for _, m := range v.Members {
		if !slices.Contains(overlayQuestionFields, m.Key) {
			continue
		}
		if !has(qu.Type, m.Key) {
			o.structure(o.mpos(m), "%s is a %s question and has no %s in %s", ctx, typeNames[qu.Type], m.Key, o.base)
			continue
		}
		switch m.Key {
		case "prompt":
			o.set(qu.Prompt, m, ctx, "prompt", "no prompt")
		case "explanation":
			if qu.Explanation == nil {
				qu.Explanation = Text{}
			}
			o.set(qu.Explanation, m, ctx, "explanation", "no explanation")
		case "feedback":
			if !o.kind(m, ctx, Object) {
				continue
			}
			o.fields(m.Value, ctx+", feedback", feedbackFields, nil)
			if f := m.Value.Get("correct"); f != nil {
				o.set(qu.Feedback.Correct, f, ctx, "feedback.correct", "no feedback.correct")
			}
			if f := m.Value.Get("incorrect"); f != nil {
				o.set(qu.Feedback.Incorrect, f, ctx, "feedback.incorrect", "no feedback.incorrect")
			}
		case "choices", "choiceFeedback":
			o.byID(m, ctx, "choice", func(id string) bool {
				return slices.ContainsFunc(qu.Choices, func(c Choice) bool { return c.ID == id })
			}, func(id string, cm *Member) {
				c := &qu.Choices[slices.IndexFunc(qu.Choices, func(c Choice) bool { return c.ID == id })]
				cctx := fmt.Sprintf("%s, choice %q", ctx, id)
				if m.Key == "choices" {
					o.set(c.Text, cm, cctx, "text", "no text")
				} else {
					o.set(c.Feedback, cm, cctx, "feedback", "no feedback")
				}
			})
		case "pairs":
			o.byID(m, ctx, "pair", func(id string) bool {
				return slices.ContainsFunc(qu.Pairs, func(p Pair) bool { return p.ID == id })
			}, func(id string, pm *Member) {
				p := &qu.Pairs[slices.IndexFunc(qu.Pairs, func(p Pair) bool { return p.ID == id })]
				pctx := fmt.Sprintf("%s, pair %q", ctx, id)
				if !o.kind(pm, ctx, Object) {
					return
				}
				o.fields(pm.Value, pctx, []string{"left", "right"}, nil)
				if f := pm.Value.Get("left"); f != nil {
					o.set(p.Left, f, pctx, "left", "no left text")
				}
				if f := pm.Value.Get("right"); f != nil {
					o.set(p.Right, f, pctx, "right", "no right text")
				}
			})
		case "items":
			o.byID(m, ctx, "item", func(id string) bool {
				return slices.ContainsFunc(qu.Items, func(it Item) bool { return it.ID == id })
			}, func(id string, im *Member) {
				it := &qu.Items[slices.IndexFunc(qu.Items, func(it Item) bool { return it.ID == id })]
				o.set(it.Text, im, fmt.Sprintf("%s, item %q", ctx, id), "text", "no text")
			})
		case "accept":
			o.accept(qu, m, ctx)
		}
	}
	if len(qu.Explanation) == 0 {
		qu.Explanation = nil
	}
}

// byID walks an object keyed by choice, pair or item ids and reports ids the question lacks.
func (o *overlay) byID(m *Member, ctx, what string, known func(string) bool, apply func(string, *Member)) {
	if !o.kind(m, ctx, Object) {
		return
	}
	for _, em := range m.Value.Members {
		if !known(em.Key) {
			o.structure(o.mpos(em), "%s has no %s %q in %s", ctx, what, em.Key, o.base)
			continue
		}
		apply(em.Key, em)
	}
}

func (o *overlay) accept(qu *Question, m *Member, ctx string) {
	if m.Value.Kind == Null {
		return
	}
	if m.Value.Kind != Array {
		o.errf(o.npos(m.Value), ctx, fmt.Sprintf(`write the %q answers as a list ["…"]`, o.lang), "accept must be a list, not %s", m.Value.Kind)
		return
	}
	if len(qu.Accept[o.def]) == 0 {
		o.structure(o.mpos(m), "%s has no %q answers in %s to translate", ctx, o.def, o.base)
		return
	}
	var list []string
	for _, a := range m.Value.Items {
		if a.Kind != String || strings.TrimSpace(a.Str) == "" {
			o.errf(o.npos(a), ctx, "remove it, or write the answer", "an accepted answer must be a non-empty string")
			continue
		}
		list = append(list, a.Str)
	}
	if len(list) == 0 {
		return
	}
	o.conflict(len(qu.Accept[o.lang]) > 0, m)
	qu.Accept[o.lang] = list
}
