package toolbox

import (
	"strings"
	"testing"
)

func exp(template, lang, fields string) []byte {
	return []byte(`{"format": "securehealth-template/1", "site": "s", "template": "` + template + `", "kind": "", "lang": "` + lang +
		`", "copy": "", "saved": "", "fields": [` + fields + `]}`)
}

func TestSummarize(t *testing.T) {
	files := map[string][]byte{
		"1.json": exp("plan", "en", `{"id": "hours", "type": "number", "label": "Hours", "value": 2},
			{"id": "actions", "type": "table", "label": "Actions", "columns": [{"id": "action", "label": "Action"}, {"id": "due", "label": "Due"}],
			 "value": [{"action": "Update | the register", "due": "2025-04-01"}, {"action": "", "due": ""}]},
			{"id": "met", "type": "date", "label": "Met on", "value": "2025-03-01"},
			{"id": "rhythm", "type": "select", "label": "Rhythm | how often", "value": "yearly", "options": [{"id": "weekly", "label": "Weekly"}]}`),
		"2.json": exp("plan", "en", `{"id": "hours", "type": "number", "label": "Hours", "value": 3.5},
			{"id": "extra", "type": "text", "label": "Extra", "value": "only here"}`),
	}
	var b strings.Builder
	if err := Summarize(&b, files, "en"); err != nil {
		t.Fatal(err)
	}
	want := `# Summary: plan

2 responses.

## Hours

Average: 2.75 (2 answers).

## Actions

- Action: Update | the register; Due: 2025-04-01

## Met on

- 2025-03-01

## Rhythm | how often

| Option | Responses |
|---|---:|
| Weekly | 0 |
| yearly | 1 |

No answer: 1.

## Extra

- only here
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestSummarizeErrors(t *testing.T) {
	ok := exp("plan", "en", `{"id": "a", "type": "radio", "label": "A", "value": "x"}`)
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"none", map[string][]byte{}, "no export files to summarize"},
		{"no format", map[string][]byte{"a.json": []byte(`{"template": "plan"}`)},
			`a.json: error: not a template export: no "format": "securehealth-template/1"`},
		{"wrong type of key", map[string][]byte{"a.json": []byte(`{"format": "securehealth-template/1", "template": "plan", "fields": {}}`)},
			`a.json: error: not a template export: "fields" is object, not []toolbox.ExportField`},
		{"no template", map[string][]byte{"a.json": []byte(`{"format": "securehealth-template/1"}`)}, `a.json: error: no "template" id`},
		{"unknown type", map[string][]byte{"a.json": exp("plan", "en", `{"id": "a", "type": "slider", "value": 1}`)},
			`a.json: error: field "a" has unknown type "slider"`},
		{"duplicate field", map[string][]byte{"a.json": exp("plan", "en", `{"id": "a", "type": "text", "value": ""}, {"id": "a", "type": "text", "value": ""}`)},
			`a.json: error: field "a" appears twice`},
		{"value of wrong kind", map[string][]byte{"a.json": exp("plan", "en", `{"id": "a", "type": "checklist", "value": "x"}`)},
			`a.json: error: field "a": a checklist value must be a list of option ids`},
		{"types differ between files", map[string][]byte{"a.json": ok, "b.json": exp("plan", "en", `{"id": "a", "type": "select", "label": "A", "value": "x"}`)},
			`b.json: error: field "a" has type select here but radio in a.json`},
		{"templates differ", map[string][]byte{"a.json": ok, "b.json": exp("other", "en", ``), "c.json": exp("third", "en", ``)},
			"b.json: error: template \"other\" here but \"plan\" in a.json; summarize the exports of one template at a time\n" +
				"c.json: error: template \"third\" here but \"plan\" in a.json; summarize the exports of one template at a time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			err := Summarize(&b, tt.files, "")
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
			if b.Len() > 0 {
				t.Errorf("wrote %q despite errors", b.String())
			}
		})
	}
}

func FuzzReadExport(f *testing.F) {
	f.Add(string(exp("plan", "en", `{"id": "a", "type": "rating", "scale": 5, "value": 3}, {"id": "t", "type": "table", "value": [{"x": "y"}]}`)))
	f.Fuzz(func(t *testing.T, s string) {
		if e, err := ReadExport([]byte(s)); err == nil {
			var b strings.Builder
			if err := Summarize(&b, map[string][]byte{"a": []byte(s)}, e.Lang); err != nil {
				t.Fatalf("valid export does not summarize: %v", err)
			}
		}
	})
}
