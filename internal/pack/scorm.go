package pack

import (
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
)

// Scripts and styles every SCORM package carries, at these paths in the package.
const (
	LaunchScript = "scorm/launch.js"
	BridgeScript = "scorm/bridge.js"
	LaunchStyle  = "scorm/launch.css"
)

//go:embed scorm/launch.js scorm/bridge.js scorm/launch.css
var scormFiles embed.FS

// SCORMFiles returns the launch and bridge scripts and the launch style, by package path.
func SCORMFiles() map[string][]byte {
	out := map[string][]byte{}
	for _, name := range []string{LaunchScript, BridgeScript, LaunchStyle} {
		b, err := scormFiles.ReadFile(name)
		if err != nil {
			panic(err) // embedded: cannot fail
		}
		out[name] = b
	}
	return out
}

// A SCO is one module of a SCORM package: a launch page and the files it uses.
type SCO struct {
	ID           string   // unique in the package; letters, digits, - and _
	Title        string   // the module's title
	Launch       string   // the launch page's path in the package
	Files        []string // every file the SCO uses, the launch page included
	MasteryScore int      // the quiz's pass mark, 0–100; negative when the module has no quiz
}

// A Manifest describes a SCORM 1.2 package: one organization whose items are its SCOs.
type Manifest struct {
	ID    string // the package's identifier
	Title string // the organization's title
	Lang  string
	SCOs  []SCO
}

// The SCORM 1.2 (ADL) manifest, in the schema names of the ADL content-packaging files:
// imscp_rootv1p1p2 for the package, adlcp_rootv1p2 for the SCORM extensions.
const (
	nsIMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
	nsADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
	nsXSI   = "http://www.w3.org/2001/XMLSchema-instance"
	nsIMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
)

// SharedID is the identifier of the asset resource holding the files several SCOs use.
const SharedID = "shared-files"

type xmlManifest struct {
	XMLName        xml.Name   `xml:"manifest"`
	Identifier     string     `xml:"identifier,attr"`
	Version        string     `xml:"version,attr"`
	Xmlns          string     `xml:"xmlns,attr"`
	XmlnsADLCP     string     `xml:"xmlns:adlcp,attr"`
	XmlnsXSI       string     `xml:"xmlns:xsi,attr"`
	SchemaLocation string     `xml:"xsi:schemaLocation,attr"`
	Metadata       xmlMeta    `xml:"metadata"`
	Organizations  xmlOrgs    `xml:"organizations"`
	Resources      []xmlResrc `xml:"resources>resource"`
}

type xmlMeta struct {
	Schema        string `xml:"schema"`
	SchemaVersion string `xml:"schemaversion"`
}

type xmlOrgs struct {
	Default       string   `xml:"default,attr"`
	Organizations []xmlOrg `xml:"organization"`
}

type xmlOrg struct {
	Identifier string    `xml:"identifier,attr"`
	Title      string    `xml:"title"`
	Items      []xmlItem `xml:"item"`
}

type xmlItem struct {
	Identifier    string `xml:"identifier,attr"`
	IdentifierRef string `xml:"identifierref,attr"`
	IsVisible     string `xml:"isvisible,attr"`
	Title         string `xml:"title"`
	MasteryScore  string `xml:"adlcp:masteryscore,omitempty"`
}

type xmlResrc struct {
	Identifier   string    `xml:"identifier,attr"`
	Type         string    `xml:"type,attr"`
	SCORMType    string    `xml:"adlcp:scormtype,attr"`
	Href         string    `xml:"href,attr,omitempty"`
	Files        []xmlHref `xml:"file"`
	Dependencies []xmlDep  `xml:"dependency"`
}

type xmlHref struct {
	Href string `xml:"href,attr"`
}

type xmlDep struct {
	IdentifierRef string `xml:"identifierref,attr"`
}

