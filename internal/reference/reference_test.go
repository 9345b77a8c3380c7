package reference

import (
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/gdpr"
)

// repoFS is the repository's site root.
var repoFS = os.DirFS("../..")

func structure(t testing.TB) *gdpr.Structure {
	t.Helper()
	data, err := os.ReadFile("../../" + StructureFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gdpr.LoadStructure(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseProvision(t *testing.T) {
	r := &Reference{Structure: structure(t)}
	for _, tc := range []struct {
		key      string
		recital  bool
		articles []int
		ref      gdpr.CitRef
		err      string
	}{
		{key: "9", articles: []int{9}, ref: gdpr.CitRef{Article: 9}},
		{key: "9(2)", articles: []int{9}, ref: gdpr.CitRef{Article: 9, Paragraph: 2}},
		{key: "9(2)(h)", articles: []int{9}, ref: gdpr.CitRef{Article: 9, Paragraph: 2, Points: []string{"h"}}},
		{key: "4(13)", articles: []int{4}, ref: gdpr.CitRef{Article: 4, Paragraph: 13}},
		{key: "13-15", articles: []int{13, 14, 15}, ref: gdpr.CitRef{Article: 13}},
		{key: "38-39", articles: []int{38, 39}, ref: gdpr.CitRef{Article: 38}},
		{key: "37(1)(a),(c)", articles: []int{37}, ref: gdpr.CitRef{Article: 37, Paragraph: 1, Points: []string{"a"}}},
		{key: "89(1)-(2)", articles: []int{89}, ref: gdpr.CitRef{Article: 89, Paragraph: 1}},
		{key: "35", recital: true, ref: gdpr.CitRef{Recital: 35}},
		{key: "174", recital: true, err: "not a recital"},
		{key: "x", recital: true, err: "not a recital"},
		{key: "100", err: "no Article 100"},
		{key: "98-101", err: "no Article 100"},
		{key: "15-13", err: "bad article range"},
		{key: "9(2", err: "unclosed bracket"},
		{key: "9(x)", err: "paragraph \"x\" is not a number"},
		{key: "9(2)(z)", err: "no such provision"},
		{key: "9 (2)", err: "unexpected"},
		{key: "", err: "does not start with an article number"},
	} {
		c, err := r.parseProvision(tc.key, tc.recital)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one containing %q", tc.key, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.key, err)
			continue
		}
		if !reflect.DeepEqual(c.Articles, tc.articles) || !reflect.DeepEqual(c.Ref, tc.ref) {
			t.Errorf("%q: articles %v ref %+v, want %v %+v", tc.key, c.Articles, c.Ref, tc.articles, tc.ref)
		}
	}
}

func FuzzParseProvision(f *testing.F) {
	for _, k := range []string{"9", "9(2)(h)", "13-15", "37(1)(a),(c)", "89(1)-(2)", "4(16)(a)", "9(", ")(", "-", "1-"} {
		f.Add(k, false)
	}
	f.Add("35", true)
	r := &Reference{Structure: structure(f)}
	f.Fuzz(func(t *testing.T, key string, recital bool) {
		c, err := r.parseProvision(key, recital)
		if err != nil {
			return
		}
		if !r.Structure.Exists(c.Ref) {
			t.Errorf("%q: accepted, but %+v does not exist", key, c.Ref)
		}
	})
}

// repoConfig is the repository's configuration.
func repoConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, diags := config.Load(repoFS)
	if cfg == nil || diags.HasErrors() {
		t.Fatalf("config: %v", diags)
	}
	return cfg
}

// TestRepositoryData loads the site's own reference data: no problem at all, every article
// summarised, every health provision commented on in every language, every recital but the
// last related to an article, and country notes for the five partner countries.
func TestRepositoryData(t *testing.T) {
	cfg := repoConfig(t)
	cfg.GDPR.OfficialText = ""
	var diags diag.List
	r := Load(repoFS, "../..", cfg, &diags)
	if r == nil {
		t.Fatal("no reference")
	}
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	for n := 1; n <= 99; n++ {
		if r.Summaries[n]["en"] == "" {
			t.Errorf("Article %d has no English summary", n)
		}
	}
	if len(r.Health) != 29+16 {
		t.Errorf("%d healthcare commentaries, want 45 (health-provisions.json)", len(r.Health))
	}
	for _, c := range r.Health {
		for _, l := range cfg.Languages {
			if c.Text[l.Code] == "" {
				t.Errorf("commentary on %s has no %s text", c.Key, l.Code)
			}
		}
	}
	for rec := 1; rec <= 171; rec++ {
		if len(r.Articles[rec]) == 0 {
			t.Errorf("recital %d relates to no article", rec)
		}
	}
	var codes []string
	for _, c := range r.Countries {
		codes = append(codes, c.Code)
	}
	if want := []string{"si", "hr", "gr", "be", "cy"}; !slices.Equal(codes, want) {
		t.Errorf("country notes for %v, want %v", codes, want)
	}
}

// TestCommentaryCitations checks that each translation of the healthcare commentary cites the
// same articles and recitals as the English text, so that none of its citations went unlinked
// in translation.
func TestCommentaryCitations(t *testing.T) {
	cfg := repoConfig(t)
	cfg.GDPR.OfficialText = ""
	var diags diag.List
	r := Load(repoFS, "../..", cfg, &diags)
	cited := func(text, lang string) []string {
		var out []string
		for _, c := range gdpr.FindCitations(text, lang) {
			for _, ref := range c.Refs {
				k := "r" + strconv.Itoa(ref.Recital)
				if ref.Recital == 0 {
					k = strconv.Itoa(ref.Article)
				}
				if !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	for _, c := range r.Health {
		want := cited(c.Text["en"], "en")
		for _, l := range cfg.Languages {
			if got := cited(c.Text[l.Code], l.Code); !slices.Equal(got, want) {
				t.Errorf("%s in %s cites %v; the English cites %v", c.Key, l.Code, got, want)
			}
		}
	}
}

// FuzzLoad feeds arbitrary data files to the loader: it must report, not panic.
func FuzzLoad(f *testing.F) {
	s := structure(f)
	f.Add("articles:\n  \"9(2)(h)\": text\nrecitals:\n  35: text\n", "countries:\n  - code: si\n    name: {en: Slovenia}\n    facts:\n      - {topic: age, level: secondary, source: s, text: {en: x}}\n", "related:\n  9: [35]\n")
	f.Add("articles: [1]", "countries: {}", "related:\n  0: x")
	cfg := &config.Config{DefaultLanguage: "en", Languages: []config.Language{{Code: "en"}, {Code: "sl"}}}
	f.Fuzz(func(t *testing.T, health, countries, related string) {
		fsys := fstest.MapFS{
			Dir + "/health.en.yaml":    {Data: []byte(health)},
			Dir + "/health.sl.yaml":    {Data: []byte(health)},
			Dir + "/countries.yaml":    {Data: []byte(countries)},
			Dir + "/recitals.yaml":     {Data: []byte(related)},
			Dir + "/summaries.en.yaml": {Data: []byte(related)},
		}
		var diags diag.List
		loadWith(s, fsys, "", cfg, &diags)
		for _, d := range diags {
			if d.Pos.File == "" {
				t.Errorf("diagnostic without a file: %s", d)
			}
		}
	})
}
