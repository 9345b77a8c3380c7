package analysis

import "testing"

// Real words of GDPR and healthcare Greek, written as in running text (accents, capitals);
// they go through Tokens, so folding is part of what is tested.
func TestStemGreek(t *testing.T) {
	a := New("el")
	tests := []struct{ word, want string }{
		// Neuter -μα: the μ stays with the stem.
		{"δικαίωμα", "δικαιωμ"},
		{"δικαιώματος", "δικαιωμ"},
		{"δικαιώματα", "δικαιωμ"},
		{"δικαιωμάτων", "δικαιωμ"},
		// Feminine -ία: the ι stays with the stem.
		{"επεξεργασία", "επεξεργασι"},
		{"επεξεργασίας", "επεξεργασι"},
		{"επεξεργασιών", "επεξεργασι"},
		{"δεδομένα", "δεδομεν"},
		{"δεδομένων", "δεδομεν"},
		{"αρχή", "αρχ"},
		{"Αρχής", "αρχ"},
		{"αρχές", "αρχ"},
		{"υπεύθυνος", "υπευθυν"},
		{"υπευθύνου", "υπευθυν"},
		{"ΥΠΕΎΘΥΝΟΙ", "υπευθυν"},
		// Participle: ο εκτελών την επεξεργασία (the processor).
		{"εκτελών", "εκτελ"},
		{"εκτελούντος", "εκτελ"},
		{"εκτελούντες", "εκτελ"},
		// Feminine -ση: αποφάσεις, αποφάσεων.
		{"απόφαση", "αποφασ"},
		{"αποφάσεις", "αποφασ"},
		{"αποφάσεων", "αποφασ"},
		// Neuter -ος: κράτος is too short for -ατος, so -ος applies.
		{"κράτος", "κρατ"},
		{"κράτους", "κρατ"},
		{"κράτη", "κρατ"},
		{"δικαστήριο", "δικαστηρι"},
		{"δικαστηρίου", "δικαστηρι"},
		// Present-tense verbs, active and passive.
		{"εφαρμόζεται", "εφαρμοζ"},
		{"εφαρμόζονται", "εφαρμοζ"},
		{"θεωρείται", "θεωρ"},
		{"θεωρούνται", "θεωρ"},
		{"λαμβάνοντας", "λαμβαν"},
		// Healthcare words.
		{"ασθενής", "ασθεν"},
		{"ασθενούς", "ασθεν"},
		{"ασθενείς", "ασθεν"},
		{"νοσοκομείο", "νοσοκομει"},
		{"νοσοκομείων", "νοσοκομει"},
		{"υγεία", "υγει"},
		{"υγείας", "υγει"},
		{"γιατρός", "γιατρ"},
		{"γιατροί", "γιατρ"},
		// Adverb in -ως meets its adjective.
		{"πλήρως", "πληρ"},
		{"πλήρης", "πληρ"},
		// Never fewer than three letters: these keep their ending.
		{"νέα", "νεα"},
		{"ώρα", "ωρα"},
		{"ήδη", "ηδη"},
		{"ΕΕ", "εε"},
	}
	for _, tt := range tests {
		if got := stemOf(t, a, tt.word); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestGreekDistinct lists related words the light stemmer must keep apart: derivations
// with their own meaning, which a query reaches by prefix if it wants them.
func TestGreekDistinct(t *testing.T) {
	a := New("el")
	pairs := [][2]string{
		{"επεξεργασία", "επεξεργαστής"}, // processing / processor (the device)
		{"πρόσωπο", "προσωπικός"},       // person / personal
		{"αρχή", "αρχείο"},              // authority / filing system
		{"δικαίωμα", "δίκαιο"},          // a right / law
		{"απόφαση", "αποφασίζει"},       // decision / decides
		{"υγεία", "υγειονομικός"},       // health / sanitary
		{"δυνατός", "δύναμη"},           // possible / power
		{"δεδομένα", "δέσμευση"},        // data / commitment
	}
	for _, p := range pairs {
		if s0, s1 := stemOf(t, a, p[0]), stemOf(t, a, p[1]); s0 == s1 {
			t.Errorf("%q and %q both stem to %q", p[0], p[1], s0)
		}
	}
}
