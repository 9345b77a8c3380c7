// Package pipeline orders the build stages — load, resolve, render, write — and is the one
// package that knows all the others.
package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/link"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/output"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/reference"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/search"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/source"
	"github.com/securehealth/securehealth/internal/toolbox"
	"github.com/securehealth/securehealth/internal/translation"
)

// Options are the inputs of a build.
type Options struct {
	Source  string // site root on disk
	FS      fs.FS  // the site root; when nil, os.DirFS(Source)
	Out     string // output directory; default <Source>/<config output>
	BaseURL string // overrides config base_url
	Offline bool
	Drafts  bool
	Force   bool
	Strict  bool // warnings are errors (check --strict)
	Preview bool // for the preview server: no web app manifest or service worker

	// packaging is the stage that package.go runs after rendering, before the output is
	// swapped in; nil for a plain build.
	packaging *packaging
	// reuse carries the caches of the preview server's builds (incremental.go); nil otherwise.
	reuse *reuse
}

// A Result describes a build.
type Result struct {
	Diags  diag.List
	Pages  int    // HTML pages written
	Out    string // where the output is
	Search []search.Stats
}

// Check runs every stage but writing: the content, configuration, theme and UI strings are
// checked, and the translation status of each language is returned.
func Check(opts Options) (*Loaded, diag.List, error) {
	var diags diag.List
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.Source)
	}
	loaded, err := Load(fsys, opts, &diags)
	if err == nil && loaded != nil && !diags.HasErrors() {
		_, err = render.New(loaded.Site, fsys, render.Options{Offline: opts.Offline, BaseURL: loaded.Site.Config.BaseURL, Strict: opts.Strict, Quizzes: loaded.Quizzes, Templates: loaded.Templates, Reference: loaded.Reference, Search: true}, &diags)
	}
	if opts.Strict {
		for i := range diags {
			diags[i].Severity = diag.Error
		}
	}
	diags.Sort()
	return loaded, diags, err
}

// ErrContent means the build stopped on author errors, listed in Result.Diags.
var ErrContent = errors.New("the site has errors")

// Build runs every stage. Author problems go to Result.Diags (the build fails with ErrContent
// when any is an error, leaving the previous output untouched); other errors are returned.
func Build(opts Options) (*Result, error) {
	var tree *output.Tree
	res, err := BuildTo(opts, func(out string) (Sink, error) {
		protect := []string{}
		if opts.FS == nil {
			protect = append(protect, opts.Source, filepath.Join(opts.Source, source.ContentDir))
		}
		var err error
		tree, err = output.Begin(out, opts.Force, protect...)
		return tree, err
	})
	if tree == nil {
		return res, err
	}
	if err != nil {
		tree.Abort()
		return res, err
	}
	return res, tree.Commit()
}

// A Sink receives the output files of a build: an output.Tree on disk, or memory for serve.
type Sink interface {
	WriteFile(rel string, data []byte) error
	CopyFile(rel string, fsys fs.FS, name string) error
}

// BuildTo runs every stage and writes the output into the sink that open returns for the
// output directory; open is called only when the site has no errors.
func BuildTo(opts Options, open func(out string) (Sink, error)) (*Result, error) {
	res := &Result{}
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.Source)
	}
	var loaded *Loaded
	var err error
	if opts.reuse != nil && opts.reuse.loaded != nil {
		loaded = opts.reuse.loaded // Incremental has loaded the site and will add its diagnostics
	} else if loaded, err = Load(fsys, opts, &res.Diags); err != nil || res.Diags.HasErrors() {
		res.Diags.Sort()
		if err == nil {
			err = ErrContent
		}
		return res, err
	}
	s := loaded.Site
	out := opts.Out
	if out == "" {
		out = filepath.Join(opts.Source, s.Config.Output)
	}
	res.Out = out

	before := len(res.Diags)
	r, err := render.New(s, fsys, renderOptions(opts, loaded), &res.Diags)
	if opts.reuse != nil {
		opts.reuse.renderer, opts.reuse.renderDiags = r, append(diag.List(nil), res.Diags[before:]...)
	}
	res.Diags.Sort()
	if err != nil {
		return res, err
	}
	sink, err := open(out)
	if err != nil {
		return res, err
	}
	sink, finishWebApp := webAppSink(sink, r, s) // webapp.go; a no-op for --offline
	n, stats, err := write(sink, fsys, loaded, r, opts.Offline, opts.reuse == nil || !opts.reuse.noIndex)
	if err != nil {
		return res, err
	}
	if opts.packaging != nil {
		if err := opts.packaging.run(sink, loaded, r); err != nil {
			return res, err
		}
	}
	if err := finishWebApp(); err != nil {
		return res, err
	}
	res.Pages, res.Search = n, stats
	return res, nil
}

