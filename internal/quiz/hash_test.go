package quiz

import (
	"regexp"
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	q := parseBase(t)
	hex12 := regexp.MustCompile(`^[0-9a-f]{12}$`)
	if !hex12.MatchString(q.Hash()) || !hex12.MatchString(q.TitleHash()) || !hex12.MatchString(q.QuestionHash("q1")) {
		t.Fatalf("hashes %q %q %q", q.Hash(), q.TitleHash(), q.QuestionHash("q1"))
	}
	if q.QuestionHash("nope") != "" {
		t.Errorf("QuestionHash of an unknown id must be empty")
	}
	tests := []struct {
		name, old, new string
		changes        []string // parts whose hash changes: "quiz", "title", question ids
	}{
		{"a prompt", `"Match."`, `"Match them."`, []string{"quiz", "q2"}},
		{"the title", `"title": "T"`, `"title": "Quiz"`, []string{"quiz", "title"}},
		{"a choice's feedback", `"No."`, `"No!"`, []string{"quiz", "q1"}},
		{"a default-language answer", `["seventy-two"]`, `["seventy two"]`, []string{"quiz", "q4"}},
		{"a choice id", `{"id": "a", "text": "72 hours"`, `{"id": "x", "text": "72 hours"`, []string{"quiz", "q1"}},
		{"the order of questions", "\n" + `{"id": "q5", "type": "truefalse", "prompt": "True?", "answer": true}`, "", []string{"quiz"}},
		// Not what a translator translates:
		{"a translation", `"hr": "Rok?"`, `"hr": "Rok za prijavu?"`, nil},
		{"the answer key", `"answer": true`, `"answer": false`, nil},
		{"points", `"type": "truefalse",`, `"type": "truefalse", "points": 3,`, nil},
		{"answers for every language", `{"*": ["72"]`, `{"*": ["72", "72 h"]`, nil},
		{"CRLF in a text", `"Order."`, `"Order.\r\nNow."`, nil}, // compared with "Order.\nNow." below
	}
	base := map[string]string{"quiz": q.Hash(), "title": q.TitleHash()}
	for _, qu := range q.Questions {
		base[qu.ID] = q.QuestionHash(qu.ID)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(baseSrc, tt.old, tt.new, 1)
			if tt.name == "the order of questions" {
				src = strings.Replace(src, "[\n", "[\n"+`{"id": "q5", "type": "truefalse", "prompt": "True?", "answer": true},`+"\n", 1)
				src = strings.Replace(src, "},\n]", "}\n]", 1)
			}
			if tt.name == "CRLF in a text" {
				lf, _ := parse(t, strings.Replace(baseSrc, `"Order."`, `"Order.\nNow."`, 1))
				base = map[string]string{"quiz": lf.Hash(), "title": lf.TitleHash()}
				for _, qu := range lf.Questions {
					base[qu.ID] = lf.QuestionHash(qu.ID)
				}
			}
			q2, diags := parse(t, src)
			if diags != nil {
				t.Fatalf("%s\n%s", strings.Join(diags, "\n"), src)
			}
			got := map[string]string{"quiz": q2.Hash(), "title": q2.TitleHash()}
			for _, qu := range q2.Questions {
				got[qu.ID] = q2.QuestionHash(qu.ID)
			}
			var changed []string
			for _, k := range []string{"quiz", "title", "q1", "q2", "q3", "q4", "q5"} {
				if got[k] != base[k] {
					changed = append(changed, k)
				}
			}
			if strings.Join(changed, " ") != strings.Join(tt.changes, " ") {
				t.Errorf("changed %q, want %q", changed, tt.changes)
			}
		})
	}
}
