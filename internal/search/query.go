package search

import (
	"sort"
	"strings"
	"unicode"

	"github.com/securehealth/securehealth/internal/search/analysis"
)

// Weights of the ways a query word can reach a term (docs/search.md).
const (
	weightExact  = 1.0
	weightPrefix = 0.7
	weightTypo   = 0.5
	prefixMin    = 3 // letters a word needs before it also matches as a prefix
	maxExpansion = 32
	// phraseCandidates is how many of the best pages a phrase is checked in.
	phraseCandidates = 200
)

// A Result is one page found, with its matching documents (sections), best first.
type Result struct {
	Page  int
	Score float64
	Docs  []int
}

// Options narrow a search.
type Options struct {
	Kind byte // 0: every kind
}

// A queryWord is one word of a query with the terms it reaches and their weights.
type queryWord struct {
	text  string
	terms map[string]float64
}

// Search runs a query as the browser does (docs/search.md): the Go reference of the client's
// ranking.
func (b *Built) Search(q string, opts Options) []Result {
	words, phrases := ParseQuery(q)
	stop := map[string]bool{}
	for _, s := range b.Stop {
		stop[s] = true
	}
	var qws []queryWord
	for _, w := range words {
		if stop[w] {
			continue
		}
		// A word that reaches no term (a typo, or an inflection the corpus never uses)
		// tolerates typos at once, so that the other words do not drop it by falling back
		// to OR.
		terms := b.expand(w, false)
		if len(terms) == 0 {
			terms = b.expand(w, true)
		}
		qws = append(qws, queryWord{text: w, terms: terms})
	}
	if len(qws) == 0 {
		return nil
	}
	res := b.run(qws, true, opts)
	if len(res) == 0 {
		res = b.run(qws, false, opts)
	}
	if len(phrases) > 0 {
		// The browser reads the texts of the best pages only, to check a phrase.
		if len(res) > phraseCandidates {
			res = res[:phraseCandidates]
		}
		res = b.filterPhrases(res, phrases)
	}
	return res
}

// ParseQuery folds a query and splits it into words; the words of "quoted phrases" are also
// returned as phrases (folded, single-spaced).
func ParseQuery(q string) (words, phrases []string) {
	// Typographic quotation marks count as quotes too: phones type them, and the search
	// hints show them.
	q = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`).Replace(q)
	parts := strings.Split(q, `"`)
	for i, part := range parts {
		ws := Words(analysis.Fold(part))
		words = append(words, ws...)
		if i%2 == 1 && len(ws) > 1 {
			phrases = append(phrases, strings.Join(ws, " "))
		}
	}
	return words, phrases
}

// Words splits folded text into words: runs of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// expand returns the terms a query word reaches: its exact form, forms it is a prefix of,
// or, with typos, forms within edit distance 1 (2 for long words).
func (b *Built) expand(w string, typos bool) map[string]float64 {
	out := map[string]float64{}
	add := func(t string, wt float64) {
		if out[t] < wt {
			out[t] = wt
		}
	}
	if !typos {
		if t, ok := b.Forms[w]; ok {
			add(t, weightExact)
		}
		if len([]rune(w)) >= prefixMin {
			var cands []string
			for f := range b.Forms {
				if f != w && strings.HasPrefix(f, w) {
					cands = append(cands, f)
				}
			}
			sort.Strings(cands)
			if len(cands) > maxExpansion {
				cands = cands[:maxExpansion]
			}
			for _, f := range cands {
				add(b.Forms[f], weightPrefix)
			}
		}
		return out
	}
	n := len([]rune(w))
	limit := 0
	switch {
	case n >= 8:
		limit = 2
	case n >= 4:
		limit = 1
	}
	if limit == 0 {
		return out
	}
	// The browser looks for typos among the forms of the word's own shard, the one it loaded.
	key, sharded := "", b.keys != nil
	if sharded {
		key = longestKey(b.keys, w)
	}
	for f, t := range b.Forms {
		if sharded && longestKey(b.keys, f) != key {
			continue
		}
		if Distance(w, f, limit) <= limit {
			add(t, weightTypo)
		}
	}
	return out
}

// run scores the documents matching the words: all of them (and) or any (or), and groups
// them by page.
func (b *Built) run(qws []queryWord, and bool, opts Options) []Result {
	scores := map[int]float64{}
	hits := map[int]int{}
	for _, qw := range qws {
		seen := map[int]bool{}
		terms := make([]string, 0, len(qw.terms))
		for t := range qw.terms {
			terms = append(terms, t)
		}
		sort.Strings(terms)
		for _, t := range terms {
			ps := b.Terms[t]
			idf := IDF(b.N, len(ps))
			for _, p := range ps {
				d := int(p.doc)
				scores[d] += qw.terms[t] * idf * LevelValue(p.level)
				if !seen[d] {
					seen[d] = true
					hits[d]++
				}
			}
		}
	}
	byPage := map[int]*Result{}
	for d, s := range scores {
		if and && hits[d] < len(qws) {
			continue
		}
		pi := b.PageOf(d)
		if opts.Kind != 0 && b.Pages[pi].Kind != opts.Kind {
			continue
		}
		r := byPage[pi]
		if r == nil {
			r = &Result{Page: pi}
			byPage[pi] = r
		}
		r.Docs = append(r.Docs, d)
		if s > r.Score {
			r.Score = s
		}
	}
	out := make([]Result, 0, len(byPage))
	for _, r := range byPage {
		sort.Slice(r.Docs, func(i, j int) bool {
			si, sj := scores[r.Docs[i]], scores[r.Docs[j]]
			if si != sj {
				return si > sj
			}
			return r.Docs[i] < r.Docs[j]
		})
		out = append(out, *r)
	}
	SortResults(out)
	return out
}

// SortResults orders results by score, then page order.
func SortResults(rs []Result) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Score != rs[j].Score {
			return rs[i].Score > rs[j].Score
		}
		return rs[i].Page < rs[j].Page
	})
}

// filterPhrases keeps the documents whose folded text holds every phrase, and the pages
// that keep one.
func (b *Built) filterPhrases(rs []Result, phrases []string) []Result {
	var out []Result
	for _, r := range rs {
		var docs []int
		p, sections := b.Pages[r.Page], b.Sections(r.Page)
		for _, d := range r.Docs {
			s := sections[d-int(b.PageStart[r.Page])]
			// Title, heading and text are separate runs: a phrase does not span them.
			text := " " + strings.Join(Words(analysis.Fold(s.Heading)), " ") + " | " + strings.Join(Words(analysis.Fold(s.Text)), " ") + " "
			if d == int(b.PageStart[r.Page]) {
				text = " " + strings.Join(Words(analysis.Fold(p.Title)), " ") + " |" + text
			}
			all := true
			for _, ph := range phrases {
				if !strings.Contains(text, " "+ph+" ") {
					all = false
					break
				}
			}
			if all {
				docs = append(docs, d)
			}
		}
		if len(docs) > 0 {
			r.Docs = docs
			out = append(out, r)
		}
	}
	return out
}

// Distance is the Levenshtein distance between a and b, or limit+1 once it exceeds limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
