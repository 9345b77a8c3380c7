// Package link resolves the destinations authors write — relative paths to Markdown files with
// optional #anchors, images and other files beside the page — to output targets, and reports
// every broken file, anchor or image, and every image without alt text, at its position.
package link

import (
	"net/url"
	"path"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/site"
)

// Resolve fills Page.Links for every page of every language and reports broken references
// (errors) and images with no alt text that are not marked decorative (warnings).
// drafts lists, per language, page paths left out of the build as drafts, so that a link to one
// gets its own message.
func Resolve(s *site.Site, drafts map[string]map[string]bool, diags *diag.List) {
	// The default language first: fallback pages reuse its resolved links.
	langs := append([]*site.Language{s.Default}, s.Languages...)
	for i, lang := range langs {
		if i > 0 && lang == s.Default {
			continue
		}
		for _, p := range lang.Pages {
			if p.Generated() {
				continue
			}
			if p.IsFallback() {
				resolveFallback(s.Default, lang, p)
				continue
			}
			checkAnchors(p, diags)
			resolvePage(lang, p, drafts[lang.Code], diags)
		}
	}
}

// IsExternal reports whether a destination leaves the site: it has a scheme or is
// protocol-relative.
func IsExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	if !strings.Contains(dest, ":") {
		return false // no scheme; parsing every link of a site costs the preview server a third of a rebuild
	}
	u, err := url.Parse(dest)
	return err == nil && u.Scheme != ""
}

func resolvePage(lang *site.Language, p *site.Page, drafts map[string]bool, diags *diag.List) {
	p.Links = map[string]string{}
	dir := path.Dir(p.Rel)
	for _, ref := range p.Meta.Refs {
		pos := diag.Pos{File: p.Source, Line: ref.Line, Col: ref.Col}
		dest := ref.Dest
		if ref.Image && ref.Alt == "" && !ref.Decorative {
			diags.Warnf(pos, "describe what it shows between the brackets, ![…]("+dest+"), or mark a decorative image as ![]("+dest+"){.decorative}",
				"missing alt text for image %s", dest)
		}
		if dest == "" || IsExternal(dest) {
			continue
		}
		if _, done := p.Links[dest]; done {
			continue
		}
		if strings.HasPrefix(dest, "/") {
			diags.Errorf(pos, "write a path relative to this file, such as ../toolbox/dpia.md, so the site works under any sub-path",
				"link %q starts with /", dest)
			continue
		}
		u, err := url.Parse(dest)
		if err != nil {
			diags.Errorf(pos, "percent-encode spaces and special characters", "invalid link %q", dest)
			continue
		}
		file, fragment := u.Path, u.Fragment
		if file == "" { // #anchor on this page
			if !ref.Image && fragment != "" && !p.HasAnchor(fragment) {
				diags.Errorf(pos, anchorHint(p), "no heading with id %q on this page", fragment)
				continue
			}
			p.Links[dest] = p.URL + "#" + fragment
			continue
		}
		target := path.Clean(path.Join(dir, file))
		if target == ".." || strings.HasPrefix(target, "../") {
			diags.Errorf(pos, "link to pages of another language through the language switcher, not by path",
				"link %q leaves the %s language tree", dest, lang.Code)
			continue
		}
		if strings.HasSuffix(target, ".md") {
			q := lang.ByRel[target]
			switch {
			case q == nil && drafts[target]:
				diags.Errorf(pos, "publish it (draft: false) or build with --drafts", "link to draft page %s", target)
				continue
			case q == nil:
				diags.Errorf(pos, "check the path, relative to this file", "broken link: no page %s in language %s", target, lang.Code)
				continue
			case fragment != "" && !q.HasAnchor(fragment):
				diags.Errorf(pos, anchorHint(q), "broken link: %s has no heading with id %q", target, fragment)
				continue
			}
			t := q.URL
			if fragment != "" {
				t += "#" + fragment
			}
			p.Links[dest] = t
			continue
		}
		if !lang.Resources[target] {
			what := "broken link"
			if ref.Image {
				what = "missing image"
			}
			diags.Errorf(pos, "check the path, relative to this file; images of a page belong beside it in its folder",
				"%s: no file %s in content/%s", what, target, lang.Code)
			continue
		}
		t := lang.Code + "/" + target
		if fragment != "" {
			t += "#" + fragment
		}
		p.Links[dest] = t
	}
}

// resolveFallback resolves the links of a fallback page: its content is the original's, whose
// links were checked with the original, but it is shown in lang's site, so a link to another
// page leads to that page in lang (translated or a fallback itself) and stays in lang's
// navigation. An anchor the translation lacks (its automatic ids are in its own language) is
// dropped rather than left dangling; images lang lacks come from the original's folder.
func resolveFallback(def, lang *site.Language, p *site.Page) {
	orig := p.Original
	p.Links = map[string]string{}
	for dest, target := range orig.Links {
		file, fragment, _ := strings.Cut(target, "#")
		rel := strings.TrimPrefix(file, def.Code+"/")
		if !strings.HasSuffix(file, "/") { // a file: image, PDF
			if lang.Resources[rel] {
				file = lang.Code + "/" + rel
			}
			p.Links[dest] = joinFragment(file, fragment)
			continue
		}
		q := pageAt(def, file).TranslationIn(lang.Code)
		if q == nil {
			p.Links[dest] = target
			continue
		}
		if q == orig.TranslationIn(lang.Code) { // a link within the page itself
			p.Links[dest] = joinFragment(p.URL, fragment)
			continue
		}
		if fragment != "" && !q.HasAnchor(fragment) {
			fragment = ""
		}
		p.Links[dest] = joinFragment(q.URL, fragment)
	}
}

// pageAt returns the page of l published at url; it never returns nil, so that callers can chain.
func pageAt(l *site.Language, url string) *site.Page {
	if p := l.ByURL[url]; p != nil {
		return p
	}
	return &site.Page{}
}

func joinFragment(u, fragment string) string {
	if fragment == "" {
		return u
	}
	return u + "#" + fragment
}

func anchorHint(p *site.Page) string {
	if len(p.Meta.Headings) == 0 {
		return "the page has no headings"
	}
	ids := make([]string, 0, len(p.Meta.Headings))
	for i, h := range p.Meta.Headings {
		if i == 8 {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, "#"+h.ID)
	}
	return "known ids: " + strings.Join(ids, ", ")
}
