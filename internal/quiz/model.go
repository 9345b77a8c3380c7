// Package quiz holds the quizzes of a site: one JSON file per quiz with its structure and answer
// key once and its texts in every language (inline language maps, or per-language overlay
// files), decoded with the line and column of every value and validated.
package quiz

import "github.com/securehealth/securehealth/internal/diag"

// Question types.
const (
	Single    = "single"    // one correct choice (radio buttons)
	Multiple  = "multiple"  // several correct choices (checkboxes)
	TrueFalse = "truefalse" // answer true or false
	Matching  = "matching"  // pair each left text with a right text
	Ordering  = "ordering"  // put items in order
	Short     = "short"     // a short typed answer
	Essay     = "essay"     // free text, ungraded
	Likert    = "likert"    // a rating scale, ungraded
)

// Scoring rules of multiple-choice questions.
const (
	AllOrNothing = "all"     // full points only when exactly the correct choices are chosen
	Partial      = "partial" // a share of the points per correct choice, less per wrong one
)

// AnyLanguage is the key of Accept answers that hold in every language.
const AnyLanguage = "*"

// A Text is Markdown in one or more languages, by language code. A plain JSON string is the
// default language's text.
type Text map[string]string

// A Quiz is one quiz file with its overlays applied.
type Quiz struct {
	ID          string
	Title       Text
	PassPercent int // 0–100; default 70
	Outcomes    []string
	Settings    Settings
	Questions   []Question
	Source      string              // site-relative path of the quiz file
	Pos         diag.Pos            // the file's top-level object
	Overlays    map[string]*Overlay // by language
	DefaultLang string              // the language of plain-string texts and of fallbacks
	Languages   []string            // the site's languages, which texts may be in
}

// Settings change how a quiz behaves in the browser.
type Settings struct {
	Shuffle      bool   // shuffle choices (never ordering items' solution)
	ShowSolution string // "after-attempt" (default), "always" or "never"
}

// A Question is one question of a quiz; which fields are used depends on Type.
type Question struct {
	ID          string
	Type        string
	Points      float64 // default 1; 0 for essay and likert
	Prompt      Text
	Feedback    Feedback // shown after an answer, right or wrong
	Explanation Text     // shown with the solution

	Choices []Choice // single, multiple
	Scoring string   // multiple: AllOrNothing (default) or Partial

	Answer bool // truefalse

	Pairs []Pair // matching: the correct left–right pairs
	Items []Item // ordering: in the correct order

	Accept        map[string][]string // short: accepted answers by language, AnyLanguage for all
	CaseSensitive bool                // short; diacritics are ignored either way

	Scale int // likert: number of points on the scale (default 5)

	Pos diag.Pos // the question's object in the file
}

// Graded reports whether the question counts towards the score.
func (q *Question) Graded() bool { return q.Type != Essay && q.Type != Likert }

// Feedback is shown after an answer: one text for a right answer, one for a wrong one.
type Feedback struct {
	Correct   Text
	Incorrect Text
}

// A Choice is one option of a single or multiple question.
type Choice struct {
	ID       string
	Text     Text
	Correct  bool
	Feedback Text
	Pos      diag.Pos
}

// A Pair is a correct pair of a matching question.
type Pair struct {
	ID          string
	Left, Right Text
	Pos         diag.Pos
}

// An Item is one item of an ordering question.
type Item struct {
	ID   string
	Text Text
	Pos  diag.Pos
}

// An Overlay is a translator's file <id>.<lang>.quiz.json: only texts, keyed by ids.
type Overlay struct {
	Lang          string
	Source        string
	TranslationOf string // hash of the quiz's default-language texts it was translated from
	// TranslationOf is computed from what the file's "translation_of" records: the hash of the
	// title it was translated from, and of each question by id. It equals Quiz.Hash when every
	// part is current; Quiz.Outdated names the parts that are not.
	TitleOf     string
	QuestionsOf map[string]string
	Pos         diag.Pos // the file's top-level object
}

// Texts lists every text of the question: prompt, feedback, explanation, choices and their
// feedback, pairs and items.
func (q *Question) Texts() []Text {
	ts := []Text{q.Prompt, q.Feedback.Correct, q.Feedback.Incorrect, q.Explanation}
	for _, c := range q.Choices {
		ts = append(ts, c.Text, c.Feedback)
	}
	for _, p := range q.Pairs {
		ts = append(ts, p.Left, p.Right)
	}
	for _, it := range q.Items {
		ts = append(ts, it.Text)
	}
	return ts
}
