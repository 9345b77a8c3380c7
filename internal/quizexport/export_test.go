package quizexport

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"golang.org/x/tools/txtar"

	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/testutil"
)

// testQuiz has a question of every type and scoring rule, English texts with Slovenian ones
// beside them (as an overlay leaves them after it is applied), one Slovenian text missing, and
// GIFT's control characters in its texts.
func testQuiz() *quiz.Quiz {
	en := func(s string) quiz.Text { return quiz.Text{"en": s} }
	both := func(e, s string) quiz.Text { return quiz.Text{"en": e, "sl": s} }
	return &quiz.Quiz{
		ID:          "dpo-m3-breach",
		Title:       both("Personal data breaches", "Kršitve varstva osebnih podatkov"),
		PassPercent: 70,
		Settings:    quiz.Settings{Shuffle: true, ShowSolution: "after-attempt"},
		Questions: []quiz.Question{
			{
				ID: "q1", Type: quiz.Single, Points: 1,
				Prompt: both("Within how many hours must a breach normally be notified to the supervisory authority?",
					"V koliko urah je treba kršitev praviloma priglasiti nadzornemu organu?"),
				Choices: []quiz.Choice{
					{ID: "a", Text: en("72"), Correct: true},
					{ID: "b", Text: en("24"), Feedback: both("That is not the GDPR deadline; see Article 33(1) GDPR.",
						"To ni rok po GDPR; glej člen 33(1) GDPR.")},
				},
				Feedback: quiz.Feedback{Correct: both("Right.", "Pravilno."), Incorrect: both("Not quite.", "Ne povsem.")},
				Explanation: both("Article 33(1) GDPR: without undue delay and, where feasible, within **72 hours**.",
					"Člen 33(1) GDPR: brez nepotrebnega odlašanja in, kadar je izvedljivo, v **72 urah**."),
			},
			{
				ID: "q2", Type: quiz.Multiple, Points: 2, Scoring: quiz.Partial,
				Prompt: both("Which of these must a breach notification contain? (Art. 33(3): {a}–{d})",
					"Kaj mora vsebovati priglasitev kršitve? (člen 33(3): {a}–{d})"),
				Choices: []quiz.Choice{
					{ID: "nature", Text: both("The nature of the breach", "Vrsto kršitve"), Correct: true},
					{ID: "dpo", Text: both("The DPO's name and contact details", "Ime in kontaktne podatke pooblaščene osebe"), Correct: true},
					{ID: "salary", Text: both("The DPO's salary", "Plačo pooblaščene osebe"),
						Feedback: both("Not required = not relevant.", "Ni zahtevano = ni pomembno.")},
				},
			},
			{
				ID: "q3", Type: quiz.Multiple, Points: 1,
				Prompt: both("Which are special categories of personal data (Article 9 GDPR)?",
					"Katere so posebne vrste osebnih podatkov (člen 9 GDPR)?"),
				Choices: []quiz.Choice{
					{ID: "1", Text: both("Health data", "Podatki o zdravju"), Correct: true},
					{ID: "2", Text: both("Genetic data", "Genetski podatki"), Correct: true},
					{ID: "3", Text: both("Biometric data for identification", "Biometrični podatki za identifikacijo"), Correct: true},
					{ID: "4", Text: both("Postal address", "Poštni naslov")},
				},
				Feedback: quiz.Feedback{Correct: both("Yes: all three.", "Da: vse tri.")},
			},
			{
				ID: "q4", Type: quiz.TrueFalse, Points: 1, Answer: false,
				Prompt: both("Every breach must be communicated to the data subjects.",
					"Vsako kršitev je treba sporočiti posameznikom, na katere se nanašajo osebni podatki."),
				Feedback:    quiz.Feedback{Correct: both("Correct.", "Pravilno."), Incorrect: both("Only high-risk breaches: Article 34.", "Le kršitve z velikim tveganjem: člen 34.")},
				Explanation: en("See Article 34(1) GDPR."),
			},
			{
				ID: "q5", Type: quiz.Matching, Points: 1,
				Prompt: both("Match each article with its subject.", "Povežite člen z vsebino."),
				Pairs: []quiz.Pair{
					{ID: "p33", Left: both("Article 33", "Člen 33"), Right: both("Notification to the authority", "Priglasitev organu")},
					{ID: "p34", Left: both("Article 34", "Člen 34"), Right: both("Communication to data subjects", "Sporočilo posameznikom")},
					{ID: "p35", Left: en("Article 35 -> DPIA"), Right: both("Impact assessment", "Ocena učinka")},
				},
			},
			{
				ID: "q6", Type: quiz.Ordering, Points: 1,
				Prompt: both("Put the steps of breach handling in order.", "Razvrstite korake obravnave kršitve."),
				Items: []quiz.Item{
					{ID: "contain", Text: both("Contain the breach", "Zajezite kršitev")},
					{ID: "assess", Text: both("Assess the risk", "Ocenite tveganje")},
					{ID: "notify", Text: both("Notify the authority", "Priglasite organu")},
				},
			},
			{
				ID: "q7", Type: quiz.Short, Points: 1,
				Prompt: both("Which article of the GDPR governs the records of processing activities? Answer with the number.",
					"Kateri člen GDPR ureja evidenco dejavnosti obdelave? Odgovorite s številko."),
				Accept:   map[string][]string{quiz.AnyLanguage: {"30"}, "en": {"Article 30"}, "sl": {"Člen 30"}},
				Feedback: quiz.Feedback{Incorrect: both("It is Article 30.", "Gre za člen 30.")},
			},
			{
				ID: "q8", Type: quiz.Essay,
				Prompt:      both("Describe how your hospital would detect a breach.", "Opišite, kako bi vaša bolnišnica odkrila kršitev."),
				Explanation: both("Think of logs, staff reports and processors.", "Pomislite na dnevnike, prijave osebja in obdelovalce."),
			},
			{
				ID: "q9", Type: quiz.Likert, Scale: 5,
				Prompt: both("How confident are you in handling a breach?", "Kako samozavestno bi obravnavali kršitev?"),
			},
		},
	}
}

