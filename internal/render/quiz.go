package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"html"
	"html/template"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/site"
)

// Quizzes are rendered twice over: as HTML that reads and prints without JavaScript (the
// solutions inside collapsed <details>), and as a JSON data block with the answer key that
// quiz.js scores against. The DOM hooks are a contract (DESIGN §6): form[data-quiz=ID],
// fieldset[data-question=ID], choice ids as input values, one select per matching pair named
// by the pair id with right-hand pair ids as option values, one select of positions per
// ordering item named by the item id, and [data-quiz-score].

// A quizText is a quiz text rendered to HTML in the page's language, or in the default
// language when it has no translation; Lang is then that language, for a lang attribute.
type quizText struct {
	HTML   template.HTML
	Lang   string // the text's language when it is not the page's; "" when it is
	Inline bool   // HTML is phrasing content: one paragraph, its <p> stripped
	Plain  string // the text without markup, for <option> elements, which hold text only
}

// Empty reports whether there is no text.
func (t quizText) Empty() bool { return t.HTML == "" }

// Phrasing is the text for places that take phrasing content only (legend, label, heading):
// the HTML of a one-paragraph text, else the plain text of a longer one.
func (t quizText) Phrasing() template.HTML {
	if t.Inline {
		return t.HTML
	}
	return template.HTML(escape(t.Plain))
}

// Block is the text as block content: a one-paragraph text gets its <p> back.
func (t quizText) Block() template.HTML {
	if t.Inline {
		return "<p>" + t.HTML + "</p>"
	}
	return t.HTML
}

// A quizView is a quiz as the layouts see it: every text rendered in the page's language.
type quizView struct {
	ID           string
	DOMID        string // prefix of the element ids of the quiz
	Title        quizText
	PassPercent  int
	ShowSolution string // "after-attempt", "always" or "never"
	Solutions    bool   // the page holds the solutions (ShowSolution is not "never")
	Points       float64
	Graded       int  // number of graded questions
	Embedded     bool // the quiz is part of another page (a module), not its own page
	URL          string
	Lang         string // the page's language
	Questions    []questionView
	// Data is the JSON of the data block quiz.js reads: the answer key and the UI strings
	// that need numbers known only after checking.
	Data template.JS
}

// A questionView is one question of a quizView.
type questionView struct {
	ID, Type    string
	DOMID       string
	Number      int
	Points      float64
	Graded      bool
	Prompt      quizText
	Input       string // single, truefalse, likert: "radio"; multiple: "checkbox"
	Choices     []choiceView
	Pairs       []pairView // matching: rows in the file's order
	Rights      []quizText // matching: the right-hand texts in the options' order
	RightIDs    []string   // matching: the option values, in that order
	Items       []itemView // ordering: rows in a fixed order that is not the solution
	Solution    []quizText // ordering: items in the right order; single, multiple: the correct choices
	Positions   []int      // ordering: 1..n
	Accepted    []string   // short: the answers accepted in the page's language
	Correct     quizText   // feedback on a right answer
	Incorrect   quizText   // feedback on a wrong answer
	Explanation quizText
	// ScoreText is the question's "{score} of N points" with N filled in, so that the plural
	// form is chosen at build time; quiz.js fills in {score}.
	ScoreText string
}

// A choiceView is a choice of a single, multiple, true/false or Likert question.
type choiceView struct {
	ID, DOMID string
	Text      quizText
	Correct   bool
	Feedback  quizText
}

// A pairView is one row of a matching question: the left text and its select.
type pairView struct {
	ID, DOMID   string
	Left, Right quizText
}

// An itemView is one row of an ordering question: the item and its select of positions.
type itemView struct {
	ID, DOMID string
	Text      quizText
	Position  int // the right position, from 1
}

// Quiz returns the quiz the page embeds (front matter quiz:) or is the page of, rendered in
// the page's language; nil when there is none.
func (v *view) Quiz() *quizView {
	if v.Page == nil || v.Page.FM.Quiz == "" {
		return nil
	}
	q := v.r.quizzes[v.Page.FM.Quiz]
	if q == nil {
		return nil
	}
	return v.quizView(q)
}

// QuizScript is the relative URL of quiz.js for a page that lists pages with a quiz (a
// curriculum's modules, where it shows their best scores) and has no quiz of its own; else "".
// partials/quiz.html loads the script itself wherever a quiz is shown.
func (v *view) QuizScript() string {
	if v.Page == nil || v.r.quizzes[v.Page.FM.Quiz] != nil {
		return ""
	}
	need := false
	for _, c := range v.Page.Children {
		need = need || v.r.quizzes[c.FM.Quiz] != nil
	}
	if !need {
		return ""
	}
	return v.Script("quiz.js")
}