// Loaded is what the stages before rendering produce.
type Loaded struct {
	Site      *site.Site
	Files     []source.File        // every input file, for copying resources
	Reports   []translation.Report // translation status of each non-default language
	Quizzes   map[string]*quiz.Quiz
	Templates map[string]*toolbox.Template // toolbox forms by page source path
	Reference *reference.Reference         // nil when the site has no GDPR reference data
}

// Load runs the stages before rendering: config, scan, parse, assemble, resolve. Problems go to
// diags; the result is nil when the configuration could not be read.
func Load(fsys fs.FS, opts Options, diags *diag.List) (*Loaded, error) {
	cfg, cd := config.Load(fsys)
	diags.Add(cd)
	if cfg == nil {
		return nil, nil
	}
	checkAnalyzers(cfg, diags)
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	var codes []string
	for _, l := range cfg.Languages {
		codes = append(codes, l.Code)
	}
	root := ""
	if opts.FS == nil {
		root = opts.Source
	}
	files := source.Scan(fsys, root, codes, diags)

	pages := parsePages(fsys, files, diags, opts.reuse)
	quizzes := loadQuizzes(fsys, files, cfg, diags)
	var ref *reference.Reference
	if opts.reuse != nil {
		ref = opts.reuse.loadReference(fsys, files, func(d *diag.List) *reference.Reference {
			return reference.Load(fsys, opts.Source, cfg, d)
		}, fmt.Sprintf("%s %#v", opts.Source, cfg.GDPR), diags)
	} else {
		ref = reference.Load(fsys, opts.Source, cfg, diags)
	}
	s := &site.Site{Config: cfg}
	drafts := map[string]map[string]bool{}
	built := map[string]*site.Language{}
	// The default language first: the others take fallback pages from it.
	order := []config.Language{*cfg.Language(cfg.DefaultLanguage)}
	for _, lc := range cfg.Languages {
		if lc.Code != cfg.DefaultLanguage {
			order = append(order, lc)
		}
	}
	for _, lc := range order {
		var lp []*site.Page
		var resources []string
		drafts[lc.Code] = map[string]bool{}
		for i, f := range files {
			if f.Lang != lc.Code {
				continue
			}
			switch f.Kind {
			case source.Page:
				p := pages[i]
				if p == nil {
					continue
				}
				if p.FM.Draft && !opts.Drafts {
					drafts[lc.Code][f.Rel] = true
					continue
				}
				lp = append(lp, p)
			case source.Resource:
				resources = append(resources, f.Rel)
			}
		}
		isDefault := lc.Code == cfg.DefaultLanguage
		lp = append(lp, quizPages(quizzes, lc.Code, cfg.DefaultLanguage)...)
		lp = append(lp, referencePages(ref, lc.Code)...)
		if !isDefault {
			lp = append(lp, site.Fallbacks(built[cfg.DefaultLanguage], lc.Code, lp)...)
		}
		built[lc.Code] = site.Build(cfg, lc, lp, resources, isDefault, diags)
	}
	for _, lc := range cfg.Languages {
		s.Languages = append(s.Languages, built[lc.Code])
	}
	s.Default = built[cfg.DefaultLanguage]
	site.LinkTranslations(s)
	reports := translation.Compute(s)
	link.Resolve(s, drafts, diags)
	checkQuizRefs(s, quizzes, diags)
	checkCitations(s, ref, quizzes, diags)
	templates := loadTemplates(s, diags)
	return &Loaded{Site: s, Files: files, Reports: reports, Quizzes: quizzes, Templates: templates, Reference: ref}, nil
}