// md renders Markdown the way the site does, without the site's extensions.
func md(_, s string) string {
	var b bytes.Buffer
	if err := goldmark.Convert([]byte(s), &b); err != nil {
		panic(err)
	}
	return b.String()
}

var langs = []string{"en", "sl"}

func exportGIFT(t *testing.T, q *quiz.Quiz, lang string) ([]byte, []string) {
	t.Helper()
	var b bytes.Buffer
	warn, err := GIFT(&b, q, lang, "en")
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), warn
}

func exportMoodleXML(t *testing.T, q *quiz.Quiz) ([]byte, []string) {
	t.Helper()
	var b bytes.Buffer
	warn, err := MoodleXML(&b, q, langs, "en", md)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), warn
}

func exportQTI(t *testing.T, q *quiz.Quiz, lang string) ([]byte, []string) {
	t.Helper()
	var b bytes.Buffer
	warn, err := QTI(&b, q, lang, "en", md)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), warn
}

// unzip returns a package's files in archive order.
func unzip(t *testing.T, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		files[f.Name] = b
	}
	return names, files
}

func warningsFile(w []string) []byte { return []byte(strings.Join(w, "\n") + "\n") }

// TestGolden keeps every format's output for the test quiz in testdata/ (go test -update
// rewrites it); the files are the ones checked by hand against Moodle's format rules.
func TestGolden(t *testing.T) {
	q := testQuiz()
	for _, lang := range langs {
		out, warn := exportGIFT(t, q, lang)
		testutil.Golden(t, filepath.Join("testdata", "quiz."+lang+".gift"), out)
		testutil.Golden(t, filepath.Join("testdata", "quiz."+lang+".gift.warnings"), warningsFile(warn))

		zipped, warn := exportQTI(t, q, lang)
		names, files := unzip(t, zipped)
		a := &txtar.Archive{Comment: []byte("QTI package entries, in archive order\n")}
		for _, n := range names {
			a.Files = append(a.Files, txtar.File{Name: n, Data: files[n]})
		}
		testutil.Golden(t, filepath.Join("testdata", "quiz."+lang+".qti.txtar"), txtar.Format(a))
		testutil.Golden(t, filepath.Join("testdata", "quiz."+lang+".qti.warnings"), warningsFile(warn))
	}
	out, warn := exportMoodleXML(t, q)
	testutil.Golden(t, filepath.Join("testdata", "quiz.moodle.xml"), out)
	testutil.Golden(t, filepath.Join("testdata", "quiz.moodle.xml.warnings"), warningsFile(warn))
}

// TestDeterministic exports twice (the quiz's texts are maps) and wants the same bytes.
func TestDeterministic(t *testing.T) {
	for i := 0; i < 5; i++ {
		for _, lang := range langs {
			a, _ := exportGIFT(t, testQuiz(), lang)
			b, _ := exportGIFT(t, testQuiz(), lang)
			if !bytes.Equal(a, b) {
				t.Fatalf("GIFT %s differs between two exports", lang)
			}
			a, _ = exportQTI(t, testQuiz(), lang)
			b, _ = exportQTI(t, testQuiz(), lang)
			if !bytes.Equal(a, b) {
				t.Fatalf("QTI %s differs between two exports", lang)
			}
		}
		a, _ := exportMoodleXML(t, testQuiz())
		b, _ := exportMoodleXML(t, testQuiz())
		if !bytes.Equal(a, b) {
			t.Fatal("Moodle XML differs between two exports")
		}
	}
}

