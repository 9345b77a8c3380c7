package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// writeSite writes files (path → content) under a new temporary site root.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const twoLanguages = `title: Test
languages:
  - code: en
    name: English
  - code: sl
    name: Slovenščina
`

// checkSite has an error (a broken link), a warning (an image without alt text) and every
// translation status in Slovenian, including a quiz whose texts are not translated.
var checkSite = map[string]string{
	"config.yaml":          twoLanguages,
	"content/en/_index.md": "---\ntitle: Home\n---\nRead [about us](about.md) and [the DPIA](dpia.md).\n",
	"content/en/about.md":  "---\ntitle: About\n---\n# About\n\n![](team.jpg)\n",
	"content/en/team.jpg":  "",
	"content/en/module.md": "---\ntitle: Breaches\ntype: module\nquiz: breach\n---\nThe first 72 hours.\n",
	"content/en/rights.md": "---\ntitle: Rights\n---\nAccess.\n",
	"content/sl/_index.md": "---\ntitle: Domov\ntranslation_of: 000000000000\n---\nDobrodošli.\n",
	"content/sl/extra.md":  "---\ntitle: Dodatno\n---\nSamo v slovenščini.\n",
	"content/quizzes/breach.quiz.json": `{"id": "breach", "title": "Breach quiz", "questions": [
  {"id": "q1", "type": "truefalse", "answer": true, "prompt": "A lost laptop can be a breach."}]}
