package render

import (
	"html/template"
	"strconv"
	"strings"
)

// The lists every page repeats — table of contents, language switcher, hreflang links — are
// built here rather than with {{range}} in the layouts: html/template calls its escapers by
// reflection for every value, and these lists were most of a page's template time. The data
// stay available to layouts (TOC, Switcher, Alternates) for themes that want other markup.

var escape = template.HTMLEscapeString

// TOCItems is the <li> elements of the table of contents.
func (v *view) TOCItems() template.HTML {
	var b strings.Builder
	for _, h := range v.TOC() {
		b.WriteString(`<li class="toc-h` + strconv.Itoa(h.Level) + `"><a href="#` + escape(h.ID) + `">` + escape(h.Text) + "</a></li>\n")
	}
	return template.HTML(b.String())
}

// SwitcherItems is the <li> elements of the language switcher.
func (v *view) SwitcherItems() template.HTML {
	var b strings.Builder
	for _, l := range v.Switcher() {
		code := escape(l.Code)
		b.WriteString(`<li><a href="` + escape(l.URL) + `" hreflang="` + code + `" lang="` + code + `"`)
		if l.Current {
			b.WriteString(` aria-current="true"`)
		}
		b.WriteString(">" + escape(l.Name))
		if l.Fallback && !l.Current {
			// In the page's language: it tells the reader what they will get.
			b.WriteString(` <span class="fallback-marker" lang="` + escape(v.Lang.Code) + `">` + escape(v.T("fallback_switcher")) + "</span>")
		}
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}

// AlternateLinks is the <link rel="alternate" hreflang> elements of the head, each on a line
// of its own.
func (v *view) AlternateLinks() template.HTML {
	var b strings.Builder
	for _, l := range v.Alternates() {
		b.WriteString("\n" + `<link rel="alternate" hreflang="` + escape(l.Code) + `" href="` + escape(l.URL) + `">`)
	}
	return template.HTML(b.String())
}
