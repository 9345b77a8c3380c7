package quiz

import (
	"reflect"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
)

const file = "content/quizzes/quiz.quiz.json"

var langs = []string{"en", "sl", "hr"}

// quiz wraps questions, one per line from line 2, in a valid quiz whose header is line 1.
func quiz(questions ...string) string {
	return `{"id": "quiz", "title": "T", "questions": [` + "\n" + strings.Join(questions, ",\n") + "\n]}\n"
}

// tf is a valid question to fill a line.
const tf = `{"id": "q1", "type": "truefalse", "prompt": "P", "answer": true}`

func messages(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

func parse(t *testing.T, src string) (*Quiz, []string) {
	t.Helper()
	var l diag.List
	q := Parse(file, []byte(src), "en", langs, &l)
	return q, messages(l)
}

func TestParseErrors(t *testing.T) {
	f := file + ":"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"valid", quiz(tf), nil},

		// JSON syntax
		{"missing comma", `{"id": "quiz" "title": "T"}`,
			[]string{f + `1:15: error: invalid JSON: expected ',' or '}' after object value; add a comma between members`}},
		{"trailing comma", "{\"id\": \"quiz\",\n}",
			[]string{f + `2:1: error: invalid JSON: trailing comma before '}'; remove the comma after the last member`}},
		{"trailing comma in list", `{"outcomes": ["a",]}`,
			[]string{f + `1:19: error: invalid JSON: trailing comma before ']'; remove the comma after the last element`}},
		{"single quotes", `{"id": 'quiz'}`,
			[]string{f + `1:8: error: invalid JSON: unexpected "'"; expected a value; JSON strings use double quotes`}},
		{"unquoted key", `{id: "quiz"}`,
			[]string{f + `1:2: error: invalid JSON: unexpected 'i'; expected a key in double quotes; object keys are strings in double quotes`}},
		{"missing colon", `{"id" "quiz"}`,
			[]string{f + `1:7: error: invalid JSON: unexpected '"'; expected ':' after object key`}},
		{"unterminated string", `{"id": "quiz`,
			[]string{f + `1:13: error: invalid JSON: unexpected end of file in a string; close the string with '"'`}},
		{"line break in string", "{\"id\": \"a\nb\"}",
			[]string{f + `1:10: error: invalid JSON: line break inside a string; write a line break inside a string as \n`}},
		{"bad escape", `{"id": "a\qb"}`,
			[]string{f + `1:10: error: invalid JSON: invalid escape in a string; a backslash starts \" \\ \/ \b \f \n \r \t or \uXXXX; write \\ for a backslash`}},
		{"bad number", `{"passPercent": 07}`,
			[]string{f + `1:17: error: invalid JSON: invalid number; numbers are written like 70, 0.5 or -1`}},
		{"bad literal", `{"settings": {"shuffle": True}}`,
			[]string{f + `1:26: error: invalid JSON: unexpected 'T'; expected a value; a value is a string in double quotes, a number, an object {…}, a list […], true, false or null`}},
		{"unclosed object", "{\"id\": \"quiz\"\n",
			[]string{f + `2:1: error: invalid JSON: expected ',' or '}' after object value`}},
		{"two values", "{}\n{}",
			[]string{f + `2:1: error: invalid JSON: unexpected '{' after the top-level value; remove what follows the closing '}', or wrap both values in one object`}},
		{"empty file", "  \n",
			[]string{f + `2:1: error: invalid JSON: the file is empty; a quiz file holds one object {…}`}},
		{"invalid UTF-8", "{\"id\": \"a\xffb\"}",
			[]string{f + `1:10: error: invalid JSON: invalid UTF-8 inside a string; save the file as UTF-8`}},
		{"multibyte before a syntax error", "{\"title\": \"Kršitve žč\" \"id\": 1}",
			[]string{f + `1:24: error: invalid JSON: expected ',' or '}' after object value; add a comma between members`}},
		{"top-level list", `[1]`,
			[]string{f + `1:1: error: a quiz file holds one JSON object, not a list; start the file with "{" and the quiz's "id"`}},
		{"duplicate key", "{\"id\": \"quiz\",\n \"title\": \"T\", \"id\": \"quiz\", \"questions\": [" + tf + "]}",
			[]string{f + `2:16: error: key "id" appears twice in this object (first on line 1); keep one of them`}},

		// quiz fields
		{"unknown field", strings.Replace(quiz(tf), `"title"`, `"passPrecent": 50, "title"`, 1),
			[]string{f + `1:16: error: unknown field "passPrecent"; did you mean "passPercent"? known fields: $schema, id, outcomes, passPercent, questions, settings, title`}},
		{"unknown field, nothing close", strings.Replace(quiz(tf), `"title"`, `"author": "X", "title"`, 1),
			[]string{f + `1:16: error: unknown field "author"; known fields: $schema, id, outcomes, passPercent, questions, settings, title`}},
		{"missing id", strings.Replace(quiz(tf), `"id": "quiz", `, ``, 1),
			[]string{f + `1:1: error: the quiz has no "id"; add "id": "quiz"`}},
		{"id does not match the file name", strings.Replace(quiz(tf), `"quiz"`, `"other"`, 1),
			[]string{f + `1:8: error: quiz id "other" does not match the file name quiz.quiz.json; rename one so that they agree`}},
		{"invalid quiz id", strings.Replace(quiz(tf), `"quiz"`, `"Quiz 1"`, 1),
			[]string{f + `1:8: error: quiz id "Quiz 1" is not valid; use lower-case letters a-z, digits, "-" and "_"`}},
		{"id not a string", strings.Replace(quiz(tf), `"quiz"`, `7`, 1),
			[]string{f + `1:8: error: id must be a string, not a number`}},
		{"empty title", strings.Replace(quiz(tf), `"T"`, `""`, 1),
			[]string{f + `1:25: error: empty title; give the quiz a title in "title"`}},
		{"missing title", strings.Replace(quiz(tf), `"title": "T", `, ``, 1),
			[]string{f + `1:1: error: empty title; give the quiz a title in "title"`}},
		{"title without the default language", strings.Replace(quiz(tf), `"T"`, `{"sl": "Kviz"}`, 1),
			[]string{f + `1:25: error: title has no text in the default language "en"; add "en": the other languages fall back to it`}},
		{"title in an unknown language", strings.Replace(quiz(tf), `"T"`, `{"en": "Quiz", "sk": "Kvíz"}`, 1),
			[]string{f + `1:40: error: title: unknown language "sk"; did you mean "sl"? languages: en, hr, sl`}},
		{"title not a text", strings.Replace(quiz(tf), `"T"`, `["T"]`, 1),
			[]string{f + `1:25: error: title must be a string or a language map, not a list; write a string, or a language map like {"en": "…"}`}},
		{"language map value not a string", strings.Replace(quiz(tf), `"T"`, `{"en": "T", "sl": 1}`, 1),
			[]string{f + `1:43: error: title.sl must be a string, not a number`}},
		{"passPercent above 100", strings.Replace(quiz(tf), `"title"`, `"passPercent": 120, "title"`, 1),
			[]string{f + `1:31: error: passPercent is 120; it must be between 0 and 100; 70 means that 70% of the points pass`}},
		{"passPercent below 0", strings.Replace(quiz(tf), `"title"`, `"passPercent": -1, "title"`, 1),
			[]string{f + `1:31: error: passPercent is -1; it must be between 0 and 100; 70 means that 70% of the points pass`}},
		{"passPercent not whole", strings.Replace(quiz(tf), `"title"`, `"passPercent": 70.5, "title"`, 1),
			[]string{f + `1:31: error: passPercent must be a whole number, not 70.5`}},
		{"passPercent a string", strings.Replace(quiz(tf), `"title"`, `"passPercent": "70", "title"`, 1),
			[]string{f + `1:31: error: passPercent must be a number, not a string`}},
		{"outcome not a string", strings.Replace(quiz(tf), `"title"`, `"outcomes": ["LO1", 2], "title"`, 1),
			[]string{f + `1:36: error: an outcome must be a non-empty string; list the codes of the learning outcomes the quiz assesses, like "DPO-M3-LO2"`}},
		{"unknown setting", strings.Replace(quiz(tf), `"title"`, `"settings": {"shufle": true}, "title"`, 1),
			[]string{f + `1:29: error: settings: unknown field "shufle"; did you mean "shuffle"? known fields: showSolution, shuffle`}},
		{"unknown showSolution", strings.Replace(quiz(tf), `"title"`, `"settings": {"showSolution": "afterattempt"}, "title"`, 1),
			[]string{f + `1:45: error: settings: unknown showSolution "afterattempt"; did you mean "after-attempt"? values: after-attempt, always, never`}},
		{"shuffle not a bool", strings.Replace(quiz(tf), `"title"`, `"settings": {"shuffle": "yes"}, "title"`, 1),
			[]string{f + `1:40: error: settings: shuffle must be true or false, not a string`}},
		{"no questions", `{"id": "quiz", "title": "T", "questions": []}`,
			[]string{f + `1:43: error: the quiz has no questions; add at least one question to "questions"`}},
		{"questions missing", `{"id": "quiz", "title": "T"}`,
			[]string{f + `1:1: error: the quiz has no questions; add at least one question to "questions"`}},

		// questions
		{"question not an object", quiz(`"q1"`),
			[]string{f + `2:1: error: question 1: a question must be an object, not a string; write each question as an object {"id": …, "type": …, "prompt": …}`}},
		{"question without id", quiz(`{"type": "truefalse", "prompt": "P", "answer": true}`),
			[]string{f + `2:1: error: question 1: missing "id"; add "id": "q1"`}},
		{"invalid question id", quiz(`{"id": "Q 1", "type": "truefalse", "prompt": "P", "answer": true}`),
			[]string{f + `2:8: error: question id "Q 1" is not valid; use lower-case letters a-z, digits, "-" and "_"`}},
		{"duplicate question id", quiz(tf, tf),
			[]string{f + `3:8: error: duplicate question id "q1" (first on line 2); give each question its own id`}},
		{"missing type", quiz(`{"id": "q1", "prompt": "P"}`),
			[]string{f + `2:1: error: question "q1": missing "type"; add "type": one of essay, likert, matching, multiple, ordering, short, single, truefalse`}},
		{"unknown type", quiz(`{"id": "q1", "type": "singel", "prompt": "P"}`),
			[]string{f + `2:22: error: question "q1": unknown question type "singel"; did you mean "single"? types: essay, likert, matching, multiple, ordering, short, single, truefalse`}},
		{"unknown question field", quiz(`{"id": "q1", "type": "truefalse", "promt": "P", "answer": true}`),
			[]string{
				f + `2:35: error: question "q1": unknown field "promt"; did you mean "prompt"? known fields: answer, explanation, feedback, id, points, prompt, type`,
				f + `2:1: error: question "q1": empty prompt; write the question in "prompt"`,
			}},
		{"unknown field with an unknown type", quiz(`{"id": "q1", "type": "x", "prompt": "P", "answr": true}`),
			[]string{
				f + `2:22: error: question "q1": unknown question type "x"; types: essay, likert, matching, multiple, ordering, short, single, truefalse`,
				f + `2:42: error: question "q1": unknown field "answr"; did you mean "answer"? known fields: accept, answer, caseSensitive, choices, explanation, feedback, id, items, pairs, points, prompt, scale, scoring, type`,
			}},
		{"field of another type", quiz(`{"id": "q1", "type": "truefalse", "prompt": "P", "answer": true, "scale": 5}`),
			[]string{f + `2:66: error: question "q1": "scale" is not a field of true/false questions; remove it, or change "type" ("scale" is for likert)`}},
		{"points on an essay", quiz(`{"id": "q1", "type": "essay", "prompt": "P", "points": 2}`),
			[]string{f + `2:46: error: question "q1": essay questions are ungraded and have no "points"; remove it; "explanation" is shown after the answer`}},
		{"feedback on a likert", quiz(`{"id": "q1", "type": "likert", "prompt": "P", "feedback": {}}`),
			[]string{f + `2:47: error: question "q1": Likert questions are ungraded and have no "feedback"; remove it; "explanation" is shown after the answer`}},
		{"empty prompt", quiz(`{"id": "q1", "type": "truefalse", "prompt": "", "answer": true}`),
			[]string{f + `2:45: error: question "q1": empty prompt; write the question in "prompt"`}},
		{"prompt null", quiz(`{"id": "q1", "type": "truefalse", "prompt": null, "answer": true}`),
			[]string{f + `2:45: error: question "q1": empty prompt; write the question in "prompt"`}},
		{"empty prompt in every language", quiz(`{"id": "q1", "type": "truefalse", "prompt": {"en": "", "sl": ""}, "answer": true}`),
			[]string{f + `2:45: error: question "q1": empty prompt; write the question in "prompt"`}},
		{"prompt without the default language", quiz(`{"id": "q1", "type": "truefalse", "prompt": {"sl": "Vprašanje"}, "answer": true}`),
			[]string{f + `2:45: error: question "q1": prompt has no text in the default language "en"; add "en": the other languages fall back to it`}},
		{"prompt a number", quiz(`{"id": "q1", "type": "truefalse", "prompt": 5, "answer": true}`),
			[]string{f + `2:45: error: question "q1": prompt must be a string or a language map, not a number; write a string, or a language map like {"en": "…"}`}},
		{"negative points", quiz(`{"id": "q1", "type": "truefalse", "points": -1, "prompt": "P", "answer": true}`),
			[]string{f + `2:45: error: question "q1": points is -1; it must not be negative; give 0 or more points`}},
		{"points a string", quiz(`{"id": "q1", "type": "truefalse", "points": "1", "prompt": "P", "answer": true}`),
			[]string{f + `2:45: error: question "q1": points must be a number, not a string`}},
		{"unknown feedback field", quiz(`{"id": "q1", "type": "truefalse", "prompt": "P", "answer": true, "feedback": {"wrong": "W"}}`),
			[]string{f + `2:79: error: question "q1", feedback: unknown field "wrong"; known fields: correct, incorrect`}},
		{"feedback a string", quiz(`{"id": "q1", "type": "truefalse", "prompt": "P", "answer": true, "feedback": "F"}`),
			[]string{f + `2:78: error: question "q1": feedback must be an object, not a string`}},

		// single and multiple
		{"single with two correct choices", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [
  {"id": "a", "text": "A", "correct": true},
  {"id": "b", "text": "B", "correct": true},
  {"id": "c", "text": "C"}]}`),
			[]string{f + `4:3: error: question "q3": single-choice question has 2 correct choices; mark exactly one`}},
		{"single without a correct choice", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}`),
			[]string{f + `2:1: error: question "q3": single-choice question has no correct choice; mark exactly one with "correct": true`}},
		{"multiple without a correct choice", quiz(`{"id": "q3", "type": "multiple", "prompt": "P", "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}`),
			[]string{f + `2:1: error: question "q3": multiple-choice question has no correct choice; mark at least one with "correct": true`}},
		{"single with one choice", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}]}`),
			[]string{f + `2:58: error: question "q3": single-choice question has 1 choice; give at least two`}},
		{"single without choices", quiz(`{"id": "q3", "type": "single", "prompt": "P"}`),
			[]string{f + `2:1: error: question "q3": single-choice question has no choices; add at least two to "choices"`}},
		{"duplicate choice id", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "a", "text": "B"}]}`),
			[]string{f + `2:109: error: question "q3": duplicate choice id "a" (first on line 2); give each choice its own id`}},
		{"invalid choice id", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "A", "text": "A", "correct": true}, {"id": "b", "text": "B"}]}`),
			[]string{f + `2:66: error: question "q3": choice id "A" is not valid; use lower-case letters a-z, digits, "-" and "_"`}},
		{"choice without id", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"text": "B"}]}`),
			[]string{f + `2:102: error: question "q3", choice 2: missing "id"; add "id": "b"`}},
		{"choice with an empty text", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b"}]}`),
			[]string{f + `2:102: error: question "q3", choice "b": empty text; write the choice in "text"`}},
		{"unknown choice field", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "corect": true}, {"id": "b", "text": "B", "correct": true}]}`),
			[]string{f + `2:84: error: question "q3", choice "a": unknown field "corect"; did you mean "correct"? known fields: correct, feedback, id, text`}},
		{"correct not a bool", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": "yes"}, {"id": "b", "text": "B", "correct": true}]}`),
			[]string{f + `2:95: error: question "q3", choice "a": correct must be true or false, not a string`}},
		{"choice not an object", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": ["A", {"id": "b", "text": "B", "correct": true}]}`),
			[]string{f + `2:59: error: question "q3", choice 1: a choice must be an object, not a string; write it as an object {"id": …}`}},
		{"choices not a list", quiz(`{"id": "q3", "type": "single", "prompt": "P", "choices": {"a": "A"}}`),
			[]string{f + `2:58: error: question "q3": choices must be a list, not an object`}},
		{"unknown scoring", quiz(`{"id": "q3", "type": "multiple", "scoring": "partal", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B"}]}`),
			[]string{f + `2:45: error: question "q3": unknown scoring "partal"; did you mean "partial"? values: all, partial`}},
		{"scoring on single", quiz(`{"id": "q3", "type": "single", "scoring": "partial", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B"}]}`),
			[]string{f + `2:32: error: question "q3": "scoring" is not a field of single-choice questions; remove it, or change "type" ("scoring" is for multiple)`}},

		// matching, ordering
		{"matching with one pair", quiz(`{"id": "q4", "type": "matching", "prompt": "P", "pairs": [{"id": "p1", "left": "L", "right": "R"}]}`),
			[]string{f + `2:58: error: question "q4": matching question has 1 pair; give at least two`}},
		{"matching without pairs", quiz(`{"id": "q4", "type": "matching", "prompt": "P", "pairs": []}`),
			[]string{f + `2:58: error: question "q4": matching question has no pairs; add at least two to "pairs"`}},
		{"duplicate pair id", quiz(`{"id": "q4", "type": "matching", "prompt": "P", "pairs": [{"id": "p1", "left": "L", "right": "R"}, {"id": "p1", "left": "M", "right": "S"}]}`),
			[]string{f + `2:107: error: question "q4": duplicate pair id "p1" (first on line 2); give each pair its own id`}},
		{"pair without right", quiz(`{"id": "q4", "type": "matching", "prompt": "P", "pairs": [{"id": "p1", "left": "L", "right": "R"}, {"id": "p2", "left": "M"}]}`),
			[]string{f + `2:100: error: question "q4", pair "p2": empty right text; write what it matches in "right"`}},
		{"pairs with the same right text", quiz(`{"id": "q4", "type": "matching", "prompt": "P", "pairs": [{"id": "p1", "left": "L", "right": "R"}, {"id": "p2", "left": "M", "right": "R"}]}`),
			[]string{f + `2:135: error: question "q4", pair "p2": same right text as pair "p1"; a learner could not tell them apart; make the right texts differ`}},
		{"ordering with one item", quiz(`{"id": "q5", "type": "ordering", "prompt": "P", "items": [{"id": "i1", "text": "I"}]}`),
			[]string{f + `2:58: error: question "q5": ordering question has 1 item; give at least two`}},
		{"duplicate item id", quiz(`{"id": "q5", "type": "ordering", "prompt": "P", "items": [{"id": "i1", "text": "I"}, {"id": "i1", "text": "J"}]}`),
			[]string{f + `2:93: error: question "q5": duplicate item id "i1" (first on line 2); give each item its own id`}},
		{"item with an unknown field", quiz(`{"id": "q5", "type": "ordering", "prompt": "P", "items": [{"id": "i1", "text": "I", "pos": 1}, {"id": "i2", "text": "J"}]}`),
			[]string{f + `2:85: error: question "q5", item "i1": unknown field "pos"; known fields: id, text`}},

		// truefalse, short, likert
		{"truefalse without answer", quiz(`{"id": "q6", "type": "truefalse", "prompt": "P"}`),
			[]string{f + `2:1: error: question "q6": true/false question has no answer; add "answer": true or "answer": false`}},
		{"answer a string", quiz(`{"id": "q6", "type": "truefalse", "prompt": "P", "answer": "true"}`),
			[]string{f + `2:60: error: question "q6": answer must be true or false, not a string`}},
		{"short without accept", quiz(`{"id": "q7", "type": "short", "prompt": "P"}`),
			[]string{f + `2:1: error: question "q7": short-answer question has no accepted answers; add "accept": ["…"] with the answers to accept`}},
		{"short with an empty accept", quiz(`{"id": "q7", "type": "short", "prompt": "P", "accept": []}`),
			[]string{f + `2:56: error: question "q7": short-answer question has no accepted answers; add "accept": ["…"] with the answers to accept`}},
		{"short with an empty answer", quiz(`{"id": "q7", "type": "short", "prompt": "P", "accept": ["72", " "]}`),
			[]string{f + `2:63: error: question "q7": an accepted answer must be a non-empty string; remove it, or write the answer`}},
		{"accept in an unknown language", quiz(`{"id": "q7", "type": "short", "prompt": "P", "accept": {"*": ["72"], "de": ["zweiundsiebzig"]}}`),
			[]string{f + `2:70: error: question "q7": accept: unknown language "de"; languages: *, en, hr, sl`}},
		{"accept without the default language", quiz(`{"id": "q7", "type": "short", "prompt": "P", "accept": {"sl": ["dvainsedemdeset"]}}`),
			[]string{f + `2:56: error: question "q7": accept has no answers in the default language "en"; add "en" answers, or "*" answers that hold in every language`}},
		{"accept a string", quiz(`{"id": "q7", "type": "short", "prompt": "P", "accept": "72"}`),
			[]string{f + `2:56: error: question "q7": accept must be a list or a language map, not a string; write a list ["…"], or a language map {"en": ["…"], "*": ["…"]}`}},
		{"likert scale too large", quiz(`{"id": "q8", "type": "likert", "prompt": "P", "scale": 11}`),
			[]string{f + `2:56: error: question "q8": scale is 11; a Likert scale has 2 to 10 points; use 5 for the usual five-point scale`}},
		{"likert scale too small", quiz(`{"id": "q8", "type": "likert", "prompt": "P", "scale": 1}`),
			[]string{f + `2:56: error: question "q8": scale is 1; a Likert scale has 2 to 10 points; use 5 for the usual five-point scale`}},

		// positions count runes, not bytes
		{"multibyte text before an error", quiz(`{"id": "q1", "type": "truefalse", "prompt": {"en": "Breach?", "sl": "Kršitev?", "el": "Παραβίαση;"}, "answer": true}`),
			[]string{f + `2:81: error: question "q1": prompt: unknown language "el"; did you mean "en"? languages: en, hr, sl`}},
		{"multibyte on an earlier line", "{\"id\": \"quiz\", \"title\": {\"en\": \"T\", \"hr\": \"Povreda osobnih podataka — ćčž\"}, \"questions\": [\n" +
			`{"id": "q1", "type": "truefalse", "prompt": "Ελληνικά", "answer": 1}` + "\n]}",
			[]string{f + `2:67: error: question "q1": answer must be true or false, not a number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := parse(t, tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	src := quiz(
		`{"id": "q1", "type": "single", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": {"en": "B", "sl": "Be"}}]}`,
		`{"id": "q2", "type": "multiple", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B"}]}`,
		`{"id": "q3", "type": "essay", "prompt": "P"}`,
		`{"id": "q4", "type": "likert", "prompt": "P"}`,
		`{"id": "q5", "type": "short", "prompt": "P", "accept": ["Art. 33"]}`,
		`{"id": "q6", "type": "short", "prompt": "P", "accept": {"*": ["72"], "sl": ["dvainsedemdeset"], "en": []}}`,
		`{"id": "q7", "type": "truefalse", "prompt": "P", "answer": false, "points": 2.5}`,
	)
	q, diags := parse(t, src)
	if diags != nil {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	if q.ID != "quiz" || q.PassPercent != 70 || q.Settings != (Settings{ShowSolution: "after-attempt"}) || q.DefaultLang != "en" {
		t.Errorf("quiz defaults: %+v", q)
	}
	if want := (diag.Pos{File: file, Line: 1, Col: 1}); q.Pos != want {
		t.Errorf("quiz pos %v, want %v", q.Pos, want)
	}
	want := []struct {
		points  float64
		scoring string
		scale   int
	}{{1, "", 0}, {1, "all", 0}, {0, "", 0}, {0, "", 5}, {1, "", 0}, {1, "", 0}, {2.5, "", 0}}
	for i, w := range want {
		qu := q.Questions[i]
		if qu.Points != w.points || qu.Scoring != w.scoring || qu.Scale != w.scale {
			t.Errorf("%s: points %v scoring %q scale %d, want %+v", qu.ID, qu.Points, qu.Scoring, qu.Scale, w)
		}
		if qu.Pos.Line != i+2 || qu.Pos.Col != 1 {
			t.Errorf("%s: pos %v", qu.ID, qu.Pos)
		}
	}
	if got := q.Questions[0].Choices[1]; !reflect.DeepEqual(got.Text, Text{"en": "B", "sl": "Be"}) || got.Pos.Col != 102 {
		t.Errorf("choice b = %+v", got)
	}
	if got := q.Questions[0].Prompt; !reflect.DeepEqual(got, Text{"en": "P"}) {
		t.Errorf("plain string prompt = %v", got)
	}
	if got := q.Questions[4].Accept; !reflect.DeepEqual(got, map[string][]string{"en": {"Art. 33"}}) {
		t.Errorf("plain list accept = %v", got)
	}
	if got := q.Questions[5].Accepted("sl", "en"); !reflect.DeepEqual(got, []string{"72", "dvainsedemdeset"}) {
		t.Errorf("Accepted(sl) = %v", got)
	}
	if got := q.Questions[5].Accepted("hr", "en"); !reflect.DeepEqual(got, []string{"72"}) {
		t.Errorf("Accepted(hr) = %v", got)
	}
	if !q.Questions[6].Graded() || q.Questions[2].Graded() || q.Questions[6].Answer {
		t.Errorf("graded or answer wrong")
	}
	if s, l := q.Questions[0].Choices[1].Text.In("hr", "en"); s != "B" || l != "en" {
		t.Errorf("In(hr) = %q, %q", s, l)
	}
	if s, l := q.Questions[0].Choices[1].Text.In("sl", "en"); s != "Be" || l != "sl" {
		t.Errorf("In(sl) = %q, %q", s, l)
	}
}

func TestParseAllFields(t *testing.T) {
	src := `{
  "$schema": "../../docs/quiz.schema.json",
  "id": "quiz",
  "title": {"en": "Personal data breaches", "sl": "Kršitve varstva osebnih podatkov"},
  "passPercent": 80,
  "outcomes": ["DPO-M3-LO2"],
  "settings": {"shuffle": true, "showSolution": "never"},
  "questions": [
    {"id": "q1", "type": "single", "points": 2,
     "prompt": {"en": "Within how many hours?"},
     "feedback": {"correct": "Yes.", "incorrect": {"en": "No.", "sl": "Ne."}},
     "choices": [
       {"id": "a", "text": {"en": "72"}, "correct": true},
       {"id": "b", "text": {"en": "24"}, "feedback": {"en": "See Article 33(1) GDPR."}}
     ],
     "explanation": {"en": "Article 33(1) GDPR."}},
    {"id": "q2", "type": "short", "prompt": "P", "accept": ["Art. 33"], "caseSensitive": true},
    {"id": "q3", "type": "likert", "prompt": "P", "scale": 7, "explanation": "Thanks."}
  ]
}`
	q, diags := parse(t, src)
	if diags != nil {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	qu := q.Questions[0]
	if q.PassPercent != 80 || !q.Settings.Shuffle || q.Settings.ShowSolution != "never" || !reflect.DeepEqual(q.Outcomes, []string{"DPO-M3-LO2"}) ||
		qu.Points != 2 || qu.Feedback.Incorrect["sl"] != "Ne." || qu.Choices[1].Feedback["en"] == "" || !qu.Choices[0].Correct ||
		!q.Questions[1].CaseSensitive || q.Questions[2].Scale != 7 {
		t.Errorf("decoded %+v", q)
	}
	if qu.Pos.Line != 9 || qu.Pos.Col != 5 || qu.Choices[1].Pos.Line != 14 || qu.Choices[1].Pos.Col != 8 {
		t.Errorf("positions: question %v, choice %v", qu.Pos, qu.Choices[1].Pos)
	}
	if got, want := q.Missing("sl"), []string{"q1.prompt", "q1.explanation", "q1.feedback.correct", "q1.a", "q1.b", "q1.b.feedback", "q2.prompt", "q2.accept", "q3.prompt", "q3.explanation"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing(sl) = %q, want %q", got, want)
	}
	if got := q.Missing("en"); got != nil {
		t.Errorf("Missing(en) = %q", got)
	}
}

func TestSkeleton(t *testing.T) {
	all := []string{"en", "sl", "hr", "el", "nl", "fr"}
	src := Skeleton("dpo-m3-breach", all)
	var l diag.List
	q := Parse("content/quizzes/dpo-m3-breach.quiz.json", src, "en", all, &l)
	if len(l) > 0 {
		t.Fatalf("skeleton has diagnostics:\n%s\n%s", strings.Join(messages(l), "\n"), src)
	}
	seen := map[string]bool{}
	for _, qu := range q.Questions {
		seen[qu.Type] = true
	}
	for _, typ := range types {
		if !seen[typ] {
			t.Errorf("skeleton has no %s question", typ)
		}
	}
	if m := q.Missing("sl"); len(m) == 0 || m[0] != "title" {
		t.Errorf("skeleton Missing(sl) = %q", m)
	}
	// Another default language: the skeleton's texts are in it.
	l = nil
	Parse("content/quizzes/x.quiz.json", Skeleton("x", []string{"sl", "en"}), "sl", []string{"sl", "en"}, &l)
	if len(l) > 0 {
		t.Errorf("skeleton (sl) has diagnostics:\n%s", strings.Join(messages(l), "\n"))
	}
}
