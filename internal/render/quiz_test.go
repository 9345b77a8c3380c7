package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/site"
)

// testQuiz has one question of every type. Greek texts are missing here and there, so that
// the fallbacks to English show.
func testQuiz() *quiz.Quiz {
	return &quiz.Quiz{
		ID:          "breach",
		Title:       quiz.Text{"en": "Breaches", "el": "Παραβιάσεις"},
		PassPercent: 70,
		Settings:    quiz.Settings{ShowSolution: "after-attempt"},
		DefaultLang: "en",
		Languages:   []string{"en", "el"},
		Questions: []quiz.Question{
			{ID: "q1", Type: quiz.Single, Points: 1,
				Prompt: quiz.Text{"en": "Within how many **hours**?", "el": "Μέσα σε πόσες **ώρες**;"},
				Choices: []quiz.Choice{
					{ID: "a", Text: quiz.Text{"en": "72"}, Correct: true},
					{ID: "b", Text: quiz.Text{"en": "24", "el": "24"}, Feedback: quiz.Text{"en": "No: Article 33(1)."}},
				},
				Feedback:    quiz.Feedback{Correct: quiz.Text{"en": "Right."}},
				Explanation: quiz.Text{"en": "Article 33(1).", "el": "Άρθρο 33."}},
			{ID: "q2", Type: quiz.Multiple, Points: 2, Scoring: quiz.Partial,
				Prompt: quiz.Text{"en": "Which are special categories?\n\n- think of Article 9"},
				Choices: []quiz.Choice{
					{ID: "health", Text: quiz.Text{"en": "Health"}, Correct: true},
					{ID: "genetic", Text: quiz.Text{"en": "Genetic"}, Correct: true},
					{ID: "email", Text: quiz.Text{"en": "E-mail"}},
				}},
			{ID: "q3", Type: quiz.TrueFalse, Points: 1, Prompt: quiz.Text{"en": "True?"}, Answer: false},
			{ID: "q4", Type: quiz.Matching, Points: 3, Prompt: quiz.Text{"en": "Match."},
				Pairs: []quiz.Pair{
					{ID: "p1", Left: quiz.Text{"en": "Controller"}, Right: quiz.Text{"en": "The *hospital*", "el": "Το νοσοκομείο"}},
					{ID: "p2", Left: quiz.Text{"en": "Processor"}, Right: quiz.Text{"en": "The cloud provider"}},
					{ID: "p3", Left: quiz.Text{"en": "Data subject"}, Right: quiz.Text{"en": "The patient & family"}},
				}},
			{ID: "q5", Type: quiz.Ordering, Points: 3, Prompt: quiz.Text{"en": "Order."},
				Items: []quiz.Item{
					{ID: "contain", Text: quiz.Text{"en": "Contain"}},
					{ID: "assess", Text: quiz.Text{"en": "Assess"}},
					{ID: "notify", Text: quiz.Text{"en": "Notify"}},
				}},
			{ID: "q6", Type: quiz.Short, Points: 1, Prompt: quiz.Text{"en": "Who?"},
				Accept: map[string][]string{"*": {"72"}, "en": {"seventy-two"}, "el": {"εβδομήντα δύο"}}},
			{ID: "q7", Type: quiz.Likert, Scale: 4, Prompt: quiz.Text{"en": "Confident?"}},
			{ID: "q8", Type: quiz.Essay, Prompt: quiz.Text{"en": "Describe."}, Explanation: quiz.Text{"en": "Mention Article 32."}},
		},
	}
}

