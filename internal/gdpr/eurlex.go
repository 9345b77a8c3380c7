package gdpr

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// ReadEURLexHTML reads the GDPR from an HTML page saved from EUR-Lex (the Official Journal
// rendering, with p.ti-art, p.sti-art, p.ti-section-1/-2 and one table per point or recital)
// in language lang. It fails with an error naming what it found when the page is not the GDPR
// or is incomplete.
func ReadEURLexHTML(r io.Reader, lang string) (*Regulation, error) {
	root, xmlErr := parseTree(r, true)
	if root == nil {
		return nil, fmt.Errorf("EUR-Lex HTML: %w", xmlErr)
	}
	body := root
	if root.name != "body" {
		body = root.find("body")
	}
	if body == nil {
		return nil, fmt.Errorf("EUR-Lex HTML: the root element is <%s> and there is no <body>: is this an EUR-Lex page?", root.name)
	}
	eh := &eurlex{reg: &Regulation{Lang: lang}}
	for _, k := range body.kids {
		if k.name == "p" && hasClass(k, "doc-ti") {
			if t := normSpace(plain(k)); !strings.Contains(t, "2016/679") {
				return nil, fmt.Errorf("EUR-Lex HTML: the page is %q, not the GDPR (Regulation (EU) 2016/679)", t)
			}
			break
		}
	}
	eh.walk(body.kids, 0)
	if len(eh.reg.Articles) == 0 && len(eh.reg.Recitals) == 0 {
		return nil, fmt.Errorf("EUR-Lex HTML: found no article (p.ti-art) and no recital: is this an EUR-Lex page of the GDPR?")
	}
	return eh.reg.finish("EUR-Lex HTML", xmlErr)
}

type eurlex struct {
	reg     *Regulation
	chapter *Chapter
	section *Section
	heading string // "chapter" or "section": which heading a p.ti-section-2 titles
}

func hasClass(n *xnode, class string) bool {
	for _, c := range strings.Fields(n.attr("class")) {
		if c == class {
			return true
		}
	}
	return false
}

var (
	romanRE = regexp.MustCompile(`^[IVXLC]+$`)
	paraRE  = regexp.MustCompile(`^([0-9]+)\.(\s|\x{a0})+`)
)

func (eh *eurlex) article() *Article {
	if len(eh.reg.Articles) == 0 {
		return nil
	}
	return &eh.reg.Articles[len(eh.reg.Articles)-1]
}

// paragraph returns the paragraph text now goes to, starting the unnumbered one if needed.
func (eh *eurlex) paragraph() *Paragraph {
	a := eh.article()
	if len(a.Paragraphs) == 0 {
		a.Paragraphs = append(a.Paragraphs, Paragraph{})
	}
	return &a.Paragraphs[len(a.Paragraphs)-1]
}

func (eh *eurlex) walk(nodes []*xnode, depth int) {
	if depth > maxDepth {
		return
	}
	for _, n := range nodes {
		switch {
		case n.name == "div" && (hasClass(n, "final") || hasClass(n, "signatory")):
			// "Done at Brussels" and the signatures are not part of Article 99
		case n.name == "div":
			eh.walk(n.kids, depth+1)
		case n.name == "p" && hasClass(n, "ti-section-1"):
			t := normSpace(plain(n))
			if w := chapterNumber(t); romanRE.MatchString(w) {
				eh.reg.Chapters = append(eh.reg.Chapters, Chapter{Number: w})
				eh.chapter, eh.section, eh.heading = &eh.reg.Chapters[len(eh.reg.Chapters)-1], nil, "chapter"
			} else if eh.chapter != nil {
				eh.chapter.Sections = append(eh.chapter.Sections, Section{Number: leadingNumber(t)})
				eh.section, eh.heading = &eh.chapter.Sections[len(eh.chapter.Sections)-1], "section"
			}
		case n.name == "p" && hasClass(n, "ti-section-2"):
			t := normSpace(plain(n))
			if eh.heading == "chapter" {
				eh.chapter.Title = t
			} else if eh.heading == "section" {
				eh.section.Title = t
			}
			eh.heading = ""
		case n.name == "p" && hasClass(n, "ti-art"):
			a := Article{Number: leadingNumber(plain(n))}
			if eh.chapter != nil {
				a.Chapter = eh.chapter.Number
				eh.chapter.Articles = append(eh.chapter.Articles, a.Number)
			}
			if eh.section != nil {
				a.Section = eh.section.Number
				eh.section.Articles = append(eh.section.Articles, a.Number)
			}
			eh.reg.Articles = append(eh.reg.Articles, a)
		case n.name == "p" && hasClass(n, "sti-art"):
			if a := eh.article(); a != nil {
				a.Title = normSpace(plain(n))
			}
		case n.name == "p" && hasClass(n, "note"):
			eh.note(n)
		case n.name == "p":
			a := eh.article()
			if a == nil {
				continue // the preamble before the recitals
			}
			t := eh.text(n)
			if m := paraRE.FindStringSubmatch(t); m != nil {
				a.Paragraphs = append(a.Paragraphs, Paragraph{Number: leadingNumber(m[1]), Text: normSpace(t[len(m[0]):])})
				continue
			}
			p := eh.paragraph()
			if len(p.Points) == 0 {
				p.Text = joinBlocks([]string{p.Text, t})
			} else {
				p.Tail = joinBlocks([]string{p.Tail, t})
			}
		case n.name == "table":
			for _, row := range rows(n) {
				label, content := row[0], row[1]
				if eh.article() == nil {
					if num := leadingNumber(normSpace(plain(label))); num > 0 {
						text, _, _ := split(eh.flow(content.kids, depth+1))
						eh.reg.Recitals = append(eh.reg.Recitals, Recital{Number: num, Text: text})
					}
					continue
				}
				p := eh.paragraph()
				p.Points = append(p.Points, eh.point(label, content, depth+1))
			}
		}
	}
}

