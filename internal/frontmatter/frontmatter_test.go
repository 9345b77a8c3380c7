package frontmatter

import (
	"bytes"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		yaml       string
		body       string
		ok, closed bool
	}{
		{name: "plain", src: "---\ntitle: A\n---\nBody\n", yaml: "title: A\n", body: "Body\n", ok: true, closed: true},
		{name: "BOM", src: "\ufeff---\ntitle: A\n---\nBody", yaml: "title: A\n", body: "Body", ok: true, closed: true},
		{name: "CRLF", src: "---\r\ntitle: A\r\n---\r\nBody\r\n", yaml: "title: A\r\n", body: "Body\r\n", ok: true, closed: true},
		{name: "trailing blanks on fences", src: "--- \t\ntitle: A\n---  \nBody", yaml: "title: A\n", body: "Body", ok: true, closed: true},
		{name: "empty block", src: "---\n---\nBody", yaml: "", body: "Body", ok: true, closed: true},
		{name: "closing fence at EOF", src: "---\ntitle: A\n---", yaml: "title: A\n", body: "", ok: true, closed: true},
		{name: "no front matter", src: "# Title\n\nText\n"},
		{name: "empty file", src: ""},
		{name: "BOM only", src: "\ufeff"},
		{name: "fence not on first line", src: "\n---\ntitle: A\n---\n"},
		{name: "four dashes", src: "----\ntitle: A\n----\n"},
		{name: "indented fence", src: " ---\ntitle: A\n---\n"},
		{name: "no closing fence", src: "---\ntitle: A\nBody\n", ok: true},
		{name: "only an opening fence", src: "---", ok: true},
		{name: "dots do not close", src: "---\ntitle: A\n...\nBody\n", ok: true},
		{name: "thematic break later", src: "---\ntitle: A\n---\nText\n\n---\n\nMore\n", yaml: "title: A\n", body: "Text\n\n---\n\nMore\n", ok: true, closed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, start, ok, closed := Split([]byte(tt.src))
			if ok != tt.ok || closed != tt.closed {
				t.Fatalf("ok, closed = %v, %v; want %v, %v", ok, closed, tt.ok, tt.closed)
			}
			if string(y) != tt.yaml {
				t.Errorf("yaml = %q, want %q", y, tt.yaml)
			}
			if closed {
				if body := tt.src[start:]; body != tt.body {
					t.Errorf("body = %q, want %q", body, tt.body)
				}
			} else if start != 0 {
				t.Errorf("bodyStart = %d without a closed block", start)
			}
		})
	}
}

