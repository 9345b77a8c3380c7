package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The test site's quiz (testdata/e2e-site/content/quizzes/e2e-basics.quiz.json), its page,
// and the module page that embeds it.
const (
	quizID     = "e2e-basics"
	quizPage   = "en/quizzes/e2e-basics/"
	quizPageEl = "el/quizzes/e2e-basics/"
	modulePage = "en/guide/quiz-page/"
	progress   = "en/progress/"
)

// An answerSet says what to answer, by question id: a choice id, a list of choice ids, a map
// of select names to values, or text.
type answerSet map[string]any

// allRight answers every graded question of the test quiz right, and the ungraded ones too.
var allRight = answerSet{
	"q1": "a",
	"q2": []string{"health", "genetic"},
	"q3": "false",
	"q4": map[string]string{"controller": "controller", "processor": "processor", "subject": "subject"},
	"q5": map[string]string{"contain": "1", "assess": "2", "notify": "3"},
	"q6": "Informacijski pooblaščenec",
	"q7": "4",
	"q8": "Printouts left on the ward printer.",
}

// answerScript fills the form as a learner would (clicks for choices, so that the browser
// keeps radio groups consistent) and presses the check button.
const answerScript = `((id, answers) => {
	const form = document.querySelector('form[data-quiz="' + id + '"]');
	for (const [q, want] of Object.entries(answers)) {
		const fs = form.querySelector('fieldset[data-question="' + q + '"]');
		const boxes = fs.querySelectorAll('input[type=radio], input[type=checkbox]');
		if (boxes.length) {
			const ids = Array.isArray(want) ? want : [want];
			for (const b of boxes) {
				if (b.checked !== ids.includes(b.value)) b.click();
			}
		} else if (typeof want === 'object') {
			for (const [name, value] of Object.entries(want)) {
				const sel = Array.from(fs.querySelectorAll('select')).find(s => s.name === name);
				sel.value = value;
				sel.dispatchEvent(new Event('change', {bubbles: true}));
			}
		} else {
			fs.querySelector('input[type=text], textarea').value = want;
		}
	}
	form.querySelector('[data-quiz-check]').click();
	return true;
})`

// A quizState is what the page shows after checking.
type quizState struct {
	Percent  *string           `json:"percent"` // data-percent, nil when absent
	Passed   *string           `json:"passed"`
	Score    string            `json:"score"` // the text of [data-quiz-score]
	States   map[string]string `json:"states"`
	Results  map[string]string `json:"results"`  // the visible result line of each question
	Feedback []string          `json:"feedback"` // visible feedback texts: choices' and questions'
	Marks    []string          `json:"marks"`    // visible right/wrong marks
	Hidden   int               `json:"hidden"`   // hidden solutions
	Open     int               `json:"open"`     // open solutions
	Checked  int               `json:"checked"`  // checked radios and boxes
	Filled   int               `json:"filled"`   // selects, text inputs and text areas with a value
	Best     string            `json:"best"`     // the text of [data-quiz-best] if shown
	Stored   string            `json:"stored"`   // localStorage <site_id>:v1:quiz:<id>
}

const quizStateScript = `((id, key) => {
	const form = document.querySelector('form[data-quiz="' + id + '"]');
	const score = form.querySelector('[data-quiz-score]');
	const visible = el => !el.closest('[hidden]');
	const states = {}, results = {};
	for (const fs of form.querySelectorAll('fieldset[data-question]')) {
		const q = fs.getAttribute('data-question');
		states[q] = fs.getAttribute('data-state') || '';
		const r = fs.querySelector('[data-question-result]');
		results[q] = r && visible(r) ? r.textContent : '';
	}
	const best = document.querySelector('[data-quiz-best="' + id + '"]');
	return {
		percent: score.getAttribute('data-percent'),
		passed: score.getAttribute('data-passed'),
		score: score.textContent,
		states, results,
		feedback: Array.from(form.querySelectorAll('[data-choice-feedback], [data-feedback]')).filter(visible).map(e => e.textContent.trim()),
		marks: Array.from(form.querySelectorAll('[data-mark]')).filter(visible).map(e => e.textContent),
		hidden: Array.from(form.querySelectorAll('details[data-solution]')).filter(d => d.hidden).length,
		open: Array.from(form.querySelectorAll('details[data-solution]')).filter(d => d.open && !d.hidden).length,
		checked: form.querySelectorAll('input:checked').length,
		filled: Array.from(form.querySelectorAll('select, input[type=text], textarea')).filter(e => e.value !== '').length,
		best: best && visible(best) ? best.textContent : '',
		stored: (() => { try { return localStorage.getItem(key) || ''; } catch (e) { return ''; } })(),
	};
})`

