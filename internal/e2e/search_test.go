package e2e

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/securehealth/securehealth/internal/search"
)

// siteQueries are searched on the repository's site in the browser and with the Go reference
// of the same algorithm, which reads the index files the build wrote.
var siteQueries = map[string][]string{
	"en": {"breach", "data protection officer", "health data", "brea", "consent child", "\"right to erasure\"", "notifcation", "processor contract"},
	"el": {"δεδομένα υγείας", "παραβίαση", "συγκατάθεση", "Άρθρο", "υπευθυνος προστασιας"},
	"sl": {"privolitev", "kršitev varnosti", "krsitev", "pooblaščena oseba"},
	"hr": {"privola", "povreda osobnih podataka", "sluzbenik"},
}

// TestSearchSite checks search on the built site over HTTP and from file://: the browser's
// ranking equals the Go reference's for every query, and a reader can search from a deep
// page's header box and follow a result.
func TestSearchSite(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := repoSite()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			for lang, queries := range siteQueries {
				ref, err := search.Read(filepath.Join(m.dir, lang, "search"))
				if err != nil {
					t.Fatalf("%s: reading the index: %v", lang, err)
				}
				mustLoad(t, ctx, m.page(lang+"/search/"))
				waitFor(t, ctx, `!!(window.SHSearch && SHSearch.query)`, "search.js")
				for _, q := range queries {
					want := ref.Search(q, search.Options{})
					got := evaluateAsync[[]searchHit](t, ctx, fmt.Sprintf(`SHSearch.query(%q, %q, {})`, lang, q))
					if len(want) == 0 {
						t.Errorf("%s %q: the reference finds nothing", lang, q)
					}
					ok := len(got) == len(want)
					for i := 0; ok && i < len(got); i++ {
						ok = got[i].Page == want[i].Page && slices.Equal(got[i].Docs, want[i].Docs) && math.Abs(got[i].Score-want[i].Score) < 1e-6
					}
					if !ok {
						t.Errorf("%s %q:\n browser %v\n      Go %v", lang, q, head(got), headRef(want))
					}
				}
			}

			// A reader on a deep page searches from the header box.
			mustLoad(t, ctx, m.page("en/gdpr/article-9/"))
			typeSearch(t, ctx, "#site-search-q", "breach", "breach")
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#site-search-q"), kb.Enter)); err != nil {
				t.Fatal(err)
			}
			waitNavigated(t, ctx, `location.pathname.includes('/en/search/') && location.search.includes('q=breach')`, "the results page")
			v := waitSearch(t, ctx, "breach")
			if len(v.Titles) == 0 {
				t.Fatal("no results for breach")
			}
			click(t, ctx, "#search-results a.search-title")
			waitNavigated(t, ctx, `!location.pathname.includes('/search/')`, "the first result")
			if got := evaluate[string](t, ctx, `document.documentElement.lang`); got != "en" {
				t.Errorf("the result opened a page in %q", got)
			}

			// Greek, typed without accents, from the Greek results page.
			mustLoad(t, ctx, m.page("el/search/"))
			v = typeSearch(t, ctx, "#search-q", "δεδομενα υγειας", "δεδομενα υγειας")
			if len(v.Titles) == 0 || !strings.Contains(v.Titles[0], "/el/") {
				t.Errorf("Greek search: results %v", v.Titles)
			}
			noProblems(t, w)
		})
	}
}

func head(h []searchHit) string {
	var s []string
	for i, x := range h {
		if i == 5 {
			break
		}
		s = append(s, fmt.Sprintf("%d:%.3f%v", x.Page, x.Score, x.Docs))
	}
	return fmt.Sprintf("%d results %s", len(h), strings.Join(s, " "))
}

func headRef(h []search.Result) string {
	var s []searchHit
	for _, r := range h {
		s = append(s, searchHit{Page: r.Page, Score: r.Score, Docs: r.Docs})
	}
	return head(s)
}