// QuizBest is an empty, hidden element where quiz.js shows the learner's best score in the
// quiz of page p, for lists of pages (a curriculum's modules); "" when p has no quiz.
func (v *view) QuizBest(p *site.Page) template.HTML {
	if p == nil || p.FM.Quiz == "" || v.r.quizzes[p.FM.Quiz] == nil {
		return ""
	}
	q := v.r.quizzes[p.FM.Quiz]
	// The words come along in data-* attributes: such a page may hold no quiz data block.
	return template.HTML(`<span class="quiz-best" data-quiz-best="` + escape(q.ID) +
		`" data-best="` + escape(v.T("quiz_best", "pass", q.PassPercent)) +
		`" data-best-passed="` + escape(v.T("quiz_best_passed", "pass", q.PassPercent)) +
		`" data-attempts="` + escape(v.T("quiz_attempts")) + `" hidden></span>`)
}

// quizView renders q in the page's language.
func (v *view) quizView(q *quiz.Quiz) *quizView {
	lang := v.Lang.Code
	def := q.DefaultLang
	if def == "" {
		def = v.r.site.Default.Code
	}
	qv := &quizView{
		ID:           q.ID,
		DOMID:        "quiz-" + q.ID,
		PassPercent:  q.PassPercent,
		ShowSolution: q.Settings.ShowSolution,
		Embedded:     v.Page.FM.Type != frontmatter.TypeQuiz,
		Lang:         lang,
	}
	if qv.ShowSolution == "" {
		qv.ShowSolution = quiz.DefaultShowSolution
	}
	qv.Solutions = qv.ShowSolution != "never"
	if p := v.Lang.ByURL[lang+"/quizzes/"+q.ID+"/"]; p != nil && qv.Embedded {
		qv.URL = v.URL(p)
	}
	t := func(text quiz.Text) quizText { return v.quizText(text, def) }
	qv.Title = t(q.Title)

	data := quizData{ID: q.ID, PassPercent: q.PassPercent, ShowSolution: qv.ShowSolution}
	for i := range q.Questions {
		qu := &q.Questions[i]
		qid := qv.DOMID + "-" + qu.ID
		points := qu.Points
		if !qu.Graded() {
			points = 0
		}
		qq := questionView{
			ID: qu.ID, Type: qu.Type, DOMID: qid, Number: i + 1, Points: points, Graded: qu.Graded(),
			Prompt: t(qu.Prompt), Correct: t(qu.Feedback.Correct), Incorrect: t(qu.Feedback.Incorrect),
			Explanation: t(qu.Explanation),
		}
		if qq.Graded {
			qv.Points += points
			qv.Graded++
			qq.ScoreText = v.T("quiz_question_score", "points", points)
		}
		qd := questionData{ID: qu.ID, Type: qu.Type, Points: points}
		seed := q.ID + "/" + qu.ID
		switch qu.Type {
		case quiz.Single, quiz.Multiple:
			qq.Input = "radio"
			if qu.Type == quiz.Multiple {
				qq.Input = "checkbox"
				qd.Scoring = qu.Scoring
				if qd.Scoring == "" {
					qd.Scoring = quiz.AllOrNothing
				}
			}
			order := identity(len(qu.Choices))
			if q.Settings.Shuffle {
				order = fixedShuffle(seed, len(qu.Choices), func(i int) string { return qu.Choices[i].ID })
			}
			for _, i := range order {
				c := qu.Choices[i]
				cv := choiceView{ID: c.ID, DOMID: qid + "-" + c.ID, Text: t(c.Text), Correct: c.Correct, Feedback: t(c.Feedback)}
				qq.Choices = append(qq.Choices, cv)
				if c.Correct {
					qd.Correct = append(qd.Correct, c.ID)
				}
			}
			for _, c := range qu.Choices { // the solution in the author's order
				if c.Correct {
					qq.Solution = append(qq.Solution, t(c.Text))
				}
			}
		case quiz.TrueFalse:
			qq.Input = "radio"
			for _, b := range []bool{true, false} {
				id := strconv.FormatBool(b)
				qq.Choices = append(qq.Choices, choiceView{ID: id, DOMID: qid + "-" + id,
					Text: quizText{HTML: template.HTML(escape(v.T("quiz_" + id))), Inline: true}, Correct: b == qu.Answer})
			}
			qd.Correct = []string{strconv.FormatBool(qu.Answer)}
			qq.Solution = []quizText{{HTML: template.HTML(escape(v.T("quiz_" + strconv.FormatBool(qu.Answer)))), Inline: true}}
		case quiz.Matching:
			for _, p := range qu.Pairs {
				qq.Pairs = append(qq.Pairs, pairView{ID: p.ID, DOMID: qid + "-" + p.ID, Left: t(p.Left), Right: t(p.Right)})
				qd.Pairs = append(qd.Pairs, p.ID)
			}
			for _, i := range fixedShuffle(seed, len(qu.Pairs), func(i int) string { return qu.Pairs[i].ID }) {
				qq.Rights = append(qq.Rights, qq.Pairs[i].Right)
				qq.RightIDs = append(qq.RightIDs, qu.Pairs[i].ID)
			}
		case quiz.Ordering:
			for _, i := range fixedShuffle(seed, len(qu.Items), func(i int) string { return qu.Items[i].ID }) {
				it := qu.Items[i]
				qq.Items = append(qq.Items, itemView{ID: it.ID, DOMID: qid + "-" + it.ID, Text: t(it.Text), Position: i + 1})
			}
			for i, it := range qu.Items {
				qq.Solution = append(qq.Solution, t(it.Text))
				qq.Positions = append(qq.Positions, i+1)
				qd.Items = append(qd.Items, it.ID)
			}
		case quiz.Short:
			qq.Accepted = qu.Accepted(lang, def)
			qd.Accept = qq.Accepted
			qd.CaseSensitive = qu.CaseSensitive
		case quiz.Likert:
			scale := qu.Scale
			if scale <= 0 {
				scale = quiz.DefaultScale
			}
			qq.Input = "radio"
			for i := 1; i <= scale; i++ {
				label := v.Number(float64(i))
				switch i {
				case 1:
					label = v.T("quiz_likert_low", "n", i)
				case scale:
					label = v.T("quiz_likert_high", "n", i)
				}
				id := strconv.Itoa(i)
				qq.Choices = append(qq.Choices, choiceView{ID: id, DOMID: qid + "-" + id,
					Text: quizText{HTML: template.HTML(escape(label)), Inline: true}})
			}
		}
		qv.Questions = append(qv.Questions, qq)
		data.Questions = append(data.Questions, qd)
	}
	data.Points = qv.Points
	data.Strings = v.quizStrings(qv)
	b, err := json.Marshal(data) // escapes <, > and &, so the block cannot end early
	if err != nil {
		panic(err) // only strings, numbers and booleans: cannot fail
	}
	qv.Data = template.JS(b)
	return qv
}

