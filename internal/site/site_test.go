package site

import (
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/markdown"
)

func TestURLFor(t *testing.T) {
	tests := []struct{ rel, want string }{
		{"_index.md", "en/"},
		{"index.md", "en/"},
		{"about.md", "en/about/"},
		{"guide/_index.md", "en/guide/"},
		{"guide/dpia.md", "en/guide/dpia/"},
		{"guide/bundle/index.md", "en/guide/bundle/"},
		{"a/b/c/_index.md", "en/a/b/c/"},
		{"čšž/članek.md", "en/čšž/članek/"},
	}
	for _, tt := range tests {
		if got := URLFor("en", tt.rel); got != tt.want {
			t.Errorf("URLFor(en, %q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
}

func page(rel, title string, weight int) *Page {
	return &Page{Lang: "en", Source: "content/en/" + rel, Rel: rel, FM: frontmatter.FrontMatter{Title: title, Weight: weight}}
}

func titles(ps []*Page) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Title())
	}
	return strings.Join(s, ",")
}

func TestSortPages(t *testing.T) {
	tests := []struct {
		name  string
		pages []*Page
		want  string
	}{
		{"weight first", []*Page{page("a.md", "A", 3), page("b.md", "B", 1), page("c.md", "C", 2)}, "B,C,A"},
		{"unweighted last", []*Page{page("a.md", "A", 0), page("z.md", "Z", 5), page("b.md", "B", 0)}, "Z,A,B"},
		{"negative weights count", []*Page{page("a.md", "A", 0), page("b.md", "B", -1)}, "B,A"},
		{"title ignoring case", []*Page{page("a.md", "beta", 1), page("b.md", "Alpha", 1), page("c.md", "alpha2", 1)}, "Alpha,alpha2,beta"},
		{"path breaks ties", []*Page{page("y.md", "Same", 0), page("x.md", "Same", 0)}, "Same,Same"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			SortPages(tt.pages)
			if got := titles(tt.pages); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	ps := []*Page{page("y.md", "Same", 0), page("x.md", "Same", 0)}
	SortPages(ps)
	if ps[0].Rel != "x.md" {
		t.Errorf("tie not broken by path: %s first", ps[0].Rel)
	}
}

var lang = config.Language{Code: "en", Name: "English", Title: "SecureHealth"}

func build(t *testing.T, menu []string, pages ...*Page) (*Language, []string) {
	t.Helper()
	var diags diag.List
	cfg := &config.Config{Menu: menu, Languages: []config.Language{lang}, DefaultLanguage: "en"}
	l := Build(cfg, lang, pages, []string{"guide/b/diagram.png"}, true, &diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	return l, got
}

func TestBuildTree(t *testing.T) {
	home := page("_index.md", "Home", 0)
	guide := page("guide/_index.md", "Guide", 2)
	dpia := page("guide/dpia.md", "DPIA", 2)
	intro := page("guide/intro.md", "Intro", 1)
	misc := page("guide/misc.md", "Misc", 0)
	bundle := page("guide/b/index.md", "Bundle", 3)
	about := page("about.md", "About", 1)
	deep := page("resources/forms/consent.md", "Consent", 0) // folders without _index.md
	l, diags := build(t, []string{"about", "guide", "resources"}, home, guide, dpia, intro, misc, bundle, about, deep)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if l.Home != home || home.Kind != KindHome || guide.Kind != KindSection || dpia.Kind != KindPage || bundle.Kind != KindPage {
		t.Error("kinds")
	}
	if got := titles(home.Children); got != "About,Guide,Resources" {
		t.Errorf("home children %s", got)
	}
	if got := titles(guide.Children); got != "Intro,DPIA,Bundle,Misc" {
		t.Errorf("guide children %s", got)
	}
	if intro.Prev != nil || intro.Next != dpia || dpia.Prev != intro || dpia.Next != bundle || misc.Next != nil || misc.Prev != bundle {
		t.Error("prev/next among siblings")
	}
	if bundle.Parent != guide || bundle.URL != "en/guide/b/" {
		t.Errorf("bundle parent %v url %s", bundle.Parent.Title(), bundle.URL)
	}
	// Generated sections: a list page per folder without _index.md, titled after the folder.
	res := deep.Parent.Parent
	if !deep.Parent.Generated() || deep.Parent.Title() != "Forms" || deep.Parent.URL != "en/resources/forms/" ||
		!res.Generated() || res.Title() != "Resources" || res.Parent != home || res.Kind != KindSection {
		t.Errorf("generated sections: %+v", deep.Parent)
	}
	if got := strings.Join(ancestorTitles(deep), ","); got != "Home,Resources,Forms" {
		t.Errorf("ancestors %s", got)
	}
	if got := titles(l.Menu); got != "About,Guide,Resources" {
		t.Errorf("menu %s", got)
	}
	var urls []string
	for _, p := range l.Pages {
		urls = append(urls, p.URL)
	}
	want := "en/ en/about/ en/guide/ en/guide/b/ en/guide/dpia/ en/guide/intro/ en/guide/misc/ en/resources/ en/resources/forms/ en/resources/forms/consent/"
	if got := strings.Join(urls, " "); got != want {
		t.Errorf("pages\n%s\nwant\n%s", got, want)
	}
	if l.ByRel["guide/dpia.md"] != dpia || !l.Resources["guide/b/diagram.png"] {
		t.Error("ByRel / Resources")
	}
	if home.OutFile() != "en/index.html" || dpia.OutFile() != "en/guide/dpia/index.html" {
		t.Error("OutFile")
	}
}

func ancestorTitles(p *Page) []string {
	var s []string
	for _, a := range p.Ancestors() {
		s = append(s, a.Title())
	}
	return s
}

func TestBuildErrors(t *testing.T) {
	t.Run("duplicate URL", func(t *testing.T) {
		_, diags := build(t, nil, page("_index.md", "Home", 0), page("about.md", "A", 0), page("about/index.md", "B", 0))
		want := "content/en/about/index.md:1:1: error: content/en/about.md and content/en/about/index.md are both published at en/about/; rename or remove one of them"
		if strings.Join(diags, "\n") != want {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("missing home", func(t *testing.T) {
		l, diags := build(t, nil, page("about.md", "A", 0))
		want := "content/en/_index.md:1:1: error: missing home page of language en; create it with a title in front matter"
		if strings.Join(diags, "\n") != want {
			t.Errorf("got %v", diags)
		}
		if l.Home == nil || l.Home.Title() != "SecureHealth" {
			t.Error("no stand-in home")
		}
	})
	t.Run("menu entry without page", func(t *testing.T) {
		_, diags := build(t, []string{"about", "nowhere"}, page("_index.md", "Home", 0), page("about.md", "A", 0))
		want := `config.yaml:1:1: error: menu entry "nowhere" has no page in language en; create content/en/nowhere.md or nowhere/_index.md, or remove it from menu`
		if strings.Join(diags, "\n") != want {
			t.Errorf("got %v", diags)
		}
	})
	t.Run("menu entry missing in a translation is fine", func(t *testing.T) {
		var diags diag.List
		cfg := &config.Config{Menu: []string{"nowhere"}}
		Build(cfg, lang, []*Page{page("_index.md", "Home", 0)}, nil, false, &diags)
		if len(diags) > 0 {
			t.Errorf("got %v", diags)
		}
	})
}

func TestHasAnchor(t *testing.T) {
	p := &Page{Meta: markdown.Meta{Headings: []markdown.Heading{{ID: "scope"}, {ID: "art-9"}}}}
	if !p.HasAnchor("scope") || !p.HasAnchor("art-9") || p.HasAnchor("Scope") || p.HasAnchor("") {
		t.Error("HasAnchor")
	}
}

func TestSiteLanguage(t *testing.T) {
	s := &Site{Languages: []*Language{{Language: config.Language{Code: "en"}}, {Language: config.Language{Code: "sl"}}}}
	if s.Language("sl") != s.Languages[1] || s.Language("de") != nil {
		t.Error("Language")
	}
}
