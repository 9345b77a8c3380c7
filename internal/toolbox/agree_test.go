package toolbox

import (
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
)

const enPlan = `---
title: Plan
type: template
fields:
  - {id: goals, label: Goals, type: textarea, required: true, help: Three goals.}
  - id: meeting_rhythm
    label: How often?
    type: select
    options: [{id: weekly, label: Every week}, {id: fortnightly, label: Every two weeks}]
  - {id: actions, label: Actions, type: table, columns: [action, {id: due, label: Due, type: date}]}
  - {id: useful, label: Was it useful, type: rating, scale: 5}
---
`

func mustParse(t *testing.T, path, src string) *Template {
	t.Helper()
	var diags diag.List
	fm := frontmatter.Parse(path, []byte(src), &diags)
	tpl := Parse(path, fm, "plan", &diags)
	if len(diags) > 0 {
		t.Fatalf("%s: %q", path, diags)
	}
	return tpl
}

func TestAgree(t *testing.T) {
	const en, sl = "content/en/toolbox/plan.md", "content/sl/toolbox/plan.md"
	def := mustParse(t, en, enPlan)
	tests := []struct {
		name string
		src  string // the Slovenian page
		want []string
	}{
		{"labels and help differ", strings.NewReplacer("Goals", "Cilji", "Three goals.", "Trije cilji.", "Every week", "Vsak teden", "Due", "Rok").Replace(enPlan), nil},
		{"type differs", strings.Replace(enPlan, "type: select", "type: radio", 1),
			[]string{sl + `:6:5: error: field "meeting_rhythm" has type radio here but select in ` + en + `; translations may change labels and help only`}},
		{"field renamed", strings.Replace(enPlan, "id: useful", "id: usefulness", 1),
			[]string{
				sl + `:11:5: error: field "usefulness" is not in ` + en + `; translations may change labels and help only`,
				sl + `:5:3: error: field "useful" of ` + en + ` is missing here; translations may change labels and help only`}},
		{"fields reordered", strings.Replace(enPlan, "  - {id: goals, label: Goals, type: textarea, required: true, help: Three goals.}\n", "", 1) +
			"", nil}, // replaced below
		{"option id differs", strings.Replace(enPlan, "{id: fortnightly", "{id: biweekly", 1),
			[]string{
				sl + `:9:48: error: field "meeting_rhythm": option "biweekly" is not in ` + en + `; translations may change labels and help only`,
				sl + `:6:5: error: field "meeting_rhythm": option "fortnightly" of ` + en + ` is missing here; translations may change labels and help only`}},
		{"options reordered", strings.Replace(enPlan, "[{id: weekly, label: Every week}, {id: fortnightly, label: Every two weeks}]", "[{id: fortnightly, label: Every two weeks}, {id: weekly, label: Every week}]", 1),
			[]string{sl + `:9:15: error: field "meeting_rhythm": option "fortnightly" comes before "weekly" here but after it in ` + en + `; translations may change labels and help only, in the same order`}},
		{"column differs", strings.Replace(enPlan, "columns: [action,", "columns: [task,", 1),
			[]string{
				sl + `:10:58: error: field "actions": column "task" is not in ` + en + `; translations may change labels and help only`,
				sl + `:10:5: error: field "actions": column "action" of ` + en + ` is missing here; translations may change labels and help only`}},
		{"column type differs", strings.Replace(enPlan, "type: date}", "type: text}", 1),
			[]string{sl + `:10:66: error: field "actions": column "due" has type text here but date in ` + en + `; translations may change labels and help only`}},
		{"required and scale differ", strings.NewReplacer("required: true", "required: false", "scale: 5", "scale: 7").Replace(enPlan),
			[]string{
				sl + `:5:5: error: field "goals" is optional here but required in ` + en + `; translations may change labels and help only`,
				sl + `:11:5: error: field "useful" has scale 7 here but 5 in ` + en + `; translations may change labels and help only`}},
		{"kind differs", strings.Replace(enPlan, "type: template\n", "type: template\nkind: feedback\n", 1),
			[]string{sl + `:6:3: error: template kind is feedback here but plain (no kind) in ` + en + `; translations may change labels and help only`}},
	}
	// Moving the first field to the end reports one field out of order.
	lines := strings.Split(enPlan, "\n")
	moved := append(append(append([]string{}, lines[:4]...), lines[5:11]...), append([]string{lines[4]}, lines[11:]...)...)
	tests[3].src = strings.Join(moved, "\n")
	tests[3].want = []string{sl + `:5:5: error: field "meeting_rhythm" comes before "goals" here but after it in ` + en + `; translations may change labels and help only, in the same order`}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := mustParse(t, sl, tt.src)
			var diags diag.List
			Agree(def, tr, &diags)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