func parse(src string) (FrontMatter, []string) {
	var diags diag.List
	fm := Parse("content/en/x.md", []byte(src), &diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	return fm, got
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(FrontMatter) bool
	}{
		{"title No stays text", "---\ntitle: No\n---\n", func(f FrontMatter) bool { return f.Title == "No" && f.Type == TypePage }},
		{"numeric title is text", "---\ntitle: 2020\n---\n", func(f FrontMatter) bool { return f.Title == "2020" }},
		{"BOM and CRLF", "\ufeff---\r\ntitle: A\r\nweight: 2\r\n---\r\nBody", func(f FrontMatter) bool { return f.Title == "A" && f.Weight == 2 }},
		{"module keys", "---\ntitle: M\ntype: module\noutcomes: [a, b]\neqf_level: 5\nhours: 1.5\necvet: 2\ncompetences: [c]\nquiz: q1\n---\n",
			func(f FrontMatter) bool {
				return f.Type == TypeModule && len(f.Outcomes) == 2 && f.EQFLevel == 5 && f.Hours == 1.5 && f.Quiz == "q1"
			}},
		{"template fields kept as a node", "---\ntitle: T\ntype: template\nfields:\n  - id: a\n---\n",
			func(f FrontMatter) bool { return f.Type == TypeTemplate && len(f.Fields.Content) == 1 }},
		{"params free", "---\ntitle: P\nparams:\n  hero: x.png\n  n: [1]\n---\n", func(f FrontMatter) bool { return f.Params["hero"] == "x.png" }},
		{"draft", "---\ntitle: D\ndraft: true\n---\n", func(f FrontMatter) bool { return f.Draft }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, diags := parse(tt.src)
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if !tt.check(fm) {
				t.Errorf("unexpected %+v", fm)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"missing", "# Hello\n", []string{"content/en/x.md:1:1: error: missing front matter; start the file with a front matter block: ---, title: …, ---"}},
		{"unclosed", "---\ntitle: A\n", []string{"content/en/x.md:1:1: error: front matter is not closed; close the front matter with a line holding only ---"}},
		{"empty block", "---\n---\nText", []string{"content/en/x.md:1:1: error: missing title; add title: … between the --- lines"}},
		{"comment only", "---\n# todo\n---\n", []string{"content/en/x.md:1:1: error: missing title; add title: … between the --- lines"}},
		{"no title key", "---\ndescription: d\n---\n", []string{"content/en/x.md:2:1: error: missing title; add title: followed by the page title"}},
		{"blank title", "---\nweight: 1\ntitle: \"  \"\n---\n", []string{"content/en/x.md:3:1: error: missing title; add title: followed by the page title"}},
		{"bad yaml", "---\ntitle: A\nweight: [1\n---\n", []string{"content/en/x.md:3:1: error: invalid YAML: did not find expected ',' or ']'; check indentation, colons and quoting on that line"}},
		{"bad yaml with BOM and CRLF", "\ufeff---\r\ntitle: A\r\nx: a: b\r\n---\r\n", []string{"content/en/x.md:3:1: error: invalid YAML: mapping values are not allowed in this context; check indentation, colons and quoting on that line"}},
		{"wrong type", "---\ntitle: A\nweight: ten\n---\n", []string{`content/en/x.md:3:9: error: value "ten" is not a whole number; write a whole number such as 10`}},
		{"module key on page", "---\ntitle: A\noutcomes: [x]\n---\n",
			[]string{`content/en/x.md:3:1: error: unknown key "outcomes" in front matter (type page); it belongs to curriculum, lesson, module pages: set type: module or remove it`}},
		{"template key on module", "---\ntitle: A\ntype: module\nfields: []\n---\n",
			[]string{`content/en/x.md:4:1: error: unknown key "fields" in front matter (type module); it belongs to template pages: set type: template or remove it`}},
		{"module key on lesson", "---\ntitle: A\ntype: lesson\neqf_level: 4\n---\n",
			[]string{`content/en/x.md:4:1: error: unknown key "eqf_level" in front matter (type lesson); it belongs to curriculum, module pages: set type: module or remove it`}},
		{"typo", "---\ntitle: A\ndraf: true\n---\n",
			[]string{`content/en/x.md:3:1: error: unknown key "draf" in front matter (type page); did you mean "draft"? known keys: description, draft, params, title, translation_key, translation_of, type, weight`}},
		{"unknown type", "---\ntitle: A\ntype: blog\n---\n", []string{`content/en/x.md:3:7: error: unknown page type "blog"; use one of: curriculum, lesson, module, page, template`}},
		{"not a mapping", "---\n- a\n---\n", []string{"content/en/x.md:2:1: error: front matter (type page) must be a YAML mapping, not a list; write key: value pairs"}},
		{"several", "---\ntitel: A\nweight: x\n---\n", []string{
			`content/en/x.md:2:1: error: unknown key "titel" in front matter (type page); did you mean "title"? known keys: description, draft, params, title, translation_key, translation_of, type, weight`,
			`content/en/x.md:3:9: error: value "x" is not a whole number; write a whole number such as 10`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := parse(tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestTypes(t *testing.T) {
	if got := strings.Join(Types(), ","); got != "curriculum,lesson,module,page,template" {
		t.Errorf("Types() = %s", got)
	}
}

var seeds = []string{
	"---\ntitle: A\n---\nBody\n",
	"\ufeff---\r\ntitle: A\r\n---\r\n",
	"---\n---\n",
	"---\ntitle: [\n---\n",
	"---\ntitle: \"x\n---\n",
	"---\ntype: module\noutcomes: {a: 1}\nfields: x\nweight: 1.5\n---\n",
	"---\ntitle: a\ntitle: b\n---\n",
	"---\n- a\n---\n",
	"---\ntitle: A\n",
	"# no front matter",
	"---\n\ta: 1\n---\n",
	"---\nparams: &a [*a]\n---\n",
}

func FuzzSplit(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		y, start, ok, closed := Split(src)
		if closed && !ok {
			t.Fatal("closed without ok")
		}
		if !closed {
			if y != nil || start != 0 {
				t.Fatalf("unclosed block returned %q, %d", y, start)
			}
			return
		}
		if start < 0 || start > len(src) {
			t.Fatalf("bodyStart %d out of range", start)
		}
		if !bytes.Contains(src[:start], y) {
			t.Fatalf("yaml %q is not inside the block %q", y, src[:start])
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		Parse("x.md", src, &diags)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags {
			if d.Pos.File != "x.md" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("bad position in %q for %q (%d lines)", d, src, lines)
			}
			if d.Message == "" {
				t.Errorf("empty message for %q", src)
			}
		}
	})
}
