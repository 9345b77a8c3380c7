// Package analysis turns section text into search-index terms for one language.
//
// The search index (DESIGN.md §5, notes/search-format.md) needs three things from a language:
// the words of a text with their positions, the stemmed term of every distinct word form, and
// the folded stop words the browser drops from queries. Bleve's per-language analyzers do all
// of this in one pass, but stemming every token is what makes them slow (bleve's Croatian
// stemmer runs a cascade of regular expressions per token). So an Analyzer splits bleve's
// chain in two: Tokens runs the tokenizer and the cheap pre-stem filters (lower-case, elision,
// possessive, stop words); Stem runs the stemming filters on one form, which callers do once
// per distinct form through a cache. That form → term table is also the surface-form map the
// browser uses, so the browser never stems.
//
// For languages bleve knows, both halves are built by name from bleve's registry, from the
// same components and in the same order as bleve's own analyzer for the language, so the
// terms are bleve's (one bug of bleve's lower-casing aside, see lowerFilter; the tests compare
// with bleve's own analyzers over the official GDPR texts). Greek (bleve has only stop words)
// and Slovenian (bleve has nothing) get chains written here. Any other name gets a Fallback
// analyzer that only folds.
package analysis

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/el"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// An Analyzer turns text into index terms in two steps, so that callers stem each distinct
// form once (through a cache) instead of every token.
//
// An Analyzer is safe for concurrent use: every component it holds is stateless.
type Analyzer struct {
	Name     string // config analyzer name: "en", "fr", "nl", "hr", "de", "pt", "el", "sl", …
	Stemmer  string // what stems, for the build log: "porter (bleve en)", "light Greek (SecureHealth)", "none"
	Fallback bool   // no analyzer for this name: unicode + lowercase + folding, no stop words, no stemming

	tokenizer analysis.Tokenizer
	pre       []analysis.TokenFilter    // tokenizer output → Form (ends with stop-word removal, if any)
	stem      []analysis.TokenFilter    // Form → term, for bleve languages
	stemFunc  func(string) string       // Form → term, for the chains written here (no token streams)
	stop      []string                  // folded, sorted, deduplicated
	bleve     *analysis.DefaultAnalyzer // tokenizer + pre + stem, for Bleve
	bleveOwn  analysis.Analyzer         // bleve's registered analyzer for the name, if any (for tests)
}

// A Token is one word of the text after tokenizing and the pre-stem filters (lower-case,
// elision, possessive, Greek tonos/final-sigma normalisation, stop-word removal).
type Token struct {
	Form    string // normalised, not yet stemmed (what Stem takes)
	Surface string // Fold(the source text of the word): the key of the surface-form map
	Start   int    // byte offset in the text where the word starts
	End     int    // byte offset just past the word
	Pos     int    // position (word index from 0, counting removed stop words)
}

// bleveLang names the components of one of bleve's analyzers, in the order bleve's
// analysis/lang/<xx>/analyzer_<xx>.go chains them. Everything up to and including the stop
// filter is pre-stem (it can drop or rewrite tokens in ways that depend on the raw word);
// everything after it maps one lower-case word to one term and so can be cached per form.
type bleveLang struct {
	stemmer string   // for the build log
	pre     []string // token filters before stemming, ending with the stop filter
	stopMap string   // token map of the stop filter, for Stopwords
	stem    []string // token filters that stem
}

