// Package site is the frozen model of a site after loading: languages, pages with their
// metadata, the section tree, menus and translations. It holds no ASTs and no HTML.
package site

import (
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/source"
)

// A Kind is the role a page plays in the tree.
type Kind int

const (
	KindPage    Kind = iota
	KindSection      // _index.md, or a folder of pages without one
	KindHome         // the language's root _index.md
)

// A Page is one page in one language.
type Page struct {
	Lang   string
	Source string // site-relative path of its file; empty for a generated section
	Rel    string // path inside the language tree
	Kind   Kind
	URL    string // output directory, slash-terminated: en/about/
	FM     frontmatter.FrontMatter
	Meta   markdown.Meta

	Parent   *Page
	Children []*Page
	Prev     *Page
	Next     *Page

	// Key joins translations: translation_key from the front matter, else Rel.
	Key string
	// Original is, for a fallback page, the default-language page whose content it shows in
	// this language's site; nil for every other page.
	Original *Page
	// Translations are the page in every language of the site, in config order, itself
	// included; fallback pages included. Filled by LinkTranslations.
	Translations []*Page
	// Hash identifies the translatable source of the page (translation.Hash); a translation
	// records its original's in translation_of.
	Hash string
	// Outdated marks a translation whose original has changed since it was translated.
	Outdated bool
	// TextsMissing and TextsOutdated name the texts of a generated page (a quiz) that this
	// language lacks or whose translation is older than the original, by id ("q1.prompt").
	TextsMissing  []string
	TextsOutdated []string

	// Links maps each internal link and image destination as written to its target, relative
	// to the output root ("en/about/#scope", "en/guide/x/diagram.png"). External destinations
	// are absent. Filled by package link; render makes the targets relative to the page.
	Links map[string]string

	// GDPR says which part of the GDPR reference a reference page shows; zero for other pages.
	GDPR GDPRRef
	// Backlinks are, on a reference page, the pages of its language that cite its article or
	// recital (modules, lessons, quizzes, templates), sorted by URL.
	Backlinks []*Page
}

// A GDPRRef names the part of the GDPR a reference page shows.
type GDPRRef struct {
	Kind   string // GDPRIndex, GDPRArticle, …; "" for a page that is not a reference page
	Number int    // of the article or recital
}

// Kinds of reference pages.
const (
	GDPRIndex       = "index"       // chapters, sections and articles
	GDPRArticle     = "article"     // one article
	GDPRRecitals    = "recitals"    // the list of recitals
	GDPRRecital     = "recital"     // one recital
	GDPRDefinitions = "definitions" // the Article 4 glossary
	GDPRCountries   = "countries"   // national notes
)

// IsFallback reports whether the page shows the default language's content in another
// language's site, because it has not been translated yet.
func (p *Page) IsFallback() bool { return p.Original != nil }