func answer(t *testing.T, ctx context.Context, a answerSet) {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	evaluate[bool](t, ctx, fmt.Sprintf(`%s(%q, %s)`, answerScript, quizID, b))
}

func readQuiz(t *testing.T, ctx context.Context, siteID string) quizState {
	t.Helper()
	return evaluate[quizState](t, ctx, fmt.Sprintf(`%s(%q, %q)`, quizStateScript, quizID, siteID+":v1:quiz:"+quizID))
}

// A quizRecord is what quiz.js stores per quiz.
type quizRecord struct {
	Attempts int  `json:"attempts"`
	Best     int  `json:"best"`
	Last     int  `json:"last"`
	Passed   bool `json:"passed"`
}

func stored(t *testing.T, st quizState) quizRecord {
	t.Helper()
	var r quizRecord
	if err := json.Unmarshal([]byte(st.Stored), &r); err != nil {
		t.Fatalf("stored record %q: %v", st.Stored, err)
	}
	return r
}

// axeClean runs axe-core on the page. What went wrong in the page so far is reported first:
// axe-core's own requests (it reads stylesheets, which fails from file://) are not the page's.
func axeClean(t *testing.T, ctx context.Context, w *watch, when string) {
	t.Helper()
	noProblems(t, w)
	defer w.take()
	violations, err := runAxe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		t.Errorf("%s: %s", when, formatViolation(v))
	}
}

func str(p *string) string {
	if p == nil {
		return "<absent>"
	}
	return *p
}

