package i18n

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/diag"
)

var allLangs = []string{"en", "sl", "hr", "el", "nl", "fr"}

// themeCatalog loads the theme's shipped strings files.
func themeCatalog(t *testing.T) (*Catalog, diag.List) {
	t.Helper()
	files := map[string][]Source{}
	for _, lang := range allLangs {
		b, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "i18n", lang+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		files[lang] = []Source{{Path: "themes/default/i18n/" + lang + ".yaml", Data: b}}
	}
	var diags diag.List
	c := Load(files, allLangs, "en", true, &diags)
	return c, diags
}

func load(t *testing.T, strict bool, files map[string]string, langs ...string) (*Catalog, []string) {
	t.Helper()
	srcs := map[string][]Source{}
	for name, data := range files {
		// "sl" is the theme's file, "sl+" the site's override.
		lang, override := strings.CutSuffix(name, "+")
		p := "themes/default/i18n/" + lang + ".yaml"
		if override {
			p = "site/themes/default/i18n/" + lang + ".yaml"
		}
		srcs[lang] = append(srcs[lang], Source{Path: p, Data: []byte(data)})
	}
	for _, s := range srcs {
		slices.SortFunc(s, func(a, b Source) int { return len(a.Path) - len(b.Path) }) // theme first
	}
	var diags diag.List
	c := Load(srcs, langs, langs[0], strict, &diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	return c, got
}

func TestThemeFiles(t *testing.T) {
	c, diags := themeCatalog(t)
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	for _, lang := range allLangs {
		for k := range c.langs["en"].entries {
			if _, ok := c.langs[lang].entries[k]; !ok {
				t.Errorf("%s.yaml lacks %q", lang, k)
			}
		}
		if _, ok := c.langs[lang].entries["words_reading"]; !ok || c.langs[lang].entries["words_reading"].forms == nil {
			t.Errorf("%s: words_reading is not a plural mapping", lang)
		}
	}
}

func TestThemeStrings(t *testing.T) {
	c, _ := themeCatalog(t)
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"sl", "words_reading", []any{"minutes", 1}, "1 minuta branja"},
		{"sl", "words_reading", []any{"minutes", 2}, "2 minuti branja"},
		{"sl", "words_reading", []any{"minutes", 3}, "3 minute branja"},
		{"sl", "words_reading", []any{"minutes", 5}, "5 minut branja"},
		{"sl", "words_reading", []any{"minutes", 101}, "101 minuta branja"},
		{"sl", "words_reading", []any{"minutes", 1.5}, "1,5 minute branja"},
		{"hr", "words_reading", []any{"minutes", 21}, "21 minuta čitanja"},
		{"hr", "words_reading", []any{"minutes", 22}, "22 minute čitanja"},
		{"hr", "words_reading", []any{"minutes", 25}, "25 minuta čitanja"},
		{"en", "words_reading", []any{"minutes", 1}, "1 minute to read"},
		{"en", "words_reading", []any{"minutes", 7}, "7 minutes to read"},
		{"fr", "words_reading", []any{"minutes", 0}, "0 minute de lecture"},
		{"el", "status_count", []any{"count", 1}, "1 σελίδα"},
		{"nl", "status_count", []any{"count", 12000}, "12.000 pagina's"},
		{"en", "status_count", []any{"count", 12000}, "12,000 pages"},
		{"fr", "status_count", []any{"count", 12000}, "12\u00a0000 pages"},
		{"en", "footer_license", []any{"license", "CC BY-SA 4.0"}, "Content licensed under CC BY-SA 4.0 unless stated otherwise."},
		{"hr", "og_locale", nil, "hr_HR"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestPluralSelection(t *testing.T) {
	src := `n:
  zero: "{n} zero"
  one: "{n} one"
  two: "{n} two"
  few: "{n} few"
  many: "{n} many"
  other: "{n} other"
`
	files := map[string]string{}
	for _, l := range allLangs {
		files[l] = src
	}
	c, _ := load(t, false, files, allLangs...)
	nums := []any{0, 1, 2, 3, 4, 5, 11, 21, 22, 101, 1.5}
	want := map[string][]string{
		"en": {"other", "one", "other", "other", "other", "other", "other", "other", "other", "other", "other"},
		"el": {"other", "one", "other", "other", "other", "other", "other", "other", "other", "other", "other"},
		"nl": {"other", "one", "other", "other", "other", "other", "other", "other", "other", "other", "other"},
		"fr": {"one", "one", "other", "other", "other", "other", "other", "other", "other", "other", "one"},
		"sl": {"other", "one", "two", "few", "few", "other", "other", "other", "other", "one", "few"},
		"hr": {"other", "one", "few", "few", "few", "other", "other", "one", "few", "one", "other"},
	}
	for _, lang := range allLangs {
		for i, n := range nums {
			got := c.T(lang, "n", "n", n)
			_, form, _ := strings.Cut(got, " ")
			if form != want[lang][i] {
				t.Errorf("%s %v: form %q, want %q", lang, n, form, want[lang][i])
			}
		}
	}
	// Integer types other than int, and the first numeric argument wins.
	for _, tt := range []struct {
		args []any
		want string
	}{
		{[]any{"n", int64(2)}, "2 two"},
		{[]any{"n", uint8(3)}, "3 few"},
		{[]any{"n", -1}, "−1 one"},
		{[]any{"x", "text", "n", 2.0}, "2 two"},
		{[]any{"n", 5, "m", 1}, "5 other"},
		{[]any{"n", "seven"}, "seven other"},
		{nil, "{n} other"},
	} {
		if got := c.T("sl", "n", tt.args...); got != tt.want {
			t.Errorf("T(sl, n, %v) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestNumber(t *testing.T) {
	c, _ := themeCatalog(t)
	tests := []struct {
		lang       string
		a, b, frac string
	}{
		{"en", "1,234.5", "12,000", "0.333"},
		{"sl", "1.234,5", "12.000", "0,333"},
		{"hr", "1.234,5", "12.000", "0,333"},
		{"el", "1.234,5", "12.000", "0,333"},
		{"nl", "1.234,5", "12.000", "0,333"},
		{"fr", "1\u00a0234,5", "12\u00a0000", "0,333"},
		{"de", "1.234,5", "12.000", "0,333"}, // a language without strings still formats
	}
	for _, tt := range tests {
		if got := c.Number(tt.lang, 1234.5); got != tt.a {
			t.Errorf("Number(%s, 1234.5) = %q, want %q", tt.lang, got, tt.a)
		}
		if got := c.Number(tt.lang, 12000); got != tt.b {
			t.Errorf("Number(%s, 12000) = %q, want %q", tt.lang, got, tt.b)
		}
		if got := c.Number(tt.lang, 1.0/3); got != tt.frac {
			t.Errorf("Number(%s, 1/3) = %q, want %q", tt.lang, got, tt.frac)
		}
	}
}

func TestDate(t *testing.T) {
	c, _ := themeCatalog(t)
	nov := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ lang, nov, jan string }{
		{"en", "29 November 2026", "1 January 2026"},
		{"sl", "29. novembra 2026", "1. januarja 2026"},
		{"hr", "29. studenoga 2026.", "1. siječnja 2026."},
		{"el", "29 Νοεμβρίου 2026", "1 Ιανουαρίου 2026"},
		{"nl", "29 november 2026", "1 januari 2026"},
		{"fr", "29 novembre 2026", "1 janvier 2026"},
		{"de", "29 November 2026", "1 January 2026"}, // falls back to the default language
	}
	for _, tt := range tests {
		if got := c.Date(tt.lang, nov); got != tt.nov {
			t.Errorf("Date(%s, nov) = %q, want %q", tt.lang, got, tt.nov)
		}
		if got := c.Date(tt.lang, jan); got != tt.jan {
			t.Errorf("Date(%s, jan) = %q, want %q", tt.lang, got, tt.jan)
		}
	}

	// Every token; no pattern at all gives ISO 8601, no month names English ones.
	c2, _ := load(t, false, map[string]string{
		"en": "date_long: \"{dd}.{mm}.{yyyy} ({m}/{d}) {month}\"\n",
		"sl": "date_long: \"{d}. {month}\"\n",
	}, "en", "sl")
	if got, want := c2.Date("en", jan), "01.01.2026 (1/1) January"; got != want {
		t.Errorf("Date = %q, want %q", got, want)
	}
	if got, want := c2.Date("sl", nov), "29. November"; got != want {
		t.Errorf("Date = %q, want %q", got, want)
	}
	var empty *Catalog
	if got, want := empty.Date("en", nov), "2026-11-29"; got != want {
		t.Errorf("nil Date = %q, want %q", got, want)
	}
}

func TestOverrideAndFallback(t *testing.T) {
	c, diags := load(t, false, map[string]string{
		"en":  "a: \"A\"\nb: \"B\"\nc: \"C {x}\"\n",
		"en+": "b: \"site B\"\n",
		"sl":  "a: \"sl A\"\nb: \"sl B\"\nc:\n  one: \"{x} ena\"\n  two: \"{x} dve\"\n  few: \"{x} nekaj\"\n  other: \"{x} več\"\n",
		"sl+": "a: \"site sl A\"\nc: \"site sl C {x}\"\n",
	}, "en", "sl")
	if len(diags) > 0 {
		t.Errorf("diagnostics: %q", diags)
	}
	tests := []struct {
		lang, key string
		args      []any
		want      string
		has       bool
	}{
		{"en", "a", nil, "A", true},
		{"en", "b", nil, "site B", true},                // the override wins
		{"sl", "a", nil, "site sl A", true},             // the override wins
		{"sl", "b", nil, "sl B", true},                  // the theme's key stays
		{"sl", "c", []any{"x", 2}, "site sl C 2", true}, // a plain string replaces a plural map whole
		{"hr", "a", nil, "A", true},                     // a language without strings: the default
		{"sl", "zz", nil, "zz", false},                  // nowhere: the key itself
		{"en", "c", []any{"x", 1.5}, "C 1.5", true},
		{"en", "c", []any{"y", 1}, "C {x}", true}, // a placeholder without an argument stays
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
		if got := c.Has(tt.lang, tt.key); got != tt.has {
			t.Errorf("Has(%s, %s) = %v, want %v", tt.lang, tt.key, got, tt.has)
		}
	}

	// A string only the default language has is formatted by the default language's rules.
	c, _ = load(t, false, map[string]string{
		"en": "n:\n  one: \"{n} minute\"\n  other: \"{n} minutes\"\n",
		"sl": "x: \"y\"\n",
	}, "en", "sl")
	if got, want := c.T("sl", "n", "n", 1.5), "1.5 minutes"; got != want {
		t.Errorf("fallback T = %q, want %q", got, want)
	}
}

func TestPlaceholders(t *testing.T) {
	c, _ := load(t, false, map[string]string{
		"en": "p: \"{a} and {b}, {a} again; {not a name} {} {{a}} {a\"\n",
	}, "en")
	got := c.T("en", "p", "a", "X", "b", 3, "c", "unused", "odd")
	if want := "X and 3, X again; {not a name} {} {X} {a"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got := c.T("en", "p", "a", struct{ S string }{"s"}); !strings.HasPrefix(got, "{s} and {b}") {
		t.Errorf("T with a struct argument = %q", got)
	}
}

func TestLoadDiagnostics(t *testing.T) {
	en := "toc_title: \"On this page\"\nprev: \"Previous\"\nn:\n  one: \"{n} page\"\n  other: \"{n} pages\"\n"
	tests := []struct {
		name   string
		strict bool
		files  map[string]string
		langs  []string
		want   []string
	}{
		{
			name:  "no file",
			files: map[string]string{"en": en},
			langs: []string{"en", "de"},
			want: []string{"themes/default/i18n/de.yaml:1:1: warning: no UI strings for language de; using en; " +
				"copy i18n/en.yaml to i18n/de.yaml and translate it"},
		},
		{
			name:   "no file, strict",
			strict: true,
			files:  map[string]string{"en": en},
			langs:  []string{"en", "de"},
			want: []string{"themes/default/i18n/de.yaml:1:1: error: no UI strings for language de; using en; " +
				"copy i18n/en.yaml to i18n/de.yaml and translate it"},
		},
		{
			name:  "no default file",
			files: map[string]string{},
			langs: []string{"en"},
			want:  []string{"themes/default/i18n/en.yaml:1:1: warning: no UI strings for the default language en; add i18n/en.yaml with every UI string"},
		},
		{
			name:  "missing keys",
			files: map[string]string{"en": en, "nl": "prev: \"Vorige\"\n"},
			langs: []string{"en", "nl"},
			want: []string{
				`themes/default/i18n/nl.yaml:1:1: warning: missing UI string "n"; using en; add it, translated`,
				`themes/default/i18n/nl.yaml:1:1: warning: missing UI string "toc_title"; using en; add it, translated`,
			},
		},
		{
			name:   "missing keys, strict",
			strict: true,
			files:  map[string]string{"en": en, "nl": "prev: \"Vorige\"\nn: \"{n}\"\n"},
			langs:  []string{"en", "nl"},
			want:   []string{`themes/default/i18n/nl.yaml:1:1: error: missing UI string "toc_title"; using en; add it, translated`},
		},
		{
			name:  "missing keys, only an override",
			files: map[string]string{"en": en, "nl+": "prev: \"Vorige\"\nn: \"{n}\"\n"},
			langs: []string{"en", "nl"},
			want:  []string{`site/themes/default/i18n/nl.yaml:1:1: warning: missing UI string "toc_title"; using en; add it, translated`},
		},
		{
			name:  "missing key in the theme, added by the override",
			files: map[string]string{"en": en, "nl": "prev: \"Vorige\"\nn: \"{n}\"\n", "nl+": "toc_title: \"Op deze pagina\"\n"},
			langs: []string{"en", "nl"},
		},
		{
			name:  "unknown key",
			files: map[string]string{"en": en, "nl": "toc_title: \"x\"\nprev: \"x\"\nn: \"x\"\n  # c\nfoo: \"bar\"\n"},
			langs: []string{"en", "nl"},
			want:  []string{`themes/default/i18n/nl.yaml:5:1: warning: unknown UI string "foo" (not in en.yaml); remove it or add it to en.yaml`},
		},
		{
			name:   "unknown key stays a warning when strict",
			strict: true,
			files:  map[string]string{"en": en, "nl": "toc_title: \"x\"\nprev: \"x\"\nn: \"x\"\nfoo: \"bar\"\n"},
			langs:  []string{"en", "nl"},
			want:   []string{`themes/default/i18n/nl.yaml:4:1: warning: unknown UI string "foo" (not in en.yaml); remove it or add it to en.yaml`},
		},
		{
			name:  "invalid YAML",
			files: map[string]string{"en": en, "nl": "toc_title: \"x\"\nprev: \"x\n"},
			langs: []string{"en", "nl"},
			want: []string{"themes/default/i18n/nl.yaml:2:1: error: invalid YAML: found unexpected end of stream; " +
				"check indentation, colons and quoting on that line"},
		},
		{
			name:  "not a mapping",
			files: map[string]string{"en": "- a\n- b\n"},
			langs: []string{"en"},
			want:  []string{`themes/default/i18n/en.yaml:1:1: error: UI strings must be a YAML mapping of keys to text, not a list; write one key: "text" per line`},
		},
		{
			name:  "list value",
			files: map[string]string{"en": "toc_title: [a, b]\n"},
			langs: []string{"en"},
			want: []string{`themes/default/i18n/en.yaml:1:12: error: UI string "toc_title" must be text or a mapping of plural forms, not a list; ` +
				`write key: "text", or one: "…" and other: "…" indented below the key for text with a number`},
		},
		{
			name:  "empty value",
			files: map[string]string{"en": "toc_title:\nprev: \"\"\n"},
			langs: []string{"en"},
			want:  []string{`themes/default/i18n/en.yaml:1:11: error: UI string "toc_title" has no value; write its text in quotes; "" for none`},
		},
		{
			name:  "bad plural maps",
			files: map[string]string{"en": "a:\n  one: x\n  fwe: y\n  other: z\nb:\n  one: x\nc:\n  one: [x]\n  other: y\nd:\n  one: x\n  one: y\n  other: z\n"},
			langs: []string{"en"},
			want: []string{
				`themes/default/i18n/en.yaml:3:3: error: unknown plural form "fwe" in UI string "a"; use zero, one, two, few, many, other`,
				`themes/default/i18n/en.yaml:6:3: error: plural UI string "b" has no "other" form; add other: "…"; it is used for every number without its own form`,
				`themes/default/i18n/en.yaml:8:8: error: plural form "one" of UI string "c" must be text, not a list; write text, quoted if needed`,
				`themes/default/i18n/en.yaml:12:3: error: plural form "one" appears twice in UI string "d"; keep one of them`,
			},
		},
		{
			name:  "plural form the language needs",
			files: map[string]string{"en": en, "sl": "toc_title: x\nprev: x\nn:\n  one: \"{n} stran\"\n  other: \"{n} strani\"\n"},
			langs: []string{"en", "sl"},
			want: []string{
				`themes/default/i18n/sl.yaml:4:3: warning: plural UI string "n" has no "two" form, which sl uses for 2, 102, 202; using "other"; add two: "…"`,
				`themes/default/i18n/sl.yaml:4:3: warning: plural UI string "n" has no "few" form, which sl uses for 3, 4, 103; using "other"; add few: "…"`,
			},
		},
		{
			name:  "duplicate key",
			files: map[string]string{"en": "a: x\nb: y\na: z\n"},
			langs: []string{"en"},
			want:  []string{`themes/default/i18n/en.yaml:3:1: error: key "a" appears twice (first on line 1); keep one of them`},
		},
		{
			name:  "months",
			files: map[string]string{"en": "months: [a, b]\n", "sl": "months: x\n", "hr": "months: [a, b, c, d, e, f, g, h, i, j, k, [l]]\n"},
			langs: []string{"en", "sl", "hr"},
			want: []string{
				"themes/default/i18n/en.yaml:1:9: error: months must be a list of 12 month names, not 2; write months: [January, February, …] with the 12 names as a date needs them",
				"themes/default/i18n/sl.yaml:1:9: error: months must be a list of 12 month names, not a single value; write months: [January, February, …] with the 12 names as a date needs them",
				"themes/default/i18n/hr.yaml:1:43: error: a month name must be text, not a list; write months: [January, February, …] with the 12 names as a date needs them",
			},
		},
		{
			name:  "date token",
			files: map[string]string{"en": "date_long: \"{d} {month} {yy}\"\n"},
			langs: []string{"en"},
			want:  []string{"themes/default/i18n/en.yaml:1:12: error: unknown date token {yy} in date_long; use {d}, {dd}, {month}, {m}, {mm} and {yyyy}"},
		},
		{
			name:  "placeholder the default lacks",
			files: map[string]string{"en": en, "nl": "toc_title: \"{page}\"\nprev: x\nn:\n  one: \"{n} pagina\"\n  other: \"{nn} pagina's\"\n"},
			langs: []string{"en", "nl"},
			want: []string{
				`themes/default/i18n/nl.yaml:1:12: warning: UI string "toc_title" uses {page}, which en.yaml does not have; remove it`,
				`themes/default/i18n/nl.yaml:4:3: warning: UI string "n" uses {nn}, which en.yaml does not have; use {n}`,
			},
		},
		{
			name:  "files of languages the site lacks are ignored",
			files: map[string]string{"en": en, "de": "- broken"},
			langs: []string{"en"},
		},
		{
			name:  "any scalar is text; aliases are followed",
			files: map[string]string{"en": "a: &x 5\nb: *x\nc: true\n"},
			langs: []string{"en"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.strict, tt.files, tt.langs...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestNilAndEmptyCatalog(t *testing.T) {
	var c *Catalog
	if got := c.T("en", "k", "n", 1); got != "k" {
		t.Errorf("nil T = %q", got)
	}
	if c.Has("en", "k") {
		t.Error("nil Has = true")
	}
	if got := c.Number("sl", 1.5); got != "1,5" {
		t.Errorf("nil Number = %q", got)
	}
}

func TestConcurrentReads(t *testing.T) {
	c, _ := themeCatalog(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 200 {
				lang := allLangs[(i+j)%len(allLangs)]
				_ = c.T(lang, "words_reading", "minutes", j)
				_ = c.Number(lang, float64(j)*1.5)
				_ = c.Date(lang, time.Date(2026, time.Month(j%12+1), 1, 0, 0, 0, 0, time.UTC))
			}
		}()
	}
	wg.Wait()
}

func FuzzLoad(f *testing.F) {
	for _, lang := range allLangs {
		b, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "i18n", lang+".yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("n:\n  one: \"{n\"\n  other: \"}{n}{\"\nmonths: [a,b,c,d,e,f,g,h,i,j,k,l]\ndate_long: \"{month}{\"\n"))
	f.Add([]byte("<<: {one: x}\n? [a]\n: b\n"))
	en := []byte("n:\n  one: \"{n} page\"\n  other: \"{n} pages\"\ndate_long: \"{d} {month}\"\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]Source{
			"en": {{Path: "en.yaml", Data: en}},
			"sl": {{Path: "sl.yaml", Data: data}},
			"hr": {{Path: "hr.yaml", Data: en}, {Path: "site/hr.yaml", Data: data}},
		}
		var diags diag.List
		c := Load(files, []string{"en", "sl", "hr"}, "en", false, &diags)
		for _, d := range diags {
			if d.Pos.File == "" || d.Message == "" {
				t.Errorf("diagnostic without position or message: %v", d)
			}
		}
		for _, lang := range []string{"en", "sl", "hr"} {
			for _, n := range []any{0, 1, 2.5, -3, int64(1) << 62, 1e300} {
				c.T(lang, "n", "n", n)
			}
			c.T(lang, "months")
			c.Date(lang, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
		}
	})
}
