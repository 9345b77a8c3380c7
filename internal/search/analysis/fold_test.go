package analysis

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		// The examples of search-format.md.
		{"Člen", "clen"},
		{"Άρθρο", "αρθρο"},
		{"Überprüfung", "uberprufung"},
		// ASCII fast path: unchanged input, upper case, empty.
		{"gdpr", "gdpr"},
		{"GDPR", "gdpr"},
		{"", ""},
		{"Article 9(2)(h)", "article 9(2)(h)"},
		// Slovenian and Croatian háčeks and acute.
		{"bolnišnica", "bolnisnica"},
		{"ŽIVLJENJE", "zivljenje"},
		{"izričitu", "izricitu"},
		{"ćelija", "celija"},
		// đ has no decomposition, so it stays (the browser does the same).
		{"Đurđa", "đurđa"},
		// Greek: tonos, dialytika with tonos, final sigma in any case.
		{"ΥΠΕΎΘΥΝΟΣ", "υπευθυνοσ"},
		{"υπεύθυνος", "υπευθυνοσ"},
		{"Ελλάδα", "ελλαδα"},
		{"ΐ", "ι"},
		{"προϋπόθεση", "προυποθεση"},
		{"ΠΡΟΫΠΟΘΕΣΗ", "προυποθεση"},
		// French, German, Dutch, Portuguese.
		{"données", "donnees"},
		{"Ærø", "ærø"},
		{"Gefährdung", "gefahrdung"},
		{"coördinatie", "coordinatie"},
		{"informação", "informacao"},
		// An already-decomposed input folds the same as a composed one.
		{"Cˇlen", "cˇlen"}, // U+02C7 is a spacing modifier (Lm), not a combining mark
		{"C\u030clen", "clen"},
		// İ decomposes to I + combining dot, so no stray dot survives lower-casing.
		{"İstanbul", "istanbul"},
		// The apostrophe is not a letter: Fold keeps it, word splitting removes it.
		{"L’Article", "l’article"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldIdempotent(t *testing.T) {
	for _, s := range []string{"Člen", "ΥΠΕΎΘΥΝΟΣ", "données", "İstanbul", "ﬁle", "Ⱥ"} {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	}
}

// TestFoldTable checks the fast path against the definition: every rune of the table, and
// each letter followed by marks out of canonical order.
func TestFoldTable(t *testing.T) {
	for r := rune(0); r < foldTableSize; r++ {
		s := "Ab" + string(r) + "Σ"
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%q) = %q, foldSlow = %q", s, got, want)
		}
	}
	// Marks out of canonical order, a kept mark of nonzero class (Balinese adeg adeg U+1B44)
	// before a dropped one, runes past the table.
	for _, s := range []string{"a\u0323\u0301", "Ε\u0301\u0345", "ΐ\u0308", "\u1B13\u1B44\u0301\u1B34",
		"\u1B13\u0301\u1B44", "ｌ’Ａrticle", "中文Ω"} {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, foldSlow = %q", s, got, want)
		}
	}
}
