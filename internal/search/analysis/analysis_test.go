package analysis

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// samples are one sentence per project language, written like the project's content.
var samples = map[string]string{
	"en": "The controller's obligations: personal data shall be processed lawfully, fairly and in a transparent manner in relation to the data subject (Article 5(1)(a)). Hospitals' records aren't exempt.",
	"fr": "L'article 9 interdit le traitement des données concernant la santé, sauf si la personne concernée a donné son consentement explicite. Qu'il s'agisse d'hôpitaux ou d'organismes, l’établissement informe l'intéressé.",
	"nl": "De verwerking van persoonsgegevens over gezondheid is verboden, tenzij de betrokkene uitdrukkelijke toestemming heeft gegeven. Ziekenhuizen bewaren patiëntendossiers zo'n twintig jaar.",
	"hr": "Obrada osobnih podataka koji se odnose na zdravlje zabranjena je, osim ako je ispitanik dao izričitu privolu. Članak 9. Opće uredbe o zaštiti podataka; bolnice i liječnici.",
	"el": "Η επεξεργασία δεδομένων προσωπικού χαρακτήρα που αφορούν την υγεία απαγορεύεται, εκτός εάν το υποκείμενο των δεδομένων έχει παράσχει ΡΗΤΗ συγκατάθεση. Άρθρο 9· ΟΙ ΑΣΘΕΝΕΙΣ του νοσοκομείου.",
	"sl": "Obdelava osebnih podatkov v zvezi z zdravjem je prepovedana, razen če je posameznik, na katerega se nanašajo osebni podatki, dal izrecno privolitev. Člen 9; BOLNIŠNICE in zdravniki.",
	"de": "Die Verarbeitung von Gesundheitsdaten ist untersagt, es sei denn, die betroffene Person hat ausdrücklich eingewilligt. Krankenhäuser führen Patientenakten über Jahre.",
	"pt": "O tratamento de dados relativos à saúde é proibido, salvo se o titular dos dados tiver dado o seu consentimento explícito. Os hospitais guardam os registos clínicos.",
}

// TestBleveEquivalence checks that Tokens followed by Stem gives exactly the terms and
// positions of Bleve() and, for bleve's languages, of bleve's own registered analyzer: the
// table of component names and the pre-stem/stem split must reproduce it. The official GDPR
// texts, where present, add some 50,000 words of real legal text per language.
func TestBleveEquivalence(t *testing.T) {
	all := strings.Join(sortedValues(samples), " ")
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			a := New(name)
			if a.Fallback {
				t.Fatalf("New(%q).Fallback = true", name)
			}
			if _, ok := bleveLangs[name]; ok && a.bleveOwn == nil {
				t.Fatalf("New(%q) has no bleve analyzer to compare with", name)
			}
			texts := []string{all}
			if s, ok := samples[name]; ok {
				texts = append(texts, s)
			}
			if g := gdprText(t, name); g != "" && !testing.Short() {
				texts = append(texts, g)
			}
			for i, text := range texts {
				got := ourTerms(a, text)
				check := func(what string, want []string) {
					if len(want) == 0 {
						t.Fatalf("text %d: %s produced no terms", i, what)
					}
					if !slices.Equal(got, want) {
						j := firstDiff(got, want)
						t.Errorf("text %d: Tokens+Stem differ from %s at term %d:\n got  %q\n want %q",
							i, what, j, window(got, j), window(want, j))
					}
				}
				check("Bleve()", bleveTerms(a.Bleve(), text))
				if a.bleveOwn != nil {
					check("bleve's analyzer "+name, bleveTerms(a.bleveOwn, text))
				}
			}
		})
	}
}

// bleveTerms analyses text with a bleve analyzer. Empty terms (an elided article with nothing
// after it) are dropped: Tokens drops them too, as an empty form cannot be searched for.
func bleveTerms(an analysis.Analyzer, text string) []string {
	var out []string
	for _, tok := range an.Analyze([]byte(text)) {
		if len(tok.Term) == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("%d:%s", tok.Position-1, tok.Term))
	}
	return out
}

