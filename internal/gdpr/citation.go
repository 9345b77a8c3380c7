package gdpr

// This file holds the citation scanner: it finds citations of the GDPR in
// prose written in one of the six site languages. It knows nothing about
// Markdown; the goldmark extension that links citations wraps it.
//
// The scanner works on tokens (words, numbers, single punctuation runes)
// rather than on regular expressions because the six languages put the
// parts of a citation in different orders ("point (h) of Article 9(2)",
// "točka (h) člena 9(2)", "9. člena", "article 9, paragraphe 2, point h)")
// and because inflected keywords must be matched case-insensitively
// without disturbing byte offsets.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Citation is one citation found in a text.
type Citation struct {
	Start, End int      // byte offsets of the whole citation text in the input
	Kind       string   // "article" or "recital"
	Refs       []CitRef // one per cited provision: ranges and lists expand to several refs
	Act        string   // "gdpr" when the GDPR is named; "" when bare (no act named)
}

// A CitRef is one provision a citation points to.
type CitRef struct {
	Article   int
	Paragraph int
	// Points is the path of points inside the paragraph, in latin letters
	// ("h"; "a", "ii"). Greek point letters are mapped to latin (η → h).
	// The definitions of Article 4 are numbered points: "Article 4(12)",
	// "članak 4. točka 12." and "artikel 4, punt 12" all give Points ["12"].
	Points  []string
	Recital int
	Range   bool // part of a range such as "Articles 15 to 22"
}

// FindCitations finds citations of the GDPR in text written in lang (en sl
// hr el nl fr; anything else is read as en). Citations of other acts
// ("Article 5 of Directive 2002/58/EC", "49. člena Zakona o varstvu osebnih
// podatkov", "Article 8 ECHR") and citations escaped by a backslash
// immediately before them are not returned.
func FindCitations(text, lang string) []Citation {
	L, ok := citLangs[lang]
	if !ok {
		L = citLangs["en"]
	}
	p := &citParser{toks: citTokenize(text), L: L, text: text}
	var out []Citation
	for i := 0; i < len(p.toks); {
		c, next, status := p.parseAt(i)
		if status == citNone {
			i++
			continue
		}
		if status == citFound && !(c.Start > 0 && text[c.Start-1] == '\\') {
			out = append(out, c)
		}
		// An escaped or foreign citation is skipped whole, so that its
		// inner parts are not found again as bare citations.
		i = next
	}
	return out
}

// citMaxRefs caps the refs one citation can expand to.
const citMaxRefs = 256

const (
	citNone = iota
	citFound
	citOther // a citation of another act
)

// A citTok is one token of the scanned text.
type citTok struct {
	s, e  int
	low   string // lower-cased text; typographic apostrophes become '
	kind  byte   // 'w' word, 'n' number, 'p' punctuation
	sp    bool   // whitespace (or the start of the text) precedes the token
	upper bool   // a word written entirely in capitals
}

func citTokenize(text string) []citTok {
	var toks []citTok
	sp := true
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			sp = true
			i += n
			continue
		case r >= '0' && r <= '9':
			j := i
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			toks = append(toks, citTok{s: i, e: j, low: text[i:j], kind: 'n', sp: sp})
			i = j
		case unicode.IsLetter(r) || unicode.IsMark(r):
			j := i
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += n2
			}
			w := text[i:j]
			low := strings.ToLower(w)
			toks = append(toks, citTok{s: i, e: j, low: low, kind: 'w', sp: sp,
				upper: strings.ToUpper(w) == w && low != w})
			i = j
		default:
			low := text[i : i+n]
			if r == '’' || r == '‘' {
				low = "'"
			}
			toks = append(toks, citTok{s: i, e: i + n, low: low, kind: 'p', sp: sp})
			i += n
		}
		sp = false
	}
	return toks
}

// A citLang describes how one language writes citations. Word patterns are
// lower case; a trailing '*' matches any word starting with the rest.
type citLang struct {
	article   []string   // article keywords, all inflections, singular and plural
	recital   [][]string // recital keywords (one or two words)
	para      []string   // paragraph keywords
	point     []string   // point keywords
	abbrev    []string   // keywords that may be followed by "."
	conj      []string   // words joining list items ("," is always one)
	rangeW    [][]string // words joining the ends of a range
	ofPrefix  [][]string // joins a leading point or paragraph to its article ("of")
	prefix    bool       // leading points and paragraphs ("point (h) of Article 9(2)")
	national  bool       // number before the keyword: "9. člena"
	ordDot    bool       // ordinal numbers take a dot: "članak 9. stavak 2."
	dotted    bool       // Belgian "6.1.a)"
	ordinals  map[string]int
	actConn   [][]string // words between the citation and the act's name
	gdpr      [][]string // names of the GDPR
	regWord   []string   // "Regulation", followed by a number
	other     []string   // words naming another act
	glueUpper bool       // look at a second word after a capitalised first word (genitive languages)
}

