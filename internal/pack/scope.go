package pack

import (
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/securehealth/securehealth/internal/render"
)

// The output's HTML is written by our own templates (html/template: attributes always in
// double quotes), so its references can be found with patterns rather than a full parser.
var (
	tagRE    = regexp.MustCompile(`<(a|area|link|script|img|source|iframe|form)\b[^>]*>`)
	refAttr  = regexp.MustCompile(`\s(href|src|action)="([^"]*)"`)
	formRE   = regexp.MustCompile(`(?s)<form\b[^>]*>.*?</form>`)
	scriptRE = regexp.MustCompile(`(?s)^<script\b[^>]*>.*?</script>`)
	attrRE   = func(name string) *regexp.Regexp { return regexp.MustCompile(`\s` + name + `="[^"]*"`) }
	hrefAttr = attrRE("href")
	relAttrs = []*regexp.Regexp{attrRE("hreflang"), attrRE("download"), attrRE("aria-current"), attrRE("rel"), attrRE("target")}
	relRE    = regexp.MustCompile(`\srel="([^"]*)"`)
)

// A Ref is one reference of an HTML page to another file.
type Ref struct {
	Tag, Attr string // a, href
	Value     string // as written (HTML-unescaped)
	// Target is the file it points at, relative to the root the page's path is relative to,
	// with a folder's index.html made explicit; "" for a fragment of the page itself, and for
	// an external URL (External is then true). Outside is true when it climbs above the root.
	Target   string
	External bool
	Outside  bool
}

// Refs returns the references (href, src and action attributes) of page, whose path below
// the root of its tree is pagePath.
func Refs(pagePath string, page []byte) []Ref {
	var out []Ref
	for _, m := range tagRE.FindAllSubmatchIndex(page, -1) {
		tag := string(page[m[2]:m[3]])
		for _, a := range refAttr.FindAllSubmatch(page[m[0]:m[1]], -1) {
			out = append(out, resolveRef(pagePath, tag, string(a[1]), html.UnescapeString(string(a[2]))))
		}
	}
	return out
}

func resolveRef(pagePath, tag, attr, value string) Ref {
	r := Ref{Tag: tag, Attr: attr, Value: value}
	if value == "" || strings.HasPrefix(value, "#") {
		return r
	}
	u, err := url.Parse(value)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(value, "//") {
		r.External = true
		return r
	}
	p := u.Path
	if p == "" { // "?q=x": the page itself
		return r
	}
	if strings.HasPrefix(p, "/") {
		r.Outside = true // root-relative: the host's root, not the package's
		return r
	}
	joined := path.Join(path.Dir(pagePath), p)
	if strings.HasSuffix(p, "/") || p == "." || p == ".." {
		joined += "/index.html"
	}
	joined = path.Clean(joined)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		r.Outside = true
		return r
	}
	r.Target = joined
	return r
}

// ScopeOptions say how Scope treats references.
type ScopeOptions struct {
	// NewWindow opens external links in a new window (target="_blank"): inside an LMS frame a
	// link must not take the course's place.
	NewWindow bool
}

// Scope rewrites page so that every reference stays inside the set of files for which
// inside returns true: a link (a, area) that leaves it loses its href (it stays as text,
// no longer a link), and so its hreflang, download, aria-current, rel and target; a link, script or
// iframe element that leaves it is dropped, and so is a form whose action leaves it. Images
// are left alone: the caller includes what they show. External URLs stay.
func Scope(pagePath string, page []byte, inside func(target string) bool, opts ScopeOptions) []byte {
	leaves := func(tag, attr, value string) bool {
		r := resolveRef(pagePath, tag, attr, html.UnescapeString(value))
		return r.Outside || (r.Target != "" && !inside(r.Target))
	}
	page = formRE.ReplaceAllFunc(page, func(form []byte) []byte {
		open := tagRE.Find(form)
		for _, a := range refAttr.FindAllSubmatch(open, -1) {
			if string(a[1]) == "action" && leaves("form", "action", string(a[2])) {
				return nil
			}
		}
		return form
	})
	var b strings.Builder
	last := 0
	s := string(page)
	for _, m := range tagRE.FindAllStringSubmatchIndex(s, -1) {
		if m[0] < last { // inside a dropped element
			continue
		}
		tag, open := s[m[2]:m[3]], s[m[0]:m[1]]
		out, end := open, m[1]
		for _, a := range refAttr.FindAllStringSubmatch(open, -1) {
			attr, value := a[1], a[2]
			external := resolveRef(pagePath, tag, attr, html.UnescapeString(value)).External
			if external && opts.NewWindow && (tag == "a" || tag == "area") && !strings.Contains(open, " target=") {
				if rm := relRE.FindStringSubmatch(out); rm != nil {
					out = strings.Replace(out, rm[0], ` rel="`+rm[1]+` noopener"`, 1)
					out = strings.Replace(out, a[0], a[0]+` target="_blank"`, 1)
				} else {
					out = strings.Replace(out, a[0], a[0]+` target="_blank" rel="noopener"`, 1)
				}
			}
			if !leaves(tag, attr, value) {
				continue
			}
			switch tag {
			case "a", "area":
				out = hrefAttr.ReplaceAllString(out, "")
				for _, re := range relAttrs {
					out = re.ReplaceAllString(out, "")
				}
			case "script":
				if sm := scriptRE.FindStringIndex(s[m[0]:]); sm != nil {
					end = m[0] + sm[1]
				}
				out = ""
			case "link", "iframe":
				out = ""
				if tag == "iframe" {
					if i := strings.Index(s[m[1]:], "</iframe>"); i >= 0 {
						end = m[1] + i + len("</iframe>")
					}
				}
			}
			break
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(out)
		last = end
		if out == "" && end < len(s) && s[end] == '\n' { // no empty line where a tag was
			last++
		}
	}
	b.WriteString(s[last:])
	return []byte(b.String())
}

// InjectScript adds a classic deferred script (src relative to the page) at the end of the
// page's head.
func InjectScript(page []byte, src string) []byte {
	tag := `<script src="` + html.EscapeString(src) + `" defer></script>` + "\n"
	s := string(page)
	if i := strings.Index(s, "</head>"); i >= 0 {
		return []byte(s[:i] + tag + s[i:])
	}
	return append([]byte(tag), page...)
}

// RelativeTo returns the URL of the file target as seen from the page at pagePath, both
// relative to the same root: render.Relative from the page's folder.
func RelativeTo(pagePath, target string) string {
	dir := path.Dir(pagePath)
	if dir == "." {
		dir = ""
	}
	return render.Relative(dir, target, false)
}