// rows returns the label cell and the content cell of each two-cell row of a table.
func rows(table *xnode) [][2]*xnode {
	var out [][2]*xnode
	var walk func(*xnode, int)
	walk = func(n *xnode, depth int) {
		if depth > 3 {
			return
		}
		for _, k := range n.kids {
			switch k.name {
			case "tbody", "thead":
				walk(k, depth+1)
			case "tr":
				var cells []*xnode
				for _, c := range k.kids {
					if c.name == "td" || c.name == "th" {
						cells = append(cells, c)
					}
				}
				if len(cells) == 2 {
					out = append(out, [2]*xnode{cells[0], cells[1]})
				}
			}
		}
	}
	walk(table, 0)
	return out
}

func (eh *eurlex) point(label, content *xnode, depth int) Point {
	p := Point{Label: cleanLabel(plain(label))}
	p.Anchor = LabelAnchor(p.Label)
	p.Text, p.Points, p.Tail = split(eh.flow(content.kids, depth))
	p.Term = htmlTerm(p.Text)
	return p
}

// htmlTerm returns the quoted term at the start of a definition ("‘main establishment’
// means"), the HTML having no markup for quotation marks.
func htmlTerm(text string) string {
	for _, q := range [][2]string{{"‘", "’"}, {"„", "“"}, {"«", "»"}, {"»", "«"}, {"“", "”"}, {"\"", "\""}} {
		if strings.HasPrefix(text, q[0]) {
			if end := strings.Index(text[len(q[0]):], q[1]); end > 0 {
				return normSpace(text[len(q[0]) : len(q[0])+end])
			}
		}
	}
	return ""
}

// flow reads the blocks of a table cell: paragraphs of text and nested tables of sub-points.
func (eh *eurlex) flow(nodes []*xnode, depth int) []flowItem {
	var items []flowItem
	if depth > maxDepth {
		return nil
	}
	for _, n := range nodes {
		switch n.name {
		case "table":
			var pts []Point
			for _, row := range rows(n) {
				pts = append(pts, eh.point(row[0], row[1], depth+1))
			}
			// consecutive tables are one list
			if k := len(items); k > 0 && items[k-1].points != nil {
				items[k-1].points = append(items[k-1].points, pts...)
			} else if len(pts) > 0 {
				items = append(items, flowItem{points: pts})
			}
		case "p", "div":
			if t := eh.text(n); t != "" {
				items = append(items, flowItem{text: t})
			}
		case "":
			if t := normSpace(n.text); t != "" {
				items = append(items, flowItem{text: t})
			}
		}
	}
	return items
}

// text returns the plain text of an element, a footnote reference (an <a> with an id
// "ntcN-…") printed as " [N]".
func (eh *eurlex) text(n *xnode) string {
	var b strings.Builder
	var walk func(*xnode, int)
	walk = func(n *xnode, depth int) {
		if depth > maxDepth {
			return
		}
		if n.name == "" {
			b.WriteString(n.text)
			return
		}
		if n.name == "a" && strings.HasPrefix(n.attr("id"), "ntc") {
			fmt.Fprintf(&b, " [%d]", leadingNumber(plain(n)))
			return
		}
		if n.name == "br" {
			b.WriteByte(' ')
		}
		for _, k := range n.kids {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return normSpace(b.String())
}

// note reads a footnote: "(N) text".
func (eh *eurlex) note(n *xnode) {
	num := 0
	rest := &xnode{name: "p"}
	for _, k := range n.kids {
		if num == 0 && k.name == "a" && strings.HasPrefix(k.attr("id"), "ntr") {
			num = leadingNumber(plain(k))
			continue
		}
		rest.kids = append(rest.kids, k)
	}
	if num == 0 {
		num = len(eh.reg.Footnotes) + 1
	}
	eh.reg.Footnotes = append(eh.reg.Footnotes, Footnote{Number: num, Text: eh.text(rest)})
}
