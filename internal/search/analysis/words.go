package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Word is what Words reports of a token: its form, its surface key, its term (the form
// stemmed) and the term's number in the cache, so that callers can count terms in a slice
// rather than a map keyed by their text.
type Word struct {
	Form, Surface, Term string
	ID                  int32 // the term's number in the WordCache: 0, 1, 2 … as it first met them
}

// A WordCache remembers the tokens of the pieces of text Words has analysed, and the term of
// each form (the stemmer runs once per distinct form). It is not safe for concurrent use: give
// each worker its own.
type WordCache struct {
	m     map[string][]Word
	stems map[string]int32 // form → term ID
	ids   map[string]int32 // term → ID
	terms []string         // ID → term
}

// NewWordCache returns an empty cache.
func NewWordCache() *WordCache {
	return &WordCache{m: map[string][]Word{}, stems: map[string]int32{}, ids: map[string]int32{}}
}

// Term returns the term numbered id.
func (c *WordCache) Term(id int32) string { return c.terms[id] }

// Terms returns how many terms the cache has numbered.
func (c *WordCache) Terms() int { return len(c.terms) }

const (
	maxCachedPiece = 48      // bytes: longer pieces (URLs, runs of script without spaces) are rare twice
	maxCacheSize   = 1 << 18 // pieces, after which the cache starts again
)

// Words calls fn with every token of text, as Tokens finds them, stemmed; fresh says that the
// token's piece of text is new to the cache (what a caller records once per surface form it
// can record then).
// Text is cut at characters where Unicode word segmentation always breaks and which no token
// filter keeps (white space, and ASCII punctuation other than the joiners . , ; : ' _), and
// each piece is analysed on its own: the same words, since no analyzer's filters look at
// neighbouring tokens. Pieces repeat — most are a word and its punctuation — so their tokens
// come from the cache after the first time, which saves most of an index's analysis.
func (a *Analyzer) Words(text string, cache *WordCache, fn func(w *Word, fresh bool)) {
	if !utf8.ValidString(text) {
		// The segmenter reads invalid bytes with their neighbours: no piece is certain.
		for _, t := range a.Tokens(text) {
			term, id := cache.stem(a, t.Form)
			fn(&Word{t.Form, t.Surface, term, id}, true)
		}
		return
	}
	start := -1
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if (r < utf8.RuneSelf && asciiBreaks[r] || r >= utf8.RuneSelf && breaks(r)) && !extends(text[i+size:]) {
			if start >= 0 {
				a.piece(text[start:i], cache, fn)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		a.piece(text[start:], cache, fn)
	}
}

func (a *Analyzer) piece(s string, cache *WordCache, fn func(w *Word, fresh bool)) {
	words, ok := cache.m[s]
	if !ok {
		for _, t := range a.Tokens(s) {
			term, id := cache.stem(a, t.Form)
			words = append(words, Word{t.Form, t.Surface, term, id})
		}
		if len(s) <= maxCachedPiece {
			if len(cache.m) >= maxCacheSize {
				clear(cache.m)
			}
			cache.m[strings.Clone(s)] = words // s is part of a page's text, which may go
		}
	}
	for i := range words {
		fn(&words[i], !ok)
	}
}

// stem is a.Stem(form), once per form, and the term's ID.
func (c *WordCache) stem(a *Analyzer, form string) (string, int32) {
	if id, ok := c.stems[form]; ok {
		return c.terms[id], id
	}
	t := a.Stem(form)
	id, ok := c.ids[t]
	if !ok {
		id = int32(len(c.terms))
		c.terms = append(c.terms, t)
		c.ids[t] = id
	}
	c.stems[form] = id
	return t, id
}

// asciiBreaks is breaks for ASCII, looked up once per character of every indexed text.
var asciiBreaks = func() (t [utf8.RuneSelf]bool) {
	for r := range t {
		t[r] = breaks(rune(r))
	}
	return t
}()

// breaks reports whether Unicode word segmentation (UAX #29) always breaks around r and
// tokenizers drop it: white space, and ASCII characters of the property Other. Not the
// joiners , ; (MidNum) : (MidLetter) . ' (MidNumLet) _ (ExtendNumLet).
func breaks(r rune) bool {
	if r < utf8.RuneSelf {
		switch {
		case r == ' ', r == '\n', r == '\t', r == '\r', r == '\f', r == '\v':
			return true
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return false
		}
		return !strings.ContainsRune(",;:.'_", r) && r >= ' ' && r != 0x7f
	}
	return IsSpace(r) && r != 0x200b
}

// IsSpace is unicode.IsSpace, quicker for the letters of Greek and other scripts below U+1680,
// where the only white space is U+0085 and U+00A0.
func IsSpace(r rune) bool {
	if r < 0x1680 {
		return r == ' ' || '\t' <= r && r <= '\r' || r == 0x85 || r == 0xa0
	}
	return unicode.IsSpace(r)
}

// extends reports whether s starts with a character that attaches to the one before it
// (combining marks, format characters, ZWJ): no break is certain there.
func extends(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.M, r) || unicode.Is(unicode.Cf, r)
}
