// Package render turns the frozen site into HTML with html/template layouts and the UI strings
// of each language, and writes the files every site has: the language chooser, 404 page,
// sitemap, robots.txt and the fingerprinted stylesheet. All URLs it writes are relative.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/i18n"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/reference"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/toolbox"
	"github.com/securehealth/securehealth/internal/translation"
)

// Options are the build flags that change rendering.
type Options struct {
	Offline   bool   // link to …/index.html files so the output works from file://
	BaseURL   string // absolute URL of the output root, with trailing slash; may be empty
	Strict    bool   // missing UI strings are errors, not warnings
	Quizzes   map[string]*quiz.Quiz
	Templates map[string]*toolbox.Template // by page source path
	Reference *reference.Reference         // nil: no reference pages, citations stay plain
	Search    bool                         // the build writes a search index: pages get a search box
	Downloads bool                         // the build writes downloads/ (package): pages link to them
	// Preview is the authors' preview server: no web app manifest or service worker, which
	// would cache the pages being edited.
	Preview bool
	// Bodies caches pages' rendered Markdown between the preview server's builds; nil: none.
	Bodies *BodyCache
}

// A Renderer renders pages of one site; it is safe for concurrent use once built.
type Renderer struct {
	site      *site.Site
	opts      Options
	layouts   map[string]*template.Template // by page kind: home, section, page, 404, chooser
	strings   *i18n.Catalog
	markdown  map[string]*markdown.Converter
	quizzes   map[string]*quiz.Quiz
	templates map[string]*toolbox.Template // toolbox forms by page source path
	stylePath string                       // fingerprinted stylesheet, relative to the output root
	style     []byte
	scripts   map[string]string // theme script name (chooser.js) → fingerprinted output path
	assets    map[string][]byte // output path → content
	web       webApp            // manifest icons and service worker (webapp.go); empty offline
}

var layoutKinds = []string{"home", "section", "page", "404", "chooser", "status", "quiz", "progress", "gdpr", "search", "downloads"}

// optionalLayouts may be missing from a theme: quiz pages then use the page layout, and the
// progress page is not written.
var optionalLayouts = map[string]bool{"quiz": true, "progress": true, "gdpr": true, "search": true, "downloads": true}

// New loads the theme (the site's overrides over the embedded default) and UI strings.
func New(s *site.Site, siteFS fs.FS, opts Options, diags *diag.List) (*Renderer, error) {
	if opts.BaseURL != "" && !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	th := newTheme(siteFS)
	r := &Renderer{site: s, opts: opts, layouts: map[string]*template.Template{},
		markdown: map[string]*markdown.Converter{}, quizzes: opts.Quizzes, templates: opts.Templates}

	partials := th.Glob("layouts/partials/*.html")
	for _, kind := range layoutKinds {
		if optionalLayouts[kind] {
			if _, _, err := th.ReadFile("layouts/" + kind + ".html"); err != nil {
				continue
			}
		}
		t := template.New(kind)
		files := append([]string{"layouts/baseof.html"}, partials...)
		if kind == "chooser" {
			files = partials
		}
		files = append(files, "layouts/"+kind+".html")
		for _, f := range files {
			b, where, err := th.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("theme: %s: %w", where, err)
			}
			if _, err := t.New(f).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("theme: %w", err)
			}
		}
		r.layouts[kind] = t
	}

	css, _, err := th.ReadFile("assets/css/site.css")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	r.style = append(append(css, '\n'), markdown.StyleCSS()...)
	r.stylePath = fingerprint("assets/site", ".css", r.style)
	r.assets = map[string][]byte{r.stylePath: r.style}
	r.scripts = map[string]string{}
	for _, name := range th.Glob("assets/js/*.js") {
		b, where, err := th.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("theme: %s: %w", where, err)
		}
		base := strings.TrimSuffix(path.Base(name), ".js")
		out := fingerprint("assets/"+base, ".js", b)
		r.scripts[base+".js"] = out
		r.assets[out] = b
	}
	if err := r.loadWebApp(th); err != nil {
		return nil, err
	}

	var codes []string
	for _, l := range s.Languages {
		codes = append(codes, l.Code)
		r.markdown[l.Code] = markdown.New(l.Code)
	}
	r.strings = i18n.Load(th.uiSources(codes), codes, s.Default.Code, opts.Strict, diags)
	r.titleGenerated()
	return r, nil
}