// bleveLangs are the bleve analyzers this package splits. The test TestBleveEquivalence
// checks every entry against bleve's own analyzer, so a bleve upgrade that reorders a chain
// fails loudly instead of indexing different terms than it claims.
var bleveLangs = map[string]bleveLang{
	en.AnalyzerName: {"porter (bleve en)",
		[]string{en.PossessiveName, lowercase.Name, en.StopName}, en.StopName, []string{porter.Name}},
	fr.AnalyzerName: {"light French (bleve fr: stemmer_fr_light)",
		[]string{lowercase.Name, fr.ElisionName, fr.StopName}, fr.StopName, []string{fr.LightStemmerName}},
	nl.AnalyzerName: {"snowball Dutch (bleve nl: stemmer_nl_snowball)",
		[]string{lowercase.Name, nl.StopName}, nl.StopName, []string{nl.SnowballStemmerName}},
	hr.AnalyzerName: {"Croatian (bleve hr: hr_suffix_transformation_filter + stemmer_hr)",
		[]string{lowercase.Name, hr.StopName}, hr.StopName, []string{hr.SuffixTransformationFilterName, hr.StemmerName}},
	de.AnalyzerName: {"light German (bleve de: normalize_de + stemmer_de_light)",
		[]string{lowercase.Name, de.StopName}, de.StopName, []string{de.NormalizeName, de.LightStemmerName}},
	pt.AnalyzerName: {"light Portuguese (bleve pt: stemmer_pt_light)",
		[]string{lowercase.Name, pt.StopName}, pt.StopName, []string{pt.LightStemmerName}},
	es.AnalyzerName: {"light Spanish (bleve es: normalize_es + stemmer_es_light)",
		[]string{lowercase.Name, es.StopName}, es.StopName, []string{es.NormalizeName, es.LightStemmerName}},
	it.AnalyzerName: {"light Italian (bleve it: stemmer_it_light)",
		[]string{lowercase.Name, it.ElisionName, it.StopName}, it.StopName, []string{it.LightStemmerName}},
	da.AnalyzerName: {"snowball Danish (bleve da)",
		[]string{lowercase.Name, da.StopName}, da.StopName, []string{da.SnowballStemmerName}},
	fi.AnalyzerName: {"snowball Finnish (bleve fi)",
		[]string{lowercase.Name, fi.StopName}, fi.StopName, []string{fi.SnowballStemmerName}},
	hu.AnalyzerName: {"snowball Hungarian (bleve hu)",
		[]string{lowercase.Name, hu.StopName}, hu.StopName, []string{hu.SnowballStemmerName}},
	no.AnalyzerName: {"snowball Norwegian (bleve no)",
		[]string{lowercase.Name, no.StopName}, no.StopName, []string{no.SnowballStemmerName}},
	ro.AnalyzerName: {"snowball Romanian (bleve ro)",
		[]string{lowercase.Name, ro.StopName}, ro.StopName, []string{ro.SnowballStemmerName}},
	ru.AnalyzerName: {"snowball Russian (bleve ru)",
		[]string{lowercase.Name, ru.StopName}, ru.StopName, []string{ru.SnowballStemmerName}},
	sv.AnalyzerName: {"snowball Swedish (bleve sv)",
		[]string{lowercase.Name, sv.StopName}, sv.StopName, []string{sv.SnowballStemmerName}},
}