// newQuizRenderer makes a renderer for a two-language site (or the given languages, the
// first the default) with the quizzes, and a page in each language that embeds the quiz.
func newQuizRenderer(t *testing.T, quizzes map[string]*quiz.Quiz, langs ...string) (*Renderer, map[string]*site.Page) {
	t.Helper()
	if len(langs) == 0 {
		langs = []string{"en", "el"}
	}
	cfg := &config.Config{Title: "Test", DefaultLanguage: langs[0], SiteID: "test", License: "CC-BY-4.0"}
	s := &site.Site{Config: cfg}
	pages := map[string]*site.Page{}
	for _, code := range langs {
		cl := config.Language{Code: code, Name: code, Title: "Test " + code, Dir: "ltr"}
		cfg.Languages = append(cfg.Languages, cl)
		home := &site.Page{Lang: code, URL: code + "/", Kind: site.KindHome, FM: frontmatter.FrontMatter{Title: "Home"}}
		mod := &site.Page{Lang: code, URL: code + "/guide/module/", Rel: "guide/module.md", Parent: home,
			FM: frontmatter.FrontMatter{Title: "Module", Type: frontmatter.TypeModule, Quiz: "breach"}}
		qp := &site.Page{Lang: code, URL: code + "/quizzes/breach/", Rel: "quizzes/breach.md",
			FM: frontmatter.FrontMatter{Title: "Breaches", Type: frontmatter.TypeQuiz, Quiz: "breach"}}
		home.Children = []*site.Page{mod}
		l := &site.Language{Language: cl, Home: home, Pages: []*site.Page{home, mod, qp},
			ByRel: map[string]*site.Page{"guide/module.md": mod}, ByURL: map[string]*site.Page{home.URL: home, mod.URL: mod, qp.URL: qp}}
		s.Languages = append(s.Languages, l)
		pages[code] = mod
		pages[code+"/quiz"] = qp
	}
	s.Default = s.Languages[0]
	var diags diag.List
	r, err := New(s, nil, Options{Quizzes: quizzes, Strict: true}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("loading the theme: %s", d)
	}
	return r, pages
}