// TestQuiz answers the test site's quiz over HTTP and from file://: all right gives 100% and
// "passed"; a wrong single answer shows that choice's feedback; partial credit for multiple,
// matching and ordering questions; short answers without case and diacritics; retry clears
// the form; the attempts are stored under the site's prefix and shared by the languages and the
// module page; axe-core finds nothing before and after checking.
func TestQuiz(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	siteID := readSiteID(t, s.src)
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			if _, _, err := load(ctx, m.page(quizPage)); err != nil {
				t.Fatal(err)
			}
			st := readQuiz(t, ctx, siteID)
			if st.Percent != nil || st.Stored != "" || st.Best != "" {
				t.Errorf("before any answer: data-percent %s, stored %q, best %q", str(st.Percent), st.Stored, st.Best)
			}
			if st.Hidden == 0 {
				t.Error(`showSolution "after-attempt": the solutions show before the first check`)
			}
			axeClean(t, ctx, w, "before checking")

			// All right.
			answer(t, ctx, allRight)
			st = readQuiz(t, ctx, siteID)
			if str(st.Percent) != "100" || str(st.Passed) != "true" {
				t.Errorf("all right: data-percent=%s data-passed=%s (%q); want 100, true", str(st.Percent), str(st.Passed), st.Score)
			}
			for q, state := range st.States {
				want := "correct"
				if q == "q7" || q == "q8" {
					want = "answered"
				}
				if state != want {
					t.Errorf("all right: %s is %q, want %q (%q)", q, state, want, st.Results[q])
				}
			}
			if !strings.Contains(st.Score, "11") || !strings.Contains(st.Score, "100") {
				t.Errorf("score text %q: want the points and the percentage", st.Score)
			}
			if st.Hidden != 0 {
				t.Errorf("after checking, %d solutions are still hidden", st.Hidden)
			}
			if r := stored(t, st); r != (quizRecord{Attempts: 1, Best: 100, Last: 100, Passed: true}) {
				t.Errorf("stored %+v after one perfect attempt", r)
			}
			if !strings.Contains(st.Best, "100") {
				t.Errorf("best score line %q", st.Best)
			}
			axeClean(t, ctx, w, "after checking")

			evaluate[bool](t, ctx, `(document.querySelector('[data-quiz-solution]').click(), true)`)
			if st = readQuiz(t, ctx, siteID); st.Open == 0 {
				t.Error("Show solution opened no solution")
			}

			// Retry clears everything but the stored attempts.
			evaluate[bool](t, ctx, `(document.querySelector('[data-quiz-retry]').click(), true)`)
			st = readQuiz(t, ctx, siteID)
			if st.Percent != nil || st.Passed != nil || st.Score != "" || st.Checked != 0 || st.Filled != 0 ||
				len(st.Feedback) != 0 || len(st.Marks) != 0 || st.Hidden == 0 {
				t.Errorf("after retry: %+v; want an empty form, no score, no feedback, solutions hidden", st)
			}
			if r := stored(t, st); r.Attempts != 1 {
				t.Errorf("retry changed the stored record: %+v", r)
			}

			// Partly right.
			answer(t, ctx, answerSet{
				"q1": "b",                                                                                           // wrong: 0 of 1, with the choice's feedback
				"q2": []string{"health"},                                                                            // partial: (1 − 0) / 2 × 2 = 1
				"q3": "false",                                                                                       // 1
				"q4": map[string]string{"controller": "controller", "processor": "subject", "subject": "processor"}, // 1 of 3 pairs: 1
				"q5": map[string]string{"contain": "1", "assess": "3", "notify": "2"},                               // 1 of 3 positions: 1
				"q6": "  INFORMACIJSKI   POOBLASCENEC ",                                                             // case, diacritics and spaces ignored: 1
			})
			st = readQuiz(t, ctx, siteID)
			if str(st.Percent) != "45" || str(st.Passed) != "false" { // 5 of 11 points
				t.Errorf("partly right: data-percent=%s data-passed=%s (%q); want 45, false", str(st.Percent), str(st.Passed), st.Score)
			}
			want := map[string]string{"q1": "incorrect", "q2": "partly", "q3": "correct", "q4": "partly", "q5": "partly", "q6": "correct", "q7": "unanswered", "q8": "unanswered"}
			for q, w := range want {
				if st.States[q] != w {
					t.Errorf("partly right: %s is %q, want %q (%q)", q, st.States[q], w, st.Results[q])
				}
			}
			if !slices.ContainsFunc(st.Feedback, func(f string) bool { return strings.Contains(f, "That is not the GDPR deadline") }) {
				t.Errorf("a wrong choice's feedback is not shown; visible feedback: %q", st.Feedback)
			}
			if !slices.Contains(st.Feedback, "Not quite.") {
				t.Errorf("the question's feedback on a wrong answer is not shown; visible feedback: %q", st.Feedback)
			}
			if slices.Contains(st.Feedback, "Right.") {
				t.Errorf("the feedback on a right answer shows for a wrong one")
			}
			if !strings.Contains(st.Results["q2"], "1") || !strings.Contains(st.Results["q2"], "2") {
				t.Errorf("q2's result %q does not say 1 of 2 points", st.Results["q2"])
			}
			if !slices.Contains(st.Marks, "wrong") || !slices.Contains(st.Marks, "right") {
				t.Errorf("marks %q: right and wrong must be said in words", st.Marks)
			}
			if r := stored(t, st); r != (quizRecord{Attempts: 2, Best: 100, Last: 45, Passed: true}) {
				t.Errorf("stored %+v after a perfect and a 45%% attempt", r)
			}
			axeClean(t, ctx, w, "after a partly wrong check")

			// The Greek page: same key, Greek answers accepted without accents, English
			// fallback texts marked as English.
			if _, _, err := load(ctx, m.page(quizPageEl)); err != nil {
				t.Fatal(err)
			}
			st = readQuiz(t, ctx, siteID)
			if !strings.Contains(st.Best, "100") {
				t.Errorf("the Greek page does not show the best score of the English attempts: %q", st.Best)
			}
			fallback := evaluate[string](t, ctx, `(l => l ? l.closest('[lang]').getAttribute('lang') : 'none')(document.querySelector('label[for="quiz-e2e-basics-q1-c"]'))`)
			if fallback != "en" {
				t.Errorf("an untranslated choice is in lang %q, want en", fallback)
			}
			answer(t, ctx, answerSet{"q6": "επιτροπος πληροφοριων"})
			if st = readQuiz(t, ctx, siteID); st.States["q6"] != "correct" {
				t.Errorf("Greek short answer without accents: %q (%q)", st.States["q6"], st.Results["q6"])
			}
			if r := stored(t, st); r.Attempts != 3 || r.Best != 100 {
				t.Errorf("the Greek attempt is not stored with the others: %+v", r)
			}

			// The module page embeds the quiz and shows the best score.
			if _, _, err := load(ctx, m.page(modulePage)); err != nil {
				t.Fatal(err)
			}
			if n := evaluate[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('form[data-quiz=%q] fieldset[data-question]').length`, quizID)); n != 8 {
				t.Errorf("the module page embeds %d questions of the quiz, want 8", n)
			} else if st = readQuiz(t, ctx, siteID); !strings.Contains(st.Best, "100") {
				t.Errorf("the module page's best score line: %q", st.Best)
			}
			noProblems(t, w)
		})
	}
}

// TestQuizKeyboard completes the quiz with the keyboard alone: Tab, Space, arrow keys and
// typing, then Enter on the check button.
func TestQuizKeyboard(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	siteID := readSiteID(t, s.src)
	ctx, w := newTab(t)
	base := serve(t, s.out)
	if _, _, err := load(ctx, base.JoinPath(quizPage).String()); err != nil {
		t.Fatal(err)
	}
	// How many steps down each select's right option is, from the placeholder.
	steps := evaluate[map[string]int](t, ctx, `(() => {
		const out = {};
		for (const s of document.querySelectorAll('form[data-quiz] select')) {
			const fs = s.closest('fieldset').getAttribute('data-question');
			const want = fs === 'q4' ? s.name : String({contain: 1, assess: 2, notify: 3}[s.name]);
			out[s.name] = Array.from(s.options).findIndex(o => o.value === want);
		}
		return out;
	})()`)
	names := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('form[data-quiz] select'), s => s.name)`)

	// Start from the link just before the form, as a keyboard user who tabbed there.
	evaluate[bool](t, ctx, `(document.querySelector('.quiz-intro a').focus(), true)`)
	var keys []chromedp.Action[chromedp.Void]
	press := func(k string, n int) {
		for range n {
			keys = append(keys, chromedp.KeyEvent(k))
		}
	}
	tab := func() { press(kb.Tab, 1) }
	tab()
	press(kb.ArrowDown, 1)       // q1: the group's first radio (a) gets focus unchecked; ↓ checks b …
	press(kb.ArrowUp, 1)         // … and ↑ back to a
	tab()                        // q2: health
	press(" ", 1)                //
	tab()                        // genetic
	press(" ", 1)                //
	press(kb.Tab, 2)             // email, postcode
	tab()                        // q3: true
	press(kb.ArrowDown, 1)       // false
	for _, name := range names { // q4, q5
		tab()
		press(kb.ArrowDown, steps[name])
	}
	tab() // q6
	keys = append(keys, chromedp.KeyEvent("informacijski pooblascenec"))
	tab()                  // q7: the scale's first radio
	press(kb.ArrowDown, 2) // 3
	tab()                  // q8
	keys = append(keys, chromedp.KeyEvent("Reception desk."))
	tab() // the check button
	press(kb.Enter, 1)
	cctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(cctx, keys...); err != nil {
		t.Fatal(err)
	}
	st := readQuiz(t, ctx, siteID)
	if str(st.Percent) != "100" || str(st.Passed) != "true" {
		t.Errorf("keyboard only: data-percent=%s data-passed=%s; states %v", str(st.Percent), str(st.Passed), st.States)
	}
	noProblems(t, w)
}

