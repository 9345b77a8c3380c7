package markdown

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ids is the parser.IDs of one parse: it makes slugs that keep Unicode letters, so that
// Greek and Slovenian headings get readable ids, and keeps them unique on the page.
type ids struct {
	used map[string]bool
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate returns a unique id made from value, the plain text of a heading.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put records an explicit id so that no generated id takes it.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// slug lower-cases s, keeps its letters, digits and combining marks, and turns every other
// run of characters into one hyphen.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && b.Len() > 0 && !hyphen) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// headingIDs is an AST transformer that filters author attributes and gives every heading
// an id. It runs after inline parsing, so ids come from the heading's text, not from its
// Markdown source (a link in a heading must not put its URL into the id).
type headingIDs struct{}

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		filterAttributes(n)
		if h, ok := n.(*ast.Heading); ok {
			headings = append(headings, h)
		}
		return ast.WalkContinue, nil
	})
	// Explicit ids first: an earlier automatic id must not take a later explicit one.
	for _, h := range headings {
		if id, ok := h.AttributeString("id"); ok {
			pc.IDs().Put(id.([]byte))
		}
	}
	for _, h := range headings {
		if _, ok := h.AttributeString("id"); !ok {
			h.SetAttributeString("id", pc.IDs().Generate([]byte(plainText(h, src)), ast.KindHeading))
		}
	}
}

// filterAttributes keeps only id and class with string values: attribute syntax
// ({#id .class key=value}) must never let style=, on*= or anything else into the page.
func filterAttributes(n ast.Node) {
	attrs := n.Attributes()
	if attrs == nil {
		return
	}
	n.RemoveAttributes()
	for _, a := range attrs {
		v, ok := a.Value.([]byte)
		if !ok || len(bytes.TrimSpace(v)) == 0 {
			continue
		}
		switch string(a.Name) {
		case "id", "class":
			n.SetAttribute(a.Name, v)
		}
	}
}

// plainText returns the text of an inline container as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	writeText(&b, n, src)
	return strings.Join(strings.Fields(b.String()), " ")
}

func writeText(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(unescape(c.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				b.WriteString(html.UnescapeString(string(c.Value)))
			} else {
				b.Write(c.Value)
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			// omitted from the page, so not part of its text
		default:
			writeText(b, c, src)
		}
	}
}

// unescape resolves backslash escapes and character references as the renderer does.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return v
}

// countWords counts the runs of letters and digits in the text of the body; code blocks are
// not text, and URLs of autolinks are not words.
func countWords(doc ast.Node, src []byte) int {
	var b bytes.Buffer
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			b.WriteByte(' ')
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(unescape(n.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if n.IsCode() {
				b.WriteString(html.UnescapeString(string(n.Value)))
			} else {
				b.Write(n.Value)
			}
		case *ast.AutoLink, *ast.RawHTML, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	words, in := 0, false
	for s := b.Bytes(); len(s) > 0; {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || (in && unicode.IsMark(r))
		if w && !in {
			words++
		}
		in = w
	}
	return words
}
