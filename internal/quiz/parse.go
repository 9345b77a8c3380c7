package quiz

import (
	"fmt"
	"github.com/securehealth/securehealth/internal/didyoumean"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
)

// The fields a quiz file may have, by object. FieldNames lists them all for the schema test.
var (
	quizFields     = []string{"$schema", "id", "title", "passPercent", "outcomes", "settings", "questions"}
	settingsFields = []string{"shuffle", "showSolution"}
	feedbackFields = []string{"correct", "incorrect"}
	choiceFields   = []string{"id", "text", "correct", "feedback"}
	pairFields     = []string{"id", "left", "right"}
	itemFields     = []string{"id", "text"}
	// typeFields are the fields of each question type besides id and type.
	typeFields = map[string][]string{
		Single:    {"points", "prompt", "feedback", "explanation", "choices"},
		Multiple:  {"points", "prompt", "feedback", "explanation", "choices", "scoring"},
		TrueFalse: {"points", "prompt", "feedback", "explanation", "answer"},
		Matching:  {"points", "prompt", "feedback", "explanation", "pairs"},
		Ordering:  {"points", "prompt", "feedback", "explanation", "items"},
		Short:     {"points", "prompt", "feedback", "explanation", "accept", "caseSensitive"},
		// Essay and Likert questions are ungraded: no points, no right or wrong feedback.
		Essay:  {"prompt", "explanation"},
		Likert: {"prompt", "explanation", "scale"},
	}
	types         = []string{Essay, Likert, Matching, Multiple, Ordering, Short, Single, TrueFalse}
	showSolutions = []string{"after-attempt", "always", "never"}
	scorings      = []string{AllOrNothing, Partial}
)

// Defaults of a quiz file's optional fields.
const (
	DefaultPassPercent  = 70
	DefaultShowSolution = "after-attempt"
	DefaultScale        = 5
)

// typeNames name question types in messages.
var typeNames = map[string]string{
	Single: "single-choice", Multiple: "multiple-choice", TrueFalse: "true/false", Matching: "matching",
	Ordering: "ordering", Short: "short-answer", Essay: "essay", Likert: "Likert",
}

// questionFields returns the fields a question of type t may have; for an unknown type, all of
// them, so that a typo in a field is still reported.
func questionFields(t string) []string {
	fs := []string{"id", "type"}
	if tf, ok := typeFields[t]; ok {
		return append(fs, tf...)
	}
	for _, tf := range typeFields {
		for _, f := range tf {
			if !slices.Contains(fs, f) {
				fs = append(fs, f)
			}
		}
	}
	return fs
}

