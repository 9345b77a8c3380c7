package quiz

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/securehealth/securehealth/internal/diag"
)

// TestSchema keeps docs/quiz.schema.json and the decoder in step: the schema is JSON, names
// every field the decoder accepts (in quiz files and overlays) and every value of its
// enumerations, and names no field the decoder would reject.
func TestSchema(t *testing.T) {
	src, err := os.ReadFile("../../docs/quiz.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	root := ParseJSON("docs/quiz.schema.json", src, &l)
	if root == nil || len(l) > 0 {
		t.Fatalf("schema is not valid JSON: %v", messages(l))
	}
	if m := root.Get("$schema"); m == nil || m.Value.Str != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("schema must declare draft 2020-12")
	}
	props := map[string]bool{}
	strs := map[string]bool{}
	var walk func(n *Node)
	walk = func(n *Node) {
		switch n.Kind {
		case Object:
			for _, m := range n.Members {
				if m.Key == "properties" && m.Value.Kind == Object {
					for _, p := range m.Value.Members {
						props[p.Key] = true
					}
				}
				walk(m.Value)
			}
		case Array:
			for _, v := range n.Items {
				walk(v)
			}
		case String:
			strs[n.Str] = true
		}
	}
	walk(root)

	accepted := map[string]bool{}
	for _, list := range [][]string{quizFields, settingsFields, feedbackFields, choiceFields, pairFields, itemFields,
		questionFields(""), overlayFields, translationOfFields, overlayQuestionFields} {
		for _, f := range list {
			accepted[f] = true
			if !props[f] {
				t.Errorf("schema has no property %q", f)
			}
		}
	}
	var extra []string
	for p := range props {
		if !accepted[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("schema has properties the decoder rejects: %q", extra)
	}
	for _, v := range slices.Concat(types, showSolutions, scorings) {
		if !strs[v] {
			t.Errorf("schema does not name the value %q", v)
		}
	}
}

// TestDocExamples checks the JSON examples of docs/quizzes.md: the first example is a valid
// quiz; the examples of question types together form one; the overlay example fits that quiz.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile("../../docs/quizzes.md")
	if err != nil {
		t.Fatal(err)
	}
	var full, overlay string
	var questions []string
	for _, block := range strings.Split(string(src), "```json\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		switch {
		case strings.Contains(block, `"id": "dpo-m3-breach"`):
			full = block
		case strings.HasPrefix(block, `{"id": "q`):
			questions = append(questions, strings.TrimSpace(block))
		case strings.Contains(block, `"translation_of"`):
			overlay = block
		}
	}
	// The complete example is a site in a txtar block, which the CLI's TestDocExamples builds.
	for _, block := range strings.Split(string(src), "```txtar\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		for _, f := range txtar.Parse([]byte(block)).Files {
			if f.Name == "content/quizzes/dpo-m3-breach.quiz.json" && full == "" {
				full = string(f.Data)
			}
		}
	}
	if full == "" || overlay == "" || len(questions) != len(types) {
		t.Fatalf("examples not found: full %v, overlay %v, %d questions", full != "", overlay != "", len(questions))
	}
	all := []string{"en", "sl", "hr", "el", "nl", "fr"}
	var l diag.List
	Parse("content/quizzes/dpo-m3-breach.quiz.json", []byte(full), "en", all, &l)
	q := Parse(file, []byte(quiz(questions...)), "en", all, &l)
	ParseOverlay(overlayFile, []byte(overlay), q, "sl", &l)
	if len(l) > 0 {
		t.Errorf("diagnostics in the examples:\n%s", strings.Join(messages(l), "\n"))
	}
}
