package search

import (
	"encoding/binary"
	"math"
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

	mu     sync.Mutex
	pages  []*added
	dict   map[string]uint32 // term → id
	names  []string          // id → term
	caches []*stemCache      // every cache made, for the forms map
	idle   []*stemCache      // caches not in use by an Add
	store  *store            // the pages' fragments and entries, made at the first Add
}

// New returns an empty index of a language analysed by a.
func New(lang string, a *analysis.Analyzer) *Index {
	return &Index{Lang: lang, Analyzer: a, dict: map[string]uint32{}}
}

// A posting is one document's occurrences of a term, as its precomputed score level.
type posting struct {
	doc   int32
	level uint8 // the BM25F term-frequency part, quantised (Level)
}

// Score levels: a posting's BM25F term-frequency part is stored as one of 64 levels,
// ScoreBase·ScoreRatio^level, so that it takes one character of the index. The range covers
// the part's possible values: from a single occurrence in a very long body to a term filling
// the title, heading and body (Σ weights × (K1+1) = 13.2); the rounding error is ≤ ±4.5 %.
const (
	ScoreBase   = 0.05
	ScoreRatio  = 1.0926
	ScoreLevels = 64
)

// levelValues are the scores of the levels, computed once as the browser does.
var levelValues = func() (v [ScoreLevels]float64) {
	for i := range v {
		v[i] = ScoreBase * math.Pow(ScoreRatio, float64(i))
	}
	return v
}()

// LevelValue is the score a level stands for.
func LevelValue(level uint8) float64 { return levelValues[min(int(level), ScoreLevels-1)] }

// Level quantises a BM25F term-frequency part to the nearest level (in ratio).
func Level(s float64) uint8 {
	if s <= ScoreBase {
		return 0
	}
	l := math.Round(math.Log(s/ScoreBase) / math.Log(ScoreRatio))
	return uint8(min(l, ScoreLevels-1))
}

// A Built index is analysed and scored, ready to be written or searched.
type Built struct {
	Lang      string
	Analyzer  *analysis.Analyzer
	Pages     []Page               // sorted by URL; Sections are in the fragments (Sections)
	PageStart []int32              // first document of each page; len(Pages)+1 entries
	N         int                  // documents
	Forms     map[string]string    // folded surface form → term
	Terms     map[string][]posting // term → postings, by document
	Stop      []string
	// frags are where the pages' fragments (deflated JSON), made as pages were added,
	// are in store.
	frags []span
	store *store
	// keys are the shard keys once the index is written or read: typo tolerance looks only
	// in the shard of the word, as the browser does.
	keys []string
}

// An added page is analysed as it arrives, so that the index holds compact postings and a
// compressed fragment rather than the page's text until the end of the build.
type added struct {
	page Page               // without Sections
	frag span               // in the index's store
	lens [][numFields]int32 // tokens per field of each section
	// post holds the page's entries (term, section, frequencies), section by section: the
	// number of the section's entries, then each entry as the index's term ID and the
	// frequencies — one byte for a body frequency below 128 alone (most entries), else 0 and
	// title, heading and body — all varints. About 3 bytes an entry: a 12,000-page build
	// holds millions. (Common terms, met first, have the small IDs.)
	post span
}

const (
	maxTerms = 1 << 24
	maxDocs  = 1 << 16
)

// Frequencies saturate at these (the scores hardly change past them).
var maxTF = [numFields]uint16{15, 63, 1<<14 - 1}

// appendEntries encodes one section's entries.
func appendEntries(b []byte, es []entry) []byte {
	b = binary.AppendUvarint(b, uint64(len(es)))
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.id))
		tf := e.tf
		for f := range tf {
			tf[f] = min(tf[f], maxTF[f])
		}
		if tf[FieldTitle] == 0 && tf[FieldHeading] == 0 && 0 < tf[FieldBody] && tf[FieldBody] < 128 {
			b = append(b, byte(tf[FieldBody]))
			continue
		}
		b = append(b, 0)
		for _, n := range tf {
			b = binary.AppendUvarint(b, uint64(n))
		}
	}
	return b
}

