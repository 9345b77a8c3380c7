// Package markdown is the goldmark set-up of the site: it extracts what the build keeps of a
// page (headings, link destinations, word count) and renders a page body to HTML.
//
// Markdown never fails: whatever the author wrote renders to something, and problems (broken
// links, duplicate ids…) are reported by later stages from Meta.
package markdown

import (
	"bufio"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Heading is one heading of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// A Ref is a link or image destination as the author wrote it, with its position in the file.
type Ref struct {
	Dest      string
	Line, Col int
	Image     bool
	// Alt is an image's alternative text as a reader gets it ("" when none was written);
	// Decorative says the image carries {.decorative}, so an empty Alt is intended.
	Alt        string
	Decorative bool
}

// Meta is what the build keeps of a page between passes (no AST).
type Meta struct {
	Headings []Heading
	Refs     []Ref
	Words    int
	// Citations are the GDPR citations in the page's prose, in source order.
	Citations []CitationRef
}

// A Resolver rewrites destinations at render time. It is given the destination as written.
type Resolver interface {
	Link(dest string) string
	Image(dest string) string
}

// RenderOptions are the per-render inputs.
type RenderOptions struct {
	Resolver Resolver                // may be nil: destinations unchanged
	Labels   func(key string) string // UI strings for callout titles; nil → English defaults
	// Citations links GDPR citations in prose; nil leaves them plain text.
	Citations CitationLinker
}

// A Converter is a goldmark set-up for one language; it is safe for concurrent use.
type Converter struct {
	lang string
	md   goldmark.Markdown
}

// New returns a Converter whose typographer uses the quotation marks of lang.
func New(lang string) *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			meta.New(), // no table, no document storage: front matter is just skipped
			// Alignment as align="…": style= attributes would break the strict CSP.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
			extension.DefinitionList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(quotes(lang))),
			callouts{},
			taskLabels{},
			tableScrolls{},
			decorativeImages{},
		),
		goldmark.WithParserOptions(
			// Explicit ids ({#scope}); automatic ones are made in headingIDs from the
			// heading's plain text, not from its Markdown source.
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingIDs{}, 1000)),
		),
		goldmark.WithRendererOptions(
			// No html.WithUnsafe: authors' raw HTML is omitted, dangerous URLs dropped.
			renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100)),
		),
	)
	return &Converter{lang: lang, md: md}
}

// quotes returns the typographer's substitutions for lang.
func quotes(lang string) map[extension.TypographicPunctuation]string {
	q := map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.Apostrophe:       "’",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
	}
	switch lang {
	case "sl", "hr":
		q[extension.LeftDoubleQuote], q[extension.RightDoubleQuote] = "„", "“"
		q[extension.LeftSingleQuote], q[extension.RightSingleQuote] = "‚", "‘"
	case "el":
		q[extension.LeftDoubleQuote], q[extension.RightDoubleQuote] = "«", "»"
		q[extension.LeftSingleQuote], q[extension.RightSingleQuote] = "“", "”"
	case "fr":
		// U+00A0 no-break space keeps the guillemets on the line of their word.
		q[extension.LeftDoubleQuote], q[extension.RightDoubleQuote] = "«\u00a0", "\u00a0»"
		q[extension.LeftSingleQuote], q[extension.RightSingleQuote] = "“", "”"
	}
	return q
}

// parse parses the whole file. The context carries a fresh ids table so that ids are
// unique per page and nothing is shared between concurrent parses.
func (c *Converter) parse(src []byte) ast.Node {
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	dropFrontMatter(doc)
	return doc
}

// dropFrontMatter removes the front-matter block that goldmark-meta leaves in the tree when
// the YAML is invalid (with an HTML comment holding the error); the front matter is reported
// by another stage and must never reach the page.
func dropFrontMatter(doc ast.Node) {
	// goldmark-meta's block is the only TextBlock that can be a direct child of the
	// document: every other TextBlock lives in a tight list item.
	if first := doc.FirstChild(); first != nil && first.Kind() == ast.KindTextBlock {
		doc.RemoveChild(doc, first)
	}
}

