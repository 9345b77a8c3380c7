package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/securehealth/securehealth/internal/gdpr"
	"github.com/securehealth/securehealth/internal/search/analysis"
)

// eurlexDir holds the official GDPR texts: real vocabulary in every language.
const eurlexDir = "../../../shared/eurlex"

// gdprPages makes pages of the GDPR in lang: one per article (a section per paragraph) and
// one per recital.
func gdprPages(tb testing.TB, lang string) []Page {
	tb.Helper()
	f, err := os.Open(filepath.Join(eurlexDir, "gdpr-"+lang+".fmx.xml"))
	if err != nil {
		tb.Skipf("official text not available: %v", err)
	}
	defer f.Close()
	reg, err := gdpr.ReadFormex(f, lang)
	if err != nil {
		tb.Fatal(err)
	}
	var pages []Page
	for _, a := range reg.Articles {
		p := Page{URL: "gdpr/article-" + strconv.Itoa(a.Number) + "/", Title: a.Title, Kind: KindGDPR,
			Sections: []Section{{Heading: a.Title}}}
		for _, para := range a.Paragraphs {
			var b strings.Builder
			b.WriteString(para.Text)
			var points func(ps []gdpr.Point)
			points = func(ps []gdpr.Point) {
				for _, pt := range ps {
					b.WriteString(" " + pt.Text)
					points(pt.Points)
					b.WriteString(" " + pt.Tail)
				}
			}
			points(para.Points)
			b.WriteString(" " + para.Tail)
			p.Sections = append(p.Sections, Section{Anchor: "p" + strconv.Itoa(para.Number), Heading: strconv.Itoa(para.Number), Text: b.String()})
		}
		pages = append(pages, p)
	}
	for _, r := range reg.Recitals {
		pages = append(pages, Page{URL: "gdpr/recitals/recital-" + strconv.Itoa(r.Number) + "/", Title: "(" + strconv.Itoa(r.Number) + ")",
			Kind: KindGDPR, Sections: []Section{{Text: r.Text}}})
	}
	return pages
}

func buildGDPR(tb testing.TB, lang string) *Built {
	ix := New(lang, analysis.New(lang))
	for _, p := range gdprPages(tb, lang) {
		ix.Add(p)
	}
	return ix.Build()
}

// relevanceQueries are the fixed query sets: what a hospital DPO looks up.
var relevanceQueries = map[string][]string{
	"en": {"data breach notification", "consent of a child", "data protection officer", "supervisory authority",
		"right to erasure", "health data", "genetic data", "processor contract", "impact assessment",
		"transfer to a third country", "administrative fines", "profiling", "pseudonymisation",
		"records of processing activities", "certification", "representative", "scientific research",
		"legitimate interests", "data portability", "professional secrecy", "biometric data", "codes of conduct"},
	"sl": {"kršitev varnosti osebnih podatkov", "privolitev otroka", "pooblaščena oseba za varstvo podatkov",
		"nadzorni organ", "pravica do izbrisa", "podatki v zvezi z zdravjem", "genetski podatki", "obdelovalec pogodba",
		"ocena učinka", "prenos v tretjo državo", "upravne globe", "oblikovanje profilov", "psevdonimizacija",
		"evidence dejavnosti obdelave", "certificiranje", "predstavnik", "znanstveno raziskovanje",
		"zakoniti interesi", "prenosljivost podatkov", "poklicna skrivnost", "biometrični podatki", "kodeksi ravnanja"},
	"el": {"παραβίαση δεδομένων", "συγκατάθεση παιδιού", "υπεύθυνος προστασίας δεδομένων", "εποπτική αρχή",
		"δικαίωμα διαγραφής", "δεδομένα υγείας", "γενετικά δεδομένα", "εκτελών την επεξεργασία σύμβαση",
		"εκτίμηση αντικτύπου", "διαβίβαση σε τρίτη χώρα", "διοικητικά πρόστιμα", "κατάρτιση προφίλ", "ψευδωνυμοποίηση",
		"αρχεία δραστηριοτήτων επεξεργασίας", "πιστοποίηση", "εκπρόσωπος", "επιστημονική έρευνα",
		"έννομα συμφέροντα", "φορητότητα δεδομένων", "επαγγελματικό απόρρητο", "βιομετρικά δεδομένα", "κώδικες δεοντολογίας"},
}

var registerOnce sync.Map