`,
}

// TestCheckJSON runs check --format json on a site with an error, a warning and translation
// statuses, validates the output against docs/check.schema.json, and checks what it says.
func TestCheckJSON(t *testing.T) {
	root := writeSite(t, checkSite)
	// The translated page: stamped with the hash check reports for its original.
	out, _ := runCLI(t, 1, "check", "-s", root, "--format", "json")
	var first struct {
		Languages []struct {
			Pages []struct{ Status, File, Current string }
		}
	}
	if err := json.Unmarshal(out, &first); err != nil {
		t.Fatal(err)
	}
	for _, p := range first.Languages[0].Pages {
		if p.File == "content/sl/rights.md" {
			writeFile(t, filepath.Join(root, "content/sl/rights.md"), "---\ntitle: Pravice\ntranslation_of: "+p.Current+"\n---\nDostop.\n")
		}
	}

	out, stderr := runCLI(t, 1, "check", "-s", root, "--format", "json")
	if len(stderr) > 0 {
		t.Errorf("stderr: %s", stderr)
	}
	validateAgainstSchema(t, out)

	var got struct {
		Errors, Warnings int
		Diagnostics      []map[string]any
		Languages        []struct {
			Lang   string
			Counts map[string]int
			Pages  []map[string]any
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Errors != 1 || got.Warnings != 1 || len(got.Diagnostics) != 2 {
		t.Fatalf("errors %d, warnings %d, diagnostics %v; want one of each", got.Errors, got.Warnings, got.Diagnostics)
	}
	wantDiags := []string{
		`content/en/_index.md:4:31 error "broken link: no page dpia.md in language en" "check the path, relative to this file"`,
		`content/en/about.md:6:1 warning "missing alt text for image team.jpg" "describe what it shows between the brackets, ![…](team.jpg), or mark a decorative image as ![](team.jpg){.decorative}"`,
	}
	for i, d := range got.Diagnostics {
		s := fmt.Sprintf("%s:%v:%v %s %q %q", d["file"], d["line"], d["col"], d["severity"], d["message"], d["hint"])
		if s != wantDiags[i] {
			t.Errorf("diagnostic %d:\n got %s\nwant %s", i, s, wantDiags[i])
		}
	}
	if len(got.Languages) != 1 || got.Languages[0].Lang != "sl" {
		t.Fatalf("languages %+v; want sl only", got.Languages)
	}
	sl := got.Languages[0]
	if want := map[string]int{"translated": 1, "missing": 3, "outdated": 1, "orphaned": 1}; fmt.Sprint(sl.Counts) != fmt.Sprint(want) {
		t.Errorf("counts %v, want %v", sl.Counts, want)
	}
	var pages []string
	for _, p := range sl.Pages {
		s := fmt.Sprintf("%s %s", p["status"], p["file"])
		if texts, ok := p["texts"]; ok {
			s += fmt.Sprintf(" %v", texts)
		}
		if tr, ok := p["translation_of"]; ok {
			s += fmt.Sprintf(" was %v", tr)
		}
		pages = append(pages, s)
	}
	wantPages := []string{
		"translated content/sl/rights.md was " + fmt.Sprint(sl.Pages[0]["current"]),
		"missing content/sl/about.md",
		"missing content/sl/module.md",
		"missing content/quizzes/breach.quiz.json [title q1.prompt]",
		"outdated content/sl/_index.md was 000000000000",
		"orphaned content/sl/extra.md",
	}
	if strings.Join(pages, "\n") != strings.Join(wantPages, "\n") {
		t.Errorf("pages:\n%s\nwant:\n%s", strings.Join(pages, "\n"), strings.Join(wantPages, "\n"))
	}
}

// TestCheckExitStatus: 0 for a clean site (warnings allowed), 1 for errors, 1 for warnings
// only with --strict, 2 for usage errors; JSON output agrees with the text output.
func TestCheckExitStatus(t *testing.T) {
	page := func(body string) map[string]string {
		return map[string]string{
			"config.yaml":          "title: Test\nlanguages:\n  - code: en\n    name: English\n",
			"content/en/_index.md": "---\ntitle: Home\n---\n" + body,
			"content/en/a.png":     "",
		}
	}
	clean := writeSite(t, page("Welcome. ![A chart](a.png) ![](a.png){.decorative}\n"))
	warning := writeSite(t, page("Welcome. ![](a.png)\n"))
	broken := writeSite(t, page("See [nothing](nothing.md).\n"))
	tests := []struct {
		args     []string
		code     int
		errors   int // in the JSON output; -1: not JSON
		warnings int
	}{
		{[]string{"check", "-s", clean}, 0, -1, 0},
		{[]string{"check", "-s", clean, "--strict"}, 0, -1, 0},
		{[]string{"check", "-s", clean, "--format", "json"}, 0, 0, 0},
		{[]string{"check", "-s", warning}, 0, -1, 0},
		{[]string{"check", "-s", warning, "--format", "json"}, 0, 0, 1},
		{[]string{"check", "-s", warning, "--strict"}, 1, -1, 0},
		{[]string{"check", "-s", warning, "--strict", "--format", "json"}, 1, 1, 0},
		{[]string{"check", "-s", broken}, 1, -1, 0},
		{[]string{"check", "-s", broken, "--format", "json"}, 1, 1, 0},
		{[]string{"check", "-s", clean, "--format", "xml"}, 2, -1, 0},
		{[]string{"check", "-s", clean, "--bogus"}, 2, -1, 0},
		{[]string{"check", "-s", clean, "content/en/_index.md"}, 2, -1, 0},
	}
	for _, tt := range tests {
		name := map[string]string{clean: "clean", warning: "warning", broken: "error"}[tt.args[2]]
		t.Run(strings.Join(append([]string{name}, tt.args[3:]...), " "), func(t *testing.T) {
			out, _ := runCLI(t, tt.code, tt.args...)
			if tt.errors < 0 {
				return
			}
			validateAgainstSchema(t, out)
			var got struct{ Errors, Warnings int }
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if got.Errors != tt.errors || got.Warnings != tt.warnings {
				t.Errorf("errors %d, warnings %d; want %d, %d", got.Errors, got.Warnings, tt.errors, tt.warnings)
			}
		})
	}
}

// runCLI runs the command in-process and checks its exit status.
func runCLI(t *testing.T, wantCode int, args ...string) (stdout, stderr []byte) {
	t.Helper()
	var o, e bytes.Buffer
	if code := run(args, &o, &e); code != wantCode {
		t.Fatalf("securehealth %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, o.String(), e.String())
	}
	return o.Bytes(), e.Bytes()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// validateAgainstSchema checks a check --format json document against docs/check.schema.json.
func validateAgainstSchema(t *testing.T, doc []byte) {
	t.Helper()
	schema := loadCheckSchema(t)
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, doc)
	}
	if errs := (&validator{root: schema}).validate(schema, v, "$"); len(errs) > 0 {
		t.Errorf("output does not match docs/check.schema.json:\n  %s\n%s", strings.Join(errs, "\n  "), doc)
	}
}

func loadCheckSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../../docs/check.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatalf("docs/check.schema.json: %v", err)
	}
	return schema
}

// A validator checks a JSON value against the subset of JSON Schema (2020-12) that
// docs/check.schema.json uses. A keyword it does not know is reported as an error, so that
// the schema cannot say more than the test checks.
type validator struct {
	root map[string]any
}

// annotations are keywords that do not constrain a value.
var annotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "title": true, "description": true, "$comment": true}

func (vd *validator) validate(s map[string]any, v any, at string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		arg := s[k]
		switch k {
		case "$ref":
			ref, _ := arg.(string)
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			defs, _ := vd.root["$defs"].(map[string]any)
			sub, found := defs[name].(map[string]any)
			if !ok || !found {
				fail("unresolvable $ref %q", ref)
				continue
			}
			errs = append(errs, vd.validate(sub, v, at)...)
		case "type":
			if !hasType(v, arg.(string)) {
				fail("%s is not of type %s", short(v), arg)
			}
		case "const":
			if fmt.Sprint(v) != fmt.Sprint(arg) || !hasType(v, typeOf(arg)) {
				fail("%s is not %v", short(v), arg)
			}
		case "enum":
			found := false
			for _, e := range arg.([]any) {
				if fmt.Sprint(v) == fmt.Sprint(e) && typeOf(v) == typeOf(e) {
					found = true
				}
			}
			if !found {
				fail("%s is not one of %v", short(v), arg)
			}
		case "minimum":
			if n, ok := v.(float64); ok && n < arg.(float64) {
				fail("%v is below the minimum %v", n, arg)
			}
		case "minLength":
			if str, ok := v.(string); ok && float64(utf8.RuneCountInString(str)) < arg.(float64) {
				fail("%q is shorter than %v", str, arg)
			}
		case "pattern":
			if str, ok := v.(string); ok && !regexp.MustCompile(arg.(string)).MatchString(str) {
				fail("%q does not match %s", str, arg)
			}
		case "required":
			if obj, ok := v.(map[string]any); ok {
				for _, r := range arg.([]any) {
					if _, has := obj[r.(string)]; !has {
						fail("missing required key %q", r)
					}
				}
			}
		case "properties":
			if obj, ok := v.(map[string]any); ok {
				props := arg.(map[string]any)
				for _, name := range sortedKeys(obj) {
					if sub, ok := props[name].(map[string]any); ok {
						errs = append(errs, vd.validate(sub, obj[name], at+"."+name)...)
					}
				}
			}
		case "additionalProperties":
			if arg != false {
				fail("schema: additionalProperties other than false is not supported")
				continue
			}
			if obj, ok := v.(map[string]any); ok {
				props, _ := s["properties"].(map[string]any)
				for _, name := range sortedKeys(obj) {
					if _, known := props[name]; !known {
						fail("unknown key %q", name)
					}
				}
			}
		case "items":
			if arr, ok := v.([]any); ok {
				for i, item := range arr {
					errs = append(errs, vd.validate(arg.(map[string]any), item, fmt.Sprintf("%s[%d]", at, i))...)
				}
			}
		default:
			if !annotations[k] {
				fail("schema keyword %q is not implemented by the test's validator", k)
			}
		}
	}
	return errs
}

func hasType(v any, typ string) bool {
	switch typ {
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "number":
		_, ok := v.(float64)
		return ok
	}
	return typeOf(v) == typ
}

func typeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// TestSchemaValidator: the validator rejects what the schema forbids, so that a passing
// TestCheckJSON means something.
func TestSchemaValidator(t *testing.T) {
	schema := loadCheckSchema(t)
	valid := `{"format": "securehealth-check/1", "errors": 0, "warnings": 1,
	  "diagnostics": [{"file": "content/en/a.md", "line": 1, "col": 2, "severity": "warning", "message": "m", "hint": "h"}],
	  "languages": [{"lang": "sl", "counts": {"translated": 0, "missing": 1, "outdated": 0, "orphaned": 0},
	    "pages": [{"status": "missing", "file": "content/sl/a.md", "original": "content/en/a.md", "current": "0123456789ab"}]}]}`
	tests := []struct {
		name, edit, want string // edit replaces the first occurrence of its left side by its right
	}{
		{"valid", "", ""},
		{"wrong format", `"securehealth-check/1"=>"securehealth-check/2"`, `$.format: "securehealth-check/2" is not securehealth-check/1`},
		{"missing key", `"errors": 0, =>`, `$: missing required key "errors"`},
		{"unknown key", `"warnings": 1,=>"warnings": 1, "extra": true,`, `$: unknown key "extra"`},
		{"fractional count", `"warnings": 1=>"warnings": 1.5`, `$.warnings: 1.5 is not of type integer`},
		{"line 0", `"line": 1=>"line": 0`, `$.diagnostics[0].line: 0 is below the minimum 1`},
		{"severity", `"severity": "warning"=>"severity": "note"`, `$.diagnostics[0].severity: "note" is not one of [error warning]`},
		{"empty hint", `"hint": "h"=>"hint": ""`, `$.diagnostics[0].hint: "" is shorter than 1`},
		{"status", `"status": "missing"=>"status": "lost"`, `$.languages[0].pages[0].status: "lost" is not one of [translated missing outdated orphaned]`},
		{"hash", `"current": "0123456789ab"=>"current": "xyz"`, `$.languages[0].pages[0].current: "xyz" does not match ^[0-9a-f]{12}$`},
		{"count missing", `, "orphaned": 0}=>}`, `$.languages[0].counts: missing required key "orphaned"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := valid
			if tt.edit != "" {
				from, to, _ := strings.Cut(tt.edit, "=>")
				if !strings.Contains(doc, from) {
					t.Fatalf("%q not in the document", from)
				}
				doc = strings.Replace(doc, from, to, 1)
			}
			var v any
			if err := json.Unmarshal([]byte(doc), &v); err != nil {
				t.Fatal(err)
			}
			errs := (&validator{root: schema}).validate(schema, v, "$")
			if got := strings.Join(errs, "\n"); got != tt.want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestCheckJSONDocExample: the example in docs/cli.md matches the schema too.
func TestCheckJSONDocExample(t *testing.T) {
	b, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "### check --format json")
	if !ok {
		t.Fatal(`docs/cli.md has no "### check --format json" section`)
	}
	_, block, ok := strings.Cut(after, "```json\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("no json example in the check --format json section of docs/cli.md")
	}
	validateAgainstSchema(t, []byte(block))
}