// ourTerms is the two-step path, with the per-form cache callers use.
func ourTerms(a *Analyzer, text string) []string {
	cache := map[string]string{}
	var out []string
	for _, tk := range a.Tokens(text) {
		term, ok := cache[tk.Form]
		if !ok {
			term = a.Stem(tk.Form)
			cache[tk.Form] = term
		}
		out = append(out, fmt.Sprintf("%d:%s", tk.Pos, term))
	}
	return out
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func window(s []string, i int) []string {
	return s[max(0, i-3):min(len(s), i+4)]
}

func sortedValues(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var vals []string
	for _, k := range keys {
		vals = append(vals, m[k])
	}
	return vals
}

func TestTokens(t *testing.T) {
	type tok struct {
		Form, Surface string
		Start, End    int
		Pos           int
	}
	tests := []struct {
		lang, text string
		want       []tok
	}{
		{"en", "The controller's duties", []tok{
			// "the" is a stop word: no token, but it keeps position 0.
			{"controller", "controller", 4, 14, 1}, // possessive cut: span and surface lose "'s"
			{"duties", "duties", 17, 23, 2},
		}},
		{"en", "Data-Protection Officer, art. 37", []tok{
			{"data", "data", 0, 4, 0},
			{"protection", "protection", 5, 15, 1},
			{"officer", "officer", 16, 23, 2},
			{"art", "art", 25, 28, 3},
			{"37", "37", 30, 32, 4},
		}},
		{"fr", "l'article 9", []tok{
			{"article", "article", 2, 9, 0}, // elision: the browser looks up "article", not "l'article"
			{"9", "9", 10, 11, 1},
		}},
		{"fr", "L’Établissement d'hôpital", []tok{
			{"établissement", "etablissement", 4, 18, 0}, // ’ is 3 bytes, É 2
			{"hôpital", "hopital", 21, 29, 1},
		}},
		{"fr", "aujourd'hui", []tok{
			// Not an elision ("aujourd" is no article): the word stays whole.
			{"aujourd'hui", "aujourd'hui", 0, 11, 0},
		}},
		{"hr", "Članak 9. Obrada mora biti zakonita", []tok{
			{"članak", "clanak", 0, 7, 0}, // Č is 2 bytes; bleve's hr forms keep diacritics
			{"9", "9", 8, 9, 1},
			{"obrada", "obrada", 11, 17, 2},
			// "mora" and "biti" are in bleve's stop_hr (positions 3 and 4).
			{"zakonita", "zakonita", 28, 36, 5},
		}},
		{"el", "Το Άρθρο 9 ΚΑΙ ο ΥΠΕΎΘΥΝΟΣ", []tok{
			// Greek forms are folded: no tonos, σ for ς, so accent-free queries match.
			{"αρθρο", "αρθρο", 5, 15, 1},
			{"9", "9", 16, 17, 2},
			{"υπευθυνοσ", "υπευθυνοσ", 28, 46, 5},
		}},
		{"sl", "Podatki in pacienti, ki so v bolnišnici", []tok{
			{"podatki", "podatki", 0, 7, 0},
			{"pacienti", "pacienti", 11, 19, 2},
			{"bolnisnici", "bolnisnici", 29, 40, 6},
		}},
		{"xx", "Überprüfung der Daten", []tok{
			// Fallback: folded, and "der" kept, as there are no stop words.
			{"uberprufung", "uberprufung", 0, 13, 0},
			{"der", "der", 14, 17, 1},
			{"daten", "daten", 18, 23, 2},
		}},
		{"en", "", nil},
		{"en", " — ... ", nil},
	}
	for _, tt := range tests {
		a := New(tt.lang)
		var got []tok
		for _, tk := range a.Tokens(tt.text) {
			got = append(got, tok{tk.Form, tk.Surface, tk.Start, tk.End, tk.Pos})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s Tokens(%q):\n got  %+v\n want %+v", tt.lang, tt.text, got, tt.want)
		}
	}
}

// TestTokenInvariants checks, over real text in every language, the properties the index
// builder relies on: offsets inside the text, Surface = Fold of the source span, positions
// increasing, and forms of the folded chains already folded.
func TestTokenInvariants(t *testing.T) {
	for _, name := range append(Names(), "xx") {
		a := New(name)
		text := gdprText(t, name)
		if text == "" || testing.Short() {
			text = strings.Join(sortedValues(samples), " ")
		}
		checkInvariants(t, a, text)
	}
}

func checkInvariants(t *testing.T, a *Analyzer, text string) {
	t.Helper()
	prev := -1
	for _, tk := range a.Tokens(text) {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("%s: token %+v: bad span for text of %d bytes", a.Name, tk, len(text))
		}
		if tk.Pos <= prev {
			t.Fatalf("%s: token %+v: position not after %d", a.Name, tk, prev)
		}
		prev = tk.Pos
		if tk.Form == "" || !utf8.ValidString(tk.Form) {
			t.Fatalf("%s: token %+v: bad form", a.Name, tk)
		}
		if f := Fold(text[tk.Start:tk.End]); tk.Surface != f {
			t.Fatalf("%s: token %+v: Surface != Fold(source) = %q", a.Name, tk, f)
		}
		if (a.stemFunc != nil || a.Fallback) && tk.Form != tk.Surface {
			t.Fatalf("%s: token %+v: folded chain but Form != Surface", a.Name, tk)
		}
		if a.Stem(tk.Form) == "" {
			t.Fatalf("%s: Stem(%q) is empty", a.Name, tk.Form)
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name, stemmer string
		fallback      bool
	}{
		{"en", "porter (bleve en)", false},
		{"fr", "light French (bleve fr: stemmer_fr_light)", false},
		{"nl", "snowball Dutch (bleve nl: stemmer_nl_snowball)", false},
		{"hr", "Croatian (bleve hr: hr_suffix_transformation_filter + stemmer_hr)", false},
		{"de", "light German (bleve de: normalize_de + stemmer_de_light)", false},
		{"pt", "light Portuguese (bleve pt: stemmer_pt_light)", false},
		{"el", "light Greek (SecureHealth)", false},
		{"sl", "light Slovene (SecureHealth)", false},
		// No analyzer: fold only, said plainly, never another language's stemmer.
		{"xx", "none", true},
		{"", "none", true},
		{"EN", "none", true}, // config names are exact
		{"cjk", "none", true},
	}
	for _, tt := range tests {
		a := New(tt.name)
		if a == nil {
			t.Fatalf("New(%q) = nil", tt.name)
		}
		if a.Name != tt.name || a.Stemmer != tt.stemmer || a.Fallback != tt.fallback {
			t.Errorf("New(%q) = {Name %q, Stemmer %q, Fallback %v}, want {%q, %q, %v}",
				tt.name, a.Name, a.Stemmer, a.Fallback, tt.name, tt.stemmer, tt.fallback)
		}
		if a.Bleve() == nil {
			t.Errorf("New(%q).Bleve() = nil", tt.name)
		}
	}
}

func TestFallback(t *testing.T) {
	a := New("xx")
	if sw := a.Stopwords(); len(sw) != 0 {
		t.Errorf("fallback Stopwords() = %q, want none", sw)
	}
	for _, w := range []string{"processing", "données", "podatkov"} {
		if got := a.Stem(w); got != w {
			t.Errorf("fallback Stem(%q) = %q, want it unchanged", w, got)
		}
	}
	if got := ourTerms(a, "The Données"); !slices.Equal(got, []string{"0:the", "1:donnees"}) {
		t.Errorf("fallback terms = %q", got)
	}
}

func TestStopwords(t *testing.T) {
	tests := []struct {
		lang string
		has  []string // folded
		min  int
	}{
		{"en", []string{"the", "and", "of"}, 30},
		{"fr", []string{"le", "la", "des", "ete", "etait"}, 100}, // "été", "était" folded
		{"nl", []string{"de", "het", "van"}, 50},
		// bleve's stop_hr holds only forms of biti, htjeti, željeti, morati, trebati, moći
		// (and "za"): no conjunctions or prepositions.
		{"hr", []string{"biti", "su", "ce", "mora", "za"}, 60}, // "će" folded
		{"de", []string{"der", "die", "fur"}, 100},
		{"el", []string{"και", "του", "τησ", "ειναι"}, 50},
		{"sl", []string{"in", "je", "za", "na", "se", "da", "ki", "v", "z", "s", "o", "pri", "po",
			"od", "do", "ali", "ter", "kot", "tudi", "ce", "ze", "ceprav", "cez"}, 150},
	}
	for _, tt := range tests {
		sw := New(tt.lang).Stopwords()
		if len(sw) < tt.min {
			t.Errorf("%s: %d stop words, want at least %d", tt.lang, len(sw), tt.min)
		}
		if !slices.IsSorted(sw) || len(slices.Compact(slices.Clone(sw))) != len(sw) {
			t.Errorf("%s: stop words not sorted and deduplicated", tt.lang)
		}
		for _, w := range sw {
			if w == "" || Fold(w) != w {
				t.Errorf("%s: stop word %q not folded", tt.lang, w)
			}
		}
		for _, w := range tt.has {
			if _, ok := slices.BinarySearch(sw, w); !ok {
				t.Errorf("%s: stop words lack %q", tt.lang, w)
			}
		}
	}
	// The slice is a copy: a caller cannot change the analyzer's list.
	a := New("sl")
	a.Stopwords()[0] = "zzz"
	if a.Stopwords()[0] == "zzz" {
		t.Error("Stopwords returns the analyzer's own slice")
	}
}

// TestStopwordsRemoved checks that in the folded chains (el, sl) every listed stop word,
// written in any case and with or without accents, yields no token; a query typed either
// way then drops exactly what the index dropped.
func TestStopwordsRemoved(t *testing.T) {
	for _, lang := range []string{"el", "sl"} {
		a := New(lang)
		text := strings.Join(a.Stopwords(), " ") + " " + strings.ToUpper(strings.Join(a.Stopwords(), " "))
		if toks := a.Tokens(text); len(toks) != 0 {
			t.Errorf("%s: stop words gave tokens: %+v", lang, toks[:min(5, len(toks))])
		}
	}
	if toks := New("sl").Tokens("Če že čez"); len(toks) != 0 {
		t.Errorf("sl: accented stop words gave tokens: %+v", toks)
	}
	if toks := New("el").Tokens("Είναι ΤΗΣ"); len(toks) != 0 {
		t.Errorf("el: accented stop words gave tokens: %+v", toks)
	}
}

func TestStemBleveLanguages(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"en", "processing", "process"},
		{"en", "processed", "process"},
		{"en", "controllers", "control"},
		{"fr", "données", "done"},
		{"nl", "verwerking", "verwerk"},
		{"hr", "podataka", "podatk"},
		{"de", "Verarbeitung", "verarbeitung"},
	}
	for _, tt := range tests {
		a := New(tt.lang)
		if got := stemOf(t, a, tt.word); got != tt.want {
			t.Errorf("%s Stem(%q) = %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
	// Stem never returns "", whatever it is given.
	for _, name := range append(Names(), "xx") {
		a := New(name)
		for _, w := range []string{"", "a", "'", "s"} {
			if got := a.Stem(w); got == "" && w != "" {
				t.Errorf("%s Stem(%q) = \"\"", name, w)
			}
		}
	}
}

// FuzzTokens feeds author-like text to every analyzer: no panics, and the invariants of
// TestTokenInvariants hold.
func FuzzTokens(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
	}
	f.Add("l'l'l' ’s 's qu'' ＇s Σ ς ΐ İ Ⱥ")
	f.Add("B0B0l s s Bu s Σ ςAΐ İ0Ⱥ") // bleve's to_lower made invalid UTF-8 of "İ0Ⱥ"
	analyzers := []*Analyzer{}
	for _, name := range append(Names(), "xx") {
		analyzers = append(analyzers, New(name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, a := range analyzers {
			checkInvariants(t, a, text)
		}
	})
}

// TestConcurrent runs every analyzer from several goroutines at once, as an index build over
// languages or sections may; run with -race to check that the shared components are
// stateless as the Analyzer doc claims.
func TestConcurrent(t *testing.T) {
	text := strings.Join(sortedValues(samples), " ")
	for _, name := range append(Names(), "xx") {
		a := New(name)
		want := strings.Join(ourTerms(a, text), " ")
		done := make(chan string)
		for range 4 {
			go func() { done <- strings.Join(ourTerms(a, text), " ") }()
		}
		for range 4 {
			if got := <-done; got != want {
				t.Errorf("%s: concurrent run gave different terms", name)
			}
		}
	}
}

// TestTokensApostrophes covers the corners of narrowing a word to the part a filter kept.
func TestTokensApostrophes(t *testing.T) {
	tests := []struct {
		lang, text, surface string
		start, end          int
	}{
		{"fr", "qu'entreprise", "entreprise", 3, 13},       // elision of "qu"
		{"fr", "Jusqu’aujourd’hui", "aujourd’hui", 8, 21},  // only the article is cut; ’ is 3 bytes
		{"fr", "l'l'article", "l'article", 2, 11},          // only the first article is cut
		{"it", "dell'ospedale", "ospedale", 5, 13},         // Italian elision
		{"en", "patients’s", "patients", 0, 8},             // ’ possessive
		{"en", "rock'n'roll", "rock'n'roll", 0, 11},        // nothing cut: whole word
		{"en", "İzmir's", "izmir's", 0, 8},                 // lower-casing shortens İ: whole word
		{"en", strings.Repeat("l'", 3000) + "s", "", 0, 0}, // many apostrophes: must be quick
		{"fr", strings.Repeat("l'", 3000) + "x", "", 0, 0}, // (the fuzzer found these)
		{"en", strings.Repeat("İ'", 3000) + "s", "", 0, 0},
	}
	for _, tt := range tests {
		toks := New(tt.lang).Tokens(tt.text)
		if tt.surface == "" {
			continue
		}
		if len(toks) != 1 || toks[0].Surface != tt.surface || toks[0].Start != tt.start || toks[0].End != tt.end {
			t.Errorf("%s Tokens(%q) = %+v, want one token %q [%d:%d]", tt.lang, tt.text, toks, tt.surface, tt.start, tt.end)
		}
	}
}
