package gdpr

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// gdprCELEX is the CELEX number of Regulation (EU) 2016/679.
const gdprCELEX = "32016R0679"

// ReadFormex reads the GDPR from a Formex XML file (the consolidated CONS.ACT of EUR-Lex, or
// the ACT as published in the Official Journal) in language lang. It fails with an error
// naming what it found when the file is not Formex, is another act, or is incomplete.
func ReadFormex(r io.Reader, lang string) (*Regulation, error) {
	root, xmlErr := parseTree(r, false)
	if root == nil {
		return nil, fmt.Errorf("Formex: %w", xmlErr)
	}
	if root.name != "CONS.ACT" && root.name != "ACT" {
		return nil, fmt.Errorf("Formex: the root element is <%s>, not <CONS.ACT> or <ACT>: is this a Formex file of the GDPR?", root.name)
	}
	if c := root.find("NO.CELEX"); c != nil {
		if got := normSpace(plain(c)); got != gdprCELEX {
			return nil, fmt.Errorf("Formex: the file is act %s, not the GDPR (%s)", got, gdprCELEX)
		}
	} else if info := root.find("INFO.CONSLEG"); info != nil && info.attr("CONSLEG.REF") != "" && info.attr("CONSLEG.REF") != gdprCELEX[1:] {
		return nil, fmt.Errorf("Formex: the file is act %s, not the GDPR (%s)", info.attr("CONSLEG.REF"), gdprCELEX[1:])
	}
	fx := &formex{reg: &Regulation{Lang: lang}, notes: map[*xnode]int{}}
	fx.numberNotes(root, 0)
	if g := root.find("GR.CONSID"); g != nil {
		fx.recitals(g)
	}
	et := root.find("ENACTING.TERMS")
	if et == nil {
		return nil, fmt.Errorf("Formex: no <ENACTING.TERMS>: found %d recitals and no articles; the GDPR has %d articles: is the file complete?", len(fx.reg.Recitals), wantArticles)
	}
	fx.divisions(et, nil, nil)
	return fx.reg.finish("Formex", xmlErr)
}

type formex struct {
	reg   *Regulation
	notes map[*xnode]int // footnote number of each NOTE
}

// numberNotes numbers every footnote of the document in order, as the Official Journal does,
// including those of the citations ("Having regard to …") that the Regulation type omits,
// so that "[4]" in recital 3 is footnote 4 of the printed text.
func (fx *formex) numberNotes(n *xnode, depth int) {
	if depth > maxDepth {
		return
	}
	for _, k := range n.kids {
		if k.name == "NOTE" {
			fx.reg.Footnotes = append(fx.reg.Footnotes, Footnote{Number: len(fx.reg.Footnotes) + 1})
			fx.notes[k] = len(fx.reg.Footnotes)
			var nb strings.Builder
			for _, c := range k.kids {
				fx.inline(&nb, c, depth+1)
				nb.WriteByte(' ')
			}
			fx.reg.Footnotes[len(fx.reg.Footnotes)-1].Text = normSpace(nb.String())
			continue
		}
		fx.numberNotes(k, depth+1)
	}
}

var numberRE = regexp.MustCompile(`[0-9]+`)

// leadingNumber returns the first number in s, or 0.
func leadingNumber(s string) int {
	n, _ := strconv.Atoi(numberRE.FindString(s))
	return n
}

func (fx *formex) recitals(g *xnode) {
	for _, c := range g.kids {
		if c.name != "CONSID" {
			continue
		}
		np := c.find("NP")
		if np == nil {
			continue
		}
		num := leadingNumber(plain(np.child("NO.P")))
		var blocks []string
		for _, k := range np.kids {
			if k.name != "NO.P" && k.name != "" {
				blocks = append(blocks, fx.text(k))
			}
		}
		fx.reg.Recitals = append(fx.reg.Recitals, Recital{Number: num, Text: joinBlocks(blocks)})
	}
}