// titleGenerated gives generated pages their titles in the page's language.
func (r *Renderer) titleGenerated() {
	// The section of quiz pages exists without an _index.md unless an author writes one; its
	// title then comes from the UI strings, not from the folder name.
	for _, l := range r.site.Languages {
		if p := l.ByURL[l.Code+"/quizzes/"]; p != nil && p.Generated() {
			p.FM.Title = r.strings.T(l.Code, "quizzes_title")
		}
	}
	r.titleReference()
}

// ForSite returns a renderer with this one's theme and UI strings for another build of the
// same site (the preview server's rebuild after an edit that touched neither): loading the
// theme is most of New's time. opts must differ from this renderer's only in the site's
// data (quizzes, templates, reference).
func (r *Renderer) ForSite(s *site.Site, opts Options) *Renderer {
	n := *r
	n.site, n.opts, n.quizzes, n.templates = s, opts, opts.Quizzes, opts.Templates
	if n.opts.BaseURL != "" && !strings.HasSuffix(n.opts.BaseURL, "/") {
		n.opts.BaseURL += "/"
	}
	n.titleGenerated()
	return &n
}

// Assets returns the theme files the output needs, by output path.
func (r *Renderer) Assets() map[string][]byte { return r.assets }

// fingerprint names an asset by its content, so browsers may cache it for ever and a changed
// file is fetched anew.
func fingerprint(stem, ext string, data []byte) string {
	sum := sha256.Sum256(data)
	return stem + "." + hex.EncodeToString(sum[:])[:10] + ext
}

// Page renders one page; src is its whole file (front matter included), nil for a generated
// section.
func (r *Renderer) Page(w io.Writer, p *site.Page, src []byte) error {
	v := r.view(p.Lang, p.URL)
	v.Page = p
	if src != nil {
		// A fallback page's content is in its original's language, and so are the labels
		// inside it (callout titles), to match the lang attribute around it.
		contentLang := p.Lang
		if p.IsFallback() {
			contentLang = p.Original.Lang
		}
		var key [32]byte
		if r.opts.Bodies != nil {
			key = bodyKey(contentLang, p, r.opts.Offline, src)
		}
		if html, ok := r.opts.Bodies.getIf(key); ok {
			v.Content = template.HTML(html)
		} else {
			var body bytes.Buffer
			err := r.markdown[contentLang].Render(&body, src, markdown.RenderOptions{
				Resolver:  resolver{p: p, offline: r.opts.Offline},
				Labels:    func(key string) string { return v.TIn(contentLang, key) },
				Citations: r.citations(p),
			})
			if err != nil {
				return fmt.Errorf("%s: %w", p.Source, err)
			}
			v.Content = template.HTML(body.String())
			if r.opts.Bodies != nil {
				r.opts.Bodies.put(key, body.String())
			}
		}
	}
	kind := "page"
	switch {
	case p.FM.Type == frontmatter.TypeGDPR && r.layouts["gdpr"] != nil:
		kind = "gdpr" // the reference's index and recitals list are sections too
	case p.Kind == site.KindHome:
		kind = "home"
	case p.Kind == site.KindSection:
		kind = "section"
	case p.FM.Type == frontmatter.TypeQuiz && r.layouts["quiz"] != nil:
		kind = "quiz"
	}
	return r.execute(w, kind, v)
}

// NotFound renders 404.html for the output root in the default language.
func (r *Renderer) NotFound(w io.Writer) error {
	v := r.view(r.site.Default.Code, "")
	v.Base = r.opts.BaseURL
	v.Page = &site.Page{Lang: v.Lang.Code, FM: v.Lang.Home.FM}
	v.Page.FM.Title = v.T("notfound_title")
	v.Page.FM.Description = ""
	return r.execute(w, "404", v)
}

// StatusDir is where each language's translation-status report is written, under the language.
const StatusDir = "translation-status/"

// Status renders a language's translation-status report for authors and translators; it is
// not a page of the site (not in menus, sitemap or search).
func (r *Renderer) Status(w io.Writer, rep translation.Report) error {
	url := rep.Lang + "/" + StatusDir
	v := r.view(rep.Lang, url)
	v.Page = &site.Page{Lang: rep.Lang, Rel: "", URL: url, FM: v.Lang.Home.FM, Kind: site.KindSection}
	v.Page.FM.Title = v.T("status_title")
	v.Page.FM.Description = ""
	v.report = &rep
	return r.execute(w, "status", v)
}

