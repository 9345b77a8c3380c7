package search

import (
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/securehealth/securehealth/internal/search/analysis"
)

// BM25 parameters and field weights (DESIGN §5: title > headings > body).
const (
	K1 = 1.2
	B  = 0.75
)

// Fields of a document, in posting order.
const (
	FieldTitle = iota
	FieldHeading
	FieldBody
	numFields
)

// Weights are the BM25F weights of the fields.
var Weights = [numFields]float64{3, 2, 1}

// Page kinds, one character each in the manifest.
const (
	KindPage     = 'p'
	KindModule   = 'm' // curriculum, module, lesson
	KindGDPR     = 'g' // GDPR reference
	KindQuiz     = 'q'
	KindTemplate = 't' // toolbox template
)

// A Page is one page to index.
type Page struct {
	URL        string   // relative to the language root, as links from the index's fragments need it
	Title      string   // page title
	Breadcrumb []string // titles between the language's home and the page
	Kind       byte
	Sections   []Section
}

// An Index collects the pages of one language; Add is safe for concurrent use.
type Index struct {
	Lang     string
	Analyzer *analysis.Analyzer

	mu    sync.Mutex
	pages []Page
}

// New returns an empty index of a language analysed by a.
func New(lang string, a *analysis.Analyzer) *Index { return &Index{Lang: lang, Analyzer: a} }

// Add adds a page.
func (ix *Index) Add(p Page) {
	ix.mu.Lock()
	ix.pages = append(ix.pages, p)
	ix.mu.Unlock()
}

// A posting is one document's occurrences of a term, as its precomputed score.
type posting struct {
	doc   int32
	score int32 // BM25F term-frequency part × 100
}

// A Built index is analysed and scored, ready to be written or searched.
type Built struct {
	Lang      string
	Analyzer  *analysis.Analyzer
	Pages     []Page               // sorted by URL
	PageStart []int32              // first document of each page; len(Pages)+1 entries
	N         int                  // documents
	Forms     map[string]string    // folded surface form → term
	Terms     map[string][]posting // term → postings, by document
	Stop      []string
	// keys are the shard keys once the index is written or read: typo tolerance looks only
	// in the shard of the word, as the browser does.
	keys []string
}

// A rawPosting is a posting before scoring: a document's term frequencies per field.
type rawPosting struct {
	doc int32
	tf  [numFields]uint16
}

// Build analyses every page, stemming each distinct word form once per worker, and scores
// every posting with BM25F. Each worker keeps compact postings rather than a map per
// document, so that memory grows with the postings (12 bytes each), not with map overhead.
func (ix *Index) Build() *Built {
	pages := append([]Page(nil), ix.pages...)
	sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
	b := &Built{Lang: ix.Lang, Analyzer: ix.Analyzer, Pages: pages, Forms: map[string]string{},
		Terms: map[string][]posting{}, Stop: ix.Analyzer.Stopwords()}
	b.PageStart = make([]int32, len(pages)+1)
	for i, p := range pages {
		b.PageStart[i+1] = b.PageStart[i] + int32(len(p.Sections))
	}
	b.N = int(b.PageStart[len(pages)])
	lens := make([][numFields]int32, b.N)

	workers := runtime.GOMAXPROCS(0)
	forms := make([]map[string]string, workers)
	postings := make([]map[string][]rawPosting, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cache := map[string]string{} // form → term: the stemmer runs once per distinct form
			surface := map[string]string{}
			mine := map[string][]rawPosting{}
			tf := map[string]*[numFields]uint16{}
			for pi := w; pi < len(pages); pi += workers {
				p := pages[pi]
				for si, s := range p.Sections {
					doc := b.PageStart[pi] + int32(si)
					clear(tf)
					heading := s.Heading
					if si == 0 {
						heading = "" // the top section's heading is the title, counted as title
					}
					for f, text := range [numFields]string{p.Title, heading, s.Text} {
						for _, tok := range ix.Analyzer.Tokens(text) {
							term, ok := cache[tok.Form]
							if !ok {
								term = ix.Analyzer.Stem(tok.Form)
								cache[tok.Form] = term
							}
							if _, ok := surface[tok.Surface]; !ok {
								surface[tok.Surface] = term
							}
							c := tf[term]
							if c == nil {
								c = new([numFields]uint16)
								tf[term] = c
							}
							if c[f] < math.MaxUint16 {
								c[f]++
							}
							lens[doc][f]++
						}
					}
					for term, c := range tf {
						mine[term] = append(mine[term], rawPosting{doc: doc, tf: *c})
					}
				}
			}
			forms[w], postings[w] = surface, mine
		}()
	}
	wg.Wait()
	// A surface form stems the same way in every worker; merging in worker order keeps the
	// result independent of scheduling.
	for _, m := range forms {
		for s, t := range m {
			if _, ok := b.Forms[s]; !ok {
				b.Forms[s] = t
			}
		}
	}
	var avg [numFields]float64
	for _, l := range lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] = math.Max(avg[f]/math.Max(float64(b.N), 1), 1)
	}
	all := map[string][]rawPosting{}
	for w, m := range postings {
		for term, ps := range m {
			all[term] = append(all[term], ps...)
		}
		postings[w] = nil
	}
	for term, raw := range all {
		// Workers took pages in turn: their postings interleave.
		sort.Slice(raw, func(i, j int) bool { return raw[i].doc < raw[j].doc })
		ps := make([]posting, len(raw))
		for i, r := range raw {
			ps[i] = posting{doc: r.doc, score: score(&r.tf, lens[r.doc], avg)}
		}
		b.Terms[term] = ps
		delete(all, term)
	}
	return b
}

// score is the BM25F term-frequency part of a posting, × 100, at least 1.
func score(tf *[numFields]uint16, lens [numFields]int32, avg [numFields]float64) int32 {
	s := 0.0
	for f := range tf {
		if tf[f] == 0 {
			continue
		}
		t := float64(tf[f])
		s += Weights[f] * t * (K1 + 1) / (t + K1*(1-B+B*float64(lens[f])/avg[f]))
	}
	return int32(max(math.Round(s*100), 1))
}

// IDF is the BM25 inverse document frequency of a term in n documents, df of which hold it.
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// PageOf returns the page a document belongs to.
func (b *Built) PageOf(doc int) int {
	return sort.Search(len(b.Pages), func(i int) bool { return int(b.PageStart[i+1]) > doc })
}
