package yamlpos

import (
	"github.com/securehealth/securehealth/internal/didyoumean"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/diag"
)

type item struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
}

type doc struct {
	Title  string         `yaml:"title"`
	Weight int            `yaml:"weight"`
	Hours  float64        `yaml:"hours"`
	Draft  bool           `yaml:"draft"`
	Tags   []string       `yaml:"tags"`
	Items  []item         `yaml:"items"`
	Nested item           `yaml:"nested"`
	Params map[string]any `yaml:"params"`
	Skip   string         `yaml:"-"`
}

func decode(src string, offset int, allowed func(string) bool) (doc, []string) {
	var diags diag.List
	d := Doc{File: "f.md", LineOffset: offset, Src: []byte(src)}
	var v doc
	if root := d.Parse(&diags); root != nil {
		d.Decode(root, &v, allowed, "front matter", &diags)
	}
	var got []string
	for _, x := range diags {
		got = append(got, x.String())
	}
	return v, got
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		offset  int
		allowed func(string) bool
		want    []string
	}{
		{name: "ok", src: "title: No\nweight: 3\nhours: 1.5\ndraft: true\ntags: [a, b]\nparams: {x: 1}\n"},
		{name: "empty", src: ""},
		{name: "only comments", src: "# nothing here\n"},
		{name: "typo hint", src: "title: A\nweigth: 2\n", offset: 1,
			want: []string{`f.md:3:1: error: unknown key "weigth" in front matter; did you mean "weight"? known keys: draft, hours, items, nested, params, tags, title, weight`}},
		{name: "case only", src: "Title: A\n",
			want: []string{`f.md:1:1: error: unknown key "Title" in front matter; did you mean "title"? known keys: draft, hours, items, nested, params, tags, title, weight`}},
		{name: "no close key", src: "colour: red\n",
			want: []string{`f.md:1:1: error: unknown key "colour" in front matter; known keys: draft, hours, items, nested, params, tags, title, weight`}},
		{name: "ignored field is unknown", src: "skip: x\n",
			want: []string{`f.md:1:1: error: unknown key "skip" in front matter; known keys: draft, hours, items, nested, params, tags, title, weight`}},
		{name: "nested struct key", src: "nested:\n  id: a\n  lable: A\n",
			want: []string{`f.md:3:3: error: unknown key "lable" in front matter; did you mean "label"? known keys: id, label`}},
		{name: "key in list item", src: "items:\n  - id: a\n    labl: A\n",
			want: []string{`f.md:3:5: error: unknown key "labl" in front matter; did you mean "label"? known keys: id, label`}},
		{name: "params take anything", src: "params:\n  whatever: [1, 2]\n"},
		{name: "allowed restricts", src: "title: A\ntags: [x]\n", allowed: func(k string) bool { return k == "title" },
			want: []string{`f.md:2:1: error: unknown key "tags" in front matter; known keys: title`}},
		{name: "word for int", src: "title: A\nweight: ten\n", offset: 1,
			want: []string{`f.md:3:9: error: value "ten" is not a whole number; write a whole number such as 10`}},
		{name: "fraction for int", src: "weight: 1.5\n",
			want: []string{`f.md:1:9: error: value "1.5" is not a whole number; write a whole number such as 10`}},
		{name: "word for float", src: "hours: many\n",
			want: []string{`f.md:1:8: error: value "many" is not a number; write a number such as 1.5`}},
		{name: "word for bool", src: "draft: maybe\n",
			want: []string{`f.md:1:8: error: value "maybe" is not true or false; write true or false`}},
		{name: "list for string", src: "title: [a]\n",
			want: []string{`f.md:1:8: error: a list is not a text value; write text, quoted if needed`}},
		{name: "block list for string", src: "weight: 1\ntitle:\n  - a\n", offset: 1,
			want: []string{`f.md:4:3: error: a list is not a text value; write text, quoted if needed`}},
		{name: "mapping for list", src: "tags:\n  a: 1\n",
			want: []string{`f.md:2:3: error: a mapping is not a list; write a list: [a, b] or one "- item" per line`}},
		{name: "scalar for list", src: "tags: a\n",
			want: []string{`f.md:1:7: error: value "a" is not a list; write a list: [a, b] or one "- item" per line`}},
		{name: "scalar for map", src: "params: x\n",
			want: []string{`f.md:1:9: error: value "x" is not a mapping; write key: value pairs, indented below the key`}},
		{name: "long value not cut inside a letter", src: "weight: čćžšđčćžšđčćž\n",
			want: []string{`f.md:1:9: error: value "čćžšđčćžšđčćž" is not a whole number; write a whole number such as 10`}},
		{name: "two type errors", src: "weight: x\nhours: y\n",
			want: []string{
				`f.md:1:9: error: value "x" is not a whole number; write a whole number such as 10`,
				`f.md:2:8: error: value "y" is not a number; write a number such as 1.5`}},
		{name: "duplicate key", src: "title: A\nweight: 1\ntitle: B\n", offset: 1,
			want: []string{`f.md:4:1: error: key "title" appears twice (first on line 2); keep one of them`}},
		{name: "not a mapping", src: "- a\n- b\n", offset: 1,
			want: []string{`f.md:2:1: error: front matter must be a YAML mapping, not a list; write key: value pairs`}},
		{name: "scalar document", src: "just text\n",
			want: []string{`f.md:1:1: error: front matter must be a YAML mapping, not a single value; write key: value pairs`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := decode(tt.src, tt.offset, tt.allowed)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	v, diags := decode("title: No\nweight: 3\nhours: 1.5\ndraft: yes\ntags: [a, b]\nitems: [{id: a, label: A}]\n", 0, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	// YAML 1.2: "No" is text; yaml.v3 still reads yes as true for a bool.
	if v.Title != "No" || v.Weight != 3 || v.Hours != 1.5 || !v.Draft || len(v.Tags) != 2 || v.Items[0].Label != "A" {
		t.Errorf("decoded %+v", v)
	}
}

// Syntax errors are reported at the line the author has to fix, shifted by LineOffset.
func TestSyntaxErrorLines(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		offset int
		want   string
	}{
		{"mapping value in plain scalar", "title: A\ndescription: GDPR: basics\n", 1,
			`f.md:3:1: error: invalid YAML: mapping values are not allowed in this context; check indentation, colons and quoting on that line`},
		{"unclosed flow list", "title: A\ntags: [a, b\nweight: 1\n", 1,
			`f.md:3:1: error: invalid YAML: did not find expected ',' or ']'; check indentation, colons and quoting on that line`},
		{"unclosed flow mapping", "params: {a: 1\nweight: 1\n", 0,
			`f.md:1:1: error: invalid YAML: did not find expected ',' or '}'; check indentation, colons and quoting on that line`},
		{"bad indent in a list", "title: T\nitems:\n  - id: a\n  - id: b\n   label: B\n", 0,
			`f.md:5:1: error: invalid YAML: did not find expected '-' indicator; check indentation, colons and quoting on that line`},
		{"bad indent in a mapping", "title: T\nparams:\n  a: 1\n b: 2\n", 0,
			`f.md:4:1: error: invalid YAML: did not find expected key; check indentation, colons and quoting on that line`},
		{"unterminated quote", "weight: 1\ntitle: \"About\nhours: 2\n", 1,
			`f.md:3:1: error: invalid YAML: found unexpected end of stream; check indentation, colons and quoting on that line`},
		{"tab indent", "params:\n\ta: 1\n", 0,
			`f.md:2:1: error: invalid YAML: found character that cannot start any token; check indentation, colons and quoting on that line`},
		{"error on the first line", "a: b: c\n", 0,
			`f.md:1:1: error: invalid YAML: mapping values are not allowed in this context; check indentation, colons and quoting on that line`},
		{"no final newline", "title: A\nx: [", 0,
			`f.md:2:1: error: invalid YAML: did not find expected node content; check indentation, colons and quoting on that line`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Doc{File: "f.md", LineOffset: tt.offset, Src: []byte(tt.src)}.Parse(&diags)
			if len(diags) != 1 || diags[0].String() != tt.want {
				t.Errorf("got %v\nwant %s", diags, tt.want)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"description", "draft", "title", "weight"}
	for got, want := range map[string]string{
		"titel": "title", "TITLE": "title", "wieght": "weight", "drafts": "draft", "colour": "", "": "",
	} {
		if c := didyoumean.Closest(got, keys); c != want {
			t.Errorf("didyoumean.Closest(%q) = %q, want %q", got, c, want)
		}
	}
}

func TestPos(t *testing.T) {
	d := Doc{File: "c.yaml", LineOffset: 2}
	if p := d.Pos(nil); p != (diag.Pos{File: "c.yaml", Line: 3, Col: 1}) {
		t.Errorf("Pos(nil) = %v", p)
	}
}