func renderQuizPartial(t *testing.T, r *Renderer, p *site.Page) string {
	t.Helper()
	v := r.view(p.Lang, p.URL)
	v.Page = p
	var b bytes.Buffer
	if err := r.layouts["page"].ExecuteTemplate(&b, "partials/quiz.html", v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestQuizView(t *testing.T) {
	q := testQuiz()
	r, pages := newQuizRenderer(t, map[string]*quiz.Quiz{"breach": q})
	v := r.view("el", pages["el"].URL)
	v.Page = pages["el"]
	qv := v.Quiz()
	if qv == nil {
		t.Fatal("Quiz() = nil for a page with quiz: breach")
	}
	if !qv.Embedded || qv.URL != "../../quizzes/breach/" {
		t.Errorf("Embedded = %v, URL = %q; want true and the quiz page", qv.Embedded, qv.URL)
	}
	if qv.Points != 11 || qv.Graded != 6 {
		t.Errorf("Points = %v, Graded = %d; want 11 and 6 (essay and Likert do not count)", qv.Points, qv.Graded)
	}

	q1 := qv.Questions[0]
	if q1.Prompt.HTML != "Μέσα σε πόσες <strong>ώρες</strong>;" || !q1.Prompt.Inline || q1.Prompt.Lang != "" {
		t.Errorf("q1 prompt = %+v; want the Greek text, inline, in the page's language", q1.Prompt)
	}
	if c := q1.Choices[0]; c.Text.Lang != "en" || c.Text.HTML != "72" {
		t.Errorf("choice a = %+v; want the English fallback marked lang en", c.Text)
	}
	if c := q1.Choices[1]; c.Text.Lang != "" || c.Feedback.Lang != "en" {
		t.Errorf("choice b: text lang %q, feedback lang %q; want \"\" and \"en\"", c.Text.Lang, c.Feedback.Lang)
	}
	if q2 := qv.Questions[1]; q2.Prompt.Inline || !strings.Contains(string(q2.Prompt.HTML), "<ul>") {
		t.Errorf("q2's two-block prompt = %+v; want block HTML", q2.Prompt)
	}
	if q2 := qv.Questions[1]; q2.ScoreText != "{score} από 2 βαθμούς" {
		t.Errorf("q2 score text = %q; want the plural form for 2 with {score} left", q2.ScoreText)
	}
	if q1.ScoreText != "{score} από 1 βαθμό" {
		t.Errorf("q1 score text = %q; want the singular form", q1.ScoreText)
	}

	q4 := qv.Questions[3]
	if slices.Equal(q4.RightIDs, []string{"p1", "p2", "p3"}) {
		t.Errorf("matching options %v are in the solution's order", q4.RightIDs)
	}
	if q4.Pairs[0].Right.Lang != "" || q4.Pairs[1].Right.Lang != "en" {
		t.Errorf("matching rights: langs %q %q; want \"\" and \"en\"", q4.Pairs[0].Right.Lang, q4.Pairs[1].Right.Lang)
	}
	for _, rt := range q4.Rights {
		if strings.ContainsAny(rt.Plain, "<>") {
			t.Errorf("option text %q has markup", rt.Plain)
		}
	}
	var items []string
	for _, it := range qv.Questions[4].Items {
		items = append(items, it.ID)
	}
	if slices.Equal(items, []string{"contain", "assess", "notify"}) {
		t.Errorf("ordering rows %v are in the solution's order", items)
	}
	if got := qv.Questions[5].Accepted; !slices.Equal(got, []string{"72", "εβδομήντα δύο"}) {
		t.Errorf("short answers accepted in el = %v; want \"*\" and el", got)
	}
	if n := len(qv.Questions[6].Choices); n != 4 {
		t.Errorf("Likert scale 4 has %d choices", n)
	}

	var data quizData
	if err := json.Unmarshal([]byte(qv.Data), &data); err != nil {
		t.Fatalf("data block: %v\n%s", err, qv.Data)
	}
	want := []questionData{
		{ID: "q1", Type: "single", Points: 1, Correct: []string{"a"}},
		{ID: "q2", Type: "multiple", Points: 2, Correct: []string{"health", "genetic"}, Scoring: "partial"},
		{ID: "q3", Type: "truefalse", Points: 1, Correct: []string{"false"}},
		{ID: "q4", Type: "matching", Points: 3, Pairs: []string{"p1", "p2", "p3"}},
		{ID: "q5", Type: "ordering", Points: 3, Items: []string{"contain", "assess", "notify"}},
		{ID: "q6", Type: "short", Points: 1, Accept: []string{"72", "εβδομήντα δύο"}},
		{ID: "q7", Type: "likert"},
		{ID: "q8", Type: "essay"},
	}
	for i, w := range want {
		got := data.Questions[i]
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Errorf("data for %s = %s; want %s", w.ID, gj, wj)
		}
	}
	if data.Points != 11 || data.PassPercent != 70 || data.ShowSolution != "after-attempt" {
		t.Errorf("data: points %v, pass %d, showSolution %q", data.Points, data.PassPercent, data.ShowSolution)
	}
	if s := data.Strings["score"]; !strings.Contains(s, "{score}") || !strings.Contains(s, "11") || !strings.Contains(s, "{percent}") {
		t.Errorf("score string %q: want the total filled in and {score}, {percent} left", s)
	}

	// The quiz's own page has it as the main heading.
	v = r.view("en", pages["en/quiz"].URL)
	v.Page = pages["en/quiz"]
	if qv := v.Quiz(); qv == nil || qv.Embedded || qv.URL != "" {
		t.Errorf("quiz page: %+v; want not embedded", qv)
	}

	// The module's parent lists it: the best score and the script go there; the module page
	// gets the script from the partial.
	home := pages["en"].Parent
	v = r.view("en", home.URL)
	v.Page = home
	if got := v.QuizScript(); !strings.HasPrefix(got, "../assets/quiz.") {
		t.Errorf("QuizScript on a page listing a module with a quiz = %q", got)
	}
	if got := string(v.QuizBest(pages["en"])); !strings.Contains(got, `data-quiz-best="breach"`) || !strings.Contains(got, ` hidden>`) {
		t.Errorf("QuizBest = %s", got)
	}
	v = r.view("en", pages["en"].URL)
	v.Page = pages["en"]
	if got := v.QuizScript(); got != "" {
		t.Errorf("QuizScript on the module page = %q; the partial loads it", got)
	}

	// No quiz, or an unknown one: nothing.
	v.Page = &site.Page{Lang: "en", URL: "en/x/", FM: frontmatter.FrontMatter{Quiz: "nope"}}
	if v.Quiz() != nil || v.QuizBest(v.Page) != "" {
		t.Error("an unknown quiz id gave a quiz view")
	}
}

// TestQuizHTML checks the DOM hooks of DESIGN §6 and the rules of the output contract in the
// rendered partial.
func TestQuizHTML(t *testing.T) {
	r, pages := newQuizRenderer(t, map[string]*quiz.Quiz{"breach": testQuiz()})
	html := renderQuizPartial(t, r, pages["el"])
	if again := renderQuizPartial(t, r, pages["el"]); again != html {
		t.Error("rendering the quiz twice gave different HTML")
	}
	mustHave := []string{
		`<form class="quiz-form" id="quiz-breach" data-quiz="breach" novalidate>`,
		`<section class="quiz quiz-embedded" lang="el"`,
		`<h2 id="quiz-breach-title" class="quiz-title">`,
		`data-question="q1"`, `data-question="q8"`,
		`<input type="radio" id="quiz-breach-q1-a" name="q1" value="a">`,
		`<label for="quiz-breach-q1-a" lang="en">72</label>`,
		`<input type="checkbox" id="quiz-breach-q2-health" name="q2" value="health">`,
		`aria-describedby="quiz-breach-q2-prompt"`,
		`<input type="radio" id="quiz-breach-q3-true" name="q3" value="true">`,
		`<input type="radio" id="quiz-breach-q3-false" name="q3" value="false">`,
		`<select id="quiz-breach-q4-p1" name="p1">`,
		`<option value="p1">Το νοσοκομείο</option>`,
		`<option value="p3" lang="en">The patient &amp; family</option>`,
		`<select id="quiz-breach-q5-contain" name="contain">`,
		`<option value="3">3</option>`,
		`<input type="text" id="quiz-breach-q6-answer" name="q6"`,
		`<textarea id="quiz-breach-q8-answer" name="q8"`,
		`<input type="radio" id="quiz-breach-q7-4" name="q7" value="4">`,
		`<details class="quiz-solution" data-solution>`,
		`<div class="quiz-choice-feedback" data-choice-feedback="b" lang="en" hidden>No: Article 33(1).</div>`,
		`<button type="submit" class="quiz-check" data-quiz-check hidden>`,
		`data-quiz-score role="status" aria-live="polite"`,
		`<script type="application/json" data-quiz-data="breach">{"id":"breach",`,
		`data-quiz-best="breach"`,
	}
	for _, s := range mustHave {
		if !strings.Contains(html, s) {
			t.Errorf("missing %s", s)
		}
	}
	for _, re := range []string{`(?i)<[^>]+\sstyle\s*=`, `(?i)<[^>]+\son[a-z]+\s*=`, `<script>`} {
		if m := regexp.MustCompile(re).FindString(html); m != "" {
			t.Errorf("the contract forbids %q", m)
		}
	}
	// Every control has a label: ids of label[for] cover the ids of inputs, selects and textareas.
	labels := map[string]bool{}
	for _, m := range regexp.MustCompile(`<label for="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		labels[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`<(?:input|select|textarea) [^>]*id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !labels[m[1]] {
			t.Errorf("control #%s has no label", m[1])
		}
	}
	// Element ids are unique.
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if seen[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		seen[m[1]] = true
	}

	// showSolution "never": no solutions in the page, no button to show them.
	q := testQuiz()
	q.Settings.ShowSolution = "never"
	r, pages = newQuizRenderer(t, map[string]*quiz.Quiz{"breach": q})
	html = renderQuizPartial(t, r, pages["en/quiz"])
	if strings.Contains(html, "<details") || strings.Contains(html, "data-quiz-solution") {
		t.Error(`showSolution "never": the page holds solutions`)
	}
	if !strings.Contains(html, `<h1 id="quiz-breach-title">Breaches</h1>`) {
		t.Error("the quiz page has no h1 with the quiz title")
	}
}

func TestFixedShuffle(t *testing.T) {
	for n := 0; n <= 8; n++ {
		ids := func(i int) string { return string(rune('a' + i)) }
		got := fixedShuffle("quiz/q1", n, ids)
		if !slices.Equal(got, fixedShuffle("quiz/q1", n, ids)) {
			t.Errorf("n=%d: two calls differ", n)
		}
		sorted := slices.Clone(got)
		slices.Sort(sorted)
		if !slices.Equal(sorted, identity(n)) {
			t.Errorf("n=%d: %v is not a permutation", n, got)
		}
		if n > 1 && slices.Equal(got, identity(n)) {
			t.Errorf("n=%d: the order is the author's", n)
		}
	}
}

func TestSoleParagraph(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"<p>72</p>", "72", true},
		{"<p>a <em>b</em></p>", "a <em>b</em>", true},
		{"<p>a</p>\n<p>b</p>", "", false},
		{"<p>a</p>\n<ul>\n<li>b</li>\n</ul>", "", false},
		{"<ul>\n<li>b</li>\n</ul>", "", false},
		{"<p>a</p><ul><li>x</li></ul><p>b</p>", "", false},
	}
	for _, tt := range tests {
		got, ok := soleParagraph(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("soleParagraph(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestQuizStrings loads the theme's UI strings for all six languages strictly: every quiz and
// progress string must exist in each (a missing one is an error under Strict).
func TestQuizStrings(t *testing.T) {
	r, pages := newQuizRenderer(t, map[string]*quiz.Quiz{"breach": testQuiz()}, "en", "sl", "hr", "el", "nl", "fr")
	for _, lang := range []string{"en", "sl", "hr", "el", "nl", "fr"} {
		html := renderQuizPartial(t, r, pages[lang])
		if strings.Contains(html, ">quiz_") || strings.Contains(html, `"quiz_`) {
			t.Errorf("%s: a UI string key shows in the page", lang)
		}
		v := r.view(lang, lang+"/progress/")
		v.Page = &site.Page{Lang: lang, URL: lang + "/progress/"}
		var data struct {
			Quizzes map[string]quizLink
			Strings map[string]string
		}
		if err := json.Unmarshal([]byte(v.ProgressData()), &data); err != nil {
			t.Fatal(err)
		}
		for k, s := range data.Strings {
			if s == "" || strings.HasPrefix(s, "progress_") {
				t.Errorf("%s: progress string %s = %q", lang, k, s)
			}
		}
		if l := data.Quizzes["breach"]; l.URL != "../quizzes/breach/" || l.Pass != 70 {
			t.Errorf("%s: progress data for the quiz = %+v", lang, l)
		}
	}
}

// TestE2EQuizFile keeps the browser tests' quiz valid: it must parse without a diagnostic and
// hold every question type.
func TestE2EQuizFile(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "e2e-site", "content", "quizzes", "e2e-basics.quiz.json")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	q := quiz.Parse("content/quizzes/e2e-basics.quiz.json", src, "en", []string{"en", "el"}, &diags)
	for _, d := range diags {
		t.Error(d)
	}
	if q == nil {
		t.Fatal("no quiz")
	}
	types := map[string]bool{}
	for _, qu := range q.Questions {
		types[qu.Type] = true
	}
	for _, typ := range []string{quiz.Single, quiz.Multiple, quiz.TrueFalse, quiz.Matching, quiz.Ordering, quiz.Short, quiz.Essay, quiz.Likert} {
		if !types[typ] {
			t.Errorf("the e2e quiz has no %s question", typ)
		}
	}
	if len(q.Missing("el")) == 0 {
		t.Error("the e2e quiz should leave a Greek text missing, to test the fallback's lang attribute")
	}
}