// divisions walks the DIVISIONs of the enacting terms: a top-level DIVISION is a chapter, one
// inside it a section.
func (fx *formex) divisions(n *xnode, ch *Chapter, sec *Section) {
	for _, k := range n.kids {
		switch k.name {
		case "DIVISION":
			num, title := fx.heading(k)
			if ch == nil {
				fx.reg.Chapters = append(fx.reg.Chapters, Chapter{Number: chapterNumber(num), Title: title})
				fx.divisions(k, &fx.reg.Chapters[len(fx.reg.Chapters)-1], nil)
			} else if sec == nil {
				ch.Sections = append(ch.Sections, Section{Number: leadingNumber(num), Title: title})
				fx.divisions(k, ch, &ch.Sections[len(ch.Sections)-1])
			} else {
				fx.divisions(k, ch, sec) // deeper divisions do not occur in the GDPR
			}
		case "ARTICLE":
			a := fx.article(k)
			if ch != nil {
				a.Chapter = ch.Number
				ch.Articles = append(ch.Articles, a.Number)
			}
			if sec != nil {
				a.Section = sec.Number
				sec.Articles = append(sec.Articles, a.Number)
			}
			fx.reg.Articles = append(fx.reg.Articles, a)
		}
	}
}

func (fx *formex) heading(div *xnode) (num, title string) {
	if t := div.child("TITLE"); t != nil {
		if ti := t.child("TI"); ti != nil {
			num = fx.text(ti)
		}
		if sti := t.child("STI"); sti != nil {
			title = fx.text(sti)
		}
	}
	return num, title
}

