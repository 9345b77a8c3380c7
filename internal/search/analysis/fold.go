package analysis

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search-folded form of s, as search-format.md "Folding" defines it and
// search.js reproduces: NFD-decompose, drop combining marks (\p{Mn}), lower-case, then Greek
// final sigma ς → σ. "Člen" → "clen", "Άρθρο" → "αρθρο", "Überprüfung" → "uberprufung".
//
// Go and JS must agree byte for byte: the surface-form map is keyed by Fold and the browser
// looks query words up with its own fold. So Fold uses only per-rune simple case mapping after
// decomposition, which is what String.prototype.toLowerCase does for every letter that can
// survive the decomposition in our languages.
func Fold(s string) string {
	// Fast path: most tokens of en/fr/nl/hr/sl text are plain ASCII; lower-casing them needs
	// no normalisation and, if already lower-case, no allocation.
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if !upper {
			return s
		}
		return strings.ToLower(s)
	}
	// Middle path: every word of Latin, Greek and Cyrillic text is made of runes below
	// foldTableSize, which fold one by one through a table (see foldTable). That is several
	// times faster than normalising the string, and Greek text has no ASCII words to skip.
	tab := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= foldTableSize || tab.slow[r] {
			return foldSlow(s)
		}
		b.WriteString(tab.fold[r])
	}
	return b.String()
}

// foldSlow is Fold by its definition, for any input.
func foldSlow(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == 'ς' {
			r = 'σ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldTableSize bounds the runes folded through the table: Latin, Greek, Cyrillic and the
// other alphabetic blocks up to the end of Greek Extended (U+1FFF).
const foldTableSize = 0x2000

// foldTable maps each rune below foldTableSize to its fold. Folding rune by rune equals
// folding the string: NFD decomposes each rune on its own and then only reorders runes of
// nonzero combining class among themselves. Those are nearly all Mn marks, which Fold drops
// anyway; the few that Fold keeps (the Mc viramas of some Philippine and Indonesian scripts)
// are flagged slow and send their string down the normalising path. TestFoldTable checks
// the table against foldSlow rune by rune.
var foldTable = sync.OnceValue(func() *foldTab {
	t := new(foldTab)
	for r := rune(0); r < foldTableSize; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		t.fold[r] = foldSlow(string(r))
		t.slow[r] = !unicode.Is(unicode.Mn, r) && norm.NFD.PropertiesString(string(r)).CCC() != 0
	}
	return t
})

type foldTab struct {
	fold [foldTableSize]string
	slow [foldTableSize]bool // kept by Fold but reorderable by NFD: fold the whole string
}