// Names lists the analyzer names New knows (bleve's and the ones written here), sorted.
func Names() []string {
	names := []string{"el", "sl"}
	for n := range bleveLangs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the analyzer configured as name. It never returns nil: a name with no analyzer
// gets a Fallback one (fold only, Stemmer "none") so the build can still index the language
// and report plainly that it did so, rather than borrowing another language's stemmer.
func New(name string) *Analyzer {
	cache := registry.NewCache()
	tok := must(cache.TokenizerNamed(unicode.Name))
	a := &Analyzer{Name: name, tokenizer: tok}
	switch name {
	case "el":
		a.Stemmer = "light Greek (SecureHealth)"
		// bleve's stop_el is Lucene's list, written for text already stripped of tonos and
		// with σ for ς; folding it again makes that an invariant rather than an assumption.
		a.ownChain(foldSet(tokenMapWords(must(cache.TokenMapNamed(el.StopName)))), stemGreek)
	case "sl":
		a.Stemmer = "light Slovene (SecureHealth)"
		a.ownChain(foldSet(sloveneStopWords), stemSlovene)
	default:
		bl, ok := bleveLangs[name]
		if !ok {
			a.Stemmer = "none"
			a.Fallback = true
			a.ownChain(nil, nil)
			break
		}
		a.Stemmer = bl.stemmer
		for _, f := range bl.pre {
			a.pre = append(a.pre, filterNamed(cache, f))
		}
		for _, f := range bl.stem {
			a.stem = append(a.stem, filterNamed(cache, f))
		}
		a.stop = sortedKeys(foldSet(tokenMapWords(must(cache.TokenMapNamed(bl.stopMap)))))
		a.bleveOwn = must(cache.AnalyzerNamed(name))
	}
	a.bleve = &analysis.DefaultAnalyzer{Tokenizer: a.tokenizer, TokenFilters: append(slices.Clip(a.pre), a.stem...)}
	if a.stemFunc != nil {
		a.bleve.TokenFilters = append(a.bleve.TokenFilters, funcFilter(a.stemFunc))
	}
	return a
}

// filterNamed returns bleve's token filter called name, except that bleve's to_lower is
// replaced by lowerFilter, which lower-cases the same way without its bug.
func filterNamed(cache *registry.Cache, name string) analysis.TokenFilter {
	if name == lowercase.Name {
		return lowerFilter{}
	}
	return must(cache.TokenFilterNamed(name))
}

// ownChain sets up the chains written in this package: unicode tokenizer, folding (which
// lower-cases, removes tonos/dialytika and háčeks and turns ς into σ, so a query typed without
// accents finds the same forms), stop words on the folded words, then stemFn.
func (a *Analyzer) ownChain(stopSet map[string]bool, stemFn func(string) string) {
	a.pre = []analysis.TokenFilter{foldFilter{}}
	if len(stopSet) > 0 {
		tm := analysis.NewTokenMap()
		for w := range stopSet {
			tm.AddToken(w)
		}
		a.pre = append(a.pre, stop.NewStopTokensFilter(tm))
		a.stop = sortedKeys(stopSet)
	}
	a.stemFunc = stemFn
}

// Tokens splits text into words and applies the pre-stem filters. Stop words produce no
// Token but still count for Pos, so phrase distances stay those of the source.
//
// Where a pre-stem filter removed part of a word at an apostrophe (French/Italian elision
// "l'article", English possessive "controller's"), Start/End and Surface describe the part
// that was kept ("article", "controller"). The browser splits query words at apostrophes
// (search-format.md "Folding"), so "article" is the form it will look up; a surface key
// "l'article" could never be hit.
func (a *Analyzer) Tokens(text string) []Token {
	// The lower-case and fold filters rewrite term bytes, and the tokenizer's terms alias its
	// input: it gets a copy, so text stays the untouched source for Surface.
	stream := a.tokenizer.Tokenize([]byte(text))
	for _, f := range a.pre {
		stream = f.Filter(stream)
	}
	// The folded chains (el, sl, fallback) cut nothing from words, and their Form already is
	// the folded source word; reusing it saves a second normalisation per token.
	folded := a.stemFunc != nil || a.Fallback
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		if len(t.Term) == 0 {
			// Elision of a bare article ("l'") leaves nothing to index.
			continue
		}
		tk := Token{Form: string(t.Term), Start: t.Start, End: t.End, Pos: t.Position - 1}
		switch {
		case folded:
			tk.Surface = tk.Form
		case hasApostrophe(text[t.Start:t.End]):
			tk.Start, tk.End = keptSpan(text, t.Start, t.End, tk.Form)
			fallthrough
		default:
			tk.Surface = Fold(text[tk.Start:tk.End])
		}
		out = append(out, tk)
	}
	return out
}

// apostrophes are the characters bleve's elision, possessive and apostrophe filters cut at.
const apostrophes = "'’＇"

