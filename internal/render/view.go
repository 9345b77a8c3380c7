package render

import (
	"html/template"
	"strings"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/translation"
)

// A view is what a layout sees: the page, its language and helpers that know where the page
// sits in the output, so every URL they return is relative to it.
type view struct {
	r       *Renderer
	here    string // output directory of the page being rendered
	Lang    *site.Language
	Page    *site.Page
	Content any    // template.HTML of the body
	Base    string // <base href> for 404.html, when a base URL is known
	report  *translation.Report
	refView *referenceView // memoised Reference()
	dls     []Download     // the downloads page's list (downloads.go)
}

// A statusGroup is the entries of one translation status, for the status report.
type statusGroup struct {
	ID, Key string // heading id; UI string of the heading
	Entries []translation.Entry
}

// StatusGroups are the report's entries grouped by status, in report order.
func (v *view) StatusGroups() []statusGroup {
	if v.report == nil {
		return nil
	}
	var out []statusGroup
	for _, st := range translation.Statuses {
		g := statusGroup{ID: st.String(), Key: "status_" + st.String()}
		for _, e := range v.report.Entries {
			if e.Status == st {
				g.Entries = append(g.Entries, e)
			}
		}
		out = append(out, g)
	}
	return out
}

func (r *Renderer) view(lang, here string) *view {
	return &view{r: r, here: here, Lang: r.site.Language(lang)}
}

// T returns the UI string key in the page's language; args are name, value pairs that
// replace {name} placeholders, and the first number among them chooses the plural form.
func (v *view) T(key string, args ...any) string { return v.r.strings.T(v.Lang.Code, key, args...) }

// TIn returns a UI string in another language, for texts shown in that language (the chooser
// offers "Continue in Slovenščina" in Slovenian).
func (v *view) TIn(lang, key string, args ...any) string { return v.r.strings.T(lang, key, args...) }

// Number formats a number in the page language's conventions.
func (v *view) Number(n float64) string { return v.r.strings.Number(v.Lang.Code, n) }

// URL returns the relative URL of a page.
func (v *view) URL(p *site.Page) string { return Relative(v.here, p.URL, v.r.opts.Offline) }

// RootURL returns the relative URL of a path under the output root ("" is the root's index).
func (v *view) RootURL(target string) string { return Relative(v.here, target, v.r.opts.Offline) }

// Stylesheet is the relative URL of the fingerprinted stylesheet.
func (v *view) Stylesheet() string { return Relative(v.here, v.r.stylePath, false) }

// Script is the relative URL of a theme script (assets/js/NAME), or "" when the theme has none
// by that name.
func (v *view) Script(name string) string {
	if out, ok := v.r.scripts[name]; ok {
		return Relative(v.here, out, false)
	}
	return ""
}

// Site is the site configuration.
func (v *view) Site() *config.Config { return v.r.site.Config }

// SiteTitle is the site title in the page's language.
func (v *view) SiteTitle() string { return v.Lang.Title }

// Languages lists every language of the site.
func (v *view) Languages() []*site.Language { return v.r.site.Languages }

// A langLink is one entry of the language switcher.
type langLink struct {
	Code, Name, URL string
	Current         bool
	Fallback        bool // that language shows the default-language version of the page
}

// Switcher links the page to itself in every language; where a language lacks the page, to that
// language's home.
func (v *view) Switcher() []langLink {
	var out []langLink
	for _, l := range v.r.site.Languages {
		target := v.Page.TranslationIn(l.Code)
		if target == nil {
			target = l.Home
		}
		out = append(out, langLink{Code: l.Code, Name: l.Name, URL: v.URL(target), Current: l.Code == v.Lang.Code,
			Fallback: target.IsFallback()})
	}
	return out
}

// Alternates are the hreflang links of the page's head.
func (v *view) Alternates() []langLink {
	var out []langLink
	for _, q := range v.r.alternates(v.Page) {
		out = append(out, langLink{Code: q.Lang, URL: v.URL(q)})
	}
	return out
}

// Canonical is the page's canonical URL, absolute when a base URL is known; a fallback
// page's is its original's.
func (v *view) Canonical() string {
	p := v.Page
	if p.IsFallback() {
		p = p.Original
	}
	if v.r.opts.BaseURL != "" {
		return v.r.opts.BaseURL + Relative("", p.URL, false)
	}
	return v.URL(p)
}

// ContentLang is the language of the page's content when it differs from the site language's
// (a fallback page), else "".
func (v *view) ContentLang() string {
	if v.Page.IsFallback() {
		return v.Page.Original.Lang
	}
	return ""
}