var citCommonGDPR = [][]string{{"gdpr"}}

var citLangs = map[string]*citLang{
	"en": {
		article:  []string{"article", "articles", "art", "arts"},
		recital:  [][]string{{"recital"}, {"recitals"}},
		para:     []string{"paragraph", "paragraphs", "para", "paras"},
		point:    []string{"point", "points"},
		abbrev:   []string{"art", "arts", "para", "paras"},
		conj:     []string{"and", "or"},
		rangeW:   [][]string{{"to"}, {"through"}, {"-"}, {"–"}},
		ofPrefix: [][]string{{"of"}},
		prefix:   true,
		dotted:   true,
		actConn:  [][]string{{"of", "the"}, {"of"}},
		gdpr:     [][]string{{"general", "data", "protection", "regulation"}},
		regWord:  []string{"regulation"},
		other:    []string{"directive*", "convention*", "charter", "act", "law", "treaty", "treaties", "decision", "code"},
	},
	"sl": {
		article:   []string{"člen", "člena", "členu", "členom", "členi", "členov", "členoma", "členih", "čl"},
		recital:   [][]string{{"uvodn*", "izjav*"}},
		para:      []string{"odstavek", "odstavka", "odstavku", "odstavkom", "odstavki", "odstavkov", "odstavkih", "odst"},
		point:     []string{"točka", "točke", "točki", "točko", "točk", "točkah", "točkama", "tč"},
		abbrev:    []string{"čl", "odst", "tč"},
		conj:      []string{"in", "ali", "ter"},
		rangeW:    [][]string{{"do"}, {"-"}, {"–"}},
		prefix:    true,
		national:  true,
		ordDot:    true,
		ordinals:  map[string]int{"prv*": 1, "drug*": 2, "tretj*": 3, "četrt*": 4, "pet*": 5, "šest*": 6, "sedm*": 7, "osm*": 8, "devet*": 9, "deset*": 10},
		gdpr:      [][]string{{"splošn*", "uredb*", "o", "varstvu", "podatkov"}, {"splošn*", "uredb*"}},
		regWord:   []string{"uredb*"},
		other:     []string{"zakon*", "direktiv*", "konvencij*", "listin*", "pogodb*", "odločb*", "odlok*", "pravilnik*"},
		glueUpper: true,
	},
	"hr": {
		article:   []string{"članak", "članka", "članku", "člankom", "članci", "članaka", "člancima", "čl"},
		recital:   [][]string{{"uvodn*", "izjav*"}},
		para:      []string{"stavak", "stavka", "stavku", "stavkom", "stavci", "stavaka", "stavcima", "st"},
		point:     []string{"točka", "točke", "točki", "točku", "točkom", "točaka", "točkama", "toč"},
		abbrev:    []string{"čl", "st", "toč"},
		conj:      []string{"i", "ili"},
		rangeW:    [][]string{{"do"}, {"-"}, {"–"}},
		ordDot:    true,
		gdpr:      [][]string{{"opć*", "uredb*", "o", "zaštiti", "podataka"}, {"opć*", "uredb*"}},
		regWord:   []string{"uredb*"},
		other:     []string{"zakon*", "direktiv*", "konvencij*", "povelj*", "ugovor*", "odluk*", "pravilnik*"},
		glueUpper: true,
	},
	"el": {
		article: []string{"άρθρο", "άρθρου", "άρθρα", "άρθρων", "αρθρο", "αρθρου", "αρθρα", "άρθ", "αρθ"},
		recital: [][]string{{"αιτιολογικ*", "σκέψ*"}, {"αιτιολογικ*", "σκεψ*"}},
		para:    []string{"παράγραφος", "παραγράφου", "παράγραφο", "παράγραφοι", "παραγράφους", "παραγράφων", "παρ"},
		point:   []string{"στοιχείο", "στοιχεία", "στοιχείου", "στοιχείων", "στοιχ", "σημείο", "σημεία", "σημείου", "σημείων"},
		abbrev:  []string{"άρθ", "αρθ", "παρ", "στοιχ"},
		conj:    []string{"και", "ή"},
		rangeW:  [][]string{{"έως"}, {"εως"}, {"μέχρι"}, {"-"}, {"–"}},
		actConn: [][]string{{"του"}, {"της"}, {"των"}},
		gdpr:    [][]string{{"γκπδ"}, {"γενικ*", "κανονισμ*", "για", "την", "προστασία", "δεδομένων"}, {"γενικ*", "κανονισμ*"}},
		regWord: []string{"κανονισμ*"},
		other:   []string{"οδηγί*", "οδηγι*", "νόμ*", "νομ*", "ν", "σύμβασ*", "συμβασ*", "χάρτ*", "συνθήκ*", "απόφασ*", "π"},
	},
	"nl": {
		article:  []string{"artikel", "artikelen", "art"},
		recital:  [][]string{{"overweging"}, {"overwegingen"}},
		para:     []string{"lid", "leden", "§"},
		point:    []string{"punt", "punten", "onder", "sub"},
		abbrev:   []string{"art"},
		conj:     []string{"en", "of"},
		rangeW:   [][]string{{"tot", "en", "met"}, {"t", "/", "m"}, {"-"}, {"–"}},
		dotted:   true,
		ordinals: map[string]int{"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7, "achtste": 8, "negende": 9, "tiende": 10},
		actConn:  [][]string{{"van", "de"}, {"van", "het"}, {"van"}},
		gdpr:     [][]string{{"avg"}, {"algemene", "verordening", "gegevensbescherming"}},
		regWord:  []string{"verordening"},
		other:    []string{"richtlijn*", "wet", "wetboek", "uitvoeringswet*", "kaderwet*", "verdrag*", "handvest*", "besluit*", "uavg"},
	},
	"fr": {
		article: []string{"article", "articles", "art"},
		recital: [][]string{{"considérant"}, {"considérants"}},
		para:    []string{"paragraphe", "paragraphes", "§"},
		point:   []string{"point", "points"},
		abbrev:  []string{"art"},
		conj:    []string{"et", "ou"},
		rangeW:  [][]string{{"à"}, {"-"}, {"–"}},
		dotted:  true,
		actConn: [][]string{{"du"}, {"de", "la"}, {"de", "l", "'"}, {"de"}},
		gdpr:    [][]string{{"rgpd"}, {"règlement", "général", "sur", "la", "protection", "des", "données"}},
		regWord: []string{"règlement"},
		other:   []string{"directive*", "loi", "lois", "convention*", "charte*", "traité*", "décision*", "code*", "arrêté*", "décret*", "ordonnance*"},
	},
}

// citNotActs are capitalised abbreviations that may follow a bare citation
// without naming another act.
var citNotActs = map[string]bool{"dpo": true, "dpia": true, "eu": true, "ue": true, "eea": true,
	"ypd": true, "υπδ": true, "dpd": true, "fg": true, "ok": true, "pdf": true, "eer": true, "eee": true}

// citGreekPoints maps Greek point numbering to latin letters.
var citGreekPoints = map[string]string{
	"α": "a", "β": "b", "γ": "c", "δ": "d", "ε": "e", "στ": "f", "ζ": "g", "η": "h",
	"θ": "i", "ι": "j", "ια": "k", "ιβ": "l", "ιγ": "m", "ιδ": "n", "ιε": "o",
	"ιστ": "p", "ιζ": "q", "ιη": "r", "ιθ": "s", "κ": "t",
}

type citParser struct {
	toks    []citTok
	L       *citLang
	text    string
	natFail int // national-style numbers before this token are known not to be citations
	// keywordFirst: numList is reading the numbers after a keyword.
	keywordFirst bool
}

// A citSub is a paragraph and point path inside one article.
type citSub struct {
	para   int
	points []string
}

// A citItem is one cited article (or recital) with its subdivisions.
type citItem struct {
	n    int
	rng  bool
	subs []citSub
}

func citWordMatch(pat, low string) bool {
	if strings.HasSuffix(pat, "*") {
		return strings.HasPrefix(low, pat[:len(pat)-1])
	}
	return pat == low
}

func (p *citParser) tok(i int) *citTok {
	if i < 0 || i >= len(p.toks) {
		return nil
	}
	return &p.toks[i]
}

func (p *citParser) is(i int, s string) bool {
	t := p.tok(i)
	return t != nil && t.low == s
}

// glued reports whether token i directly follows token i-1.
func (p *citParser) glued(i int) bool {
	t := p.tok(i)
	return t != nil && !t.sp
}

func (p *citParser) inList(i int, list []string) bool {
	t := p.tok(i)
	if t == nil || t.kind == 'n' {
		return false
	}
	for _, pat := range list {
		if citWordMatch(pat, t.low) {
			return true
		}
	}
	return false
}

// seq matches a sequence of word patterns at i and returns the index after it.
func (p *citParser) seq(i int, pat []string) (int, bool) {
	for _, w := range pat {
		t := p.tok(i)
		if t == nil || t.kind == 'n' || !citWordMatch(w, t.low) {
			return i, false
		}
		i++
	}
	return i, true
}

func (p *citParser) anySeq(i int, pats [][]string) (int, bool) {
	for _, pat := range pats {
		if j, ok := p.seq(i, pat); ok {
			return j, true
		}
	}
	return i, false
}

// keyword matches one of the words in list at i, with the dot of an abbreviation.
func (p *citParser) keyword(i int, list []string) (int, bool) {
	if !p.inList(i, list) {
		return i, false
	}
	if p.is(i+1, ".") && p.glued(i+1) && p.inList(i, p.L.abbrev) {
		return i + 2, true
	}
	return i + 1, true
}

// num reads a number of at most four digits, with its ordinal dot where the
// language writes one and a French "1er".
func (p *citParser) num(i int) (int, int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != 'n' || len(t.low) > 4 {
		return 0, i, false
	}
	n := 0
	for _, c := range t.low {
		n = n*10 + int(c-'0')
	}
	j := i + 1
	if nt := p.tok(j); nt != nil && !nt.sp {
		switch {
		case nt.kind == 'n' || nt.kind == 'w' && nt.low != "er" && nt.low != "re":
			// "2016" of "2016/679" is caught by the caller; "9a" or "12th" is not a citation number.
			return 0, i, false
		case nt.kind == 'w':
			j++
		case p.L.ordDot && nt.low == ".":
			// "9." is an ordinal, unless it starts "9.2".
			if at := p.tok(j + 1); at == nil || at.sp || at.kind == 'p' {
				j++
			}
		}
	}
	if nt := p.tok(j); nt != nil && !nt.sp && nt.low == "/" {
		// "2016/679" and "95/46/EC" are act numbers, not article numbers.
		return 0, i, false
	}
	return n, j, true
}

// startsCitation tells whether an article or recital keyword is at i.
func (p *citParser) startsCitation(i int) bool {
	if _, ok := p.keyword(i, p.L.article); ok {
		return true
	}
	_, ok := p.anySeq(i, p.L.recital)
	return ok
}

// conj matches a list separator or a range word; rng tells which.
func (p *citParser) conj(i int) (next int, rng bool, ok bool) {
	if j, ok := p.anySeq(i, p.L.rangeW); ok {
		return j, true, true
	}
	if p.is(i, ",") {
		return i + 1, false, true
	}
	if p.inList(i, p.L.conj) {
		return i + 1, false, true
	}
	return i, false, false
}

// numList reads "2", "13 and 14", "15 to 22", "13, 14 and 15".
func (p *citParser) numList(i int) ([]citItem, int, bool) {
	n, j, ok := p.num(i)
	if !ok {
		return nil, i, false
	}
	items := []citItem{{n: n}}
	for {
		k, rng, ok := p.conj(j)
		if !ok {
			break
		}
		m, k2, ok := p.num(k)
		if !ok {
			break
		}
		// After its keyword ("uvodne izjave 35 in 58. člen"), a list does not take an ordinal
		// before a keyword of its own; before one ("13. in 14. člen") it is the list.
		if p.keywordFirst && p.L.national && p.toks[k2-1].low == "." && p.startsCitation(k2) {
			break
		}
		if rng {
			last := &items[len(items)-1]
			if m <= last.n || m-last.n > 200 || len(items)+m-last.n > citMaxRefs {
				break
			}
			last.rng = true
			for x := last.n + 1; x <= m; x++ {
				items = append(items, citItem{n: x, rng: true})
			}
		} else {
			items = append(items, citItem{n: m})
		}
		j = k2
	}
	return items, j, true
}

// pointLabel validates a point label and maps Greek letters to latin.
func citPointLabel(t *citTok) (string, bool) {
	if t == nil {
		return "", false
	}
	if t.kind == 'n' {
		return t.low, len(t.low) <= 3
	}
	if t.kind != 'w' {
		return "", false
	}
	if g, ok := citGreekPoints[t.low]; ok {
		return g, true
	}
	if len(t.low) > 4 {
		return "", false
	}
	for _, c := range t.low {
		if c < 'a' || c > 'z' {
			return "", false
		}
	}
	if len(t.low) > 1 && strings.Trim(t.low, "ivx") != "" {
		return "", false
	}
	return t.low, true
}

// pointItem reads "(h)", "h)", "η)", or, after a point keyword, "12", "12." or "h".
func (p *citParser) pointItem(i int, bare bool) (string, int, bool) {
	if p.is(i, "(") {
		if l, ok := citPointLabel(p.tok(i + 1)); ok && p.is(i+2, ")") {
			return l, i + 3, true
		}
		return "", i, false
	}
	t := p.tok(i)
	l, ok := citPointLabel(t)
	if !ok {
		return "", i, false
	}
	if t.kind == 'w' && p.is(i+1, ")") && p.glued(i+1) {
		return l, i + 2, true
	}
	if !bare {
		return "", i, false
	}
	if t.kind == 'n' {
		_, j, ok := p.num(i)
		return l, j, ok
	}
	if len(l) == 1 {
		if nt := p.tok(i + 1); nt == nil || nt.kind != 'n' || nt.sp {
			return l, i + 1, true
		}
	}
	return "", i, false
}

// pointList reads "(a) or (g)", "α) και β)", "(a) to (c)".
func (p *citParser) pointList(i int, bare bool) ([]string, bool, int, bool) {
	l, j, ok := p.pointItem(i, bare)
	if !ok {
		return nil, false, i, false
	}
	vals := []string{l}
	rngAll := false
	for {
		k, rng, ok := p.conj(j)
		if !ok {
			break
		}
		m, k2, ok := p.pointItem(k, bare)
		if !ok {
			break
		}
		if rng {
			last := vals[len(vals)-1]
			if len(last) != 1 || len(m) != 1 || m[0] <= last[0] || last[0] < 'a' || m[0] > 'z' {
				break
			}
			for c := last[0] + 1; c <= m[0]; c++ {
				vals = append(vals, string(rune(c)))
			}
			rngAll = true
		} else {
			vals = append(vals, m)
		}
		j = k2
	}
	return vals, rngAll, j, true
}

// step extends every sub by one level of paragraph or point values.
func citStep(subs []citSub, vals []string, para bool) []citSub {
	// Real citations have a few refs and at most point and subpoint; the
	// caps keep nonsense such as "(a) or (b)(a) or (b)…" from growing
	// exponentially.
	if len(subs)*len(vals) > citMaxRefs || len(subs[0].points) >= 3 {
		return subs
	}
	var out []citSub
	for _, s := range subs {
		for _, v := range vals {
			ns := citSub{para: s.para, points: append([]string(nil), s.points...)}
			if para && s.para == 0 && len(s.points) == 0 {
				n := 0
				for _, c := range v {
					n = n*10 + int(c-'0')
				}
				ns.para = n
			} else {
				ns.points = append(ns.points, v)
			}
			out = append(out, ns)
		}
	}
	return out
}

// parens reads the subdivisions written after an article number:
// "(2)(h)", "(1)(a) and (b)", Belgian "6.1.a)".
func (p *citParser) parens(i int, art int) ([]citSub, int) {
	subs := []citSub{{}}
	j := i
	if p.L.dotted && p.is(j, ".") && p.glued(j) {
		// Belgian "6.1.a)": every part glued to the one before.
		if t := p.tok(j + 1); t != nil && t.kind == 'n' && !t.sp && len(t.low) <= 3 {
			subs = citStep(subs, []string{t.low}, art != 4)
			j += 2
			if p.is(j, ".") && p.glued(j) && p.glued(j+1) {
				if l, k, ok := p.pointItem(j+1, true); ok {
					subs = citStep(subs, []string{l}, false)
					j = k
				}
			}
			return subs, j
		}
	}
	for p.is(j, "(") {
		lt := p.tok(j + 1)
		vals, _, k, ok := p.pointList(j, false)
		if !ok {
			break
		}
		para := lt.kind == 'n' && art != 4 && len(subs[0].points) == 0 && subs[0].para == 0
		subs = citStep(subs, vals, para)
		j = k
	}
	return subs, j
}

// ordinal matches a word like "tweede" or "drugega".
func (p *citParser) ordinal(i int) (int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != 'w' {
		return 0, false
	}
	for pat, n := range p.L.ordinals {
		// Patterns do not overlap, so map order does not matter.
		if citWordMatch(pat, t.low) {
			return n, true
		}
	}
	return 0, false
}

// paraWords reads "paragraph 2", "lid 2", "stavka 1.", "tweede lid",
// "παρ. 2", and the comma before them.
func (p *citParser) paraWords(i int) ([]string, int, bool) {
	j := i
	if p.is(j, ",") {
		j++
	}
	if n, ok := p.ordinal(j); ok {
		if k, ok := p.keyword(j+1, p.L.para); ok {
			return []string{itoa(n)}, k, true
		}
	}
	k, ok := p.keyword(j, p.L.para)
	if !ok {
		return nil, i, false
	}
	items, k2, ok := p.numList(k)
	if !ok {
		return nil, i, false
	}
	var vals []string
	for _, it := range items {
		vals = append(vals, itoa(it.n))
	}
	return vals, k2, true
}

// pointWords reads "point (h)", "punt h)", "στοιχεία α) και β)", "točka 12.".
func (p *citParser) pointWords(i int) ([]string, int, bool) {
	j := i
	if p.is(j, ",") {
		j++
	}
	k, ok := p.keyword(j, p.L.point)
	if !ok {
		return nil, i, false
	}
	vals, _, k2, ok := p.pointList(k, true)
	if !ok {
		return nil, i, false
	}
	return vals, k2, true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// articleItems reads the article numbers after a keyword, each with its
// parenthesised subdivisions: "9(2)(h)", "13 and 14", "6(1)(a) and 9(2)(a)".
func (p *citParser) articleItems(i int) ([]citItem, int, bool) {
	n, j, ok := p.num(i)
	if !ok {
		return nil, i, false
	}
	var items []citItem
	subs, j := p.parens(j, n)
	items = append(items, citItem{n: n, subs: subs})
	for {
		k, rng, ok := p.conj(j)
		if !ok {
			break
		}
		m, k2, ok := p.num(k)
		if !ok {
			break
		}
		// "členi 15 do 22, 58. člen …": an ordinal before its own keyword starts the next
		// citation rather than continuing this list.
		if p.L.national && p.toks[k2-1].low == "." && p.startsCitation(k2) {
			break
		}
		if rng {
			last := &items[len(items)-1]
			if m <= last.n || m-last.n > 200 || len(items)+m-last.n > citMaxRefs || len(last.subs) != 1 || last.subs[0].para != 0 || len(last.subs[0].points) != 0 {
				break
			}
			last.rng = true
			for x := last.n + 1; x <= m; x++ {
				items = append(items, citItem{n: x, rng: true, subs: []citSub{{}}})
			}
			j = k2
			continue
		}
		subs, k3 := p.parens(k2, m)
		items = append(items, citItem{n: m, subs: subs})
		j = k3
	}
	return items, j, true
}

// tail reads the word-style subdivisions after the article numbers and
// applies them to the last article: ", lid 2, punt h)", " stavak 2. točka (h)".
func (p *citParser) tail(items []citItem, j int) int {
	last := &items[len(items)-1]
	if last.rng {
		return j
	}
	if vals, k, ok := p.paraWords(j); ok && last.subs[0].para == 0 && len(last.subs[0].points) == 0 {
		last.subs = citStep(last.subs, vals, last.n != 4)
		j = k
	}
	if vals, k, ok := p.pointWords(j); ok && !p.articleAhead(k) {
		last.subs = citStep(last.subs, vals, false)
		j = k
	}
	return j
}

// articleAhead tells whether an article follows at k, which makes the point
// words before it the lead of the next citation: in "člena 13 in 14, točka
// (a) člena 9(2)" the point belongs to Article 9.
func (p *citParser) articleAhead(k int) bool {
	if p.L.prefix {
		if j, ok := p.anySeq(k, p.L.ofPrefix); ok {
			k = j
		}
	}
	if _, ok := p.keyword(k, p.L.article); ok {
		return true
	}
	if p.L.national {
		if items, j, ok := p.numList(k); ok && len(items) > 0 && p.toks[j-1].low == "." {
			_, ok := p.keyword(j, p.L.article)
			return ok
		}
	}
	return false
}

// lead reads subdivisions written before the article: "point (h) of",
// "točki (a) in (b)", "drugega odstavka", "paragraph 2 of".
func (p *citParser) lead(i int) (points, paras []string, j int) {
	j = i
	if k, ok := p.keyword(j, p.L.point); ok {
		if vals, _, k2, ok := p.pointList(k, false); ok {
			points, j = vals, k2
		}
	} else if p.L.national {
		// "11. točka 4. člena"
		if n, k, ok := p.num(j); ok && p.toks[k-1].low == "." {
			if k2, ok := p.keyword(k, p.L.point); ok {
				points, j = []string{itoa(n)}, k2
			}
		}
	}
	if points != nil {
		if k, ok := p.anySeq(j, p.L.ofPrefix); ok {
			j = k
		}
	}
	if n, ok := p.ordinal(j); ok {
		if k, ok := p.keyword(j+1, p.L.para); ok {
			paras, j = []string{itoa(n)}, k
		}
	} else if k, ok := p.keyword(j, p.L.para); ok {
		if items, k2, ok := p.numList(k); ok && len(items) == 1 {
			paras, j = []string{itoa(items[0].n)}, k2
		}
	} else if p.L.national {
		if n, k, ok := p.num(j); ok && p.toks[k-1].low == "." {
			if k2, ok := p.keyword(k, p.L.para); ok {
				paras, j = []string{itoa(n)}, k2
			}
		}
	}
	if paras != nil {
		if k, ok := p.anySeq(j, p.L.ofPrefix); ok {
			j = k
		}
	}
	return points, paras, j
}

// startOK tells whether a citation may start at token i: not glued to a
// preceding word or number ("KA202", "2016/679").
func (p *citParser) startOK(i int) bool {
	t := p.tok(i)
	if t.sp || i == 0 {
		return true
	}
	prev := p.toks[i-1]
	if prev.kind != 'p' {
		return false
	}
	switch prev.low {
	case "/", "-", ".", "–":
		return false
	}
	return true
}

func (p *citParser) parseAt(i int) (Citation, int, int) {
	var c Citation
	if !p.startOK(i) {
		return c, i, citNone
	}
	start := i
	// Recitals.
	if j, ok := p.anySeq(i, p.L.recital); ok {
		p.keywordFirst = true
		items, k, ok := p.numList(j)
		p.keywordFirst = false
		if !ok {
			return c, i, citNone
		}
		c.Kind = "recital"
		for _, it := range items {
			c.Refs = append(c.Refs, CitRef{Recital: it.n, Range: it.rng})
		}
		return p.finish(c, start, k)
	}
	var leadPoints, leadParas []string
	j := i
	if p.L.prefix {
		leadPoints, leadParas, j = p.lead(i)
	}
	var items []citItem
	var k int
	if j2, ok := p.keyword(j, p.L.article); ok {
		var ok2 bool
		items, k, ok2 = p.articleItems(j2)
		if !ok2 {
			return c, i, citNone
		}
		k = p.tail(items, k)
	} else if p.L.national && j >= p.natFail {
		// "9. člena", "13. in 14. člen", "15. do 22. člena".
		nitems, j2, ok := p.numList(j)
		if !ok || p.toks[j2-1].low != "." {
			return c, i, citNone
		}
		k2, ok := p.keyword(j2, p.L.article)
		if !ok {
			// A list of numbers without a keyword after it: the numbers
			// further in the list end at the same place, so skip them
			// rather than scan the list again from each one.
			p.natFail = j2
			return c, i, citNone
		}
		for _, it := range nitems {
			items = append(items, citItem{n: it.n, rng: it.rng, subs: []citSub{{}}})
		}
		k = k2
	} else {
		return c, i, citNone
	}
	c.Kind = "article"
	for _, it := range items {
		subs := it.subs
		if leadParas != nil && !it.rng && subs[0].para == 0 && len(subs[0].points) == 0 {
			subs = citStep(subs, leadParas, it.n != 4)
		}
		if leadPoints != nil && !it.rng {
			subs = citStep(subs, leadPoints, false)
		}
		for _, s := range subs {
			c.Refs = append(c.Refs, CitRef{Article: it.n, Paragraph: s.para, Points: s.points, Range: it.rng})
		}
	}
	return p.finish(c, start, k)
}

// finish names the act after the citation and sets the offsets.
func (p *citParser) finish(c Citation, start, k int) (Citation, int, int) {
	kind, end := p.act(k)
	if kind == citOther {
		return c, end, citOther
	}
	if kind == citFound {
		c.Act = "gdpr"
		k = end
	}
	c.Start = p.toks[start].s
	// Slovenian writes the ordinal dot only before the noun ("9. člen"): after a number that
	// ends a citation ("uvodna izjava 35."), a dot ends the sentence.
	if p.L.national && kind != citFound && k-1 > start && p.is(k-1, ".") && p.toks[k-2].kind == 'n' {
		if nt := p.tok(k); nt == nil || nt.sp {
			k--
		}
	}
	c.End = p.toks[k-1].e
	return c, k, citFound
}

// act tells whether the words at k name the GDPR (citFound), another act
// (citOther) or nothing (citNone), and where the name ends.
func (p *citParser) act(k int) (int, int) {
	conns := append([][]string{{}}, p.L.actConn...)
	// The GDPR, perhaps after "of the", "du", "van de", ", ".
	for _, comma := range []bool{false, true} {
		j := k
		if comma {
			if !p.is(j, ",") {
				continue
			}
			j++
		}
		for _, conn := range conns {
			j2, ok := p.seq(j, conn)
			if !ok {
				continue
			}
			if kind, end := p.actName(j2); kind != citNone {
				return kind, end
			}
		}
	}
	// Another act named directly after the number ("Article 8 ECHR",
	// "člena 8 Zakona") or after a connector ("of Directive", "de la loi").
	if p.otherWord(k) {
		return citOther, k + 1
	}
	if p.L.glueUpper {
		if t := p.tok(k); t != nil && t.kind == 'w' && unicode.IsUpper([]rune(p.text[t.s:t.e])[0]) && p.otherWord(k+1) {
			return citOther, k + 2
		}
	}
	// "artikel 19, lid 1, van de Wet …": a comma may come before the connector.
	start := k
	if p.is(k, ",") {
		start = k + 1
	}
	for _, conn := range p.L.actConn {
		j, ok := p.seq(start, conn)
		if !ok {
			j, ok = p.seq(k, conn)
		}
		if !ok {
			continue
		}
		for x := j; x < j+3 && x < len(p.toks); x++ {
			t := p.toks[x]
			if t.kind == 'p' && t.low != "." && t.low != "-" {
				break
			}
			if p.otherWord(x) {
				return citOther, x + 1
			}
		}
	}
	return citNone, k
}

// actName matches a name of the GDPR, or a numbered regulation, at j.
func (p *citParser) actName(j int) (int, int) {
	if end, ok := p.anySeq(j, citCommonGDPR); ok {
		return citFound, p.suffix(end)
	}
	if end, ok := p.anySeq(j, p.L.gdpr); ok {
		return citFound, p.suffix(end)
	}
	if !p.inList(j, p.L.regWord) {
		return citNone, j
	}
	k := j + 1
	if p.is(k, "(") && p.tok(k+1) != nil && p.tok(k+1).kind == 'w' && p.is(k+2, ")") {
		k += 3
	}
	if p.inList(k, []string{"no", "nr", "št", "br", "n", "αριθ"}) {
		k++
		if p.is(k, ".") || p.is(k, "°") || p.is(k, "º") {
			k++
		}
	}
	a, b := p.tok(k), p.tok(k+2)
	if a == nil || b == nil || a.kind != 'n' || !p.is(k+1, "/") || b.kind != 'n' || !p.glued(k+1) || !p.glued(k+2) {
		return citNone, j
	}
	end := k + 3
	if a.low == "2016" && b.low == "679" {
		return citFound, end
	}
	return citOther, end
}

// suffix takes in a glued case ending such as the "-a" of "GDPR-a".
func (p *citParser) suffix(end int) int {
	if p.is(end, "-") && p.glued(end) && p.glued(end+1) && p.tok(end+1).kind == 'w' {
		return end + 2
	}
	return end
}

// otherWord tells whether the word at x names another act: a keyword such
// as "Directive" or "Zakona", or an abbreviation in capitals ("ECHR").
func (p *citParser) otherWord(x int) bool {
	t := p.tok(x)
	if t == nil || t.kind != 'w' {
		return false
	}
	if p.inList(x, p.L.other) {
		return true
	}
	if !t.upper || utf8.RuneCountInString(t.low) < 2 || citNotActs[t.low] {
		return false
	}
	_, isGDPR := p.anySeq(x, append(append([][]string{}, citCommonGDPR...), p.L.gdpr...))
	return !isGDPR
}