// hasApostrophe is strings.ContainsAny(s, apostrophes), looking at bytes first: it runs on
// every token, and ’ and ＇ are the only multi-byte apostrophes, led by 0xE2 and 0xEF.
func hasApostrophe(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			return true
		case 0xE2, 0xEF:
			return strings.ContainsAny(s[i:], apostrophes)
		}
	}
	return false
}

// keptSpan narrows the word text[start:end] to the part a pre-stem filter kept: the span
// equal to form up to case that begins at the word start or just after an apostrophe
// (elision cuts a prefix) and ends at the word end or at its first or last apostrophe
// (possessive and apostrophe filters cut a suffix). If there is none (nothing was cut, as in
// "aujourd'hui", or lower-casing changed the byte length, as for İ) it returns the whole word.
// It only tries spans of form's length, so a word with many apostrophes costs linear time.
func keptSpan(text string, start, end int, form string) (int, int) {
	word := text[start:end]
	first, last := strings.IndexAny(word, apostrophes), strings.LastIndexAny(word, apostrophes)
	for _, e := range []int{end, start + first, start + last} {
		b := e - len(form)
		if b < start || b >= e {
			continue
		}
		if b > start {
			r, _ := utf8.DecodeLastRuneInString(text[start:b])
			if !strings.ContainsRune(apostrophes, r) {
				continue
			}
		}
		if strings.EqualFold(text[b:e], form) {
			return b, e
		}
	}
	return start, end
}

// Stem returns the index term of form, a Token.Form of this analyzer. It never returns "":
// if a stemmer would empty a word, the word itself is the term.
func (a *Analyzer) Stem(form string) string {
	if form == "" {
		return form
	}
	if a.stemFunc != nil {
		if s := a.stemFunc(form); s != "" {
			return s
		}
		return form
	}
	if len(a.stem) == 0 {
		return form
	}
	stream := analysis.TokenStream{&analysis.Token{Term: []byte(form), Position: 1, End: len(form), Type: analysis.AlphaNumeric}}
	for _, f := range a.stem {
		stream = f.Filter(stream)
	}
	if len(stream) != 1 || len(stream[0].Term) == 0 {
		return form
	}
	return string(stream[0].Term)
}

// Stopwords returns the analyzer's stop words, folded, sorted and deduplicated: the list the
// browser drops from queries (index.js "stop"). The Fallback analyzer has none.
func (a *Analyzer) Stopwords() []string {
	return append([]string(nil), a.stop...)
}

// Bleve returns a bleve analyzer that produces the same terms at the same positions as
// Tokens followed by Stem: the same tokenizer and filters in one chain. It exists so a
// relevance test can build a real bleve index and compare rankings with the precomputed
// scores. For the languages bleve has, it equals bleve's own analyzer for the name (the tests
// check this over the official GDPR texts) except that it lower-cases words containing İ, ẞ
// or the Kelvin, Ohm and Ångström signs correctly (see lowerFilter).
func (a *Analyzer) Bleve() analysis.Analyzer {
	return a.bleve
}

// foldFilter is Fold as a bleve token filter.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if f := Fold(string(t.Term)); f != string(t.Term) {
			t.Term = []byte(f)
		}
	}
	return in
}

// funcFilter turns a per-word stemmer into a bleve token filter, keeping Stem's rule that a
// stemmer never empties a word.
type funcFilter func(string) string

func (fn funcFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if s := fn(string(t.Term)); s != "" {
			t.Term = []byte(s)
		}
	}
	return in
}

func tokenMapWords(tm analysis.TokenMap) []string {
	words := make([]string, 0, len(tm))
	for w := range tm {
		words = append(words, w)
	}
	return words
}

func foldSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		if w = Fold(strings.TrimSpace(w)); w != "" {
			set[w] = true
		}
	}
	return set
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// must panics on a registry error. The names come from the table above and bleve's own
// constants, so an error is a programming error (caught by the tests), not bad input.
func must[T any](v T, err error) T {
	if err != nil {
		panic("search/analysis: " + err.Error())
	}
	return v
}
