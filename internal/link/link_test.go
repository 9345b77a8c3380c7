package link

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/site"
)

// testSite builds a one-language site: a home, an about page with headings, a guide section with
// a bundle and its image, and a page (guide/x.md) whose links are under test.
func testSite(t testing.TB, refs ...markdown.Ref) (*site.Site, *site.Page) {
	lc := config.Language{Code: "en", Name: "English", Title: "T"}
	cfg := &config.Config{Languages: []config.Language{lc}, DefaultLanguage: "en"}
	mk := func(rel string, headings ...string) *site.Page {
		p := &site.Page{Lang: "en", Source: "content/en/" + rel, Rel: rel, FM: frontmatter.FrontMatter{Title: rel}}
		for _, h := range headings {
			p.Meta.Headings = append(p.Meta.Headings, markdown.Heading{Level: 2, ID: h, Text: h})
		}
		return p
	}
	x := mk("guide/x.md", "intro", "scope")
	x.Meta.Refs = refs
	pages := []*site.Page{
		mk("_index.md"), mk("about.md", "us", "team"), mk("guide/_index.md"),
		mk("guide/b/index.md", "diagram"), x, mk("plain.md"), mk("res/form.md"), // res/ has no _index.md
	}
	var diags diag.List
	l := site.Build(cfg, lc, pages, []string{"guide/b/diagram.png", "files/form.pdf"}, true, &diags)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return &site.Site{Config: cfg, Languages: []*site.Language{l}, Default: l}, x
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name   string
		dest   string
		image  bool
		target string // "" when unresolved
		diag   string
	}{
		{name: "page", dest: "../about.md", target: "en/about/"},
		{name: "page with anchor", dest: "../about.md#team", target: "en/about/#team"},
		{name: "section page", dest: "_index.md", target: "en/guide/"},
		{name: "home", dest: "../_index.md", target: "en/"},
		{name: "bundle", dest: "b/index.md#diagram", target: "en/guide/b/#diagram"},
		{name: "dot segments", dest: "./b/../../about.md", target: "en/about/"},
		{name: "percent-encoded", dest: "%2E%2E/about.md", target: "en/about/"},
		{name: "query is dropped", dest: "../about.md?x=1#us", target: "en/about/#us"},
		{name: "own anchor", dest: "#scope", target: "en/guide/x/#scope"},
		{name: "empty fragment", dest: "#", target: "en/guide/x/#"},
		{name: "image beside a bundle", dest: "b/diagram.png", image: true, target: "en/guide/b/diagram.png"},
		{name: "file link with fragment", dest: "../files/form.pdf#page=2", target: "en/files/form.pdf#page=2"},
		{name: "image with own fragment is not an anchor", dest: "#nothing", image: true, target: "en/guide/x/#nothing"},
		{name: "external", dest: "https://eur-lex.europa.eu/eli/reg/2016/679/oj"},
		{name: "mailto", dest: "mailto:dpo@example.org"},
		{name: "protocol-relative", dest: "//example.org/x"},
		{name: "empty", dest: ""},
		{name: "missing page", dest: "dpia.md",
			diag: "content/en/guide/x.md:7:3: error: broken link: no page guide/dpia.md in language en; check the path, relative to this file"},
		{name: "missing anchor elsewhere", dest: "../about.md#teams",
			diag: `content/en/guide/x.md:7:3: error: broken link: about.md has no heading with id "teams"; known ids: #us, #team`},
		{name: "missing anchor on a page without headings", dest: "../plain.md#a",
			diag: `content/en/guide/x.md:7:3: error: broken link: plain.md has no heading with id "a"; the page has no headings`},
		{name: "missing own anchor", dest: "#outro",
			diag: `content/en/guide/x.md:7:3: error: no heading with id "outro" on this page; known ids: #intro, #scope`},
		{name: "absolute path", dest: "/en/about.md",
			diag: `content/en/guide/x.md:7:3: error: link "/en/about.md" starts with /; write a path relative to this file, such as ../toolbox/dpia.md, so the site works under any sub-path`},
		{name: "invalid escape", dest: "a%zz.md",
			diag: `content/en/guide/x.md:7:3: error: invalid link "a%zz.md"; percent-encode spaces and special characters`},
		{name: "leaves the language tree", dest: "../../sl/x.md",
			diag: `content/en/guide/x.md:7:3: error: link "../../sl/x.md" leaves the en language tree; link to pages of another language through the language switcher, not by path`},
		{name: "encoded escape", dest: "..%2F..%2Fsl%2Fx.md",
			diag: `content/en/guide/x.md:7:3: error: link "..%2F..%2Fsl%2Fx.md" leaves the en language tree; link to pages of another language through the language switcher, not by path`},
		{name: "draft", dest: "soon.md",
			diag: "content/en/guide/x.md:7:3: error: link to draft page guide/soon.md; publish it (draft: false) or build with --drafts"},
		{name: "missing image", dest: "team.jpg", image: true,
			diag: "content/en/guide/x.md:7:3: error: missing image: no file guide/team.jpg in content/en; check the path, relative to this file; images of a page belong beside it in its folder"},
		{name: "missing file", dest: "form.pdf",
			diag: "content/en/guide/x.md:7:3: error: broken link: no file guide/form.pdf in content/en; check the path, relative to this file; images of a page belong beside it in its folder"},
		{name: "folder is not a page", dest: "b/",
			diag: "content/en/guide/x.md:7:3: error: broken link: no file guide/b in content/en; check the path, relative to this file; images of a page belong beside it in its folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, x := testSite(t, markdown.Ref{Dest: tt.dest, Line: 7, Col: 3, Image: tt.image, Alt: "A diagram"})
			var diags diag.List
			Resolve(s, map[string]map[string]bool{"en": {"guide/soon.md": true}}, &diags)
			got := ""
			if len(diags) > 0 {
				got = diags[0].String()
			}
			if got != tt.diag || len(diags) > 1 {
				t.Errorf("diagnostics %v\nwant %s", diags, tt.diag)
			}
			if x.Links[tt.dest] != tt.target {
				t.Errorf("target %q, want %q", x.Links[tt.dest], tt.target)
			}
			if _, ok := x.Links[tt.dest]; ok != (tt.target != "") {
				t.Errorf("Links has %q: %v", tt.dest, ok)
			}
		})
	}
}

