package analysis

// Greek: bleve ships only stop words (stop_el), so the stemmer is written here.
//
// It is a light stemmer in the spirit of Ntais's algorithm as Lucene's GreekStemmer implements
// it, keeping only its inflectional core: one pass strips the longest inflectional ending of
// nouns, adjectives, participles and the present-tense verb forms that legal and healthcare
// text uses, never leaving fewer than three letters. It does no derivational stripping
// (προσωπικός stays apart from πρόσωπο, επεξεργαστής from επεξεργασία), which keeps precision
// high: the browser's prefix matching already reaches derived forms.
//
// Input is a folded Form: lower-case, no tonos or dialytika, σ for ς. The endings are written
// that way too.
//
// Two choices do most of the work:
//   - A stem-final ι is never stripped. Greek declines nouns in -ι/-ιο/-ια on a stem that keeps
//     the ι (παιδί, παιδιού, παιδιά; δικαστήριο, δικαστηρίου, δικαστήρια; επεξεργασία,
//     επεξεργασίας, επεξεργασιών), so stripping only what follows the ι makes all of them meet.
//   - Endings whose first letter is stem (-ματος, -ματα, -ματων after neuter -μα nouns) keep
//     that letter, so that adjectives in -ατος are not cut short.

// greekMinStem is the fewest letters a Greek stem keeps.
const greekMinStem = 3

var greekRules = newSuffixRules(
	// Neuter nouns in -μα: δικαίωμα, δικαιώματος, δικαιώματα, δικαιωμάτων → δικαιωμ.
	suffixRule{"ματοσ", "μ"}, suffixRule{"ματα", "μ"}, suffixRule{"ματων", "μ"},
	// Participles and the -ων/-ον declension: εκτελών, εκτελούντος, εκτελούντα, εκτελούντες,
	// εκτελούντων; παρών, παρόντος, παρόντα; συμφέρον, συμφέροντος; the gerund λαμβάνοντας.
	suffixRule{"ουντοσ", ""}, suffixRule{"ουντεσ", ""}, suffixRule{"ουντων", ""}, suffixRule{"ουντα", ""},
	suffixRule{"οντοσ", ""}, suffixRule{"οντεσ", ""}, suffixRule{"οντων", ""}, suffixRule{"οντα", ""},
	suffixRule{"οντασ", ""}, suffixRule{"ωντασ", ""},
	suffixRule{"ουσα", ""}, suffixRule{"ουσασ", ""}, suffixRule{"ουσεσ", ""}, suffixRule{"ουσων", ""},
	// Present-tense verbs, active and medio-passive (εφαρμόζεται, εφαρμόζονται, θεωρείται,
	// θεωρούνται, μπορεί, μπορούν, ισχύουν).
	suffixRule{"ουνται", ""}, suffixRule{"ονται", ""}, suffixRule{"ωνται", ""}, suffixRule{"ειται", ""},
	suffixRule{"εται", ""}, suffixRule{"αται", ""}, suffixRule{"ομαι", ""},
	suffixRule{"ουμε", ""}, suffixRule{"ουνε", ""}, suffixRule{"ειτε", ""}, suffixRule{"ετε", ""},
	suffixRule{"ουν", ""},
	// Nouns and adjectives of every declension. -εις/-εων: αποφάσεις, αποφάσεων (-ση nouns);
	// -ους: νόμους, μέρους, ακριβούς; -ης/-η/-ες: αρχή, αρχής, αρχές.
	suffixRule{"ουσ", ""}, suffixRule{"εισ", ""}, suffixRule{"εων", ""},
	suffixRule{"οσ", ""}, suffixRule{"ου", ""}, suffixRule{"οι", ""}, suffixRule{"ων", ""},
	suffixRule{"ασ", ""}, suffixRule{"εσ", ""}, suffixRule{"ησ", ""}, suffixRule{"ον", ""},
	suffixRule{"ει", ""}, suffixRule{"ωσ", ""}, // -ωσ: adverbs πλήρως beside πλήρης
	suffixRule{"ο", ""}, suffixRule{"α", ""}, suffixRule{"η", ""}, suffixRule{"ε", ""}, suffixRule{"ω", ""},
)

// stemGreek returns the light stem of a folded Greek word.
func stemGreek(w string) string {
	s, _ := greekRules.strip(w, greekMinStem)
	return s
}