// TestProgressPage takes the quiz, then on the progress page checks the list, exports a JSON
// file holding the quiz's key, and erases only the site's keys: a key of another site and an
// unprefixed one survive. Over HTTP and from file://.
func TestProgressPage(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	siteID := readSiteID(t, s.src)
	prefix := siteID + ":v1:"
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			downloads := t.TempDir()
			cctx, cancel := context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			events := false
			if _, err := chromedp.CallBrowser(cctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
				DownloadPath: downloads, EventsEnabled: &events,
			}); err != nil {
				t.Fatalf("allowing downloads: %v", err)
			}

			if _, _, err := load(ctx, m.page(progress)); err != nil {
				t.Fatal(err)
			}
			if n := evaluate[bool](t, ctx, `!document.querySelector('[data-progress-table]').hidden`); n {
				t.Error("the progress page lists quizzes before any was taken")
			}
			axeClean(t, ctx, w, "empty progress page")

			if _, _, err := load(ctx, m.page(quizPage)); err != nil {
				t.Fatal(err)
			}
			answer(t, ctx, allRight)
			evaluate[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem('other-site:v1:quiz:%s', '{"best":1}'), localStorage.setItem('unprefixed', 'x'), localStorage.setItem(%q, 'el'), true)`,
				quizID, prefix+"language"))

			if _, _, err := load(ctx, m.page(progress)); err != nil {
				t.Fatal(err)
			}
			rows := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('[data-progress-rows] tr'), r => r.textContent)`)
			if len(rows) != 1 || !strings.Contains(rows[0], "GDPR basics for healthcare") || !strings.Contains(rows[0], "100%") {
				t.Errorf("progress rows %q; want one row for the quiz with its title and 100%%", rows)
			}
			other := evaluate[string](t, ctx, `document.querySelector('[data-progress-other]').textContent`)
			if !strings.Contains(other, "Ελληνικά") {
				t.Errorf("other data %q: want the preferred language by name", other)
			}
			axeClean(t, ctx, w, "progress page with data")

			// Export.
			evaluate[bool](t, ctx, `(document.querySelector('[data-progress-export]').click(), true)`)
			file := filepath.Join(downloads, siteID+"-progress.json")
			var exported []byte
			for deadline := time.Now().Add(pageTimeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				if exported, err = os.ReadFile(file); err == nil && json.Valid(exported) {
					break
				}
			}
			var export struct {
				Prefix string                     `json:"prefix"`
				Data   map[string]json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal(exported, &export); err != nil {
				t.Fatalf("the export %s: %v\n%s", file, err, exported)
			}
			if export.Prefix != prefix {
				t.Errorf("export prefix %q, want %q", export.Prefix, prefix)
			}
			if _, ok := export.Data["quiz:"+quizID]; !ok {
				t.Errorf("the export has no quiz:%s: %s", quizID, exported)
			}
			if strings.Contains(string(exported), "other-site") || strings.Contains(string(exported), "unprefixed") {
				t.Errorf("the export holds other sites' data: %s", exported)
			}

			// Erase, with the confirmation step.
			evaluate[bool](t, ctx, `(document.querySelector('[data-progress-erase]').click(), true)`)
			conf := evaluate[struct {
				Shown    bool   `json:"shown"`
				Focus    string `json:"focus"`
				Expanded string `json:"expanded"`
			}](t, ctx, `({shown: !document.querySelector('[data-progress-confirm]').hidden, focus: document.activeElement.id,
				expanded: document.querySelector('[data-progress-erase]').getAttribute('aria-expanded')})`)
			if !conf.Shown || conf.Focus != "progress-confirm-text" || conf.Expanded != "true" {
				t.Errorf("after Erase: %+v; want the confirmation shown, focused and the button expanded", conf)
			}
			if n := evaluate[int](t, ctx, fmt.Sprintf(`Object.keys(localStorage).filter(k => k.startsWith(%q)).length`, prefix)); n != 2 {
				t.Errorf("the first Erase click removed data: %d keys left", n)
			}
			axeClean(t, ctx, w, "erase confirmation")
			evaluate[bool](t, ctx, `(document.querySelector('[data-progress-erase-yes]').click(), true)`)
			keys := evaluate[[]string](t, ctx, `Object.keys(localStorage).sort()`)
			if want := []string{"other-site:v1:quiz:" + quizID, "unprefixed"}; !slices.Equal(keys, want) {
				t.Errorf("after erasing, localStorage holds %q; want %q", keys, want)
			}
			time.Sleep(200 * time.Millisecond) // the status is set after a tick, to be announced
			status := evaluate[string](t, ctx, `document.querySelector('[data-progress-status]').textContent`)
			if !strings.Contains(status, "erased") {
				t.Errorf("status after erasing: %q", status)
			}
			if shown := evaluate[bool](t, ctx, `!document.querySelector('[data-progress-table]').hidden`); shown {
				t.Error("the quiz is still listed after erasing")
			}
			noProblems(t, w)
		})
	}
}
