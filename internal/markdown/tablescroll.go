package markdown

import (
	"html"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// KindTableScroll is the NodeKind of TableScroll.
var KindTableScroll = ast.NewNodeKind("TableScroll")

// A TableScroll wraps a table in a region that scrolls sideways on narrow screens. The region
// is focusable and named, so keyboard users can scroll it (axe: scrollable-region-focusable),
// and the table itself keeps display: table and so its semantics in screen readers.
type TableScroll struct {
	ast.BaseBlock
	Label string
}

// Kind implements ast.Node.
func (n *TableScroll) Kind() ast.NodeKind { return KindTableScroll }

// Dump implements ast.Node.
func (n *TableScroll) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Label": n.Label}, nil)
}

type tableScrolls struct{}

func (tableScrolls) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableScrollRenderer{}, 500)))
}

type tableScrollRenderer struct{}

func (tableScrollRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTableScroll, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="table-scroll" tabindex="0" role="region" aria-label="` +
				html.EscapeString(n.(*TableScroll).Label) + `">` + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

// wrapTables puts every table of doc into a TableScroll labelled label.
func wrapTables(tables []*extast.Table, label string) {
	for _, t := range tables {
		parent := t.Parent()
		wrap := &TableScroll{Label: label}
		parent.ReplaceChild(parent, t, wrap)
		wrap.AppendChild(wrap, t)
	}
}