// Original is the default-language version of the page, for the notices of fallback and
// outdated pages; nil when there is none.
func (v *view) Original() *site.Page {
	if v.Page.IsFallback() {
		return v.Page.Original
	}
	return v.Page.TranslationIn(v.r.site.Default.Code)
}

// OGLocale is the Open Graph locale of a language (og_locale in its UI strings).
func (v *view) OGLocale(lang string) string { return v.TIn(lang, "og_locale") }

// AbsURL is the absolute URL of the page when a base URL is known, else "".
func (v *view) AbsURL() string {
	if v.r.opts.BaseURL == "" {
		return ""
	}
	return v.r.opts.BaseURL + Relative("", v.Page.URL, false)
}

// A menuItem is one entry of the main navigation.
type menuItem struct {
	Title, URL string
	Current    bool // this page
	Ancestor   bool // a section containing this page
}

// Menu is the language's main navigation, with the current page or section marked.
func (v *view) Menu() []menuItem {
	var out []menuItem
	for _, p := range v.Lang.Menu {
		item := menuItem{Title: p.Title(), URL: v.URL(p), Current: p == v.Page}
		for _, a := range v.Page.Ancestors() {
			if a == p {
				item.Ancestor = true
			}
		}
		out = append(out, item)
	}
	return out
}

// Breadcrumbs are the page's ancestors from the home page down.
func (v *view) Breadcrumbs() []*site.Page { return v.Page.Ancestors() }

// TOC lists the page's H2 and H3 headings; empty when there are fewer than two.
func (v *view) TOC() []markdown.Heading {
	var out []markdown.Heading
	for _, h := range v.Page.Meta.Headings {
		if h.Level == 2 || h.Level == 3 {
			out = append(out, h)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// ReadingMinutes estimates reading time at 200 words a minute.
func (v *view) ReadingMinutes() int {
	return (v.Page.Meta.Words + 199) / 200
}

// A factList is a list of a module's facts box: the UI string of its heading and its items.
type factList struct {
	Title string
	Items []string
}

// FactLists are the learning outcomes and competences of a module, lesson or curriculum, the
// lists of its "at a glance" box (partials/modulefacts.html), those it has.
func (v *view) FactLists() []factList {
	var out []factList
	for _, l := range []factList{{"module_outcomes", v.Page.FM.Outcomes}, {"module_competences", v.Page.FM.Competences}} {
		if len(l.Items) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// FooterPage returns the page at rel in this language (privacy.md, accessibility.md), or nil.
func (v *view) FooterPage(rel string) *site.Page { return v.Lang.ByRel[rel] }

// StatusURL is the relative URL of the language's translation-status report, or "" for the
// default language, which has none.
func (v *view) StatusURL() string {
	if v.Lang == v.r.site.Default {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+StatusDir, v.r.opts.Offline)
}

// ProgressURL is the relative URL of the language's progress page, or "" when the theme has
// none.
func (v *view) ProgressURL() string {
	if !v.r.HasProgress() {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+ProgressDir, v.r.opts.Offline)
}

// A relatedLink is a page named in a template's related: list.
type relatedLink struct{ Title, URL string }

// Related resolves the related: pages of p to titles and URLs relative to this page.
func (v *view) Related(p *site.Page) []relatedLink {
	var out []relatedLink
	for _, rel := range p.FM.Related {
		target, ok := p.Links[rel]
		if !ok {
			continue
		}
		file, _, _ := strings.Cut(target, "#")
		title := rel
		if q := v.Lang.ByURL[file]; q != nil {
			title = q.Title()
		}
		out = append(out, relatedLink{Title: title, URL: Relative(v.here, target, v.r.opts.Offline)})
	}
	return out
}

// LicenseHTML is the footer's licence sentence, with the licence linked where its URL is known.
func (v *view) LicenseHTML() template.HTML {
	id := v.r.site.Config.License
	name := template.HTMLEscapeString(licenseName(id))
	if u, ok := config.Licenses[id]; ok {
		name = `<a href="` + template.HTMLEscapeString(u) + `" rel="license">` + name + `</a>`
	}
	before, after, _ := strings.Cut(v.T("footer_license"), "{license}")
	return template.HTML(template.HTMLEscapeString(before) + name + template.HTMLEscapeString(after))
}

// SearchURL is the relative URL of the language's search results page; "" when the site has
// no search.
func (v *view) SearchURL() string {
	if !v.r.HasSearch() || v.Lang == nil {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+SearchDir, v.r.opts.Offline)
}

// SearchIndex is the relative URL of the language's search manifest; "" without search.
func (v *view) SearchIndex() string {
	if !v.r.HasSearch() || v.Lang == nil {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+SearchDir+"index.js", false)
}