// quizData is the data block of a quiz: what quiz.js needs to score answers and word the
// results. The feedback texts are in the page, next to what they are about.
type quizData struct {
	ID           string            `json:"id"`
	PassPercent  int               `json:"passPercent"`
	ShowSolution string            `json:"showSolution"`
	Points       float64           `json:"points"`
	Questions    []questionData    `json:"questions"`
	Strings      map[string]string `json:"strings"`
}

type questionData struct {
	ID            string   `json:"id"`
	Type          string   `json:"type"`
	Points        float64  `json:"points"`
	Correct       []string `json:"correct,omitempty"` // single, multiple, truefalse: choice ids
	Scoring       string   `json:"scoring,omitempty"` // multiple
	Pairs         []string `json:"pairs,omitempty"`   // matching: each select's right value is its own name
	Items         []string `json:"items,omitempty"`   // ordering: in the right order
	Accept        []string `json:"accept,omitempty"`  // short
	CaseSensitive bool     `json:"caseSensitive,omitempty"`
}

// quizStrings are the UI strings quiz.js fills in after checking. Counts known at build time
// (the quiz's points) are filled in here, so that their plural form comes from the catalog;
// {score}, {percent} and {count} are left for the script.
func (v *view) quizStrings(qv *quizView) map[string]string {
	s := map[string]string{
		"score":      v.T("quiz_score", "total", qv.Points, "pass", qv.PassPercent),
		"passed":     v.T("quiz_passed", "pass", qv.PassPercent),
		"failed":     v.T("quiz_failed", "pass", qv.PassPercent),
		"ungraded":   v.T("quiz_ungraded_done"),
		"correct":    v.T("quiz_correct"),
		"incorrect":  v.T("quiz_incorrect"),
		"partly":     v.T("quiz_partly"),
		"unanswered": v.T("quiz_unanswered"),
		"answered":   v.T("quiz_answered"),
		"best":       v.T("quiz_best", "pass", qv.PassPercent),
		"bestPassed": v.T("quiz_best_passed", "pass", qv.PassPercent),
		"attempts":   v.T("quiz_attempts"),
		"markRight":  v.T("quiz_mark_right"),
		"markWrong":  v.T("quiz_mark_wrong"),
	}
	return s
}