// entries calls fn with each entry of a page, section by section, from its encoded entries.
func entries(b []byte, fn func(section int, term uint32, tf *[numFields]uint16)) {
	uvarint := func() uint64 {
		n, size := binary.Uvarint(b)
		b = b[size:]
		return n
	}
	var tf [numFields]uint16 // one for all entries: fn's pointer would make each its own allocation
	for section := 0; len(b) > 0; section++ {
		for range uvarint() {
			term := uint32(uvarint())
			tf = [numFields]uint16{}
			if b[0] != 0 {
				tf[FieldBody] = uint16(b[0])
				b = b[1:]
			} else {
				b = b[1:]
				for f := range tf {
					tf[f] = uint16(uvarint())
				}
			}
			fn(section, term, &tf)
		}
	}
}

// A stemCache is one worker's: the analysed pieces of text and the terms of forms (words), the
// term of each surface form seen, which becomes the forms map, and the scratch of Add.
type stemCache struct {
	surface map[string]string
	words   *analysis.WordCache
	// global maps the cache's term IDs to the index's (noTerm until Add first needs one).
	global []uint32
	// Scratch of the current page: term frequencies by the cache's term ID, the section's
	// terms in order of appearance, and the page's entries.
	tf      [][numFields]uint16
	order   []int32
	entries []entry
	post    []byte
}

// An entry is one term of one section.
type entry struct {
	section, term int32 // term: the cache's ID
	id            uint32
	tf            [numFields]uint16
}

const noTerm = ^uint32(0)

func (ix *Index) cache() *stemCache {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if n := len(ix.idle); n > 0 {
		c := ix.idle[n-1]
		ix.idle = ix.idle[:n-1]
		return c
	}
	c := &stemCache{surface: map[string]string{}, words: analysis.NewWordCache()}
	ix.caches = append(ix.caches, c)
	return c
}

// Add analyses a page and compresses its fragment; it is safe for concurrent use, and the
// page's text is not kept.
func (ix *Index) Add(p Page) {
	c := ix.cache()
	a := &added{page: p, lens: make([][numFields]int32, len(p.Sections))}
	ix.mu.Lock()
	if ix.store == nil {
		ix.store = newStore()
	}
	ix.mu.Unlock()
	a.frag = putFragment(p, ix.store)
	a.page.Sections = nil
	c.entries = c.entries[:0]
	for si, s := range p.Sections[:min(len(p.Sections), maxDocs)] {
		heading := s.Heading
		if si == 0 {
			heading = "" // the top section's heading is the title, counted as title
		}
		lens := &a.lens[si]
		for f, text := range [numFields]string{p.Title, heading, s.Text} {
			ix.Analyzer.Words(text, c.words, func(id int32, w *analysis.Word) {
				// Folding can join forms with different terms ("članak", "clanak"): the
				// smallest term wins, whatever order the pages arrive in. A piece of text
				// seen before (w nil) has had its surface forms recorded.
				if w != nil {
					if old, ok := c.surface[w.Surface]; !ok || w.Term < old {
						c.surface[w.Surface] = w.Term
					}
				}
				if int(id) >= len(c.tf) {
					c.tf = append(c.tf, make([][numFields]uint16, int(id)+1-len(c.tf)+len(c.tf)/2)...)
				}
				n := &c.tf[id]
				if *n == [numFields]uint16{} {
					c.order = append(c.order, id)
				}
				if n[f] < math.MaxUint16 {
					n[f]++
				}
				lens[f]++
			})
		}
		for _, id := range c.order {
			c.entries = append(c.entries, entry{section: int32(si), term: id, tf: c.tf[id]})
			c.tf[id] = [numFields]uint16{}
		}
		c.order = c.order[:0]
	}
	for len(c.global) < c.words.Terms() {
		c.global = append(c.global, noTerm)
	}
	ix.mu.Lock()
	for i, e := range c.entries {
		id := c.global[e.term]
		if id == noTerm {
			id = ix.termID(c.words.Term(e.term))
			c.global[e.term] = id
		}
		c.entries[i].id = id
	}
	ix.mu.Unlock()
	post := c.post[:0]
	es := c.entries
	for si := range a.lens {
		n := 0
		for n < len(es) && es[n].section == int32(si) {
			n++
		}
		post = appendEntries(post, es[:n])
		es = es[n:]
	}
	a.post = ix.store.put(post)
	c.post = post
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.idle = append(ix.idle, c)
	ix.pages = append(ix.pages, a)
}

