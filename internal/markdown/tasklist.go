package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTaskLabel is the NodeKind of TaskLabel.
var KindTaskLabel = ast.NewNodeKind("TaskLabel")

// A TaskLabel wraps the checkbox of a task-list item and the item's text in a <label>: a
// form control without a label fails WCAG 4.1.2 (axe: label), disabled or not.
type TaskLabel struct {
	ast.BaseInline
}

// Kind implements ast.Node.
func (n *TaskLabel) Kind() ast.NodeKind { return KindTaskLabel }

// Dump implements ast.Node.
func (n *TaskLabel) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// taskLabels is the goldmark.Extender of TaskLabel.
type taskLabels struct{}

func (taskLabels) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(taskLabelTransformer{}, 600)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(taskLabelRenderer{}, 500)))
}

type taskLabelTransformer struct{}

func (taskLabelTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var boxes []*east.TaskCheckBox
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*east.TaskCheckBox); ok && entering {
			boxes = append(boxes, b)
		}
		return ast.WalkContinue, nil
	})
	for _, box := range boxes {
		parent := box.Parent()
		label := &TaskLabel{}
		parent.InsertBefore(parent, box, label)
		for c := ast.Node(box); c != nil; {
			next := c.NextSibling()
			label.AppendChild(label, c)
			c = next
		}
	}
}

type taskLabelRenderer struct{}

func (taskLabelRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTaskLabel, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<label class="task">`)
		} else {
			_, _ = w.WriteString(`</label>`)
		}
		return ast.WalkContinue, nil
	})
}