// chapterNumber returns the roman numeral of a chapter heading, wherever the language puts it
// and with any full stop removed: "CHAPTER IV", "POGLAVLJE IV.", "ΚΕΦΑΛΑΙΟ IV".
func chapterNumber(heading string) string {
	for _, w := range strings.Fields(heading) {
		if w = strings.TrimRight(w, "."); romanRE.MatchString(w) {
			return w
		}
	}
	return strings.TrimRight(lastWord(heading), ".")
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func (fx *formex) article(n *xnode) Article {
	a := Article{Number: leadingNumber(n.attr("IDENTIFIER"))}
	if a.Number == 0 {
		a.Number = leadingNumber(plain(n.child("TI.ART")))
	}
	if s := n.child("STI.ART"); s != nil {
		a.Title = fx.text(s)
	}
	var loose []*xnode // ALINEAs directly in the article: its unnumbered paragraph
	flush := func() {
		if len(loose) > 0 {
			a.Paragraphs = append(a.Paragraphs, fx.paragraph(0, loose))
			loose = nil
		}
	}
	for _, k := range n.kids {
		switch k.name {
		case "PARAG":
			flush()
			var body []*xnode
			for _, c := range k.kids {
				if c.name != "NO.PARAG" && c.name != "" {
					body = append(body, c)
				}
			}
			a.Paragraphs = append(a.Paragraphs, fx.paragraph(leadingNumber(plain(k.child("NO.PARAG"))), body))
		case "ALINEA", "P", "LIST", "DLIST":
			loose = append(loose, k)
		}
	}
	flush()
	return a
}

// A flowItem is a run of text or a list met while reading a block in order.
type flowItem struct {
	text   string
	points []Point
	inline bool // a run of inline content, to be joined with the inline run next to it
}

func (fx *formex) paragraph(num int, body []*xnode) Paragraph {
	text, points, tail := split(fx.flow(body, 0))
	return Paragraph{Number: num, Text: text, Points: points, Tail: tail}
}

// split turns a flow into the text before the first list, the points of all lists, and the
// text after the last one. Text between two lists (which the GDPR does not have) is kept
// in the tail rather than lost.
func split(items []flowItem) (text string, points []Point, tail string) {
	var before, after []string
	for _, it := range items {
		switch {
		case it.points != nil:
			points = append(points, it.points...)
		case points == nil:
			before = append(before, it.text)
		default:
			after = append(after, it.text)
		}
	}
	return joinBlocks(before), points, joinBlocks(after)
}

// blockElements are the Formex elements that hold other blocks rather than inline text.
var blockElements = map[string]bool{
	"ALINEA": true, "P": true, "TXT": true, "NP": true, "LIST": true, "DLIST": true,
	"DEFINITION": true, "ITEM": true, "PARAG": true,
}

func hasBlock(n *xnode) bool {
	for _, k := range n.kids {
		if k.name == "LIST" || k.name == "DLIST" || (blockElements[k.name] && k.name != "TXT") {
			return true
		}
	}
	return false
}

// flow reads blocks in order into runs of text and lists.
func (fx *formex) flow(nodes []*xnode, depth int) []flowItem {
	var items []flowItem
	if depth > maxDepth {
		return nil
	}
	for _, n := range nodes {
		switch {
		case n.name == "LIST":
			items = append(items, flowItem{points: fx.list(n, depth+1)})
		case n.name == "DLIST":
			items = append(items, flowItem{points: fx.dlist(n, depth+1)})
		case n.name == "NOTE" || n.name == "NO.P" || n.name == "NO.PARAG":
			// a NOTE between blocks still gets its marker
			if n.name == "NOTE" {
				items = append(items, flowItem{text: fx.text(n)})
			}
		case blockElements[n.name] && hasBlock(n):
			items = append(items, fx.flow(n.kids, depth+1)...)
		case n.name == "" && strings.TrimSpace(n.text) == "":
		case n.name == "" || !blockElements[n.name]:
			// inline runs side by side (text, <HT>, text) form one block
			t := fx.text(n)
			if k := len(items); k > 0 && items[k-1].inline {
				items[k-1].text = normSpace(items[k-1].text + " " + t)
			} else {
				items = append(items, flowItem{text: t, inline: true})
			}
		default:
			items = append(items, flowItem{text: fx.text(n)})
		}
	}
	return items
}

func (fx *formex) list(n *xnode, depth int) []Point {
	var pts []Point
	for _, item := range n.kids {
		if item.name != "ITEM" {
			continue
		}
		p := Point{}
		body := item.kids
		if np := item.child("NP"); np != nil {
			body = np.kids
			p.Label = cleanLabel(plain(np.child("NO.P")))
			p.Anchor = LabelAnchor(p.Label)
		} else if strings.EqualFold(n.attr("TYPE"), "DASH") {
			p.Label = "—"
		}
		p.Text, p.Points, p.Tail = split(fx.flow(body, depth+1))
		if np := item.child("NP"); np != nil {
			p.Term = definedTerm(p.Text, quoted(np))
		}
		pts = append(pts, p)
	}
	return pts
}

// dlist reads a definition list, which the Greek and Dutch texts use for Article 4: PREFIX
// "1)", TERM, DEFINITION. The point's text is printed as the other languages print it:
// the quoted term, the list's separator, the definition.
func (fx *formex) dlist(n *xnode, depth int) []Point {
	sep := n.attr("SEPARATOR")
	var pts []Point
	for _, item := range n.kids {
		if item.name != "DLIST.ITEM" {
			continue
		}
		p := Point{Label: cleanLabel(plain(item.child("PREFIX")))}
		p.Anchor = LabelAnchor(p.Label)
		term := ""
		if t := item.child("TERM"); t != nil {
			term = fx.text(t)
			p.Term = quoted(t)
			if p.Term == "" {
				p.Term = term
			}
		}
		var def []flowItem
		if d := item.child("DEFINITION"); d != nil {
			if hasBlock(d) {
				def = fx.flow(d.kids, depth+1)
			} else {
				def = []flowItem{{text: fx.text(d)}}
			}
		}
		if len(def) > 0 && def[0].points == nil {
			def[0].text = term + sep + " " + def[0].text
		} else {
			def = append([]flowItem{{text: term + sep}}, def...)
		}
		p.Text, p.Points, p.Tail = split(def)
		pts = append(pts, p)
	}
	return pts
}

// cleanLabel strips the brackets and full stop of a printed label: "(a)", "a)", "1." → "a", "1".
func cleanLabel(s string) string {
	s = normSpace(s)
	s = strings.TrimPrefix(s, "(")
	s = strings.TrimRight(s, ").")
	return strings.TrimSpace(s)
}

// definedTerm returns term when text starts with it in quotation marks, as a definition of
// Article 4 does ("‘personal data’ means …"); a quotation later in a point, such as the
// names of the principles in Article 5(1), is not a defined term.
func definedTerm(text, term string) string {
	if term == "" {
		return ""
	}
	_, size := utf8.DecodeRuneInString(text)
	if strings.HasPrefix(text[size:], term) {
		return term
	}
	return ""
}

// quoted returns the text of the first QUOT.START … QUOT.END pair under n: the defined term
// of a definition.
func quoted(n *xnode) string {
	var b strings.Builder
	state := 0 // 0 before, 1 inside, 2 done
	var walk func(*xnode, int)
	walk = func(n *xnode, depth int) {
		if depth > maxDepth {
			return
		}
		for _, k := range n.kids {
			if state == 2 {
				return
			}
			switch k.name {
			case "QUOT.START":
				if state == 0 {
					state = 1
				}
			case "QUOT.END":
				if state == 1 {
					state = 2
				}
			case "NOTE":
			case "":
				if state == 1 {
					b.WriteString(k.text)
				}
			default:
				walk(k, depth+1)
			}
		}
	}
	walk(n, 0)
	if state != 2 {
		return ""
	}
	return normSpace(b.String())
}

// text returns the plain text of an inline element, with quotation marks and footnote markers.
func (fx *formex) text(n *xnode) string {
	var b strings.Builder
	fx.inline(&b, n, 0)
	return normSpace(b.String())
}

func (fx *formex) inline(b *strings.Builder, n *xnode, depth int) {
	if depth > maxDepth {
		return
	}
	if n.name == "" {
		b.WriteString(n.text)
		return
	}
	switch n.name {
	case "QUOT.START", "QUOT.END":
		b.WriteString(quoteChar(n.attr("CODE")))
		return
	case "FT":
		if strings.EqualFold(n.attr("TYPE"), "NUMBER") {
			b.WriteString(groupDigits(plain(n)))
			return
		}
	case "NOTE":
		if num, ok := fx.notes[n]; ok {
			fmt.Fprintf(b, " [%d]", num)
		}
		return
	case "P", "ALINEA", "NP", "ITEM", "LIST", "TXT":
		b.WriteByte(' ')
	}
	for _, k := range n.kids {
		fx.inline(b, k, depth+1)
	}
}

// groupDigits prints a number as the Official Journal does, in groups of three digits
// separated by a space: Formex writes <FT TYPE="NUMBER">10000000</FT> for "10 000 000".
func groupDigits(s string) string {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r < '0' || r > '9' {
			return s
		}
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quoteChar returns the character a QUOT.START or QUOT.END stands for: CODE is its Unicode
// code point in hexadecimal ("2018" is ‘).
func quoteChar(code string) string {
	v, err := strconv.ParseUint(code, 16, 32)
	if err != nil || v < 0x20 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
		return "\""
	}
	return string(rune(v))
}

// plain returns the text under n without any interpretation (for numbers and headings).
func plain(n *xnode) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*xnode, int)
	walk = func(n *xnode, depth int) {
		if depth > maxDepth {
			return
		}
		if n.name == "" {
			b.WriteString(n.text)
		}
		if n.name == "NOTE" {
			return
		}
		for _, k := range n.kids {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
