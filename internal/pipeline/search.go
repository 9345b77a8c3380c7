package pipeline

import (
	"slices"
	"strings"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/search"
	"github.com/securehealth/securehealth/internal/search/analysis"
	"github.com/securehealth/securehealth/internal/site"
)

// analyzerName is the search analyzer a language is configured with: its analyzer, else its
// code.
func analyzerName(l config.Language) string {
	if l.Analyzer != "" {
		return l.Analyzer
	}
	return l.Code
}

// checkAnalyzers warns about languages that no analyzer knows: they are searched with the
// fallback (no stemming), never with another language's rules.
func checkAnalyzers(cfg *config.Config, diags *diag.List) {
	for i, l := range cfg.Languages {
		a := analysis.New(analyzerName(l))
		if !a.Fallback {
			continue
		}
		pos := diag.Pos{File: config.FileName, Line: 1, Col: 1}
		if i < len(cfg.LanguagePos) {
			pos = cfg.LanguagePos[i]
		}
		diags.Warnf(pos, "set analyzer: to one that fits the language (bleve's en, fr, nl, hr, de, pt, es, it … or SecureHealth's el, sl)",
			"search in %s: no analyzer %q; words are only lower-cased and folded, not stemmed", l.Code, analyzerName(l))
	}
}

// indexer collects the rendered pages of every language for the search index.
type indexer struct {
	offline bool
	byLang  map[string]*search.Index
}

// indexSearch is false only in the benchmark that measures what indexing adds to a build.
var indexSearch = true

func newIndexer(s *site.Site, offline bool) *indexer {
	if !indexSearch {
		return nil
	}
	ix := &indexer{offline: offline, byLang: map[string]*search.Index{}}
	for _, l := range s.Languages {
		ix.byLang[l.Code] = search.New(l.Code, analysis.New(analyzerName(l.Language)))
	}
	return ix
}

// indexable reports whether a page belongs in its language's index: fallbacks are in the
// default language's.
func indexable(p *site.Page) bool { return !p.IsFallback() }

// add indexes one rendered page.
func (ix *indexer) add(p *site.Page, html []byte) {
	if ix == nil {
		return
	}
	idx := ix.byLang[p.Lang]
	if idx == nil || !indexable(p) {
		return
	}
	var crumbs []string
	for _, a := range p.Ancestors() {
		if a.Kind != site.KindHome {
			crumbs = append(crumbs, a.Title())
		}
	}
	idx.Add(search.Page{URL: langRelative(p, ix.offline), Title: p.Title(), Breadcrumb: crumbs,
		Kind: pageKind(p), Sections: search.Extract(html, p.Title())})
}

// langRelative is the page's URL relative to its language's root.
func langRelative(p *site.Page, offline bool) string {
	u := strings.TrimPrefix(p.URL, p.Lang+"/")
	if offline {
		u += "index.html"
	}
	return u
}

func pageKind(p *site.Page) byte {
	switch p.FM.Type {
	case frontmatter.TypeModule, frontmatter.TypeLesson, frontmatter.TypeCurriculum:
		return search.KindModule
	case frontmatter.TypeGDPR:
		return search.KindGDPR
	case frontmatter.TypeQuiz:
		return search.KindQuiz
	case frontmatter.TypeTemplate:
		return search.KindTemplate
	}
	return search.KindPage
}

// write builds every language's index, in parallel, and writes it under <lang>/search/, on
// all cores: on slow disks creating a file costs more than making it, and a language has
// thousands (one fragment a page).
func (ix *indexer) write(tree Sink, s *site.Site) ([]search.Stats, error) {
	if ix == nil {
		return nil, nil
	}
	built := make([]*search.Built, len(s.Languages))
	parallel(len(s.Languages), func(i int) { built[i] = ix.byLang[s.Languages[i].Code].Build() })
	defer func() {
		for _, b := range built {
			b.Close()
		}
	}()
	var def *search.Built
	for i, l := range s.Languages {
		if l == s.Default {
			def = built[i]
		}
	}
	stats := make([]search.Stats, len(s.Languages))
	byLang := make([]map[string][]byte, len(s.Languages))
	parallel(len(s.Languages), func(i int) {
		l := s.Languages[i]
		byLang[i], stats[i] = built[i].Files(fallbackOf(l, s.Default, def, ix.offline))
	})
	for _, b := range built {
		if err := b.Err(); err != nil {
			return nil, err
		}
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	for i, l := range s.Languages {
		for name, data := range byLang[i] {
			files = append(files, file{l.Code + "/" + render.SearchDir + name, data})
		}
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	errs := make([]error, len(files))
	parallel(len(files), func(i int) { errs[i] = tree.WriteFile(files[i].name, files[i].data) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return stats, nil
}

// fallbackOf lists the pages of the default language's index that l shows as fallbacks.
func fallbackOf(l, def *site.Language, defIndex *search.Built, offline bool) *search.Fallback {
	if l == def {
		return nil
	}
	pageIndex := map[string]int{}
	for i, p := range defIndex.Pages {
		pageIndex[p.URL] = i
	}
	var pages []int
	for _, p := range l.Pages {
		if p.IsFallback() {
			if i, ok := pageIndex[langRelative(p.Original, offline)]; ok {
				pages = append(pages, i)
			}
		}
	}
	if len(pages) == 0 {
		return nil
	}
	slices.Sort(pages)
	return &search.Fallback{Lang: def.Code, Index: "../../" + def.Code + "/" + render.SearchDir + search.ManifestName, Pages: pages}
}
