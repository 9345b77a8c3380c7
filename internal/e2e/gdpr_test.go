package e2e

import (
	"strings"
	"testing"
)

// citationTarget is what a reader sees after following a citation: where the browser is,
// the language of the page, and the element the fragment names.
type citationTarget struct {
	Path     string  `json:"path"`
	Hash     string  `json:"hash"`
	Lang     string  `json:"lang"`
	Found    bool    `json:"found"`
	Text     string  `json:"text"`
	Top      float64 `json:"top"`
	Height   float64 `json:"height"`
	Official bool    `json:"official"`
}

const citationTargetScript = `(() => {
	const id = decodeURIComponent(location.hash.slice(1));
	const el = id && document.getElementById(id);
	const r = el ? el.getBoundingClientRect() : {top: -1};
	return {
		path: location.pathname, hash: location.hash, lang: document.documentElement.lang,
		found: !!el, text: el ? el.textContent.trim().slice(0, 200) : '',
		top: r.top, height: window.innerHeight,
		official: !!document.querySelector('.gdpr-official'),
	};
})()`

// TestCitationLink follows a GDPR citation in a Croatian page of the site ("članka 9.
// stavka 2. Opće uredbe o zaštiti podataka" in the about page) to the Croatian reference
// page of Article 9, scrolled to paragraph 2, over HTTP and from file://.
func TestCitationLink(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := repoSite()
	if err != nil {
		t.Fatal(err)
	}
	const citation = `main a[href*="gdpr/article-9/"][href$="#p2"]`
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			if _, _, err := load(ctx, m.page("hr/about/")); err != nil {
				t.Fatal(err)
			}
			title := evaluate[string](t, ctx, `(document.querySelector('`+citation+`') || {title: ''}).title`)
			if want := "Članak 9. – Obrada posebnih kategorija osobnih podataka"; title != want {
				t.Errorf("the citation's title is %q, want %q", title, want)
			}
			clickAndWait(t, ctx, citation)
			got := evaluate[citationTarget](t, ctx, citationTargetScript)
			if !strings.HasPrefix(strings.TrimSuffix(got.Path, "index.html"), m.base.Path+"hr/gdpr/article-9/") || got.Hash != "#p2" {
				t.Fatalf("after the click the browser is at %s%s, want hr/gdpr/article-9/#p2", got.Path, got.Hash)
			}
			if got.Lang != "hr" {
				t.Errorf("the article page has lang %q, want hr", got.Lang)
			}
			if !got.Found {
				t.Fatal("the article page has no element with id p2")
			}
			if got.Top < -2 || got.Top > got.Height/2 { // sub-pixel layout may put it a hair above 0
				t.Errorf("paragraph 2 is at %.0fpx in a %.0fpx viewport: not scrolled into view", got.Top, got.Height)
			}
			if got.Official {
				if !strings.HasPrefix(got.Text, "2. Stavak 1. ne primjenjuje se") {
					t.Errorf("paragraph 2 reads %q, want the Croatian official text of Article 9(2)", got.Text)
				}
			} else if officialTextDir() != "" {
				t.Error("the official text is beside the repository, but the page does not show it")
			}
			noProblems(t, w)
		})
	}
}
