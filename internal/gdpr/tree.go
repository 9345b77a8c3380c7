package gdpr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// An xnode is an element of a parsed XML or XHTML document, or (name "") a run of text. The
// readers walk a tree rather than decode into structs because Formex nests the same elements
// at many depths (a LIST inside a P inside an NP inside an ITEM …).
type xnode struct {
	name  string
	attrs []xml.Attr
	kids  []*xnode
	text  string
}

func (n *xnode) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// child returns the first child element called name.
func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// find returns the first descendant element called name, in document order.
func (n *xnode) find(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// maxDepth bounds nesting so that a hostile file cannot exhaust the stack of the recursive
// walkers; the GDPR nests about 15 deep.
const maxDepth = 200

// parseTree reads a whole document. html selects the lenient settings for EUR-Lex pages.
func parseTree(r io.Reader, html bool) (*xnode, error) {
	d := xml.NewDecoder(r)
	if html {
		d.Strict = false
		d.AutoClose = xml.HTMLAutoClose
		d.Entity = xml.HTMLEntity
	}
	root := &xnode{}
	stack := []*xnode{root}
	closedMod := false // the last token was the end of a consolidation change (CLG.MDFC)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			// Return what was read too, so that a reader can say how much of the act the
			// file holds ("found 45 articles") rather than only where the XML broke off.
			return firstElement(root), fmt.Errorf("not well-formed XML: %w", err)
		}
		top := stack[len(stack)-1]
		wasClosedMod := closedMod
		closedMod = false
		switch t := tok.(type) {
		case xml.ProcInst:
			// Consolidation marks each corrected passage with <?CLG.MDFO?> … <?CLG.MDFC?>.
			// Where two corrected words meet, the space between them is lost (Slovenian
			// Article 4(16): "glavna<?MDFC?><?MDFO?>ustanovitev"); put it back.
			if t.Target == "CLG.MDFO" && wasClosedMod {
				if k := len(top.kids); k > 0 && top.kids[k-1].name == "" && !strings.HasSuffix(top.kids[k-1].text, " ") {
					top.kids[k-1].text += " "
				}
			}
			closedMod = t.Target == "CLG.MDFC"
		case xml.StartElement:
			if len(stack) > maxDepth {
				return nil, errors.New("elements nested too deeply")
			}
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			if html {
				n.name = strings.ToLower(n.name)
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if k := len(top.kids); k > 0 && top.kids[k-1].name == "" {
				top.kids[k-1].text += string(t)
			} else {
				top.kids = append(top.kids, &xnode{text: string(t)})
			}
		}
	}
	if len(stack) > 1 && !html {
		return firstElement(root), fmt.Errorf("unexpected end of file inside <%s>", stack[len(stack)-1].name)
	}
	if e := firstElement(root); e != nil {
		return e, nil
	}
	return nil, errors.New("no root element: the file is empty or not XML")
}

func firstElement(root *xnode) *xnode {
	for _, k := range root.kids {
		if k.name != "" {
			return k
		}
	}
	return nil
}