// bleveIndex indexes the same documents in bleve with the same analysis, scoring with BM25
// and the same field weights, as the reference ranking ours is compared with.
func bleveIndex(tb testing.TB, b *Built) bleve.Index {
	tb.Helper()
	name := "securehealth_" + b.Lang
	if _, loaded := registerOnce.LoadOrStore(name, true); !loaded {
		an := b.Analyzer.Bleve()
		if err := registry.RegisterAnalyzer(name, func(map[string]any, *registry.Cache) (bleveanalysis.Analyzer, error) {
			return an, nil
		}); err != nil {
			tb.Fatal(err)
		}
	}
	im := mapping.NewIndexMapping()
	im.ScoringModel = bleveindex.BM25Scoring
	im.DefaultAnalyzer = name
	dm := mapping.NewDocumentMapping()
	for _, f := range []string{"title", "heading", "body"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = name
		fm.Store = false
		dm.AddFieldMappingsAt(f, fm)
	}
	im.DefaultMapping = dm
	idx, err := bleve.NewUsing(tb.TempDir()+"/idx", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	batch := idx.NewBatch()
	for pi, p := range b.Pages {
		for si, s := range b.Sections(pi) {
			heading := s.Heading
			if si == 0 {
				heading = ""
			}
			doc := map[string]any{"title": p.Title, "heading": heading, "body": s.Text}
			if err := batch.Index(strconv.Itoa(int(b.PageStart[pi])+si), doc); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		tb.Fatal(err)
	}
	return idx
}

// blevePages runs q in bleve — every word in some field, title 3, heading 2, body 1 — and
// returns the best pages, each scored by its best section.
func blevePages(tb testing.TB, idx bleve.Index, b *Built, q string, n int) []int {
	var words []bquery.Query
	for _, w := range strings.Fields(q) {
		if len(b.Analyzer.Tokens(w)) == 0 {
			continue // a stop word: the query drops it, as ours does
		}
		var fields []bquery.Query
		for f, boost := range map[string]float64{"title": 3, "heading": 2, "body": 1} {
			mq := bleve.NewMatchQuery(w)
			mq.SetField(f)
			mq.SetBoost(boost)
			fields = append(fields, mq)
		}
		words = append(words, bleve.NewDisjunctionQuery(fields...))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(words...), 200, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	var pages []int
	for _, h := range res.Hits {
		d, _ := strconv.Atoi(h.ID)
		p := b.PageOf(d)
		if !slices.Contains(pages, p) {
			pages = append(pages, p)
		}
		if len(pages) == n {
			break
		}
	}
	return pages
}

// TestRelevance compares our ranking with bleve's BM25 over the official GDPR texts: the
// average overlap of the top five pages must be at least 0.8 in every language.
func TestRelevance(t *testing.T) {
	for _, lang := range []string{"en", "sl", "el"} {
		t.Run(lang, func(t *testing.T) {
			b := buildGDPR(t, lang)
			idx := bleveIndex(t, b)
			total, count := 0.0, 0
			for _, q := range relevanceQueries[lang] {
				want := blevePages(t, idx, b, q, 5)
				var got []int
				for _, r := range b.Search(q, Options{}) {
					got = append(got, r.Page)
					if len(got) == 5 {
						break
					}
				}
				if len(want) == 0 {
					t.Errorf("%q: bleve finds nothing", q)
					continue
				}
				common := 0
				for _, p := range got {
					if slices.Contains(want, p) {
						common++
					}
				}
				overlap := float64(common) / float64(min(5, len(want)))
				total += overlap
				count++
				t.Logf("%-40q overlap %.1f  ours %v  bleve %v", q, overlap, urls(b, got), urls(b, want))
			}
			if count < 20 {
				t.Fatalf("only %d queries", count)
			}
			avg := total / float64(count)
			t.Logf("%s: average top-5 overlap %.2f over %d queries", lang, avg, count)
			if avg < 0.8 {
				t.Errorf("%s: average top-5 overlap with bleve BM25 is %.2f, want ≥ 0.8", lang, avg)
			}
		})
	}
}

func urls(b *Built, pages []int) string {
	var s []string
	for _, p := range pages {
		s = append(s, strings.TrimSuffix(strings.TrimPrefix(b.Pages[p].URL, "gdpr/"), "/"))
	}
	return fmt.Sprint(s)
}
