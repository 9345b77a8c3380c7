package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
)

func TestLowerFilter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"gdpr", "gdpr"},
		{"GDPR", "gdpr"},
		{"ČLANAK", "članak"},
		{"ΟΔΟΣ", "οδος"},   // final Σ → ς, as bleve does
		{"ΣΟΦΟΣ", "σοφος"}, // only the last one
		{"οδοσ", "οδοσ"},   // an existing σ is left alone
		// Shrinking runes followed by others: bleve's to_lower corrupts these.
		{"İ0", "i0"},
		{"İSTANBUL", "istanbul"},
		{"STRAẞE", "straße"},
		{"5\u212A", "5k"}, // Kelvin sign
		{"\u2126m", "ωm"}, // Ohm sign
		// Growing runes.
		{"ȺB", "ⱥb"},
		{"aȺΣ", "aⱥσ"}, // to_lower's growing path has no final-ς rule
		// Invalid bytes survive unchanged.
		{"A\xffB", "a\xffb"},
	}
	for _, tt := range tests {
		got := string(toLower([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("toLower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLowerFilterMatchesBleve checks lowerFilter against bleve's to_lower wherever the latter
// gives valid output, over every rune of the BMP in a few positions.
func TestLowerFilterMatchesBleve(t *testing.T) {
	bleveLower := lowercase.NewLowerCaseFilter()
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "Ab" + string(r), string(r) + "Σ", string(r) + "xY"} {
			want := bleveLower.Filter(analysis.TokenStream{{Term: []byte(s)}})[0].Term
			got := lowerFilter{}.Filter(analysis.TokenStream{{Term: []byte(s)}})[0].Term
			if utf8.Valid(want) && len(want) == len(strings.ToValidUTF8(string(want), "")) && string(got) != string(want) {
				t.Fatalf("lower(%q) = %q, bleve to_lower = %q", s, got, want)
			}
		}
	}
}