// parsePages reads and parses every page in parallel; the result is indexed like files.
func parsePages(fsys fs.FS, files []source.File, diags *diag.List, cache *reuse) []*site.Page {
	pages := make([]*site.Page, len(files))
	converters := map[string]*markdown.Converter{}
	for _, f := range files {
		if f.Kind == source.Page && converters[f.Lang] == nil {
			converters[f.Lang] = markdown.New(f.Lang)
		}
	}
	var mu sync.Mutex
	parallel(len(files), func(i int) {
		f := files[i]
		if f.Kind != source.Page {
			return
		}
		var local diag.List
		if p := parsePage(fsys, f, converters[f.Lang], &local, cache); p != nil {
			pages[i] = p
		}
		if len(local) > 0 {
			mu.Lock()
			diags.Add(local)
			mu.Unlock()
		}
	})
	return pages
}

// parsePage reads and parses a page; with a cache, a page whose bytes it has seen is not
// parsed again.
func parsePage(fsys fs.FS, f source.File, conv *markdown.Converter, diags *diag.List, cache *reuse) *site.Page {
	if cache != nil {
		if p, d, ok := cache.unchanged(fsys, f); ok {
			diags.Add(d)
			return p
		}
	}
	src, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		diags.Errorf(diag.Pos{File: f.Path}, "", "cannot read: %v", err)
		return nil
	}
	if cache != nil {
		return cache.parse(fsys, f, src, func(d *diag.List) *site.Page { return parseSource(f, src, conv, d) }, diags)
	}
	return parseSource(f, src, conv, diags)
}

