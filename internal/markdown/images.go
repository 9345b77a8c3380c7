package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// decorativeMarker, written right after an image (![](border.png){.decorative}), says that the
// image is decorative: its empty alt text is intended, so assistive technology skips it.
const decorativeMarker = "{.decorative}"

// decorativeImages is the goldmark.Extender of the decorative marker.
type decorativeImages struct{}

func (decorativeImages) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(decorativeParser{}, 500)))
}

// decorativeParser recognises exactly the decorative marker directly after an image and gives
// the image the class "decorative". Only that one class: general attribute syntax on inline
// elements would let style= or on*= into the page. Anything else starting with { stays text.
type decorativeParser struct{}

func (decorativeParser) Trigger() []byte { return []byte{'{'} }

func (decorativeParser) Parse(parent ast.Node, block text.Reader, _ parser.Context) ast.Node {
	img, ok := parent.LastChild().(*ast.Image)
	if !ok {
		return nil
	}
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte(decorativeMarker)) {
		return nil
	}
	img.SetAttributeString("class", []byte("decorative"))
	block.Advance(len(decorativeMarker))
	// The marker is consumed; an empty text node stands for it (following text merges into it).
	end := seg.Start + len(decorativeMarker)
	return ast.NewTextSegment(text.NewSegment(end, end))
}

// isDecorative reports whether an image carries the decorative marker.
func isDecorative(img *ast.Image) bool {
	v, ok := img.AttributeString("class")
	b, _ := v.([]byte)
	return ok && string(b) == "decorative"
}
