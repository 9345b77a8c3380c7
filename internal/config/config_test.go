package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/securehealth/securehealth/internal/diag"
)

const minimal = `languages:
  - code: en
    name: English
    title: SecureHealth
  - code: sl
    name: Slovenščina
`

func TestParseDefaults(t *testing.T) {
	var diags diag.List
	cfg := Parse([]byte(minimal), &diags)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	checks := []struct {
		name      string
		got, want string
	}{
		{"default language", cfg.DefaultLanguage, "en"},
		{"title from first language", cfg.Title, "SecureHealth"},
		{"license", cfg.License, "CC-BY-4.0"},
		{"site id", cfg.SiteID, "securehealth"},
		{"output", cfg.Output, "build"},
		{"analyzer", cfg.Languages[1].Analyzer, "sl"},
		{"dir", cfg.Languages[1].Dir, "ltr"},
		{"language title falls back to site title", cfg.Languages[1].Title, "SecureHealth"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if cfg.Language("sl") == nil || cfg.Language("de") != nil {
		t.Error("Language lookup")
	}
}

func TestParseFull(t *testing.T) {
	src := `title: SecureHealth
base_url: https://example.org/sh/
default_language: sl
languages:
  - code: en
    name: English
    title: SecureHealth
    description: Training
    analyzer: en
    dir: ltr
  - code: sl
    name: Slovenščina
menu: [about, dpo-curriculum]
gdpr:
  official_text: gdpr/
license: CC0-1.0
site_id: sh-test
output: public
`
	var diags diag.List
	cfg := Parse([]byte(src), &diags)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if cfg.DefaultLanguage != "sl" || cfg.Languages[1].Title != "SecureHealth" || cfg.GDPR.OfficialText != "gdpr/" ||
		cfg.Output != "public" || len(cfg.Menu) != 2 || cfg.SiteID != "sh-test" {
		t.Errorf("decoded %+v", cfg)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", []string{"config.yaml:1:1: error: no languages configured; add at least one entry with code, name and title"}},
		{"not a mapping", "- en\n", []string{"config.yaml:1:1: error: config.yaml must be a YAML mapping, not a list; write key: value pairs"}},
		{"syntax", "title: \"x\n" + minimal, []string{"config.yaml:1:1: error: invalid YAML: found unexpected end of stream; check indentation, colons and quoting on that line"}},
		{"unknown key", minimal + "titel: x\n",
			[]string{`config.yaml:7:1: error: unknown key "titel" in config.yaml; did you mean "title"? known keys: base_url, default_language, gdpr, languages, license, menu, output, site_id, title`}},
		{"unknown language key", strings.Replace(minimal, "    name: English", "    nam: English\n    name: English", 1),
			[]string{`config.yaml:3:5: error: unknown key "nam" in config.yaml; did you mean "name"? known keys: analyzer, code, description, dir, name, title`}},
		{"unknown gdpr key", minimal + "gdpr:\n  text: x\n",
			[]string{`config.yaml:8:3: error: unknown key "text" in config.yaml; known keys: official_text`}},
		{"wrong type", minimal + "menu: about\n",
			[]string{`config.yaml:7:7: error: value "about" is not a list; write a list: [a, b] or one "- item" per line`}},
		{"languages not a list", "languages: en\n",
			[]string{`config.yaml:1:12: error: value "en" is not a list; write a list: [a, b] or one "- item" per line`}},
		{"no languages", "title: x\nlanguages: []\n", []string{"config.yaml:2:12: error: no languages configured; add at least one entry with code, name and title"}},
		{"language without code", "languages:\n  - name: English\n", []string{"config.yaml:2:5: error: language without a code; add code: xx (an ISO 639-1 code such as en)"}},
		{"invalid code", "languages:\n  - code: English\n    name: English\n",
			[]string{`config.yaml:2:11: error: invalid language code "English"; use a lower-case ISO 639 code such as en or sl`}},
		{"upper-case code", "languages:\n  - code: EN\n    name: English\n",
			[]string{`config.yaml:2:11: error: invalid language code "EN"; use a lower-case ISO 639 code such as en or sl`}},
		{"duplicate code", minimal + "  - code: en\n    name: Again\n",
			[]string{`config.yaml:7:11: error: language "en" is configured twice; list each language once`}},
		{"no name", "languages:\n  - code: en\n", []string{`config.yaml:2:5: error: language "en" has no name; add name: the language's own name, such as Slovenščina`}},
		{"bad dir", "languages:\n  - code: en\n    name: E\n    dir: up\n", []string{`config.yaml:4:10: error: invalid text direction "up"; write ltr or rtl`}},
		{"default not configured", minimal + "default_language: de\n",
			[]string{`config.yaml:7:19: error: default_language "de" is not among the languages; name one of the configured languages`}},
		{"relative base_url", minimal + "base_url: example.org\n",
			[]string{`config.yaml:7:11: error: base_url "example.org" is not an absolute http(s) URL; write an absolute URL such as https://example.org/securehealth/`}},
		{"bad site_id", minimal + "site_id: Secure Health\n",
			[]string{`config.yaml:7:10: error: site_id "Secure Health" is not a valid key prefix; use lower-case letters, digits and hyphens`}},
		{"bad menu entry", minimal + "menu: [about, ../x]\n",
			[]string{`config.yaml:7:15: error: invalid menu entry "../x"; name a top-level section or page by its file name, such as about`}},
		{"several, in order found", "default_language: xx\nlanguages:\n  - code: E\n    name: E\n",
			[]string{
				`config.yaml:3:11: error: invalid language code "E"; use a lower-case ISO 639 code such as en or sl`,
				`config.yaml:1:19: error: default_language "xx" is not among the languages; name one of the configured languages`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			cfg := Parse([]byte(tt.src), &diags)
			if cfg != nil {
				t.Error("config returned despite errors")
			}
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

func TestLoad(t *testing.T) {
	cfg, diags := Load(fstest.MapFS{"config.yaml": {Data: []byte(minimal)}})
	if cfg == nil || len(diags) > 0 {
		t.Fatalf("Load: %v %v", cfg, diags)
	}
	cfg, diags = Load(fstest.MapFS{})
	want := "config.yaml:1:1: error: cannot read the site configuration: file does not exist; run securehealth in the site root or pass -s DIR"
	if cfg != nil || len(diags) != 1 || diags[0].String() != want {
		t.Errorf("missing file: %v %v", cfg, diags)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("languages:\n  - code: x\nmenu: [a\n"))
	f.Add([]byte("title: [\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		cfg := Parse(src, &diags)
		if (cfg == nil) != diags.HasErrors() {
			t.Fatalf("config %v with diagnostics %v", cfg, diags)
		}
		if cfg != nil && (cfg.DefaultLanguage == "" || cfg.Language(cfg.DefaultLanguage) == nil) {
			t.Fatalf("default language %q not configured", cfg.DefaultLanguage)
		}
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("bad position %v", d)
			}
		}
	})
}
