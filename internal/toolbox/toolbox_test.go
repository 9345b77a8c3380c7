package toolbox

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
)

// parse runs the front matter and the field list through their parsers as the build does.
func parse(t testing.TB, path, src string) (*Template, []string) {
	t.Helper()
	var diags diag.List
	fm := frontmatter.Parse(path, []byte(src), &diags)
	var tpl *Template
	if !diags.HasErrors() {
		tpl = Parse(path, fm, "plan", &diags)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	return tpl, got
}

func TestParseFile(t *testing.T) {
	src, err := os.ReadFile("testdata/plan.md")
	if err != nil {
		t.Fatal(err)
	}
	tpl, diags := parse(t, "content/en/toolbox/plan.md", string(src))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %q", diags)
	}
	f := func(x float64) *float64 { return &x }
	file := "content/en/toolbox/plan.md"
	pos := func(l, c int) diag.Pos { return diag.Pos{File: file, Line: l, Col: c} }
	want := &Template{
		ID: "plan", Audience: []string{"mentor", "mentee"}, Topics: []string{"mentoring"}, Source: file, Pos: pos(8, 3),
		Fields: []Field{
			{ID: "mentee_goals", Type: Textarea, Label: "Goals for this mentoring period", Required: true, Section: "Goals",
				Help: "Three concrete goals, each linked to a competence of the skills chart.", Pos: pos(8, 5)},
			{ID: "meeting_rhythm", Type: Select, Label: "How often do you meet?", Pos: pos(14, 5), Options: []Option{
				{"weekly", "Every week", pos(18, 9)}, {"fortnightly", "Every two weeks", pos(19, 9)}, {"monthly", "monthly", pos(20, 9)}}},
			{ID: "actions", Type: Table, Label: "Actions", Rows: 4, Pos: pos(21, 5), Columns: []Column{
				{"action", "Action", Text, pos(25, 15)}, {"owner", "Owner", Text, pos(25, 44)}, {"due", "Due", Date, pos(25, 71)}}},
			{ID: "usefulness", Type: Rating, Label: "How useful was the session?", Scale: 7, Low: "Not at all", High: "Very", Pos: pos(26, 5)},
			{ID: "hours", Type: Number, Label: "Hours spent", Min: f(0), Max: f(40.5), Pos: pos(32, 5)},
			{ID: "agreed", Type: Checkbox, Label: "We agreed on the plan", Pos: pos(37, 5)},
		},
	}
	if !reflect.DeepEqual(tpl, want) {
		t.Errorf("got  %+v\nwant %+v", tpl, want)
	}
}

// tpl wraps field YAML (indented by two spaces under "fields:") in a template page; the first
// field line is file line 4.
func tpl(extra, fields string) string {
	return "---\ntitle: T\ntype: template\n" + extra + "fields:\n" + fields + "---\nBody.\n"
}