// XML returns imsmanifest.xml: the organization lists a SCO item per module (with its
// mastery score), each SCO resource lists its own files, and files that several SCOs use are
// listed once, in an asset resource the SCOs depend on. Every file of the package but the
// manifest itself is listed.
func (m Manifest) XML() ([]byte, error) {
	if len(m.SCOs) == 0 {
		return nil, fmt.Errorf("pack: manifest %s has no SCO", m.ID)
	}
	uses := map[string]int{}
	for _, s := range m.SCOs {
		for _, f := range dedupe(s.Files) {
			uses[f]++
		}
	}
	var shared []string
	for f, n := range uses {
		if n > 1 {
			shared = append(shared, f)
		}
	}
	sort.Strings(shared)
	out := xmlManifest{
		Identifier: m.ID, Version: "1.0",
		Xmlns: nsIMSCP, XmlnsADLCP: nsADLCP, XmlnsXSI: nsXSI,
		SchemaLocation: nsIMSCP + " imscp_rootv1p1p2.xsd " + nsIMSMD + " imsmd_rootv1p2p1.xsd " + nsADLCP + " adlcp_rootv1p2.xsd",
		Metadata:       xmlMeta{Schema: "ADL SCORM", SchemaVersion: "1.2"},
	}
	org := xmlOrg{Identifier: m.ID + "-org", Title: m.Title}
	seen := map[string]bool{}
	for _, s := range m.SCOs {
		if !validID(s.ID) || seen[s.ID] {
			return nil, fmt.Errorf("pack: manifest %s: SCO id %q is empty, repeated or not a plain identifier", m.ID, s.ID)
		}
		seen[s.ID] = true
		item := xmlItem{Identifier: "item-" + s.ID, IdentifierRef: "res-" + s.ID, IsVisible: "true", Title: s.Title}
		if s.MasteryScore >= 0 {
			item.MasteryScore = strconv.Itoa(min(s.MasteryScore, 100))
		}
		org.Items = append(org.Items, item)
		res := xmlResrc{Identifier: "res-" + s.ID, Type: "webcontent", SCORMType: "sco", Href: s.Launch}
		res.Files = append(res.Files, xmlHref{s.Launch})
		for _, f := range dedupe(s.Files) {
			if f != s.Launch && uses[f] == 1 {
				res.Files = append(res.Files, xmlHref{f})
			}
		}
		if len(shared) > 0 {
			res.Dependencies = []xmlDep{{SharedID}}
		}
		out.Resources = append(out.Resources, res)
	}
	out.Organizations = xmlOrgs{Default: org.Identifier, Organizations: []xmlOrg{org}}
	if len(shared) > 0 {
		res := xmlResrc{Identifier: SharedID, Type: "webcontent", SCORMType: "asset"}
		for _, f := range shared {
			res.Files = append(res.Files, xmlHref{f})
		}
		out.Resources = append(out.Resources, res)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func dedupe(files []string) []string {
	out := append([]string(nil), files...)
	sort.Strings(out)
	n := 0
	for i, f := range out {
		if i == 0 || f != out[n-1] {
			out[n] = f
			n++
		}
	}
	return out[:n]
}

// validID reports whether s can be an XML ID after the "item-" and "res-" prefixes.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// SafeID turns a slug into a SCO identifier: characters other than ASCII letters, digits, -
// and _ become _.
func SafeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "sco"
	}
	return b.String()
}

// A Launch is what a SCO's launch page shows and says.
type Launch struct {
	Lang, Dir  string
	Title      string   // the module's title
	SiteTitle  string   // the site's title in the language
	SiteID     string   // the site's storage prefix (body data-site-id, as on every page)
	Stylesheet string   // the site's stylesheet, relative to the launch page
	Pages      []string // the module's pages relative to the launch page; the first opens
	Mastery    int      // negative: no quiz
	HasQuiz    bool
	// UI strings, in the language.
	Frame, Exit, Connected, Offline, Passed, Failed, Closed string
}

var launchTmpl = template.Must(template.New("launch").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.SiteTitle}}</title>
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="{{.Stylesheet}}">
<link rel="stylesheet" href="` + LaunchStyle + `">
<script src="` + LaunchScript + `" defer></script>
</head>
<body class="scorm-launch" data-site-id="{{.SiteID}}" data-scorm-pages="{{.PageList}}" data-scorm-mastery="{{if ge .Mastery 0}}{{.Mastery}}{{end}}" data-scorm-quiz="{{.HasQuiz}}" data-s-connected="{{.Connected}}" data-s-offline="{{.Offline}}" data-s-passed="{{.Passed}}" data-s-failed="{{.Failed}}" data-s-closed="{{.Closed}}">
<header class="scorm-bar">
<h1>{{.Title}}</h1>
<p class="scorm-status" data-scorm-status role="status" aria-live="polite"></p>
<button type="button" data-scorm-exit>{{.Exit}}</button>
</header>
<main class="scorm-main">
<iframe data-scorm-frame src="{{index .Pages 0}}" title="{{.Frame}}: {{.Title}}"></iframe>
</main>
</body>
</html>
`))

// PageList is the pages as the launch script reads them: space-separated.
func (l Launch) PageList() string { return strings.Join(l.Pages, " ") }

// HTML renders the launch page. It has no inline script or style: the strict CSP of the site
// holds in the package too.
func (l Launch) HTML() ([]byte, error) {
	if len(l.Pages) == 0 {
		return nil, fmt.Errorf("pack: launch page of %q has no pages", l.Title)
	}
	if l.Dir == "" {
		l.Dir = "ltr"
	}
	var b bytes.Buffer
	if err := launchTmpl.Execute(&b, l); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	return b.Bytes(), nil
}