// Extract parses src (the whole file, front matter included) and returns its headings,
// link and image destinations (images with their alt text) and word count.
func (c *Converter) Extract(src []byte) Meta {
	doc := c.parse(src)
	lines := newLineIndex(src)
	var m Meta
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			m.Headings = append(m.Headings, Heading{
				Level: n.Level,
				ID:    string(idb),
				Text:  plainText(n, src),
				Line:  lines.line(blockStart(n)),
			})
		case *ast.Link:
			l, col := lines.pos(inlineStart(n, src))
			m.Refs = append(m.Refs, Ref{Dest: string(n.Destination), Line: l, Col: col})
		case *ast.Image:
			l, col := lines.pos(inlineStart(n, src))
			m.Refs = append(m.Refs, Ref{Dest: string(n.Destination), Line: l, Col: col, Image: true,
				Alt: plainText(n, src), Decorative: isDecorative(n)})
		}
		return ast.WalkContinue, nil
	})
	m.Words = countWords(doc, src)
	m.Citations = c.extractCitations(doc, src, lines)
	return m
}

// Render parses src again and writes the HTML of its body.
func (c *Converter) Render(w io.Writer, src []byte, opts RenderOptions) error {
	doc := c.parse(src)
	labels := opts.Labels
	if labels == nil {
		labels = func(string) string { return "" }
	}
	// Everything render-specific is stored into the tree, so the shared renderer needs no
	// per-render state and concurrent renders cannot mix their options.
	var tables []*extast.Table
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if opts.Resolver != nil {
				n.Destination = []byte(opts.Resolver.Link(string(n.Destination)))
			}
		case *ast.Image:
			if opts.Resolver != nil {
				n.Destination = []byte(opts.Resolver.Image(string(n.Destination)))
			}
		case *extast.Table:
			tables = append(tables, n)
		case *CalloutTitle:
			if n.FirstChild() == nil {
				n.Label = labels(n.Key)
				if n.Label == "" {
					n.Label = defaultLabels[n.Key]
				}
			}
		}
		return ast.WalkContinue, nil
	})
	tableLabel := labels("table")
	if tableLabel == "" {
		tableLabel = defaultLabels["table"]
	}
	wrapTables(tables, tableLabel)
	// After the Resolver walk: a citation's href comes from the linker, final as it is.
	if opts.Citations != nil {
		c.linkCitations(doc, src, opts.Citations)
	}
	bw := bufio.NewWriter(w)
	if err := c.md.Renderer().Render(bw, src, doc); err != nil {
		return err
	}
	return bw.Flush()
}

// blockStart returns the byte offset where block n starts, or -1 if it is unknown.
func blockStart(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			return lines.At(0).Start
		}
		if p := n.Pos(); p >= 0 {
			return p
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if p := blockStart(c); p >= 0 {
				return p
			}
		}
		return -1
	}
	if p := n.Pos(); p >= 0 {
		return p
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return -1
}

// inlineStart returns the offset of the `[` of a link or the `!` of an image.
func inlineStart(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 && p < len(src) && (src[p] == '[' || src[p] == '!') {
		return p
	}
	// Fallback: search back from the first text of the label for the bracket.
	depth := 0
	for c := ast.Node(n); c != nil; c = c.FirstChild() {
		switch c.(type) {
		case *ast.Link, *ast.Image:
			depth++
		}
		if t, ok := c.(*ast.Text); ok {
			for i := t.Segment.Start - 1; i >= 0; i-- {
				if src[i] == '[' {
					if depth--; depth == 0 {
						if _, img := n.(*ast.Image); img && i > 0 && src[i-1] == '!' {
							return i - 1
						}
						return i
					}
				}
			}
			break
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			if s := blockStart(p); s >= 0 {
				return lineStartOf(src, s)
			}
		}
	}
	return -1
}

func lineStartOf(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// A lineIndex maps byte offsets to 1-based lines and rune columns.
type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) *lineIndex {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

func (x *lineIndex) pos(off int) (line, col int) {
	if off < 0 {
		return 1, 1
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	return i + 1, utf8.RuneCount(x.src[x.starts[i]:off]) + 1
}

func (x *lineIndex) line(off int) int {
	l, _ := x.pos(off)
	return l
}
