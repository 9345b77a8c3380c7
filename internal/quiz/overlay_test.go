package quiz

import (
	"reflect"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
)

const overlayFile = "content/quizzes/quiz.sl.quiz.json"

// baseSrc has a question of each type with texts that overlays can translate; q1's prompt and
// choice b already have inline Croatian texts.
var baseSrc = quiz(
	`{"id": "q1", "type": "single", "prompt": {"en": "Deadline?", "hr": "Rok?"}, "explanation": "Art. 33.", "feedback": {"correct": "Yes."}, "choices": [{"id": "a", "text": "72 hours", "correct": true}, {"id": "b", "text": {"en": "24 hours", "hr": "24 sata"}, "feedback": "No."}]}`,
	`{"id": "q2", "type": "matching", "prompt": "Match.", "pairs": [{"id": "p1", "left": "DPO", "right": "Art. 37"}, {"id": "p2", "left": "DPIA", "right": "Art. 35"}]}`,
	`{"id": "q3", "type": "ordering", "prompt": "Order.", "items": [{"id": "i1", "text": "Detect"}, {"id": "i2", "text": "Notify"}]}`,
	`{"id": "q4", "type": "short", "prompt": "Hours?", "accept": {"*": ["72"], "en": ["seventy-two"]}}`,
	`{"id": "q5", "type": "truefalse", "prompt": "True?", "answer": true}`,
)

const overlaySrc = `{
  "translation_of": {"title": "000000000000", "questions": {"q1": "000000000000"}},
  "title": "Kviz",
  "questions": {
    "q1": {"prompt": "Rok?", "explanation": "Čl. 33.", "feedback": {"correct": "Da."},
           "choices": {"a": "72 ur", "b": "24 ur"}, "choiceFeedback": {"b": "Ne."}},
    "q2": {"prompt": "Poveži.", "pairs": {"p1": {"left": "DPO", "right": "Čl. 37"}}},
    "q3": {"items": {"i1": "Zaznaj", "i2": ""}},
    "q4": {"accept": ["dvainsedemdeset"]}
  }
}`

func parseBase(t *testing.T) *Quiz {
	t.Helper()
	q, diags := parse(t, baseSrc)
	if diags != nil {
		t.Fatalf("base quiz: %s", strings.Join(diags, "\n"))
	}
	return q
}

func TestOverlay(t *testing.T) {
	q := parseBase(t)
	if got, want := q.Missing("sl"), []string{"title", "q1.prompt", "q1.explanation", "q1.feedback.correct", "q1.a", "q1.b", "q1.b.feedback",
		"q2.prompt", "q2.p1.left", "q2.p1.right", "q2.p2.left", "q2.p2.right", "q3.prompt", "q3.i1", "q3.i2", "q4.prompt", "q4.accept", "q5.prompt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing(sl) before = %q\nwant %q", got, want)
	}
	var l diag.List
	ParseOverlay(overlayFile, []byte(overlaySrc), q, "sl", &l)
	if len(l) > 0 {
		t.Fatalf("diagnostics: %s", strings.Join(messages(l), "\n"))
	}
	if got, want := q.Missing("sl"), []string{"q2.p2.left", "q2.p2.right", "q3.prompt", "q3.i2", "q4.prompt", "q5.prompt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing(sl) after = %q\nwant %q", got, want)
	}
	q1 := q.Question("q1")
	if q.Title["sl"] != "Kviz" || q1.Prompt["sl"] != "Rok?" || q1.Choices[1].Text["sl"] != "24 ur" || q1.Choices[1].Feedback["sl"] != "Ne." ||
		q1.Feedback.Correct["sl"] != "Da." || q.Question("q2").Pairs[0].Right["sl"] != "Čl. 37" ||
		!reflect.DeepEqual(q.Question("q4").Accepted("sl", "en"), []string{"72", "dvainsedemdeset"}) {
		t.Errorf("overlay texts not applied: %+v", q)
	}
	ov := q.Overlays["sl"]
	if ov == nil || ov.Lang != "sl" || ov.Source != overlayFile || ov.TitleOf != "000000000000" || ov.QuestionsOf["q1"] != "000000000000" || ov.TranslationOf == "" {
		t.Fatalf("overlay record = %+v", ov)
	}
	// Nothing stamped with the current hashes: everything is outdated.
	if got, want := q.Outdated("sl"), []string{"title", "q1", "q2", "q3", "q4", "q5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Outdated = %q, want %q", got, want)
	}
	if q.Outdated("hr") != nil || q.Outdated("en") != nil {
		t.Errorf("Outdated without overlay must be nil")
	}
	// Stamp, re-read: up to date. Change one default-language text: only that part is outdated.
	stamped, err := StampOverlay([]byte(overlaySrc), q)
	if err != nil {
		t.Fatal(err)
	}
	q = parseBase(t)
	ParseOverlay(overlayFile, stamped, q, "sl", &l)
	if len(l) > 0 || q.Overlays["sl"].TranslationOf != q.Hash() || q.Outdated("sl") != nil {
		t.Errorf("after stamping: %v, TranslationOf %s, Hash %s, Outdated %q\n%s", messages(l), q.Overlays["sl"].TranslationOf, q.Hash(), q.Outdated("sl"), stamped)
	}
	q, _ = parse(t, strings.Replace(baseSrc, `"Match."`, `"Match them."`, 1))
	ParseOverlay(overlayFile, stamped, q, "sl", &l)
	if got := q.Outdated("sl"); !reflect.DeepEqual(got, []string{"q2"}) {
		t.Errorf("Outdated after changing q2 = %q", got)
	}
}