func TestParseErrors(t *testing.T) {
	const f = "content/en/toolbox/plan.md"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"no fields", "---\ntitle: T\ntype: template\n---\n",
			[]string{f + ":3:7: error: template has no fields; add fields: with one entry per question, such as - {id: goals, label: Goals, type: textarea}"}},
		{"empty fields", tpl("", ""),
			[]string{f + ":4:8: error: template has no fields; add fields: with one entry per question, such as - {id: goals, label: Goals, type: textarea}"}},
		{"fields not a list", "---\ntitle: T\ntype: template\nfields: goals\n---\n",
			[]string{f + `:4:9: error: fields must be a list, not a single value; write fields: as a list, one "- id: …" entry per field`}},
		{"field not a mapping", tpl("", "  - goals\n"),
			[]string{f + `:5:5: error: field 1 must be a mapping, not a single value; write each field as id: …, label: …, type: … lines below its "-"`}},
		{"unknown type", tpl("", "  - {id: a, label: A, type: dropdown}\n"),
			[]string{f + `:5:29: error: field "a": unknown type "dropdown"; types: checkbox, checklist, date, number, radio, rating, select, table, text, textarea`}},
		{"duplicate id", tpl("", "  - {id: a, label: A}\n  - {id: b, label: B}\n  - {id: a, label: C}\n"),
			[]string{f + `:7:5: error: duplicate field id "a" (first on line 5); give each field its own id`}},
		{"bad id", tpl("", "  - {id: Mentee Goals, label: A}\n"),
			[]string{f + `:5:10: error: invalid field id "Mentee Goals"; use lower-case letters, digits and _, starting with a letter, such as mentee_goals`}},
		{"id starting with a digit", tpl("", "  - {id: 1st, label: A}\n"),
			[]string{f + `:5:10: error: invalid field id "1st"; use lower-case letters, digits and _, starting with a letter, such as mentee_goals`}},
		{"no id", tpl("", "  - label: Next steps\n"),
			[]string{f + `:5:5: error: field 1 has no id; add id: a stable name used in every language, such as next_steps`}},
		{"missing label", tpl("", "  - id: a\n    type: text\n"),
			[]string{f + `:5:5: error: field "a" has no label; add label: the question or prompt the person sees`}},
		{"empty label", tpl("", "  - id: a\n    label: \"  \"\n"),
			[]string{f + `:6:12: error: field "a" has no label; add label: the question or prompt the person sees`}},
		{"select without options", tpl("", "  - {id: a, label: A, type: select}\n"),
			[]string{f + `:5:5: error: field "a": select field has no options; add options: a list of {id: …, label: …} or plain strings`}},
		{"radio with empty options", tpl("", "  - {id: a, label: A, type: radio, options: []}\n"),
			[]string{f + `:5:45: error: field "a": radio field has no options; add options: a list of {id: …, label: …} or plain strings`}},
		{"checklist without options", tpl("", "  - id: a\n    label: A\n    type: checklist\n    options:\n"),
			[]string{f + `:8:13: error: field "a": checklist field has no options; add options: a list of {id: …, label: …} or plain strings`}},
		{"duplicate option id", tpl("", "  - id: a\n    label: A\n    type: radio\n    options:\n      - {id: weekly, label: Weekly}\n      - weekly\n"),
			[]string{f + `:10:9: error: field "a": duplicate option id "weekly" (first on line 9); give each option its own id`}},
		{"plain option with spaces", tpl("", "  - id: a\n    label: A\n    type: radio\n    options: [Every week]\n"),
			[]string{f + `:8:15: error: field "a": invalid option id "Every week"; use lower-case letters, digits, _ and -, such as every_week; a plain string is both id and label, so write {id: every_week, label: Every week}`}},
		{"option without id", tpl("", "  - id: a\n    label: A\n    type: radio\n    options: [{label: Weekly}]\n"),
			[]string{f + `:8:15: error: field "a": option has no id; add id: a stable name used in every language, such as weekly`}},
		{"option without label", tpl("", "  - id: a\n    label: A\n    type: radio\n    options: [{id: weekly}]\n"),
			[]string{f + `:8:15: error: field "a": option "weekly" has no label; add label: the text the person sees`}},
		{"option unknown key", tpl("", "  - id: a\n    label: A\n    type: radio\n    options: [{id: weekly, lable: Weekly}]\n"),
			[]string{
				f + `:8:28: error: unknown key "lable" in field "a" option; did you mean "label"? known keys: id, label`,
				f + `:8:15: error: field "a": option "weekly" has no label; add label: the text the person sees`}},
		{"table without columns", tpl("", "  - {id: a, label: A, type: table}\n"),
			[]string{f + `:5:5: error: field "a": table has no columns; add columns: such as [{id: action, label: Action}, {id: due, label: Due, type: date}]`}},
		{"bad column type", tpl("", "  - id: a\n    label: A\n    type: table\n    columns:\n      - {id: due, label: Due, type: time}\n"),
			[]string{f + `:9:37: error: field "a": column "due" has unknown type "time"; column types: date, number, text, textarea`}},
		{"duplicate column", tpl("", "  - id: a\n    label: A\n    type: table\n    columns: [due, due]\n"),
			[]string{f + `:8:20: error: field "a": duplicate column id "due" (first on line 8); give each column its own id`}},
		{"rating scale too large", tpl("", "  - {id: a, label: A, type: rating, scale: 12}\n"),
			[]string{f + `:5:44: error: field "a": scale 12 is outside 2–10; use a number of points from 2 to 10, such as 5`}},
		{"rating scale too small", tpl("", "  - {id: a, label: A, type: rating, scale: 1}\n"),
			[]string{f + `:5:44: error: field "a": scale 1 is outside 2–10; use a number of points from 2 to 10, such as 5`}},
		{"rating scale not a number", tpl("", "  - {id: a, label: A, type: rating, scale: five}\n"),
			[]string{f + `:5:44: error: value "five" is not a whole number; write a whole number such as 5`}},
		{"unknown key", tpl("", "  - id: a\n    lable: A\n"),
			[]string{
				f + `:6:5: error: unknown key "lable" in field "a"; did you mean "label"? known keys: help, id, label, required, section, type`,
				f + `:5:5: error: field "a" has no label; add label: the question or prompt the person sees`}},
		{"key of another type", tpl("", "  - {id: a, label: A, options: [x]}\n"),
			[]string{f + `:5:23: error: field "a": key "options" does not apply to a text field; it applies to checklist, radio, select fields; remove it or change the type`}},
		{"required not bool", tpl("", "  - {id: a, label: A, required: maybe}\n"),
			[]string{f + `:5:33: error: value "maybe" is not true or false; write true or false`}},
		{"label a list", tpl("", "  - {id: a, label: [A]}\n"),
			[]string{
				f + `:5:20: error: a list is not a text value; write text, quoted if needed`,
				f + `:5:20: error: field "a" has no label; add label: the question or prompt the person sees`}},
		{"min above max", tpl("", "  - {id: a, label: A, type: number, min: 5, max: 1}\n"),
			[]string{f + `:5:50: error: field "a": max 1 is below min 5; make max at least min`}},
		{"audience", tpl("audience: [dpo, nurse]\n", "  - {id: a, label: A}\n"),
			[]string{f + `:4:11: error: unknown audience "nurse"; audiences: dpo, mentor, mentee, staff, trainer`}},
		{"kind", tpl("kind: survey\n", "  - {id: a, label: A}\n"),
			[]string{f + `:4:7: error: unknown template kind "survey"; write kind: feedback for a feedback form, or leave kind out`}},
		{"feedback kind ok", tpl("kind: feedback\n", "  - {id: a, label: A, type: rating}\n"), nil},
		{"duplicate key in field", tpl("", "  - id: a\n    label: A\n    label: B\n"),
			[]string{f + `:7:5: error: key "label" appears twice (first on line 6); keep one of them`}},
		{"several at once", tpl("", "  - {id: a, label: A, type: select}\n  - {id: a, type: table}\n  - {id: B, label: B, type: rating, scale: 11}\n"),
			[]string{
				f + `:5:5: error: field "a": select field has no options; add options: a list of {id: …, label: …} or plain strings`,
				f + `:6:5: error: field "a" has no label; add label: the question or prompt the person sees`,
				f + `:6:5: error: field "a": table has no columns; add columns: such as [{id: action, label: Action}, {id: due, label: Due, type: date}]`,
				f + `:6:5: error: duplicate field id "a" (first on line 5); give each field its own id`,
				f + `:7:10: error: invalid field id "B"; use lower-case letters, digits and _, starting with a letter, such as b`,
				f + `:7:44: error: field 3: scale 11 is outside 2–10; use a number of points from 2 to 10, such as 5`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := parse(t, f, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		tpl("", "  - {id: a, label: A, type: select, options: [x, {id: y, label: Y}]}\n"),
		tpl("kind: feedback\naudience: [mentor]\n", "  - {id: a, label: A, type: rating, scale: 3}\n  - {id: t, label: T, type: table, columns: [a, {id: b, type: date}]}\n"),
		tpl("", "  - id: a\n    label: [x]\n    options: {a: b}\n"),
		tpl("", "  - 3\n  - []\n  - {id: ~, type: ~}\n"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		fm := frontmatter.Parse("f.md", []byte(src), &diags)
		tpl := Parse("f.md", fm, "x", &diags)
		for _, d := range diags {
			if d.Pos.File != "f.md" || d.Pos.Line < 1 || d.Message == "" {
				t.Fatalf("bad diagnostic %q", d)
			}
		}
		if !diags.HasErrors() {
			var again diag.List
			Agree(tpl, tpl, &again)
			if len(again) > 0 {
				t.Fatalf("a template disagrees with itself: %q", again)
			}
		}
	})
}
