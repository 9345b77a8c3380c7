package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCallout is the NodeKind of Callout.
var KindCallout = ast.NewNodeKind("Callout")

// KindCalloutTitle is the NodeKind of CalloutTitle.
var KindCalloutTitle = ast.NewNodeKind("CalloutTitle")

// A Callout is an admonition written as a GitHub alert: a blockquote whose first line is
// [!NOTE], [!WARNING]…, optionally followed by a custom title. Its first child is its
// CalloutTitle.
type Callout struct {
	ast.BaseBlock
	CalloutType string // note, tip, important, warning, caution, keypoint or example
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"CalloutType": n.CalloutType}, nil)
}

// A CalloutTitle is the title of a Callout: the author's custom title as inline children,
// or, when it has none, Label, which Render sets from the UI strings of the page's language.
type CalloutTitle struct {
	ast.BaseBlock
	Key   string // UI string key, e.g. "callout_warning"
	Label string
}

// Kind implements ast.Node.
func (n *CalloutTitle) Kind() ast.NodeKind { return KindCalloutTitle }

// Dump implements ast.Node.
func (n *CalloutTitle) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Key": n.Key, "Label": n.Label}, nil)
}

// calloutTypes maps the marker, lower-cased, to the callout type.
var calloutTypes = map[string]string{
	"note":      "note",
	"tip":       "tip",
	"important": "important",
	"warning":   "warning",
	"caution":   "caution",
	"keypoint":  "keypoint",
	"key-point": "keypoint",
	"example":   "example",
}

// defaultLabels are the English UI strings of rendered Markdown (callout titles, the name of a
// table's scroll region), used when RenderOptions.Labels gives none.
var defaultLabels = map[string]string{
	"callout_note":      "Note",
	"callout_tip":       "Tip",
	"callout_important": "Important",
	"callout_warning":   "Warning",
	"callout_caution":   "Caution",
	"callout_keypoint":  "Key point",
	"callout_example":   "Healthcare example",
	"table":             "Table",
}

var calloutMarker = regexp.MustCompile(`^[ \t]*\[!([A-Za-z-]+)\]`)

// callouts is the goldmark.Extender of callouts.
type callouts struct{}

func (callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 500)))
}

type calloutTransformer struct{}

func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		transformCallout(bq, src)
	}
}

func transformCallout(bq *ast.Blockquote, src []byte) {
	para, ok := bq.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return
	}
	first := para.Lines().At(0)
	m := calloutMarker.FindSubmatchIndex(first.Value(src))
	if m == nil {
		return
	}
	typ, ok := calloutTypes[strings.ToLower(string(first.Value(src)[m[2]:m[3]]))]
	if !ok {
		return
	}
	markerEnd := first.Start + m[1]

	// The inline nodes of the first line: up to the first one that ends the line.
	var line []ast.Node
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && t.Segment.Start >= first.Stop {
			break
		}
		line = append(line, c)
		if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
			t.SetSoftLineBreak(false)
			t.SetHardLineBreak(false)
			break
		}
	}
	// Drop the marker; what is left of the line is the custom title.
	var title []ast.Node
	for _, c := range line {
		para.RemoveChild(para, c)
		if t, ok := c.(*ast.Text); ok {
			if t.Segment.Stop <= markerEnd {
				continue
			}
			if t.Segment.Start < markerEnd {
				t.Segment = t.Segment.WithStart(markerEnd)
			}
		} else if p := c.Pos(); p >= 0 && p < markerEnd {
			continue
		}
		title = append(title, c)
	}
	if len(title) > 0 {
		if t, ok := title[0].(*ast.Text); ok {
			t.Segment = t.Segment.TrimLeftSpace(src)
			if t.Segment.IsEmpty() {
				title = title[1:]
			}
		}
	}
	if para.Lines().Len() > 1 {
		rest := text.NewSegments()
		for i := 1; i < para.Lines().Len(); i++ {
			rest.Append(para.Lines().At(i))
		}
		para.SetLines(rest)
	}
	if para.FirstChild() == nil {
		bq.RemoveChild(bq, para)
	}

	callout := &Callout{CalloutType: typ}
	head := &CalloutTitle{Key: "callout_" + typ}
	for _, c := range title {
		head.AppendChild(head, c)
	}
	callout.AppendChild(callout, head)
	for c := bq.FirstChild(); c != nil; {
		next := c.NextSibling()
		callout.AppendChild(callout, c)
		c = next
	}
	bq.Parent().ReplaceChild(bq.Parent(), bq, callout)
}

type calloutRenderer struct{}

func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, renderCallout)
	reg.Register(KindCalloutTitle, renderCalloutTitle)
}

// renderCallout writes a div, not an aside: an aside inside main is a landmark axe rejects.
func renderCallout(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="callout callout-` + n.(*Callout).CalloutType + `" role="note">` + "\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderCalloutTitle(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<p class="callout-title">`)
		if n.FirstChild() == nil {
			html.DefaultWriter.RawWrite(w, []byte(n.(*CalloutTitle).Label))
		}
	} else {
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}