// An image needs alt text unless it is marked decorative; a missing one is a warning at the
// image, wherever the image is (here, external), and does not stop the image resolving.
func TestAltText(t *testing.T) {
	const hint = "; describe what it shows between the brackets, ![…](%[1]s), or mark a decorative image as ![](%[1]s){.decorative}"
	tests := []struct {
		name string
		ref  markdown.Ref
		diag string
	}{
		{"alt text", markdown.Ref{Dest: "b/diagram.png", Image: true, Alt: "Flow of a request"}, ""},
		{"decorative", markdown.Ref{Dest: "b/diagram.png", Image: true, Decorative: true}, ""},
		{"link without text", markdown.Ref{Dest: "../about.md"}, ""},
		{"missing", markdown.Ref{Dest: "b/diagram.png", Image: true},
			"content/en/guide/x.md:4:2: warning: missing alt text for image b/diagram.png" + fmt.Sprintf(hint, "b/diagram.png")},
		{"missing, external", markdown.Ref{Dest: "https://example.org/a.png", Image: true},
			"content/en/guide/x.md:4:2: warning: missing alt text for image https://example.org/a.png" + fmt.Sprintf(hint, "https://example.org/a.png")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ref.Line, tt.ref.Col = 4, 2
			s, x := testSite(t, tt.ref)
			var diags diag.List
			Resolve(s, nil, &diags)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if want := tt.diag; len(got) != min(len(want), 1) || len(got) == 1 && got[0] != want {
				t.Errorf("diagnostics %q\nwant %q", got, want)
			}
			if !IsExternal(tt.ref.Dest) && x.Links[tt.ref.Dest] == "" {
				t.Errorf("%s not resolved", tt.ref.Dest)
			}
		})
	}
}

// A destination written twice is resolved, and reported, once.
func TestResolveOnce(t *testing.T) {
	s, x := testSite(t, markdown.Ref{Dest: "nope.md", Line: 3, Col: 1}, markdown.Ref{Dest: "../about.md", Line: 4, Col: 1},
		markdown.Ref{Dest: "../about.md", Line: 5, Col: 1})
	var diags diag.List
	Resolve(s, nil, &diags)
	if len(diags) != 1 || len(x.Links) != 1 {
		t.Errorf("diagnostics %v, links %v", diags, x.Links)
	}
}

// Generated sections have no file and no links; every real page gets a Links map.
func TestResolveAllPages(t *testing.T) {
	s, _ := testSite(t)
	var diags diag.List
	Resolve(s, nil, &diags)
	generated := 0
	for _, p := range s.Default.Pages {
		if p.Generated() {
			generated++
		}
		if (p.Links == nil) != p.Generated() {
			t.Errorf("%s: Links %v, generated %v", p.URL, p.Links, p.Generated())
		}
	}
	if generated != 1 {
		t.Errorf("%d generated sections, want 1 (res/)", generated)
	}
}

func TestIsExternal(t *testing.T) {
	for dest, want := range map[string]bool{
		"https://example.org": true, "http://x": true, "mailto:a@b": true, "tel:+386": true, "//cdn.example/x.js": true,
		"about.md": false, "../a.md#b": false, "#x": false, "": false, "/abs.md": false, "a%zz": false,
	} {
		if got := IsExternal(dest); got != want {
			t.Errorf("IsExternal(%q) = %v", dest, got)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"../about.md#us", "#scope", "b/diagram.png", "/x", "../../x.md", "a%zz", "..%2F..", "?q", "b/../../..",
		"https://x", "//x", "#", ".", "..", "./", "b/index.md#diagram", "soon.md", "\\..\\x.md"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, dest string, image bool) {
		s, x := testSite(t, markdown.Ref{Dest: dest, Line: 1, Col: 1, Image: image, Alt: "alt"})
		var diags diag.List
		Resolve(s, map[string]map[string]bool{"en": {"guide/soon.md": true}}, &diags)
		target, ok := x.Links[dest]
		if ok && len(diags) > 0 {
			t.Fatalf("%q resolved to %q and reported %v", dest, target, diags)
		}
		if !ok {
			return
		}
		p, _, _ := strings.Cut(target, "#")
		if strings.HasPrefix(p, "/") || !strings.HasPrefix(p, "en/") {
			t.Fatalf("%q resolved to %q, outside the language", dest, target)
		}
		for _, seg := range strings.Split(p, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("%q resolved to %q with a dot segment", dest, target)
			}
		}
		if path.Clean(p) != strings.TrimSuffix(p, "/") {
			t.Fatalf("%q resolved to unclean %q", dest, target)
		}
	})
}