func parseSource(f source.File, src []byte, conv *markdown.Converter, diags *diag.List) *site.Page {
	if !utf8.Valid(src) {
		off := invalidUTF8(src)
		line, col := diag.LineCol(src, off)
		diags.Errorf(diag.Pos{File: f.Path, Line: line, Col: col}, "save the file as UTF-8",
			"invalid UTF-8 (byte 0x%02x)", src[off])
		// Kept as an empty page, so links to it do not add errors of their own.
		return &site.Page{Lang: f.Lang, Source: f.Path, Rel: f.Rel, Key: f.Rel, FM: frontmatter.FrontMatter{Title: f.Rel, Type: frontmatter.TypePage}}
	}
	// A page with front-matter errors stays in the site, so links to it do not add errors
	// of their own; the build fails on the front-matter errors anyway.
	fm := frontmatter.Parse(f.Path, src, diags)
	key := fm.TranslationKey
	if key == "" {
		key = f.Rel
	}
	meta := conv.Extract(src)
	// Related pages named in front matter are links like those in the text: checked, and
	// rewritten to URLs for the toolbox cards.
	for _, rel := range fm.Related {
		pos := fm.Pos["related"]
		meta.Refs = append(meta.Refs, markdown.Ref{Dest: rel, Line: max(pos.Line, 1), Col: max(pos.Col, 1)})
	}
	return &site.Page{Lang: f.Lang, Source: f.Path, Rel: f.Rel, Key: key, FM: fm, Meta: meta,
		Hash: translation.Hash(fm, src)}
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// write renders every page and copies every resource into the output tree, in parallel; a
// page's HTML is kept only until its batch is indexed.
func write(tree Sink, fsys fs.FS, loaded *Loaded, r *render.Renderer, offline, index bool) (int, []search.Stats, error) {
	s, files := loaded.Site, loaded.Files
	var ix *indexer
	if index {
		ix = newIndexer(s, offline)
	}
	type job struct {
		page *site.Page
		file *source.File
	}
	var jobs []job
	for _, l := range s.Languages {
		for _, p := range l.Pages {
			jobs = append(jobs, job{page: p})
		}
	}
	for i := range files {
		f := &files[i]
		if f.Kind == source.Resource {
			jobs = append(jobs, job{file: f})
		}
	}
	var (
		mu       sync.Mutex
		firstErr error
	)
	// A worker renders a batch of pages, then indexes them: rendering and indexing each use
	// most of a core's caches, and taking turns page by page made both slower (the build of
	// the 12,000-page corpus took 10 % more time than in batches of 32, docs/benchmarks.md).
	parallel((len(jobs)+indexBatch-1)/indexBatch, func(b int) {
		var batch rendered
		for _, j := range jobs[b*indexBatch : min(len(jobs), (b+1)*indexBatch)] {
			var err error
			if j.page != nil {
				var html []byte
				if html, err = renderPage(tree, fsys, r, j.page); err == nil && ix != nil {
					batch.add(j.page, html)
					if batch.bytes >= indexBatchBytes {
						batch.index(ix)
					}
				}
			} else {
				err = tree.CopyFile(j.file.Lang+"/"+j.file.Rel, fsys, j.file.Path)
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}
		batch.index(ix)
	})
	if firstErr != nil {
		return 0, nil, firstErr
	}
	if r.HasProgress() {
		for _, l := range s.Languages {
			var buf bytes.Buffer
			if err := r.Progress(&buf, l.Code); err != nil {
				return 0, nil, err
			}
			if err := tree.WriteFile(l.Code+"/"+render.ProgressDir+"index.html", buf.Bytes()); err != nil {
				return 0, nil, err
			}
		}
	}
	for _, rep := range loaded.Reports {
		var buf bytes.Buffer
		if err := r.Status(&buf, rep); err != nil {
			return 0, nil, err
		}
		if err := tree.WriteFile(rep.Lang+"/"+render.StatusDir+"index.html", buf.Bytes()); err != nil {
			return 0, nil, err
		}
	}
	stats, err := ix.write(tree, s)
	if err != nil {
		return 0, nil, err
	}
	if r.HasSearch() {
		for _, l := range s.Languages {
			var buf bytes.Buffer
			if err := r.SearchPage(&buf, l.Code); err != nil {
				return 0, nil, err
			}
			if err := tree.WriteFile(l.Code+"/"+render.SearchDir+"index.html", buf.Bytes()); err != nil {
				return 0, nil, err
			}
		}
	}
	if err := writeWorksheets(tree, loaded, r); err != nil {
		return 0, nil, err
	}
	for name, data := range r.Assets() {
		if err := tree.WriteFile(name, data); err != nil {
			return 0, nil, err
		}
	}
	var buf bytes.Buffer
	for _, f := range []struct {
		name string
		fn   func(w *bytes.Buffer) error
	}{
		{"index.html", func(w *bytes.Buffer) error { return r.Chooser(w) }},
		{"404.html", func(w *bytes.Buffer) error { return r.NotFound(w) }},
		{"sitemap.xml", func(w *bytes.Buffer) error { return r.Sitemap(w) }},
		{"robots.txt", func(w *bytes.Buffer) error { return r.Robots(w) }},
	} {
		buf.Reset()
		if err := f.fn(&buf); err != nil {
			return 0, nil, err
		}
		if err := tree.WriteFile(f.name, buf.Bytes()); err != nil {
			return 0, nil, err
		}
	}
	return len(jobs) - countResources(files) + 2, stats, nil
}

func countResources(files []source.File) int {
	n := 0
	for _, f := range files {
		if f.Kind == source.Resource {
			n++
		}
	}
	return n
}

// Pages are indexed in batches of up to indexBatch pages or indexBatchBytes of HTML a worker.
const (
	indexBatch      = 128
	indexBatchBytes = 4 << 20
)

// rendered is a worker's batch of pages to index.
type rendered struct {
	pages []*site.Page
	html  [][]byte
	bytes int
}

func (b *rendered) add(p *site.Page, html []byte) {
	b.pages = append(b.pages, p)
	b.html = append(b.html, html)
	b.bytes += len(html)
}

func (b *rendered) index(ix *indexer) {
	for i, p := range b.pages {
		ix.add(p, b.html[i])
	}
	clear(b.html) // the pages' HTML can go
	b.pages, b.html, b.bytes = b.pages[:0], b.html[:0], 0
}

// renderPage renders a page and writes it; it returns the page's HTML.
func renderPage(tree Sink, fsys fs.FS, r *render.Renderer, p *site.Page) ([]byte, error) {
	var src []byte
	if !p.Generated() && p.FM.Type != frontmatter.TypeQuiz && p.FM.Type != frontmatter.TypeGDPR {
		var err error
		if src, err = fs.ReadFile(fsys, p.Source); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := r.Page(&buf, p, src); err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(p.URL, "index.html"), err)
	}
	if err := tree.WriteFile(p.OutFile(), buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writePage(tree Sink, fsys fs.FS, r *render.Renderer, p *site.Page, ix *indexer) error {
	html, err := renderPage(tree, fsys, r, p)
	if err == nil {
		ix.add(p, html)
	}
	return err
}

// parallel calls fn(0..n-1) on all cores.
func parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
