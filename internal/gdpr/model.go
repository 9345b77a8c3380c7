// Package gdpr reads the official text of Regulation (EU) 2016/679 (the GDPR) from a Formex XML
// file or a saved EUR-Lex HTML page into a structure of chapters, sections, articles,
// paragraphs, points and recitals, so that the reference pages can show it with an anchor on
// each paragraph and point.
//
// Text is plain: markup is dropped, whitespace is collapsed to single spaces, quotation marks
// encoded as Formex QUOT.START/QUOT.END elements are printed as the characters they stand for,
// and a footnote reference is kept as "[n]", n being the footnote's number in
// Regulation.Footnotes (numbered 1, 2, … in document order, as the Official Journal prints
// them). Subparagraphs inside one text are separated by a blank line ("\n\n").
package gdpr

import (
	"fmt"
	"strconv"
	"strings"
)

// The GDPR's shape; a file that does not have it is not (all of) the GDPR.
const (
	wantArticles = 99
	wantRecitals = 173
	wantChapters = 11
)

// A Regulation is the text of the GDPR in one language.
type Regulation struct {
	Lang      string
	Chapters  []Chapter
	Articles  []Article // 1..99 in order; Articles[i].Number == i+1
	Recitals  []Recital // 1..173 in order
	Footnotes []Footnote
}

// A Chapter is one of the chapters I..XI, with the sections and articles it holds.
type Chapter struct {
	Number   string // roman numeral as printed: "I".."XI"
	Title    string
	Sections []Section
	Articles []int // every article of the chapter, including those in sections
}

// A Section is a numbered subdivision of a chapter.
type Section struct {
	Number   int
	Title    string
	Articles []int
}

// An Article is one article of the enacting terms.
type Article struct {
	Number     int
	Title      string
	Chapter    string // roman numeral of its chapter
	Section    int    // 0 when the article is not in a section
	Paragraphs []Paragraph
}

// A Paragraph is a numbered paragraph of an article, or (Number 0) the text of an article
// whose paragraphs are not numbered, such as Article 4.
type Paragraph struct {
	Number int    // 0 when unnumbered
	Text   string // text before the points: the whole paragraph when it has none
	Points []Point
	Tail   string // subparagraphs after the points, e.g. the last subparagraph of Article 6(1)
}

// A Point is a lettered or numbered item of a list in a paragraph: point (h) of Article 9(2),
// definition (1) of Article 4, or an indent ("—") of Article 53(1).
type Point struct {
	Label  string // as printed without brackets: "a", "η", "στ", "1"; "—" for an indent
	Anchor string // for URL fragments: Latin letter or number; "" for an indent
	Term   string // the defined term, without quotation marks, for Article 4's definitions
	Text   string
	Points []Point // sub-points, such as (a) and (b) of Article 4(16)
	Tail   string  // text after the sub-points, if any
}

// A Recital is one of the numbered recitals of the preamble.
type Recital struct {
	Number int
	Text   string
}

// A Footnote is a note of the Official Journal, referenced as "[Number]" in the text.
type Footnote struct {
	Number int
	Text   string
}

// Article returns article n, or nil when there is none.
func (r *Regulation) Article(n int) *Article {
	if r == nil || n < 1 || n > len(r.Articles) || r.Articles[n-1].Number != n {
		for i := range r.Articles { // tolerate a Regulation not built by this package
			if r.Articles[i].Number == n {
				return &r.Articles[i]
			}
		}
		return nil
	}
	return &r.Articles[n-1]
}

// Recital returns recital n, or nil when there is none.
func (r *Regulation) Recital(n int) *Recital {
	if r == nil {
		return nil
	}
	for i := range r.Recitals {
		if r.Recitals[i].Number == n {
			return &r.Recitals[i]
		}
	}
	return nil
}

// Paragraph returns paragraph n (0: the unnumbered text), or nil when there is none.
func (a *Article) Paragraph(n int) *Paragraph {
	if a == nil {
		return nil
	}
	for i := range a.Paragraphs {
		if a.Paragraphs[i].Number == n {
			return &a.Paragraphs[i]
		}
	}
	return nil
}

// Point returns the point of paragraph para named by labels (outermost first), each label
// given as printed ("η", "(h)", "h)") or as an anchor ("h"); nil when there is none. Like
// Anchor, it reads Article 4(16)(a) as definition 16, point (a).
func (a *Article) Point(para int, labels ...string) *Point {
	p, labels := a.resolve(para, labels)
	if p == nil || len(labels) == 0 {
		return nil
	}
	points := p.Points
	var found *Point
	for _, l := range labels {
		found = nil
		want := LabelAnchor(l)
		for i := range points {
			if points[i].Anchor != "" && points[i].Anchor == want {
				found = &points[i]
				break
			}
		}
		if found == nil {
			return nil
		}
		points = found.Points
	}
	return found
}

// resolve finds the paragraph a citation means. Citations write a definition of Article 4 as
// "Article 4(1)", the syntax of a paragraph; when the article has no paragraph para but an
// unnumbered one with a point of that number, the number is read as the point's.
func (a *Article) resolve(para int, labels []string) (*Paragraph, []string) {
	if p := a.Paragraph(para); p != nil {
		return p, labels
	}
	if para > 0 {
		if p := a.Paragraph(0); p != nil {
			n := strconv.Itoa(para)
			for _, pt := range p.Points {
				if pt.Anchor == n {
					return p, append([]string{n}, labels...)
				}
			}
		}
	}
	return nil, labels
}