// ProgressDir is where each language's "my progress" page is written, under the language.
const ProgressDir = "progress/"

// HasProgress reports whether the theme has a progress page.
func (r *Renderer) HasProgress() bool { return r.layouts["progress"] != nil }

// Progress renders a language's progress page, where learners see, export and erase what the
// site keeps in their browser. It is not a content page (not in menus, sitemap or search).
func (r *Renderer) Progress(w io.Writer, lang string) error {
	return r.utilityPage(w, lang, ProgressDir, "progress_title", "progress")
}

// utilityPage renders a page of the site's own (progress, search results) that has no source:
// under the language, titled by a UI string, with the layout of its kind.
func (r *Renderer) utilityPage(w io.Writer, lang, dir, titleKey, layout string) error {
	url := lang + "/" + dir
	v := r.view(lang, url)
	v.Page = &site.Page{Lang: lang, URL: url, FM: v.Lang.Home.FM, Kind: site.KindSection}
	v.Page.FM.Title = v.T(titleKey)
	v.Page.FM.Description = ""
	return r.execute(w, layout, v)
}

// SearchDir is where each language's search index and results page are, under the language.
const SearchDir = "search/"

// HasSearch reports whether pages have search: the build writes an index and the theme has a
// results page.
func (r *Renderer) HasSearch() bool { return r.opts.Search && r.layouts["search"] != nil }

// SearchPage renders a language's search results page. It is not a content page (not in
// menus, sitemap or the index).
func (r *Renderer) SearchPage(w io.Writer, lang string) error {
	return r.utilityPage(w, lang, SearchDir, "search_title", "search")
}

// Chooser renders the root index.html: a list of the site's languages.
func (r *Renderer) Chooser(w io.Writer) error {
	v := r.view(r.site.Default.Code, "")
	v.Page = &site.Page{Lang: v.Lang.Code, FM: v.Lang.Home.FM}
	v.Page.FM.Title = r.site.Config.Title
	return r.execute(w, "chooser", v)
}

func (r *Renderer) execute(w io.Writer, kind string, v *view) error {
	var buf bytes.Buffer
	if err := r.layouts[kind].ExecuteTemplate(&buf, "layouts/"+kindFile(kind), v); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func kindFile(kind string) string {
	if kind == "chooser" {
		return "chooser.html"
	}
	return "baseof.html"
}

type resolver struct {
	p       *site.Page
	offline bool
}

func (r resolver) Link(dest string) string {
	if t, ok := r.p.Links[dest]; ok {
		return Relative(r.p.URL, t, r.offline)
	}
	return dest
}

func (r resolver) Image(dest string) string { return r.Link(dest) }

// Sitemap writes sitemap.xml: every page of every language, absolute when a base URL is set.
func (r *Renderer) Sitemap(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, l := range r.site.Languages {
		for _, p := range l.Pages {
			if p.IsFallback() { // a copy of its original, which is listed
				continue
			}
			b.WriteString("  <url><loc>")
			template.HTMLEscape(&b, []byte(r.opts.BaseURL+Relative("", p.URL, false)))
			b.WriteString("</loc>")
			for _, alt := range r.alternates(p) {
				fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="`, alt.Lang)
				template.HTMLEscape(&b, []byte(r.opts.BaseURL+Relative("", alt.URL, false)))
				b.WriteString(`"/>`)
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Robots writes robots.txt.
func (r *Renderer) Robots(w io.Writer) error {
	s := "User-agent: *\nAllow: /\n"
	if r.opts.BaseURL != "" {
		s += "\nSitemap: " + r.opts.BaseURL + "sitemap.xml\n"
	}
	_, err := io.WriteString(w, s)
	return err
}

// alternates lists the page in every language that has a translation of it, in config order;
// fallback pages are copies, not translations, and have none.
func (r *Renderer) alternates(p *site.Page) []*site.Page {
	if p.IsFallback() {
		return nil
	}
	var out []*site.Page
	for _, q := range p.Translations {
		if !q.IsFallback() {
			out = append(out, q)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// licenseName shows an SPDX id the way people write it.
func licenseName(id string) string {
	switch id {
	case "CC-BY-4.0":
		return "CC BY 4.0"
	case "CC-BY-SA-4.0":
		return "CC BY-SA 4.0"
	case "CC0-1.0":
		return "CC0 1.0"
	}
	return id
}
