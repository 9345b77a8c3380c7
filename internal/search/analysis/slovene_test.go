package analysis

import "testing"

// Real words of GDPR and healthcare Slovenian, as in running text; they go through Tokens,
// so folding (č, š, ž) is part of what is tested.
func TestStemSlovene(t *testing.T) {
	a := New("sl")
	tests := []struct{ word, want string }{
		// Fleeting e: podatek/podatka all meet at podatk.
		{"podatek", "podatk"},
		{"podatka", "podatk"},
		{"podatku", "podatk"},
		{"podatki", "podatk"},
		{"podatkov", "podatk"},
		{"podatke", "podatk"},
		{"podatkih", "podatk"},
		{"podatkom", "podatk"},
		{"pacient", "pacient"},
		{"pacienta", "pacient"},
		{"pacientu", "pacient"},
		{"pacienti", "pacient"},
		{"pacientov", "pacient"},
		{"pacientom", "pacient"},
		{"Bolnišnica", "bolnisnic"},
		{"bolnišnice", "bolnisnic"},
		{"bolnišnici", "bolnisnic"},
		{"bolnišnico", "bolnisnic"},
		{"bolnišnic", "bolnisnic"},
		{"bolnišnicah", "bolnisnic"},
		{"bolnišnicami", "bolnisnic"},
		// Fleeting e before c; soft-stem genitive plural -ev.
		{"upravljavec", "upravljavc"},
		{"upravljavca", "upravljavc"},
		{"upravljavcu", "upravljavc"},
		{"upravljavcev", "upravljavc"},
		{"upravljavcem", "upravljavc"},
		// Feminine -ev nouns, instrumental -vijo.
		{"privolitev", "privolitv"},
		{"privolitve", "privolitv"},
		{"privolitvijo", "privolitv"},
		{"kršitev", "krsitv"},
		{"kršitve", "krsitv"},
		// -ija nouns and the -ij genitive plural.
		{"informacija", "informacj"},
		{"informacije", "informacj"},
		{"informacijo", "informacj"},
		{"informacij", "informacj"},
		{"podjetje", "podjetj"},
		{"podjetij", "podjetj"},
		// Adjectives, with the short masculine in -en.
		{"osebni", "osebn"},
		{"osebnih", "osebn"},
		{"osebnega", "osebn"},
		{"oseben", "osebn"},
		{"člen", "cln"},
		{"člena", "cln"},
		{"členom", "cln"},
		{"zdravnik", "zdravnik"},
		{"zdravnikov", "zdravnik"},
		// Nominatives that look inflected are kept whole.
		{"sistem", "sistem"},
		{"sistema", "sistem"},
		{"sistemom", "sistem"},
		{"program", "program"},
		{"programa", "program"},
		{"simptom", "simptom"},
		{"simptoma", "simptom"},
		{"naslov", "naslov"},
		{"naslova", "naslov"},
		{"mehanizem", "mehanizm"},
		{"mehanizma", "mehanizm"},
		// Verbs: 3rd person singular and plural meet (obdel → obdl is the fleeting-e rewrite,
		// applied alike to every form of the verb).
		{"nanaša", "nanas"},
		{"nanašajo", "nanas"},
		{"obdeluje", "obdl"},
		{"obdelujejo", "obdl"},
		// Never fewer than three letters.
		{"ima", "ima"},
		{"oseb", "oseb"},
		{"EU", "eu"},
	}
	for _, tt := range tests {
		if got := stemOf(t, a, tt.word); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestSloveneDistinct lists related words the light stemmer must keep apart.
func TestSloveneDistinct(t *testing.T) {
	a := New("sl")
	pairs := [][2]string{
		{"oseba", "osebni"},         // person / personal
		{"podatek", "podatkovni"},   // datum / data (adj.)
		{"pravica", "pravilo"},      // a right / a rule
		{"pravica", "pravo"},        // a right / law
		{"pravilo", "pravo"},        // a rule / law
		{"zdravnik", "zdravilo"},    // doctor / medicine
		{"obdelava", "obdelovalec"}, // processing / processor
		{"člen", "član"},            // article / member
		{"zdravje", "zdravljenje"},  // health / treatment
		{"upravljavec", "uprava"},   // controller / administration
		{"rezultati", "rezati"},     // results / to cut: -ati is not stripped
	}
	for _, p := range pairs {
		if s0, s1 := stemOf(t, a, p[0]), stemOf(t, a, p[1]); s0 == s1 {
			t.Errorf("%q and %q both stem to %q", p[0], p[1], s0)
		}
	}
}
