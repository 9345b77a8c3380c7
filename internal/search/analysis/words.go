package analysis

import (
	"hash/maphash"
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
	pieces  pieceTable
	scratch []Word           // the words of a piece new to the cache
	stems   map[string]int32 // form → term ID
	ids     map[string]int32 // term → ID
	terms   []string         // ID → term
}

// NewWordCache returns an empty cache.
func NewWordCache() *WordCache {
	return &WordCache{stems: map[string]int32{}, ids: map[string]int32{}}
}

// Term returns the term numbered id.
func (c *WordCache) Term(id int32) string { return c.terms[id] }

// Terms returns how many terms the cache has numbered.
func (c *WordCache) Terms() int { return len(c.terms) }

const (
	maxCachedPiece = 48 // bytes: longer pieces (URLs, runs of script without spaces) are rare twice
)

// maxCacheSize is the number of pieces after which the cache starts again (a variable for
// the tests).
var maxCacheSize = 1 << 18

// Words calls fn with the term ID of every token of text, as Tokens finds them, stemmed, and
// the token itself when its piece of text is new to the cache (what a caller records once per
// surface form it can record then) — else w is nil: the cache keeps only the IDs.
// Text is cut at characters where Unicode word segmentation always breaks and which no token
// filter keeps (white space, and ASCII punctuation other than the joiners . , ; : ' _), and
// each piece is analysed on its own: the same words, since no analyzer's filters look at
// neighbouring tokens. Pieces repeat — most are a word and its punctuation — so their tokens
// come from the cache after the first time, which saves most of an index's analysis.
func (a *Analyzer) Words(text string, cache *WordCache, fn func(id int32, w *Word)) {
	if !utf8.ValidString(text) {
		// The segmenter reads invalid bytes with their neighbours: no piece is certain.
		for _, t := range a.Tokens(text) {
			term, id := cache.stem(a, t.Form)
			fn(id, &Word{t.Form, t.Surface, term, id})
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

func (a *Analyzer) piece(s string, cache *WordCache, fn func(id int32, w *Word)) {
	pt := &cache.pieces
	h := uint32(maphash.String(pieceSeed, s))
	slot := pt.find(h, s)
	if e := pt.slots[slot]; e != 0 {
		ent := &pt.entries[e-1]
		if ent.n <= 2 {
			for _, id := range ent.ids[:ent.n] {
				fn(id, nil)
			}
			return
		}
		for _, id := range pt.more[ent.ids[0] : ent.ids[0]+int32(ent.n)] {
			fn(id, nil)
		}
		return
	}
	words := cache.scratch[:0]
	for _, t := range a.Tokens(s) {
		term, id := cache.stem(a, t.Form)
		words = append(words, Word{t.Form, t.Surface, term, id})
	}
	cache.scratch = words
	if len(s) <= maxCachedPiece && len(words) <= 255 {
		pt.add(slot, h, s, words)
	}
	for i := range words {
		fn(words[i].ID, &words[i])
	}
}

// pieceSeed seeds the hash of the piece table: any seed gives the same words.
var pieceSeed = maphash.MakeSeed()

// A pieceTable maps pieces of text to their words' term IDs: an open-addressing hash table
// over flat arrays, which the index consults once per piece of every page, in a few hundred
// KB per cache (a map[string][]Word took twice the time, and each key and value its own
// allocation).
type pieceTable struct {
	slots   []uint32 // an entry's index + 1, or 0; a power of two long, at most half full
	entries []pieceEntry
	keys    []byte  // the pieces, one after another
	more    []int32 // the IDs of pieces of more than two words
}

type pieceEntry struct {
	hash      uint32
	key       uint32   // offset in keys
	ids       [2]int32 // the words' term IDs; for more than two, ids[0] is their offset in more
	keyLen, n uint8
}

// find returns the slot of s: its entry's, or the empty one where it would go.
func (pt *pieceTable) find(h uint32, s string) uint32 {
	if pt.slots == nil {
		pt.slots = make([]uint32, 1<<12)
	}
	mask := uint32(len(pt.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := pt.slots[i]
		if e == 0 {
			return i
		}
		ent := &pt.entries[e-1]
		if ent.hash == h && int(ent.keyLen) == len(s) && string(pt.keys[ent.key:ent.key+uint32(ent.keyLen)]) == s {
			return i
		}
	}
}

// add puts s's words in the empty slot find returned for it.
func (pt *pieceTable) add(slot, h uint32, s string, words []Word) {
	if len(pt.entries) >= maxCacheSize {
		*pt = pieceTable{slots: make([]uint32, len(pt.slots))}
		slot = pt.find(h, s)
	}
	e := pieceEntry{hash: h, key: uint32(len(pt.keys)), keyLen: uint8(len(s)), n: uint8(len(words))}
	if len(words) <= 2 {
		for i, w := range words {
			e.ids[i] = w.ID
		}
	} else {
		e.ids[0] = int32(len(pt.more))
		for _, w := range words {
			pt.more = append(pt.more, w.ID)
		}
	}
	pt.entries = append(pt.entries, e)
	pt.keys = append(pt.keys, s...) // a copy: s is part of a page's text, which may go
	pt.slots[slot] = uint32(len(pt.entries))
	if 2*len(pt.entries) > len(pt.slots) {
		pt.grow()
	}
}

// grow doubles the slots and puts every entry back.
func (pt *pieceTable) grow() {
	pt.slots = make([]uint32, 2*len(pt.slots))
	mask := uint32(len(pt.slots) - 1)
	for e := range pt.entries {
		i := pt.entries[e].hash & mask
		for pt.slots[i] != 0 {
			i = (i + 1) & mask
		}
		pt.slots[i] = uint32(e + 1)
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