// quizText renders a quiz text in the page's language, falling back to def.
func (v *view) quizText(t quiz.Text, def string) quizText {
	src, lang := t.In(v.Lang.Code, def)
	if src == "" {
		return quizText{}
	}
	var b bytes.Buffer
	err := v.r.markdown[lang].Render(&b, []byte(src), markdown.RenderOptions{
		Resolver:  resolver{p: v.Page, offline: v.r.opts.Offline},
		Labels:    func(key string) string { return v.TIn(lang, key) },
		Citations: v.r.citations(v.Page),
	})
	if err != nil { // goldmark writes to memory: only a broken extension can fail
		b.Reset()
		b.WriteString("<p>" + escape(src) + "</p>")
	}
	out := quizText{HTML: template.HTML(strings.TrimSpace(b.String()))}
	if inner, ok := soleParagraph(string(out.HTML)); ok {
		out.HTML, out.Inline = template.HTML(inner), true
	}
	out.Plain = plainText(string(out.HTML))
	if lang != v.Lang.Code {
		out.Lang = lang
	}
	return out
}

// soleParagraph returns the content of s when s is one <p> element and nothing else, for texts
// placed where only phrasing content may go (legend, label).
func soleParagraph(s string) (string, bool) {
	inner, ok := strings.CutPrefix(s, "<p>")
	if !ok {
		return "", false
	}
	inner, ok = strings.CutSuffix(inner, "</p>")
	if !ok || strings.Contains(inner, "</p>") || strings.Contains(inner, "<p>") {
		return "", false
	}
	return inner, true
}

var tag = regexp.MustCompile(`<[^>]*>`)

// plainText strips the tags of rendered Markdown and decodes its entities; html/template
// escapes the result again where it is used.
func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(s, " "))), " ")
}

// identity is 0, 1, …, n-1.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// fixedShuffle orders n elements by a hash of seed and their ids: the same in every build and
// every language, so output stays byte-identical, yet not the author's order. Where the hash
// happens to give the author's order, which for ordering and matching questions is the
// solution, it is rotated by one.
func fixedShuffle(seed string, n int, id func(int) string) []int {
	order := identity(n)
	keys := make([]string, n)
	for i := range keys {
		sum := sha256.Sum256([]byte(seed + "\x00" + id(i)))
		keys[i] = string(sum[:])
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	if n > 1 && slices.Equal(order, identity(n)) {
		order = append(order[1:], order[0])
	}
	return order
}

// A quizLink is a quiz of the site for the progress page.
type quizLink struct {
	Title string `json:"title"`
	Lang  string `json:"lang,omitempty"` // the title's language when it is not the page's
	URL   string `json:"url,omitempty"`
	Pass  int    `json:"pass"`
}

// ProgressData is the JSON of the progress page's data block: every quiz of the site with its
// title and page in this language, the names of the languages, and the UI strings progress.js
// fills in at run time.
func (v *view) ProgressData() template.JS {
	lang := v.Lang.Code
	data := struct {
		Quizzes   map[string]quizLink `json:"quizzes"`
		Languages map[string]string   `json:"languages"`
		Strings   map[string]string   `json:"strings"`
		File      string              `json:"file"`
	}{Quizzes: map[string]quizLink{}, Languages: map[string]string{}, Strings: map[string]string{}}
	for id, q := range v.r.quizzes { // encoding/json sorts map keys: the output is stable
		def := q.DefaultLang
		if def == "" {
			def = v.r.site.Default.Code
		}
		title, tl := q.Title.In(lang, def)
		l := quizLink{Title: plainText(title), Pass: q.PassPercent}
		if tl != lang {
			l.Lang = tl
		}
		if p := v.Lang.ByURL[lang+"/quizzes/"+id+"/"]; p != nil {
			l.URL = v.URL(p)
		}
		data.Quizzes[id] = l
	}
	for _, l := range v.r.site.Languages {
		data.Languages[l.Code] = l.Name
	}
	for _, k := range []string{"progress_passed", "progress_not_passed", "progress_language", "progress_exported",
		"progress_erased", "progress_no_storage", "progress_unknown_quiz", "progress_nothing_to_erase"} {
		data.Strings[strings.TrimPrefix(k, "progress_")] = v.T(k)
	}
	data.File = v.r.site.Config.SiteID + "-progress.json"
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return template.JS(b)
}
