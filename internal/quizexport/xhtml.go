package quizexport

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// qtiElements are the XHTML elements QTI 2.1 content may hold, each with the attributes it
// allows besides class and xml:lang. Other elements are unwrapped (their content kept);
// dropElements go with their content.
var qtiElements = map[string][]string{
	"a": {"href", "type"}, "abbr": nil, "acronym": nil, "address": nil, "b": nil, "big": nil,
	"blockquote": {"cite"}, "br": nil, "caption": nil, "cite": nil, "code": nil,
	"col": {"span"}, "colgroup": {"span"}, "dd": nil, "dfn": nil, "div": nil, "dl": nil,
	"dt": nil, "em": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"hr": nil, "i": nil, "img": {"src", "alt", "longdesc", "height", "width"}, "kbd": nil,
	"li": nil, "ol": nil, "p": nil, "pre": nil, "q": {"cite"}, "samp": nil, "small": nil,
	"span": nil, "strong": nil, "sub": nil, "sup": nil, "table": {"summary"}, "tbody": nil,
	"td": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"}, "tfoot": nil,
	"th": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"}, "thead": nil, "tr": nil,
	"tt": nil, "ul": nil, "var": nil,
}

var dropElements = map[string]bool{
	"script": true, "style": true, "input": true, "button": true, "select": true,
	"textarea": true, "iframe": true, "object": true, "embed": true, "template": true,
	"svg": true, "math": true, "form": true,
}

var voidElements = map[string]bool{"br": true, "hr": true, "img": true, "col": true}

// qtiXHTML turns rendered HTML into the XHTML subset QTI 2.1 content allows: well-formed, known
// elements and attributes only. Go's XML decoder in non-strict mode with the HTML tables reads
// HTML as written by Markdown renderers (void elements, named entities, unclosed tags); ids are
// dropped because they must be unique across the item.
func qtiXHTML(html string) (string, error) {
	d := xml.NewDecoder(strings.NewReader("<root>" + html + "</root>"))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var b strings.Builder
	var stack []string // what each open element became: its name, "" if unwrapped
	drop := 0          // depth inside a dropped element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) == 0 && name == "root" {
				stack = append(stack, "")
				continue
			}
			if drop > 0 || dropElements[name] {
				drop++
				stack = append(stack, "")
				continue
			}
			allowed, ok := qtiElements[name]
			if !ok {
				stack = append(stack, "")
				continue
			}
			stack = append(stack, name)
			b.WriteString("<" + name)
			hasAlt := false
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				switch {
				case an == "lang" && (a.Name.Space == "" || a.Name.Space == "xml" || strings.HasSuffix(a.Name.Space, "XML/1998/namespace")):
					b.WriteString(` xml:lang="` + xmlEscape(a.Value) + `"`)
				case a.Name.Space != "":
				case an == "class" || contains(allowed, an):
					if an == "alt" {
						hasAlt = true
					}
					b.WriteString(" " + an + `="` + xmlEscape(a.Value) + `"`)
				}
			}
			if name == "img" && !hasAlt {
				b.WriteString(` alt=""`)
			}
			if voidElements[name] {
				b.WriteString("/>")
			} else {
				b.WriteString(">")
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if drop > 0 {
				drop--
				continue
			}
			if name != "" && !voidElements[name] {
				b.WriteString("</" + name + ">")
			}
		case xml.CharData:
			if drop == 0 {
				b.WriteString(xmlEscape(string(t)))
			}
		}
	}
	return strings.TrimSpace(b.String()), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
