package analysis

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// lowerFilter lower-cases terms exactly as bleve's to_lower filter means to: unicode.ToLower
// rune by rune, with an upper-case Σ at the end of a word becoming final ς (unless a rune
// that grows when lower-cased, like Ⱥ, comes before it: to_lower then skips that rule, and
// so does lowerFilter).
//
// It replaces to_lower because to_lower rewrites the term in place and, once a rune has
// shrunk (İ → i, ẞ → ß, the Kelvin/Ohm/Ångström signs → k/ω/å), it stops moving the unchanged
// runes after it back, leaving invalid UTF-8 ("İ0" → "i" + a stray byte). The fuzz test found
// that; the output of to_lower is otherwise unchanged, which TestBleveEquivalence checks
// against bleve's own analyzers.
type lowerFilter struct{}

func (lowerFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = toLower(t.Term)
	}
	return in
}

// toLower returns term lower-cased, in place when no rune changes its encoded length.
func toLower(term []byte) []byte {
	for i := 0; i < len(term); i++ {
		c := term[i]
		if c >= utf8.RuneSelf {
			return toLowerUnicode(term, i)
		}
		if 'A' <= c && c <= 'Z' {
			term[i] = c + 'a' - 'A'
		}
	}
	return term
}

// toLowerUnicode lower-cases term[from:], term[:from] being lower-case ASCII already. It
// writes in place while the lower-case text fits behind the read position and copies the
// term only when a rune grows past it (Ⱥ → ⱥ). Invalid bytes are kept as they are.
func toLowerUnicode(term []byte, from int) []byte {
	j := from // write position, never after the read position i
	for i := from; i < len(term); {
		r, w := utf8.DecodeRune(term[i:])
		if r == utf8.RuneError && w == 1 {
			term[j] = term[i]
			i, j = i+1, j+1
			continue
		}
		l := unicode.ToLower(r)
		if r == 'Σ' && i+w == len(term) {
			l = 'ς'
		}
		if j+utf8.RuneLen(l) > i+w {
			// Growing: finish in a fresh slice, as writing on would overwrite unread bytes.
			// Like to_lower (which hands the rest to bytes.ToLower), no final-ς rule here.
			out := make([]byte, j, len(term)+utf8.UTFMax)
			copy(out, term[:j])
			for _, r := range string(term[i:]) {
				out = utf8.AppendRune(out, unicode.ToLower(r))
			}
			return out
		}
		j += utf8.EncodeRune(term[j:], l)
		i += w
	}
	return term[:j]
}