// TranslationIn returns the page in the given language, or nil.
func (p *Page) TranslationIn(lang string) *Page {
	for _, t := range p.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// Title is the page title from its front matter.
func (p *Page) Title() string { return p.FM.Title }

// OutFile is the HTML file the page is written to.
func (p *Page) OutFile() string { return p.URL + "index.html" }

// Generated reports whether the page has no file of its own (a folder without _index.md).
func (p *Page) Generated() bool { return p.Source == "" }

// Ancestors returns the chain from the language home down to the page's parent.
func (p *Page) Ancestors() []*Page {
	var a []*Page
	for q := p.Parent; q != nil; q = q.Parent {
		a = append(a, q)
	}
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
	return a
}

// HasAnchor reports whether the page has a heading with the given id.
func (p *Page) HasAnchor(id string) bool {
	for _, h := range p.Meta.Headings {
		if h.ID == id {
			return true
		}
	}
	return false
}

// A Language is one language tree of the site.
type Language struct {
	config.Language
	Home      *Page
	Pages     []*Page          // every page, sorted by URL
	Menu      []*Page          // top-level menu in config order
	ByRel     map[string]*Page // by path inside the language tree
	ByURL     map[string]*Page // by output directory
	Resources map[string]bool  // non-page files, by path inside the language tree
}

// A Site is the whole loaded site.
type Site struct {
	Config    *config.Config
	Languages []*Language
	Default   *Language
}

// Language returns the language with the given code, or nil.
func (s *Site) Language(code string) *Language {
	for _, l := range s.Languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// URLFor maps a page file inside a language tree to its output directory.
func URLFor(lang, rel string) string {
	dir, file := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	switch file {
	case "_index.md", "index.md":
	default:
		dir = path.Join(dir, strings.TrimSuffix(file, ".md"))
	}
	if dir == "" || dir == "." {
		return lang + "/"
	}
	return lang + "/" + dir + "/"
}

// Build assembles one language's tree from its loaded pages: parents, children in order,
// previous/next among siblings, the menu. Generated sections fill folders without _index.md.
func Build(cfg *config.Config, lc config.Language, pages []*Page, resources []string, isDefault bool, diags *diag.List) *Language {
	lang := &Language{Language: lc, ByRel: map[string]*Page{}, Resources: map[string]bool{}}
	for _, r := range resources {
		lang.Resources[r] = true
	}
	byDir := map[string]*Page{} // folder → its own page (section or bundle)
	byURL := map[string]*Page{}
	byKey := map[string]*Page{}
	for _, p := range pages {
		if prev, dup := byKey[p.Key]; dup && p.Key != "" && !p.IsFallback() {
			diags.Errorf(diag.Pos{File: p.Source, Line: 1, Col: 1}, "give each page of a language its own translation_key",
				"%s and %s are both translations of %q", prev.Source, p.Source, p.Key)
		}
		byKey[p.Key] = p
		p.URL = URLFor(lc.Code, p.Rel)
		if prev, dup := byURL[p.URL]; dup {
			diags.Errorf(diag.Pos{File: p.Source, Line: 1, Col: 1}, "rename or remove one of them",
				"%s and %s are both published at %s", prev.Source, p.Source, p.URL)
			continue
		}
		byURL[p.URL] = p
		lang.ByRel[p.Rel] = p
		if base := path.Base(p.Rel); base == "_index.md" || base == "index.md" {
			dir := path.Dir(p.Rel)
			if base == "_index.md" {
				p.Kind = KindSection
				if dir == "." {
					p.Kind = KindHome
				}
			}
			byDir[dir] = p
		}
	}
	home := byDir["."]
	if home == nil {
		diags.Errorf(diag.Pos{File: path.Join(source.ContentDir, lc.Code, "_index.md")},
			"create it with a title in front matter", "missing home page of language %s", lc.Code)
		home = &Page{Lang: lc.Code, Rel: "_index.md", Kind: KindHome, URL: lc.Code + "/", FM: frontmatter.FrontMatter{Title: lc.Title}}
		byDir["."] = home
		byURL[home.URL] = home
	}
	lang.Home = home

	var sectionOf func(dir string) *Page
	sectionOf = func(dir string) *Page {
		if p := byDir[dir]; p != nil {
			return p
		}
		// A folder of pages without _index.md still gets a list page, so navigation never
		// dead-ends; its title comes from the folder name.
		p := &Page{Lang: lc.Code, Rel: path.Join(dir, "_index.md"), Kind: KindSection,
			URL: URLFor(lc.Code, path.Join(dir, "_index.md")), FM: frontmatter.FrontMatter{Title: humanize(path.Base(dir))}}
		byDir[dir] = p
		byURL[p.URL] = p
		p.Parent = sectionOf(path.Dir(dir))
		p.Parent.Children = append(p.Parent.Children, p)
		return p
	}
	for _, p := range pages {
		if byURL[p.URL] != p || p == home {
			continue
		}
		dir := path.Dir(p.Rel)
		if base := path.Base(p.Rel); base == "_index.md" || base == "index.md" {
			dir = path.Dir(dir)
		}
		p.Parent = sectionOf(dir)
		p.Parent.Children = append(p.Parent.Children, p)
	}
	for _, p := range byURL {
		lang.Pages = append(lang.Pages, p)
		SortPages(p.Children)
		for i, c := range p.Children {
			if i > 0 {
				c.Prev = p.Children[i-1]
			}
			if i+1 < len(p.Children) {
				c.Next = p.Children[i+1]
			}
		}
	}
	sort.Slice(lang.Pages, func(i, j int) bool { return lang.Pages[i].URL < lang.Pages[j].URL })
	lang.ByURL = byURL

	for i, m := range cfg.Menu {
		var p *Page
		for _, rel := range []string{m + ".md", m + "/_index.md", m + "/index.md"} {
			if q := lang.ByRel[rel]; q != nil {
				p = q
				break
			}
		}
		if p == nil {
			if g := byDir[m]; g != nil {
				p = g
			}
		}
		if p == nil {
			if isDefault {
				pos := diag.Pos{File: config.FileName}
				if i < len(cfg.MenuPos) {
					pos = cfg.MenuPos[i]
				}
				diags.Errorf(pos, "create content/"+lc.Code+"/"+m+".md or "+m+"/_index.md, or remove it from menu",
					"menu entry %q has no page in language %s", m, lc.Code)
			}
			continue
		}
		lang.Menu = append(lang.Menu, p)
	}
	return lang
}

// Fallbacks returns, for language lang, a fallback page for every page of def that lang has no
// translation of (by Key), so that lang's navigation never dead-ends. A fallback keeps the
// original's path, front matter and metadata; its content is rendered from the original file.
func Fallbacks(def *Language, lang string, pages []*Page) []*Page {
	have := map[string]bool{}
	taken := map[string]bool{}
	for _, p := range pages {
		have[p.Key] = true
		taken[p.Rel] = true
	}
	var out []*Page
	for _, d := range def.Pages {
		if d.Generated() || have[d.Key] || taken[d.Rel] {
			continue
		}
		out = append(out, &Page{Lang: lang, Source: d.Source, Rel: d.Rel, Key: d.Key, FM: d.FM, Meta: d.Meta, Hash: d.Hash, Original: d})
	}
	return out
}

// LinkTranslations fills Page.Translations across the languages of s, joining pages by Key.
// Generated section pages are joined by their path.
func LinkTranslations(s *Site) {
	byKey := map[string][]*Page{}
	var keys []string
	for _, l := range s.Languages {
		for _, p := range l.Pages {
			k := p.Key
			if p.Generated() {
				k = "\x00" + p.Rel
			}
			if byKey[k] == nil {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], p)
		}
	}
	for _, k := range keys {
		set := byKey[k]
		for _, p := range set {
			p.Translations = set
		}
	}
}

// SortPages orders pages by weight (unweighted last), then title, then path.
func SortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		wa, wb := a.FM.Weight, b.FM.Weight
		if (wa == 0) != (wb == 0) {
			return wa != 0
		}
		if wa != wb {
			return wa < wb
		}
		if ta, tb := strings.ToLower(a.Title()), strings.ToLower(b.Title()); ta != tb {
			return ta < tb
		}
		return a.Rel < b.Rel
	})
}

func humanize(name string) string {
	s := strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