// Parse decodes and validates a quiz file content/quizzes/<id>.quiz.json. file is the
// site-relative path for diagnostics; defaultLang is the site's default language, which a plain
// string text is in; langs are all the site's languages. Every problem is reported to diags with
// its position. The result is nil only when src is not a JSON object; otherwise it holds what
// could be decoded, with defaults for what is missing, even when errors were reported.
func Parse(file string, src []byte, defaultLang string, langs []string, diags *diag.List) *Quiz {
	if !slices.Contains(langs, defaultLang) {
		langs = append([]string{defaultLang}, langs...)
	}
	d := &decoder{file: file, def: defaultLang, langs: langs, diags: diags}
	root := ParseJSON(file, src, diags)
	if root == nil {
		return nil
	}
	if root.Kind != Object {
		d.errf(d.npos(root), "", `start the file with "{" and the quiz's "id"`, "a quiz file holds one JSON object, not %s", root.Kind)
		return nil
	}
	q := &Quiz{
		Source:      file,
		Pos:         d.npos(root),
		PassPercent: DefaultPassPercent,
		Settings:    Settings{ShowSolution: DefaultShowSolution},
		DefaultLang: defaultLang,
		Languages:   langs,
	}
	d.fields(root, "", quizFields, nil)

	stem := fileStem(file)
	if m := root.Get("id"); m == nil || m.Value.Kind == Null {
		d.errf(q.Pos, "", fmt.Sprintf("add \"id\": %q", stem), `the quiz has no "id"`)
	} else if id, ok := d.str(m, ""); ok {
		q.ID = id
		if d.id(m, "", "quiz", id) && id != stem {
			d.errf(d.npos(m.Value), "", "rename one so that they agree",
				"quiz id %q does not match the file name %s", id, path.Base(file))
		}
	}

	title := root.Get("title")
	q.Title = d.text(title, "", "title")
	d.required(q.Title, title, q.Pos, "", "empty title", `give the quiz a title in "title"`)

	if m := root.Get("passPercent"); m != nil {
		if v, ok := d.whole(m, ""); ok {
			if v < 0 || v > 100 {
				d.errf(d.npos(m.Value), "", "70 means that 70% of the points pass", "passPercent is %s; it must be between 0 and 100", m.Value.Str)
			} else {
				q.PassPercent = int(v)
			}
		}
	}
	if m := root.Get("outcomes"); m != nil && d.kind(m, "", Array) {
		for _, v := range m.Value.Items {
			if v.Kind != String || strings.TrimSpace(v.Str) == "" {
				d.errf(d.npos(v), "", "list the codes of the learning outcomes the quiz assesses, like \"DPO-M3-LO2\"", "an outcome must be a non-empty string")
				continue
			}
			q.Outcomes = append(q.Outcomes, v.Str)
		}
	}
	if m := root.Get("settings"); m != nil && d.kind(m, "", Object) {
		s := m.Value
		d.fields(s, "settings", settingsFields, nil)
		if b, ok := d.boolean(s.Get("shuffle"), "settings"); ok {
			q.Settings.Shuffle = b
		}
		if v, ok := d.enum(s.Get("showSolution"), "settings", "showSolution", showSolutions); ok {
			q.Settings.ShowSolution = v
		}
	}

	m := root.Get("questions")
	if m == nil || m.Value.Kind == Null || m.Value.Kind == Array && len(m.Value.Items) == 0 {
		at := q.Pos
		if m != nil {
			at = d.npos(m.Value)
		}
		d.errf(at, "", `add at least one question to "questions"`, "the quiz has no questions")
		return q
	}
	if !d.kind(m, "", Array) {
		return q
	}
	seen := map[string]int{}
	for i, v := range m.Value.Items {
		// A question without a known type cannot be shown; its errors fail the build anyway.
		qu, ok := d.question(i, v, seen)
		if ok && qu.Type != "" {
			q.Questions = append(q.Questions, qu)
		}
	}
	return q
}