// termID returns the index's ID of a term, numbering it if it is new. ix.mu is held.
func (ix *Index) termID(term string) uint32 {
	id, ok := ix.dict[term]
	if !ok {
		if len(ix.names) == maxTerms {
			panic("search: more than 16,777,216 distinct terms in one language")
		}
		id = uint32(len(ix.names))
		ix.dict[term] = id
		ix.names = append(ix.names, term)
	}
	return id
}

// Build scores every posting with BM25F; it can be called once all pages are added.
func (ix *Index) Build() *Built {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	pages := append([]*added(nil), ix.pages...)
	sort.Slice(pages, func(i, j int) bool { return pages[i].page.URL < pages[j].page.URL })
	b := &Built{Lang: ix.Lang, Analyzer: ix.Analyzer, Forms: map[string]string{},
		Terms: make(map[string][]posting, len(ix.names)), Stop: ix.Analyzer.Stopwords()}
	b.Pages = make([]Page, len(pages))
	b.frags = make([]span, len(pages))
	b.store = ix.store
	b.PageStart = make([]int32, len(pages)+1)
	var avg [numFields]float64
	count := make([]int32, len(ix.names))
	var post []byte
	for i, a := range pages {
		b.Pages[i], b.frags[i] = a.page, a.frag
		b.PageStart[i+1] = b.PageStart[i] + int32(len(a.lens))
		for _, l := range a.lens {
			for f := range avg {
				avg[f] += float64(l[f])
			}
		}
		post = b.store.get(a.post, post)
		entries(post, func(_ int, term uint32, _ *[numFields]uint16) { count[term]++ })
	}
	b.N = int(b.PageStart[len(pages)])
	for f := range avg {
		avg[f] = math.Max(avg[f]/math.Max(float64(b.N), 1), 1)
	}
	lists := make([][]posting, len(ix.names))
	for id, n := range count {
		lists[id] = make([]posting, 0, n)
	}
	// Pages in order, and each page's entries by section: every list is in document order.
	for i, a := range pages {
		post = b.store.get(a.post, post)
		entries(post, func(section int, term uint32, tf *[numFields]uint16) {
			lists[term] = append(lists[term], posting{doc: b.PageStart[i] + int32(section), level: Level(score(tf, a.lens[section], avg))})
		})
	}
	for id, name := range ix.names {
		b.Terms[name] = lists[id]
	}
	for _, c := range ix.caches {
		for s, t := range c.surface {
			if old, ok := b.Forms[s]; !ok || t < old {
				b.Forms[s] = t
			}
		}
	}
	return b
}

// score is the BM25F term-frequency part of a posting.
func score(tf *[numFields]uint16, lens [numFields]int32, avg [numFields]float64) float64 {
	s := 0.0
	for f := range tf {
		if tf[f] == 0 {
			continue
		}
		t := float64(tf[f])
		s += Weights[f] * t * (K1 + 1) / (t + K1*(1-B+B*float64(lens[f])/avg[f]))
	}
	return s
}

// IDF is the BM25 inverse document frequency of a term in n documents, df of which hold it.
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// PageOf returns the page a document belongs to.
func (b *Built) PageOf(doc int) int {
	return sort.Search(len(b.Pages), func(i int) bool { return int(b.PageStart[i+1]) > doc })
}

// Err reports a failure to read back what the index kept in its temporary file, which
// leaves the files made by Files incomplete.
func (b *Built) Err() error {
	if b.store == nil {
		return nil
	}
	return b.store.Err()
}

// Close releases the pages' fragments and entries (they are released anyway once the index
// is no longer used); Files and Sections cannot be called after it.
func (b *Built) Close() {
	if b.store != nil {
		b.store.close()
	}
}

// Sections returns the sections of a page, from its fragment when the page does not hold them.
func (b *Built) Sections(page int) []Section {
	if p := b.Pages[page]; p.Sections != nil || page >= len(b.frags) {
		return p.Sections
	}
	deflated := b.store.get(b.frags[page], nil)
	if err := b.store.Err(); err != nil {
		panic(err)
	}
	p, err := decodeFragment(deflated)
	if err != nil {
		panic("search: a fragment of this build does not decode: " + err.Error())
	}
	return p.Sections
}