func TestStampOverlay(t *testing.T) {
	q := parseBase(t)
	stamp := string(q.TranslationOfJSON())
	if !strings.HasPrefix(stamp, `{"title": "`+q.TitleHash()+`", "questions": {"q1": "`+q.QuestionHash("q1")+`", "q2": `) {
		t.Errorf("TranslationOfJSON = %s", stamp)
	}
	tests := []struct{ src, want string }{
		{"{\n  \"title\": \"Kviz\"\n}", "{\n  \"translation_of\": " + stamp + ",\n  \"title\": \"Kviz\"\n}"},
		{"{\n    \"translation_of\": {\"title\": \"x\"},\n    \"title\": \"Kviz\"\n}", "{\n    \"translation_of\": " + stamp + ",\n    \"title\": \"Kviz\"\n}"},
		{`{"title": "Kviz"}`, "{\n  \"translation_of\": " + stamp + `, "title": "Kviz"}`},
		{`{}`, "{\n  \"translation_of\": " + stamp + "\n}"},
	}
	for _, tt := range tests {
		got, err := StampOverlay([]byte(tt.src), q)
		if err != nil || string(got) != tt.want {
			t.Errorf("StampOverlay(%q) =\n%s, %v\nwant\n%s", tt.src, got, err, tt.want)
		}
	}
	if _, err := StampOverlay([]byte(`{"title": }`), q); err == nil || !strings.HasPrefix(err.Error(), "invalid JSON") {
		t.Errorf("StampOverlay of bad JSON: %v", err)
	}
}