// fileStem returns the quiz id a file name implies: dpo-m3-breach for dpo-m3-breach.quiz.json.
func fileStem(p string) string {
	base := path.Base(strings.ReplaceAll(p, `\`, "/"))
	if s, ok := strings.CutSuffix(base, ".quiz.json"); ok {
		return s
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

func (d *decoder) question(i int, v *Node, seen map[string]int) (Question, bool) {
	qu := Question{Pos: d.npos(v), Points: 1, Scoring: AllOrNothing, Scale: DefaultScale}
	ctx := fmt.Sprintf("question %d", i+1)
	if v.Kind != Object {
		d.errf(qu.Pos, ctx, `write each question as an object {"id": …, "type": …, "prompt": …}`, "a question must be an object, not %s", v.Kind)
		return qu, false
	}
	if m := v.Get("id"); m == nil || m.Value.Kind == Null {
		d.errf(qu.Pos, ctx, fmt.Sprintf("add \"id\": \"q%d\"", i+1), `missing "id"`)
	} else if id, ok := d.str(m, ctx); ok {
		if d.id(m, "", "question", id) {
			if line, dup := seen[id]; dup {
				d.errf(d.npos(m.Value), "", "give each question its own id", "duplicate question id %q (first on line %d)", id, line)
			} else {
				seen[id] = m.Value.Line
			}
		}
		qu.ID = id
		ctx = fmt.Sprintf("question %q", id)
	}
	if m := v.Get("type"); m == nil || m.Value.Kind == Null {
		d.errf(qu.Pos, ctx, "add \"type\": one of "+strings.Join(types, ", "), `missing "type"`)
	} else if t, ok := d.str(m, ctx); ok {
		if _, known := typeFields[t]; known {
			qu.Type = t
		} else {
			d.errf(d.npos(m.Value), ctx, suggest(t, types, "types"), "unknown question type %q", t)
		}
	}
	d.fields(v, ctx, questionFields(qu.Type), func(key string) (string, string, bool) {
		if qu.Type == "" || !slices.Contains(questionFields(""), key) {
			return "", "", false
		}
		if qu.Type == Essay || qu.Type == Likert {
			if key == "points" || key == "feedback" {
				return fmt.Sprintf("%s questions are ungraded and have no %q", typeNames[qu.Type], key),
					`remove it; "explanation" is shown after the answer`, true
			}
		}
		var has []string
		for _, t := range types {
			if slices.Contains(typeFields[t], key) {
				has = append(has, t)
			}
		}
		return fmt.Sprintf("%q is not a field of %s questions", key, typeNames[qu.Type]),
			fmt.Sprintf("remove it, or change \"type\" (%q is for %s)", key, strings.Join(has, ", ")), true
	})
	if qu.Type == Essay || qu.Type == Likert {
		qu.Points = 0
	}
	if m := v.Get("points"); m != nil && qu.Type != Essay && qu.Type != Likert {
		if p, ok := d.number(m, ctx); ok {
			if p < 0 {
				d.errf(d.npos(m.Value), ctx, "give 0 or more points", "points is %s; it must not be negative", m.Value.Str)
			} else {
				qu.Points = p
			}
		}
	}
	prompt := v.Get("prompt")
	qu.Prompt = d.text(prompt, ctx, "prompt")
	d.required(qu.Prompt, prompt, qu.Pos, ctx, "empty prompt", `write the question in "prompt"`)
	qu.Explanation = d.text(v.Get("explanation"), ctx, "explanation")
	if m := v.Get("feedback"); m != nil && qu.Type != Essay && qu.Type != Likert && d.kind(m, ctx, Object) {
		d.fields(m.Value, ctx+", feedback", feedbackFields, nil)
		qu.Feedback.Correct = d.text(m.Value.Get("correct"), ctx, "feedback.correct")
		qu.Feedback.Incorrect = d.text(m.Value.Get("incorrect"), ctx, "feedback.incorrect")
	}

	name := typeNames[qu.Type]
	switch qu.Type {
	case Single, Multiple:
		qu.Choices = d.choices(v.Get("choices"), ctx, name, qu.Pos)
		var correct []Choice
		for _, c := range qu.Choices {
			if c.Correct {
				correct = append(correct, c)
			}
		}
		switch {
		case len(qu.Choices) == 0:
		case len(correct) == 0 && qu.Type == Single:
			d.errf(qu.Pos, ctx, `mark exactly one with "correct": true`, "%s question has no correct choice", name)
		case len(correct) == 0:
			d.errf(qu.Pos, ctx, `mark at least one with "correct": true`, "%s question has no correct choice", name)
		case len(correct) > 1 && qu.Type == Single:
			d.errf(correct[1].Pos, ctx, "mark exactly one", "%s question has %d correct choices", name, len(correct))
		}
		if qu.Type == Multiple {
			if s, ok := d.enum(v.Get("scoring"), ctx, "scoring", scorings); ok {
				qu.Scoring = s
			}
		}
	case TrueFalse:
		if m := v.Get("answer"); m == nil || m.Value.Kind == Null {
			d.errf(qu.Pos, ctx, `add "answer": true or "answer": false`, "%s question has no answer", name)
		} else if b, ok := d.boolean(m, ctx); ok {
			qu.Answer = b
		}
	case Matching:
		qu.Pairs = d.pairs(v.Get("pairs"), ctx, name, qu.Pos)
	case Ordering:
		qu.Items = d.items(v.Get("items"), ctx, name, qu.Pos)
	case Short:
		qu.Accept = d.accept(v.Get("accept"), ctx, name, qu.Pos)
		if b, ok := d.boolean(v.Get("caseSensitive"), ctx); ok {
			qu.CaseSensitive = b
		}
	case Likert:
		if m := v.Get("scale"); m != nil {
			if s, ok := d.whole(m, ctx); ok {
				if s < 2 || s > 10 {
					d.errf(d.npos(m.Value), ctx, "use 5 for the usual five-point scale", "scale is %s; a Likert scale has 2 to 10 points", m.Value.Str)
				} else {
					qu.Scale = int(s)
				}
			}
		}
	}
	if qu.Type != Multiple {
		qu.Scoring = ""
	}
	if qu.Type != Likert {
		qu.Scale = 0
	}
	return qu, true
}

// list checks that m is a list of objects; what is "choice", "pair" or "item".
func (d *decoder) list(m *Member, ctx, name, what, field string, at diag.Pos) []*Node {
	if m == nil || m.Value.Kind == Null || m.Value.Kind == Array && len(m.Value.Items) == 0 {
		if m != nil {
			at = d.npos(m.Value)
		}
		d.errf(at, ctx, fmt.Sprintf("add at least two to %q", field), "%s question has no %ss", name, what)
		return nil
	}
	if !d.kind(m, ctx, Array) {
		return nil
	}
	if n := len(m.Value.Items); n < 2 {
		d.errf(d.npos(m.Value), ctx, "give at least two", "%s question has 1 %s", name, what)
	}
	return m.Value.Items
}

// element checks one element of a list of choices, pairs or items: an object with a valid id
// that is unique in the question. It returns the element's context for messages, its id and
// whether it is an object.
func (d *decoder) element(v *Node, i int, ctx, what string, fields []string, seen map[string]int, suggestID string) (string, string, bool) {
	ectx := fmt.Sprintf("%s, %s %d", ctx, what, i+1)
	if v.Kind != Object {
		d.errf(d.npos(v), ectx, `write it as an object {"id": …}`, "a %s must be an object, not %s", what, v.Kind)
		return ectx, "", false
	}
	id := ""
	if m := v.Get("id"); m == nil || m.Value.Kind == Null {
		d.errf(d.npos(v), ectx, fmt.Sprintf("add \"id\": %q", suggestID), `missing "id"`)
	} else if s, ok := d.str(m, ectx); ok {
		id = s
		if d.id(m, ctx, what, s) {
			if line, dup := seen[s]; dup {
				d.errf(d.npos(m.Value), ctx, fmt.Sprintf("give each %s its own id", what), "duplicate %s id %q (first on line %d)", what, s, line)
			} else {
				seen[s] = m.Value.Line
			}
		}
		ectx = fmt.Sprintf("%s, %s %q", ctx, what, s)
	}
	d.fields(v, ectx, fields, nil)
	return ectx, id, true
}

func (d *decoder) choices(m *Member, ctx, name string, at diag.Pos) []Choice {
	var out []Choice
	seen := map[string]int{}
	for i, v := range d.list(m, ctx, name, "choice", "choices", at) {
		cctx, id, ok := d.element(v, i, ctx, "choice", choiceFields, seen, string(rune('a'+i%26)))
		if !ok {
			continue
		}
		c := Choice{ID: id, Pos: d.npos(v)}
		t := v.Get("text")
		c.Text = d.text(t, cctx, "text")
		d.required(c.Text, t, c.Pos, cctx, "empty text", `write the choice in "text"`)
		if b, ok := d.boolean(v.Get("correct"), cctx); ok {
			c.Correct = b
		}
		c.Feedback = d.text(v.Get("feedback"), cctx, "feedback")
		out = append(out, c)
	}
	return out
}

func (d *decoder) pairs(m *Member, ctx, name string, at diag.Pos) []Pair {
	var out []Pair
	seen := map[string]int{}
	rights := map[string]string{}
	for i, v := range d.list(m, ctx, name, "pair", "pairs", at) {
		pctx, id, ok := d.element(v, i, ctx, "pair", pairFields, seen, fmt.Sprintf("p%d", i+1))
		if !ok {
			continue
		}
		p := Pair{ID: id, Pos: d.npos(v)}
		l, r := v.Get("left"), v.Get("right")
		p.Left = d.text(l, pctx, "left")
		d.required(p.Left, l, p.Pos, pctx, "empty left text", `write what the learner matches in "left"`)
		p.Right = d.text(r, pctx, "right")
		d.required(p.Right, r, p.Pos, pctx, "empty right text", `write what it matches in "right"`)
		if rt := p.Right[d.def]; rt != "" {
			if other, dup := rights[rt]; dup {
				d.errf(d.npos(r.Value), pctx, "make the right texts differ", "same right text as pair %q; a learner could not tell them apart", other)
			} else {
				rights[rt] = id
			}
		}
		out = append(out, p)
	}
	return out
}

func (d *decoder) items(m *Member, ctx, name string, at diag.Pos) []Item {
	var out []Item
	seen := map[string]int{}
	for i, v := range d.list(m, ctx, name, "item", "items", at) {
		ictx, id, ok := d.element(v, i, ctx, "item", itemFields, seen, fmt.Sprintf("i%d", i+1))
		if !ok {
			continue
		}
		it := Item{ID: id, Pos: d.npos(v)}
		t := v.Get("text")
		it.Text = d.text(t, ictx, "text")
		d.required(it.Text, t, it.Pos, ictx, "empty text", `write the item in "text"`)
		out = append(out, it)
	}
	return out
}

// accept decodes a short answer's accepted answers: a list (default language) or a language
// map of lists, where the key "*" holds answers for every language.
func (d *decoder) accept(m *Member, ctx, name string, at diag.Pos) map[string][]string {
	const hint = `add "accept": ["…"] with the answers to accept`
	if m == nil || m.Value.Kind == Null {
		d.errf(at, ctx, hint, "%s question has no accepted answers", name)
		return nil
	}
	out := map[string][]string{}
	answers := func(v *Node, lang string) {
		if v.Kind != Array {
			d.errf(d.npos(v), ctx, `write the answers as a list ["…", "…"]`, "accepted answers must be a list, not %s", v.Kind)
			return
		}
		for _, a := range v.Items {
			if a.Kind != String || strings.TrimSpace(a.Str) == "" {
				d.errf(d.npos(a), ctx, "remove it, or write the answer", "an accepted answer must be a non-empty string")
				continue
			}
			out[lang] = append(out[lang], a.Str)
		}
	}
	switch m.Value.Kind {
	case Array:
		answers(m.Value, d.def)
	case Object:
		for _, lm := range m.Value.Members {
			if lm.Key != AnyLanguage && !slices.Contains(d.langs, lm.Key) {
				d.errf(d.mpos(lm), ctx, suggest(lm.Key, append([]string{AnyLanguage}, d.langs...), "languages"), "accept: unknown language %q", lm.Key)
				continue
			}
			answers(lm.Value, lm.Key)
		}
		if len(out) > 0 && out[d.def] == nil && out[AnyLanguage] == nil {
			d.errf(d.npos(m.Value), ctx, fmt.Sprintf(`add %q answers, or "*" answers that hold in every language`, d.def),
				"accept has no answers in the default language %q", d.def)
		}
	default:
		d.errf(d.npos(m.Value), ctx, `write a list ["…"], or a language map {"en": ["…"], "*": ["…"]}`, "accept must be a list or a language map, not %s", m.Value.Kind)
		return nil
	}
	if len(out) == 0 {
		d.errf(d.npos(m.Value), ctx, hint, "%s question has no accepted answers", name)
		return nil
	}
	return out
}

// A decoder turns a JSON node tree into a Quiz and reports what does not fit.
type decoder struct {
	file  string
	def   string
	langs []string
	diags *diag.List
}

func (d *decoder) npos(n *Node) diag.Pos { return diag.Pos{File: d.file, Line: n.Line, Col: n.Col} }

func (d *decoder) mpos(m *Member) diag.Pos { return diag.Pos{File: d.file, Line: m.Line, Col: m.Col} }

// errf reports an error; a non-empty ctx ("question "q1"") prefixes the message.
func (d *decoder) errf(p diag.Pos, ctx, hint, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if ctx != "" {
		msg = ctx + ": " + msg
	}
	d.diags.Errorf(p, hint, "%s", msg)
}

// fields reports the members of obj whose keys are not in known. other may explain a key that
// is known elsewhere (a field of another question type) with a message and a hint.
func (d *decoder) fields(obj *Node, ctx string, known []string, other func(key string) (msg, hint string, ok bool)) {
	for _, m := range obj.Members {
		if slices.Contains(known, m.Key) {
			continue
		}
		if other != nil {
			if msg, hint, ok := other(m.Key); ok {
				d.errf(d.mpos(m), ctx, hint, "%s", msg)
				continue
			}
		}
		d.errf(d.mpos(m), ctx, suggest(m.Key, known, "known fields"), "unknown field %q", m.Key)
	}
}

// suggest is the hint for an unknown name: the closest known one, if any, and the list.
func suggest(got string, known []string, what string) string {
	sorted := slices.Clone(known)
	slices.Sort(sorted)
	list := what + ": " + strings.Join(sorted, ", ")
	if s := didyoumean.Closest(got, sorted); s != "" {
		return fmt.Sprintf("did you mean %q? %s", s, list)
	}
	return list
}

// kind reports whether m's value has kind k, and reports an error if it has another one.
func (d *decoder) kind(m *Member, ctx string, k Kind) bool {
	if m.Value.Kind == k {
		return true
	}
	if m.Value.Kind != Null {
		d.errf(d.npos(m.Value), ctx, "", "%s must be %s, not %s", m.Key, k, m.Value.Kind)
	}
	return false
}

func (d *decoder) str(m *Member, ctx string) (string, bool) {
	if m == nil || !d.kind(m, ctx, String) {
		return "", false
	}
	return m.Value.Str, true
}

func (d *decoder) boolean(m *Member, ctx string) (bool, bool) {
	if m == nil || !d.kind(m, ctx, Bool) {
		return false, false
	}
	return m.Value.Bool, true
}

func (d *decoder) number(m *Member, ctx string) (float64, bool) {
	if m == nil || !d.kind(m, ctx, Number) {
		return 0, false
	}
	return m.Value.Num, true
}

// whole returns a number that must be a whole number.
func (d *decoder) whole(m *Member, ctx string) (float64, bool) {
	v, ok := d.number(m, ctx)
	if ok && v != math.Trunc(v) {
		d.errf(d.npos(m.Value), ctx, "", "%s must be a whole number, not %s", m.Key, m.Value.Str)
		return 0, false
	}
	return v, ok
}

// enum returns a string that must be one of values.
func (d *decoder) enum(m *Member, ctx, field string, values []string) (string, bool) {
	s, ok := d.str(m, ctx)
	if !ok {
		return "", false
	}
	if !slices.Contains(values, s) {
		d.errf(d.npos(m.Value), ctx, suggest(s, values, "values"), "unknown %s %q", field, s)
		return "", false
	}
	return s, true
}

// ValidID reports whether s can be the id of a quiz, question, choice, pair or item: lower-case
// ASCII letters, digits, "-" and "_", so that it is safe in file names, URLs, HTML ids and
// localStorage keys, and the same in every language.
func ValidID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (d *decoder) id(m *Member, ctx, what, id string) bool {
	if ValidID(id) {
		return true
	}
	d.errf(d.npos(m.Value), ctx, `use lower-case letters a-z, digits, "-" and "_"`, "%s id %q is not valid", what, id)
	return false
}

// text decodes a text: a string in the default language, or a map of language codes to strings.
// An empty string counts as no text, so that it falls back to the default language.
func (d *decoder) text(m *Member, ctx, what string) Text {
	if m == nil {
		return nil
	}
	v := m.Value
	switch v.Kind {
	case Null:
		return nil
	case String:
		if v.Str == "" {
			return nil
		}
		return Text{d.def: v.Str}
	case Object:
		t := Text{}
		for _, lm := range v.Members {
			if !slices.Contains(d.langs, lm.Key) {
				d.errf(d.mpos(lm), ctx, suggest(lm.Key, d.langs, "languages"), "%s: unknown language %q", what, lm.Key)
				continue
			}
			switch lm.Value.Kind {
			case String:
				if lm.Value.Str != "" {
					t[lm.Key] = lm.Value.Str
				}
			case Null:
			default:
				d.errf(d.npos(lm.Value), ctx, "", "%s.%s must be a string, not %s", what, lm.Key, lm.Value.Kind)
			}
		}
		if len(t) > 0 && t[d.def] == "" {
			d.errf(d.npos(v), ctx, fmt.Sprintf("add %q: the other languages fall back to it", d.def),
				"%s has no text in the default language %q", what, d.def)
		}
		if len(t) == 0 {
			return nil
		}
		return t
	default:
		d.errf(d.npos(v), ctx, fmt.Sprintf(`write a string, or a language map like {%q: "…"}`, d.def),
			"%s must be a string or a language map, not %s", what, v.Kind)
		return nil
	}
}

// required reports an empty text: at its value if it has one, else at the enclosing object.
// A language map without the default language was already reported by text.
func (d *decoder) required(t Text, m *Member, at diag.Pos, ctx, msg, hint string) {
	if len(t) > 0 {
		return
	}
	if m != nil {
		if m.Value.Kind != String && m.Value.Kind != Null && m.Value.Kind != Object {
			return // reported as a type error
		}
		at = d.npos(m.Value)
	}
	d.errf(at, ctx, hint, "%s", msg)
}