// Anchor returns the URL fragment (without "#") of paragraph para of the article, or of one of
// its points: "p2" for paragraph 2, "p2-h" for point (h) (Greek η) of paragraph 2, "p1-a-ii"
// for sub-point (ii) of point (a). The unnumbered text of an article is paragraph 0, so
// definition (16)(a) of Article 4 is "p0-16-a"; Anchor(16, "a") on Article 4 gives the same.
// Labels are accepted as printed or as anchors. Anchor formats what it is asked for even
// when the article lacks that paragraph or point: use Paragraph and Point to check.
func (a *Article) Anchor(para int, point ...string) string {
	if a != nil {
		if p, labels := a.resolve(para, point); p != nil {
			para, point = p.Number, labels
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "p%d", para)
	for _, l := range point {
		b.WriteByte('-')
		b.WriteString(LabelAnchor(l))
	}
	return b.String()
}

// greekNumerals are the values of the Greek letters used as numerals, which is how the Greek
// text numbers points: α)=1, β)=2, … στ)=6, ζ)=7, η)=8, … ι)=10, ια)=11, … κ)=20. The anchor is
// the Latin letter with the same place, so that "#p2-h" is the same point in every language.
var greekNumerals = map[string]int{
	"α": 1, "β": 2, "γ": 3, "δ": 4, "ε": 5, "στ": 6, "ϛ": 6, "ζ": 7, "η": 8, "θ": 9,
	"ι": 10, "κ": 20, "λ": 30,
}

// LabelAnchor returns the anchor form of a point label: brackets and a trailing full stop are
// removed, Latin letters and numbers are kept (lower case), Greek numerals become the Latin
// letter of the same rank (η → "h", στ → "f", ια → "k"), and an indent ("—", "-") gives "".
func LabelAnchor(label string) string {
	l := strings.TrimSpace(label)
	l = strings.TrimPrefix(l, "(")
	l = strings.TrimRight(l, ").")
	l = strings.ToLower(strings.TrimSpace(l))
	if l == "" || l == "—" || l == "–" || l == "-" {
		return ""
	}
	if v, ok := greekValue(l); ok {
		if v >= 1 && v <= 26 {
			return string(rune('a' + v - 1))
		}
		return strconv.Itoa(v)
	}
	return l
}

// greekValue reads a Greek numeral such as "ιστ" (10+6): tens first, then units.
func greekValue(s string) (int, bool) {
	total, rest := 0, s
	for rest != "" {
		matched := false
		for _, sym := range []string{"στ", "α", "β", "γ", "δ", "ε", "ϛ", "ζ", "η", "θ", "ι", "κ", "λ"} {
			if strings.HasPrefix(rest, sym) {
				total += greekNumerals[sym]
				rest = rest[len(sym):]
				matched = true
				break
			}
		}
		if !matched {
			return 0, false
		}
	}
	return total, total > 0
}

// check reports a Regulation that is not the whole GDPR, naming what was found.
func (r *Regulation) check(source string) error {
	if len(r.Articles) != wantArticles {
		return fmt.Errorf("%s: found %d articles; the GDPR has %d: is the file complete?", source, len(r.Articles), wantArticles)
	}
	for i, a := range r.Articles {
		if a.Number != i+1 {
			return fmt.Errorf("%s: article %d is numbered %d: the articles must run from 1 to %d in order", source, i+1, a.Number, wantArticles)
		}
		if len(a.Paragraphs) == 0 {
			return fmt.Errorf("%s: Article %d has no text: is the file complete?", source, a.Number)
		}
	}
	if len(r.Recitals) != wantRecitals {
		return fmt.Errorf("%s: found %d recitals; the GDPR has %d: is the file complete?", source, len(r.Recitals), wantRecitals)
	}
	for i, rc := range r.Recitals {
		if rc.Number != i+1 {
			return fmt.Errorf("%s: recital %d is numbered %d: the recitals must run from 1 to %d in order", source, i+1, rc.Number, wantRecitals)
		}
	}
	if len(r.Chapters) != wantChapters {
		return fmt.Errorf("%s: found %d chapters; the GDPR has %d: is the file complete?", source, len(r.Chapters), wantChapters)
	}
	return nil
}

// normSpace collapses runs of white space (including no-break spaces) to one space.
func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2007', '\u202f', '\u2009', '\u200a', '\u2002', '\u2003':
		return true
	}
	return false
}

// joinBlocks joins non-empty text blocks as subparagraphs.
func joinBlocks(blocks []string) string {
	var out []string
	for _, b := range blocks {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n\n")
}

// finish ends a read: the structure is checked first, since "found 45 articles" tells a
// reader more about a truncated file than the XML error that truncation also causes; the XML
// error is added in brackets, or reported alone when the structure is complete.
func (r *Regulation) finish(format string, xmlErr error) (*Regulation, error) {
	if err := r.check(format); err != nil {
		if xmlErr != nil {
			return nil, fmt.Errorf("%w (%v)", err, xmlErr)
		}
		return nil, err
	}
	if xmlErr != nil {
		return nil, fmt.Errorf("%s: %w", format, xmlErr)
	}
	return r, nil
}

// GreekLabel returns the Greek numeral letter of a Latin point anchor of one letter ("h" → "η",
// "f" → "στ"), the inverse of LabelAnchor for the Greek text's points; other anchors are
// returned as they are.
func GreekLabel(anchor string) string {
	if len(anchor) != 1 || anchor[0] < 'a' || anchor[0] > 'z' {
		return anchor
	}
	v := int(anchor[0]-'a') + 1
	units := []string{"", "α", "β", "γ", "δ", "ε", "στ", "ζ", "η", "θ"}
	switch {
	case v < 10:
		return units[v]
	case v < 20:
		return "ι" + units[v-10]
	default:
		return "κ" + units[v-20]
	}
}