func TestOverlayErrors(t *testing.T) {
	f := overlayFile + ":"
	tests := []struct {
		name, lang, src string
		want            []string
	}{
		{"unknown question", "sl", `{"questions": {"q9": {"prompt": "X"}}}`,
			[]string{f + `1:16: error: overlay changes the structure: question "q9" is not in quiz.quiz.json; overlays hold only texts`}},
		{"unknown choice", "sl", `{"questions": {"q1": {"choices": {"c": "X"}}}}`,
			[]string{f + `1:35: error: overlay changes the structure: question "q1" has no choice "c" in quiz.quiz.json; overlays hold only texts`}},
		{"unknown choice in choiceFeedback", "sl", `{"questions": {"q1": {"choiceFeedback": {"c": "X"}}}}`,
			[]string{f + `1:42: error: overlay changes the structure: question "q1" has no choice "c" in quiz.quiz.json; overlays hold only texts`}},
		{"unknown pair", "sl", `{"questions": {"q2": {"pairs": {"p9": {"left": "X"}}}}}`,
			[]string{f + `1:33: error: overlay changes the structure: question "q2" has no pair "p9" in quiz.quiz.json; overlays hold only texts`}},
		{"unknown item", "sl", `{"questions": {"q3": {"items": {"i9": "X"}}}}`,
			[]string{f + `1:33: error: overlay changes the structure: question "q3" has no item "i9" in quiz.quiz.json; overlays hold only texts`}},
		{"field the type does not have", "sl", `{"questions": {"q5": {"choices": {"a": "X"}}}}`,
			[]string{f + `1:23: error: overlay changes the structure: question "q5" is a true/false question and has no choices in quiz.quiz.json; overlays hold only texts`}},
		{"text the quiz does not have", "sl", `{"questions": {"q2": {"explanation": "X"}}}`,
			[]string{f + `1:23: error: overlay changes the structure: question "q2" has no explanation in quiz.quiz.json; overlays hold only texts`}},
		{"choice feedback the quiz does not have", "sl", `{"questions": {"q1": {"choiceFeedback": {"a": "X"}}}}`,
			[]string{f + `1:42: error: overlay changes the structure: question "q1", choice "a" has no feedback in quiz.quiz.json; overlays hold only texts`}},
		{"accept", "sl",
			`{"questions": {"q4": {"accept": ["x"]}}}`, nil},
		{"structure field", "sl", `{"id": "quiz", "questions": {"q5": {"answer": false}}}`,
			[]string{
				f + `1:2: error: overlay changes the structure: "id" belongs in quiz.quiz.json; overlays hold only texts`,
				f + `1:37: error: question "q5": unknown field "answer"; known fields: accept, choiceFeedback, choices, explanation, feedback, items, pairs, prompt`,
			}},
		{"typo", "sl", `{"questions": {"q5": {"promt": "X"}}}`,
			[]string{f + `1:23: error: question "q5": unknown field "promt"; did you mean "prompt"? known fields: accept, choiceFeedback, choices, explanation, feedback, items, pairs, prompt`}},
		{"language map instead of a string", "sl", `{"title": {"sl": "Kviz"}}`,
			[]string{f + `1:11: error: title must be a string, not an object; an overlay holds plain strings in "sl" only`}},
		{"questions a list", "sl", `{"questions": []}`,
			[]string{f + `1:15: error: questions must be an object, not a list`}},
		{"translation_of a string", "sl", `{"translation_of": "5c76d03d8af3"}`,
			[]string{f + "1:20: error: translation_of must be an object {\"title\": …, \"questions\": {…}}, not a string; let `securehealth check --stamp` write it"}},
		{"unknown translation_of field", "sl", `{"translation_of": {"quiz": "5c76d03d8af3"}}`,
			[]string{f + `1:21: error: translation_of: unknown field "quiz"; known fields: questions, title`}},
		{"bad JSON", "sl", `{"title": "Kviz",}`,
			[]string{f + `1:18: error: invalid JSON: trailing comma before '}'; remove the comma after the last member`}},
		{"default language", "en", `{}`,
			[]string{f + `1:1: error: an overlay in the default language "en"; edit the texts in quiz.quiz.json, or name the overlay after another language`}},
		{"unknown language", "sk", `{}`,
			[]string{f + `1:1: error: overlay for "sk", which is not a language of the site; did you mean "sl"? languages: en, hr, sl`}},
		{"inline texts in the same language", "hr", `{"questions": {"q1": {"prompt": "Rok za prijavu?", "choices": {"b": "24 h"}}}}`,
			[]string{f + `1:23: warning: overlay replaces the inline "hr" texts of quiz.quiz.json; keep the "hr" texts in one place: the overlay or quiz.quiz.json`}},
		{"multibyte columns", "sl", "{\"title\": \"Kršitve ž\", \"questions\": {\"q9\": {}}}",
			[]string{f + `1:38: error: overlay changes the structure: question "q9" is not in quiz.quiz.json; overlays hold only texts`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := parseBase(t)
			var l diag.List
			ParseOverlay(overlayFile, []byte(tt.src), q, tt.lang, &l)
			if got := messages(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
	// The overlay wins over inline texts.
	q := parseBase(t)
	var l diag.List
	ParseOverlay(overlayFile, []byte(`{"questions": {"q1": {"prompt": "Rok za prijavu?"}}}`), q, "hr", &l)
	if got := q.Question("q1").Prompt["hr"]; got != "Rok za prijavu?" {
		t.Errorf("hr prompt = %q", got)
	}
	ParseOverlay(overlayFile, []byte(`{}`), nil, "sl", &l) // a quiz that could not be read
}