func TestQTIZipSortedWithFixedTimes(t *testing.T) {
	data, _ := exportQTI(t, testQuiz(), "en")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, zipTime)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries not sorted: %v", names)
	}
}

// TestWarnings checks the messages that tell an author what a format could not express.
func TestWarnings(t *testing.T) {
	_, gift := exportGIFT(t, testQuiz(), "en")
	_, mx := exportMoodleXML(t, testQuiz())
	_, qti := exportQTI(t, testQuiz(), "en")
	tests := []struct {
		name string
		got  []string
		want string
	}{
		{"gift ordering", gift, `question "q6": ordering question left out: GIFT has no ordering questions; use the Moodle XML export`},
		{"gift likert", gift, `question "q9": Likert question left out: GIFT cannot express an ungraded rating scale; use a Moodle Feedback or Questionnaire activity`},
		{"gift all-or-nothing", gift, `question "q3": Moodle cannot score multiple choice all-or-nothing; exported with partial credit: each correct choice 33.33333%, each wrong choice -100%`},
		{"gift points", gift, `question "q2": GIFT cannot carry points (2); Moodle gives the question its default mark 1`},
		{"gift diacritics", gift, ""}, // English answers have none
		{"xml likert", mx, `question "q9": Likert question left out: Moodle has no ungraded rating-scale question; use a Moodle Feedback or Questionnaire activity`},
		{"xml diacritics", mx, `question "q7": Moodle's short answer is diacritic-sensitive; answers without diacritics were added, but partly accented spellings are still marked wrong`},
		{"xml languages", mx, `question "q7": Moodle accepts the short answers of every language in every language`},
		{"xml all-or-nothing", mx, `question "q3": Moodle cannot score multiple choice all-or-nothing; exported with partial credit: each correct choice 33.33333%, each wrong choice -100%`},
		{"qti feedback", qti, `QTI: feedback and explanations of questions "q1", "q2", "q3", "q4", "q7", "q8" are left out: the standard response processing templates set only SCORE`},
	}
	for _, tt := range tests {
		if tt.want == "" {
			for _, w := range tt.got {
				if strings.Contains(w, "diacritic") {
					t.Errorf("%s: unexpected warning %q", tt.name, w)
				}
			}
			continue
		}
		if !slices.Contains(tt.got, tt.want) {
			t.Errorf("%s: missing warning\n%s\nin\n%s", tt.name, tt.want, strings.Join(tt.got, "\n"))
		}
	}
	_, giftSL := exportGIFT(t, testQuiz(), "sl")
	want := `question "q7": Moodle's short answer is diacritic-sensitive; answers without diacritics were added, but partly accented spellings are still marked wrong`
	if !slices.Contains(giftSL, want) {
		t.Errorf("sl GIFT: missing %q in\n%s", want, strings.Join(giftSL, "\n"))
	}
}

func TestChoiceWeights(t *testing.T) {
	allowed := map[float64]bool{0: true}
	for _, f := range moodleFractions {
		allowed[f], allowed[-f] = true, true
	}
	for n := 1; n <= 22; n++ {
		for _, scoring := range []string{quiz.Partial, quiz.AllOrNothing} {
			q := &quiz.Question{ID: "q", Type: quiz.Multiple, Scoring: scoring}
			for i := 0; i < n; i++ {
				q.Choices = append(q.Choices, quiz.Choice{ID: string(rune('a' + i)), Correct: true})
			}
			q.Choices = append(q.Choices, quiz.Choice{ID: "wrong"})
			var w warnings
			ws := choiceWeights(q, &w)
			sum := 0.0
			for i, f := range ws {
				if !allowed[f] {
					t.Errorf("n=%d: weight %v is not one of Moodle's fractions", n, f)
				}
				if f > 0 {
					sum += f
				}
				if (f > 0) != q.Choices[i].Correct {
					t.Errorf("n=%d: choice %d weight %v", n, i, f)
				}
			}
			exact := sum > 99.995 && sum < 100.005
			if n <= 20 && !exact {
				t.Errorf("n=%d %s: weights %v add up to %v", n, scoring, ws, sum)
			}
			if n > 20 && exact {
				t.Errorf("n=%d: expected weights that cannot add up", n)
			}
			warned := slices.ContainsFunc(w, func(s string) bool { return strings.Contains(s, "correct choices") })
			if want := n > 10 && n != 20; warned != want {
				t.Errorf("n=%d: warned %v, want %v (%q)", n, warned, want, w)
			}
		}
	}
}

func TestStripMarks(t *testing.T) {
	for in, want := range map[string]string{
		"Člen 30": "Clen 30", "kršitev": "krsitev", "Σωστό": "Σωστο", "plain": "plain", "naïve café": "naive cafe",
	} {
		if got := stripMarks(in); got != want {
			t.Errorf("stripMarks(%q) = %q, want %q", in, got, want)
		}
	}
}
