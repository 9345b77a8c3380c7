package translation

import (
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"gopkg.in/yaml.v3"
)

func TestHashIgnoresWhatTranslatorsDoNotTranslate(t *testing.T) {
	base := "---\ntitle: Consent\nweight: 1\n---\nBody text.\n"
	fm := frontmatter.FrontMatter{Title: "Consent", Weight: 1}
	h := Hash(fm, []byte(base))
	same := []struct {
		name string
		fm   frontmatter.FrontMatter
		src  string
	}{
		{"CRLF line endings", fm, "---\r\ntitle: Consent\r\nweight: 1\r\n---\r\nBody text.\r\n"},
		{"weight changed", frontmatter.FrontMatter{Title: "Consent", Weight: 9}, "---\ntitle: Consent\nweight: 9\n---\nBody text.\n"},
		{"trailing blank lines", fm, base + "\n\n"},
	}
	for _, tt := range same {
		if got := Hash(tt.fm, []byte(tt.src)); got != h {
			t.Errorf("%s: hash %s, want %s", tt.name, got, h)
		}
	}
	differ := []struct {
		name string
		fm   frontmatter.FrontMatter
		src  string
	}{
		{"body changed", fm, "---\ntitle: Consent\nweight: 1\n---\nBody text changed.\n"},
		{"title changed", frontmatter.FrontMatter{Title: "Consent 2", Weight: 1}, base},
		{"description added", frontmatter.FrontMatter{Title: "Consent", Description: "x"}, base},
	}
	for _, tt := range differ {
		if got := Hash(tt.fm, []byte(tt.src)); got == h {
			t.Errorf("%s: hash unchanged", tt.name)
		}
	}
	if len(h) != HashLen {
		t.Errorf("hash %q has %d digits", h, len(h))
	}
}

// Every text of a template's fields that docs/toolbox.md says translators translate is in the
// hash: changing one marks translations outdated.
func TestHashCoversTemplateTexts(t *testing.T) {
	const fields = `fields:
  - id: goal
    type: text
    label: Goal
    help: One sentence
    placeholder: e.g. DPIA
    section: Goals
  - id: useful
    type: rating
    label: Useful?
    low: Not useful
    high: Very useful
  - id: role
    type: select
    label: Role
    options:
      - {value: dpo, label: DPO}
`
	hash := func(fields string) string {
		var fm frontmatter.FrontMatter
		if err := yaml.Unmarshal([]byte(fields), &fm.Fields); err != nil {
			t.Fatal(err)
		}
		return Hash(fm, []byte("body"))
	}
	h := hash(fields)
	for _, text := range []string{"Goal", "One sentence", "e.g. DPIA", "Goals", "Not useful", "Very useful", "DPO"} {
		if hash(strings.Replace(fields, text, text+" (changed)", 1)) == h {
			t.Errorf("changing %q leaves the hash as it was", text)
		}
	}
	for _, key := range []string{"id: goal", "type: text", "value: dpo"} {
		if hash(strings.Replace(fields, key, key+"x", 1)) != h {
			t.Errorf("changing %q (not translated) changes the hash", key)
		}
	}
}

func TestStamp(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"adds", "---\ntitle: A\n---\nbody\n", "---\ntitle: A\ntranslation_of: abc\n---\nbody\n"},
		{"replaces", "---\ntitle: A\ntranslation_of: old\nweight: 2\n---\nbody\n", "---\ntitle: A\ntranslation_of: abc\nweight: 2\n---\nbody\n"},
		{"CRLF", "---\r\ntitle: A\r\n---\r\nbody\r\n", "---\r\ntitle: A\r\ntranslation_of: abc\r\n---\r\nbody\r\n"},
		{"empty block", "---\n---\nbody\n", "---\ntranslation_of: abc\n---\nbody\n"},
	}
	for _, tt := range tests {
		got, ok := Stamp([]byte(tt.in), "abc")
		if !ok || string(got) != tt.want {
			t.Errorf("%s: Stamp = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
	if _, ok := Stamp([]byte("no front matter\n"), "abc"); ok {
		t.Error("Stamp accepted a file without front matter")
	}
}
