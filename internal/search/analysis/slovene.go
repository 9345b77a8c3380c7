package analysis

import (
	"strings"
	"unicode/utf8"
)

// Slovenian: bleve has neither stop words nor a stemmer, so both are written here.
//
// The stemmer is light, in the spirit of Dolamic & Savoy's light Slovene stemmer: strip the
// longest inflectional ending from a list, keeping at least three letters. Two additions make
// the commonest paradigms of legal and healthcare text meet:
//
//   - The fleeting e (podatek/podatka, upravljavec/upravljavca, privolitev/privolitve) and the
//     -ij stem of -ija nouns (informacija/informacij, podjetje/podjetij): after stripping, a
//     stem ending in consonant + e + k/c/l/n/r/v or consonant + i + j drops that vowel. The
//     rewrite is a function of the stripped stem alone, so the nominative and the oblique
//     forms reach the same stem even where that stem is not a word (podatek → podatk).
//   - A few masculine nouns whose nominative ends in what looks like a case ending (sistem,
//     program, seznam, naslov, sindrom …) are kept whole; their other forms strip normally
//     to the same stem (sistema, sistemom → sistem).
//
// Input is a folded Form (č → c, š → s, ž → z); the endings are written that way too.

// slMinStem is the fewest letters a Slovenian stem keeps.
const slMinStem = 3

var slRules = newSuffixRules(
	// Noun and adjective case endings (all three genders, singular, dual and plural).
	suffixRule{"a", ""}, suffixRule{"e", ""}, suffixRule{"i", ""}, suffixRule{"o", ""}, suffixRule{"u", ""},
	suffixRule{"om", ""}, suffixRule{"ov", ""}, suffixRule{"em", ""}, suffixRule{"am", ""}, suffixRule{"im", ""},
	suffixRule{"ih", ""}, suffixRule{"ah", ""},
	suffixRule{"ami", ""}, suffixRule{"imi", ""}, suffixRule{"ega", ""}, suffixRule{"emu", ""},
	// The dual endings -ama/-ema/-ima/-oma are left out: duals are rare in this text, while
	// genitives like programa, sistema, režima, simptoma are common and would lose their stem.
	// Genitive plural -ev only after soft stems (izvajalcev, kriterijev): after other
	// letters -ev is the nominative of feminine nouns (privolitev, storitev), handled by the
	// fleeting-e rewrite instead.
	suffixRule{"cev", "c"}, suffixRule{"jev", "j"},
	// Instrumental of -ev nouns: privolitvijo → privolitv. (Plain -ijo is not an ending:
	// informacijo is informacij + o.)
	suffixRule{"vijo", "v"},
	// Present-tense 3rd person of verbs (nanaša/nanašajo, obdeluje/obdelujejo, sprejme/
	// sprejmejo) and the -ovati/-evati infinitives that pair with -uje. Other infinitives
	// (-ati, -iti, -eti) are left alone: stripping them would also cut masculine nouns in
	// -at/-it/-et (rezultati, certifikati, predmeti) away from their nominatives.
	suffixRule{"ajo", ""}, suffixRule{"ejo", ""}, suffixRule{"uje", ""}, suffixRule{"ujejo", ""},
	suffixRule{"ujem", ""}, suffixRule{"ujemo", ""}, suffixRule{"ovati", ""}, suffixRule{"evati", ""},
	// Masculine nouns in -izem have a fleeting e: mehanizem, mehanizma → mehanizm.
	suffixRule{"izem", "izm"},
)

// slWholeStems are nominatives whose final letters look like an ending but are stem. Any word
// ending in one of them (podsistem, ekosistem) is kept whole.
var slWholeStems = []string{
	"sistem", "problem", "program", "seznam", "rezim", "naslov",
	"sindrom", "simptom", "sprejem", "prejem", "odvzem",
}

// stemSlovene returns the light stem of a folded Slovenian word.
func stemSlovene(w string) string {
	for _, whole := range slWholeStems {
		if strings.HasSuffix(w, whole) {
			return w
		}
	}
	s, _ := slRules.strip(w, slMinStem)
	return slFleeting(s)
}

// slFleeting drops a fleeting vowel before the last consonant of a stem: consonant + e +
// k/c/l/n/r/v (podatek, konec, posel, oseben, primer, privolitev) or consonant + i + j
// (podjetij, informacij). It keeps at least slMinStem letters.
func slFleeting(s string) string {
	n := len(s)
	if n < 3 || utf8.RuneCountInString(s)-1 < slMinStem {
		return s
	}
	last, vowel, before := s[n-1], s[n-2], s[n-3]
	if !isSlConsonant(before) {
		return s
	}
	switch {
	case vowel == 'e' && strings.IndexByte("kclnrv", last) >= 0,
		vowel == 'i' && last == 'j':
		return s[:n-2] + s[n-1:]
	}
	return s
}

// isSlConsonant reports whether b is an ASCII consonant letter (folded Slovenian has only
// ASCII letters).
func isSlConsonant(b byte) bool {
	return 'a' <= b && b <= 'z' && strings.IndexByte("aeiou", b) < 0
}

// sloveneStopWords are common Slovenian function words: conjunctions, prepositions, pronouns
// and their case forms, the forms of biti, and frequent particles and adverbs. They are written
// with diacritics for readability and folded when an Analyzer is built.
var sloveneStopWords = strings.Fields(`
a ali ampak ki bodisi če čeprav da dokler in kajti kakor ker ko kot marveč medtem ne ni niti
oziroma pa pač preden saj sicer še ter temveč toda torej tudi vendar zato že le samo
v na za z s o pri po od do iz k h ob med nad pod pred skozi proti brez zaradi glede razen
okoli poleg kljub prek preko čez mimo zoper namesto znotraj zunaj vzdolž blizu
jaz ti on ona ono mi vi oni one me mene meni mano te tebe tebi teboj ga njega mu njemu ji
njej jo njo nje jih njih jim njim njimi nas nam nami vas vam vami se sebe si sebi seboj
svoj svoja svoje svojo svojega svojemu svojem svojim svojih svojimi
njegov njegova njegovo njegove njegovega njegovemu njegovem njegovim njegovih njegovimi
njen njena njeno njene njenega njenemu njenem njenim njenih njenimi
njihov njihova njihovo njihove njihovega njihovemu njihovem njihovim njihovih njihovimi
ta to tega temu tem tej teh tema tisti tista tisto tiste tistega tistemu tistem tistim tistih
tak taka tako take takega takemu takem takim takih takšen takšna takšno takšne takšnih
vsak vsaka vsako vsake vsakega vsakemu vsakem vsakim vsi vse vsega vsem vseh vsemi
noben nobena nobeno nobene nobenega nobenem nobenih nič ničesar nekaj nekateri nekatera
nekatere nekaterih nekaterim
kdo kaj koga česa komu čemu kom čem kom čim kar česar čemur čemer čimer kjer kamor koder
kdaj kako kateri katera katero katere katerega kateremu katerem katerim katerih katerimi
čigar kadar koli kolikor
sem si je sva sta smo ste so nisem nisi nisva nista nismo niste niso bil bila bilo bili
bile bo bom boš bova bosta bomo boste bodo bi biti bodi bodite
lahko zelo bolj najbolj več manj tam tu tukaj sedaj zdaj potem nato takoj vedno nikoli morda
seveda zlasti predvsem vključno tj npr itd oz ipd
en ena eno eni ene enega enemu enem enim enih
`)
