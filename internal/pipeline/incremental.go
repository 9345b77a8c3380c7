package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io/fs"
	"maps"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/reference"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/source"
)

// An Incremental builds a site into memory again and again, for the preview server. Each
// build reuses what the previous one computed from unchanged inputs: parsed pages (by their
// bytes), the GDPR reference data, the theme. When an edit changed only page bodies — not
// front matter, headings, citations, the set of pages, data, quizzes, theme or configuration,
// which other pages show — it renders only the edited pages and their translations (whose
// "outdated" notices follow the original's hash) over the previous output; anything else
// renders every page. The search index is left to Index, which the server runs after the
// reload, so that a save reloads the browser without waiting for it.
type Incremental struct {
	opts  Options
	reuse *reuse
	last  *lastBuild // the last build without errors
}

// A lastBuild is what the next build compares with and starts from.
type lastBuild struct {
	loaded      *Loaded
	renderer    *render.Renderer
	renderDiags diag.List         // render.New's (UI strings), which a reused renderer does not repeat
	inputs      string            // fingerprint of every input but page files
	pages       map[string]string // page source path → signature (what other pages show of it)
	files       map[string][]byte
	written     int               // pages, as Result.Pages counts them
	reports     map[string]string // language → digest of its translation report
}

// reportDigests identify what each translation report lists (titles and places are in the
// pages' signatures).
func reportDigests(loaded *Loaded) map[string]string {
	out := map[string]string{}
	for _, rep := range loaded.Reports {
		h := sha256.New()
		for _, e := range rep.Entries {
			orig := ""
			if e.Original != nil {
				orig = e.Original.URL
			}
			fmt.Fprintf(h, "%s %s %v\n", e.Page.URL, orig, e.Status)
		}
		out[rep.Lang] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

// reuse carries caches into Load and BuildTo, through Options.
type reuse struct {
	mu      sync.Mutex
	parsed  map[string]parsedPage // by source path
	changed map[string]bool       // source paths parsed afresh in this build
	ref     struct {
		key   string
		value *reference.Reference
		diags diag.List
	}
	// bodies are the pages' rendered Markdown, kept while bodyInputs (every input but pages
	// and the theme's layouts and assets) stay the same.
	bodies     *render.BodyCache
	bodyInputs string
	// Set by BuildTo for Incremental: the build's loaded site, renderer and diagnostics.
	noIndex     bool
	renderer    *render.Renderer
	renderDiags diag.List
	loaded      *Loaded
}

// A parsedPage is a page's parse result (the fields parsePage sets), its diagnostics and
// signature, and the file's size and time, by which an unchanged file is known without
// reading it.
type parsedPage struct {
	src   []byte
	size  int64
	mtime time.Time
	page  site.Page
	diags diag.List
	sig   string
}

// NewIncremental returns a builder for the site opts describe; the output stays in memory.
func NewIncremental(opts Options) *Incremental {
	opts.Preview = true
	return &Incremental{opts: opts, reuse: &reuse{parsed: map[string]parsedPage{}}}
}

// unchanged returns the cached parse of a page whose file has the size and modification
// time it had when parsed (editors change the time on every save), without reading it.
func (c *reuse) unchanged(fsys fs.FS, f source.File) (*site.Page, diag.List, bool) {
	c.mu.Lock()
	old, ok := c.parsed[f.Path]
	c.mu.Unlock()
	if !ok || old.mtime.IsZero() {
		return nil, nil, false
	}
	fi, err := fs.Stat(fsys, f.Path)
	if err != nil || fi.Size() != old.size || !fi.ModTime().Equal(old.mtime) {
		return nil, nil, false
	}
	p := old.page // a copy: the build fills in the rest of the page
	return &p, old.diags, true
}

// parse returns the cached parse of a page whose bytes have not changed, or parses it.
func (c *reuse) parse(fsys fs.FS, f source.File, src []byte, parse func(diags *diag.List) *site.Page, diags *diag.List) *site.Page {
	c.mu.Lock()
	old, ok := c.parsed[f.Path]
	c.mu.Unlock()
	var size int64
	var mtime time.Time
	if fi, err := fs.Stat(fsys, f.Path); err == nil && fi.Size() == int64(len(src)) {
		size, mtime = fi.Size(), fi.ModTime()
	}
	if ok && bytes.Equal(old.src, src) {
		old.size, old.mtime = size, mtime // touched, not changed
		c.mu.Lock()
		c.parsed[f.Path] = old
		c.mu.Unlock()
		diags.Add(old.diags)
		p := old.page
		return &p
	}
	var local diag.List
	p := parse(&local)
	diags.Add(local)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed[f.Path] = true
	if p == nil {
		delete(c.parsed, f.Path)
		return nil
	}
	c.parsed[f.Path] = parsedPage{src: src, size: size, mtime: mtime, page: *p, diags: local, sig: signature(p)}
	return p
}

// signatureOf is a page's signature, from the parse cache when it has the page.
func (c *reuse) signatureOf(p *site.Page) string {
	c.mu.Lock()
	old, ok := c.parsed[p.Source]
	c.mu.Unlock()
	if ok && old.sig != "" {
		return old.sig
	}
	return signature(p)
}

// loadReference returns the cached GDPR reference data while its files and settings are the
// same: parsing the official texts takes most of a second.
func (c *reuse) loadReference(fsys fs.FS, files []source.File, load func(diags *diag.List) *reference.Reference, key string, diags *diag.List) *reference.Reference {
	h := sha256.New()
	fmt.Fprintln(h, key)
	for _, f := range files {
		if f.Kind == source.Data {
			b, _ := fs.ReadFile(fsys, f.Path)
			fmt.Fprintf(h, "%s %d\n", f.Path, len(b))
			h.Write(b)
		}
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if c.ref.key == sum {
		diags.Add(c.ref.diags)
		return c.ref.value
	}
	var local diag.List
	ref := load(&local)
	diags.Add(local)
	c.ref.key, c.ref.value, c.ref.diags = sum, ref, local
	return ref
}

// A Rebuilt is the outcome of one incremental build.
type Rebuilt struct {
	*Result
	Files    map[string][]byte // the whole output
	Rendered int               // pages rendered by this build
	Full     bool              // every page was rendered
	loaded   *Loaded
}

// Build builds the site. On author errors it returns the diagnostics and ErrContent, and the
// next build still starts from the last good one.
func (b *Incremental) Build() (*Rebuilt, error) {
	opts := b.opts
	opts.reuse = b.reuse
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.Source)
	}
	b.reuse.changed = map[string]bool{}
	res := &Result{}
	loaded, err := Load(fsys, opts, &res.Diags)
	if err != nil || loaded == nil || res.Diags.HasErrors() {
		res.Diags.Sort()
		if err == nil {
			err = ErrContent
		}
		return &Rebuilt{Result: res}, err
	}
	inputs, bodyInputs := fingerprints(fsys, loaded)
	sigs := b.reuse.signatures(loaded.Site)
	if bodyInputs != b.reuse.bodyInputs || b.reuse.bodies == nil {
		b.reuse.bodies, b.reuse.bodyInputs = render.NewBodyCache(), bodyInputs
	}
	if last := b.last; last != nil && last.inputs == inputs && maps.Equal(last.pages, sigs) {
		return b.renderChanged(opts, fsys, loaded, res, inputs, sigs)
	}

	// Everything: BuildTo with this load, into memory, without the search index.
	files := &mapSink{files: map[string][]byte{}}
	b.reuse.loaded, b.reuse.noIndex = loaded, true
	full, err := BuildTo(opts, func(string) (Sink, error) { return files, nil })
	b.reuse.loaded = nil
	full.Diags = append(res.Diags, full.Diags...)
	full.Diags.Sort()
	if err != nil {
		return &Rebuilt{Result: full}, err
	}
	b.reuse.bodies.Prune()
	b.last = &lastBuild{loaded: loaded, renderer: b.reuse.renderer, renderDiags: b.reuse.renderDiags,
		inputs: inputs, pages: sigs, files: files.files, written: full.Pages, reports: reportDigests(loaded)}
	return &Rebuilt{Result: full, Files: files.files, Rendered: full.Pages, Full: true, loaded: loaded}, nil
}

// renderChanged renders the pages whose files changed, and their translations, over the last
// build's output.
func (b *Incremental) renderChanged(opts Options, fsys fs.FS, loaded *Loaded, res *Result, inputs string, sigs map[string]string) (*Rebuilt, error) {
	last := b.last
	res.Diags.Add(last.renderDiags)
	res.Diags.Sort()
	s := loaded.Site
	res.Out = opts.Out
	r := last.renderer.ForSite(s, renderOptions(opts, loaded))
	todo := map[*site.Page]bool{}
	for _, l := range s.Languages {
		for _, p := range l.Pages {
			if p.Source != "" && b.reuse.changed[p.Source] {
				todo[p] = true
				for _, t := range p.Translations {
					todo[t] = true
				}
			}
		}
	}
	pages := make([]*site.Page, 0, len(todo))
	for p := range todo {
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
	files := &mapSink{files: maps.Clone(last.files)}
	var (
		mu       sync.Mutex
		firstErr error
	)
	parallel(len(pages), func(i int) {
		if err := writePage(files, fsys, r, pages[i], nil); err != nil {
			mu.Lock()
			if firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		}
	})
	if firstErr != nil {
		return &Rebuilt{Result: res}, firstErr
	}
	// The translation reports list outdated pages.
	reports := reportDigests(loaded)
	for _, rep := range loaded.Reports {
		if reports[rep.Lang] == last.reports[rep.Lang] {
			continue
		}
		var buf bytes.Buffer
		if err := r.Status(&buf, rep); err != nil {
			return &Rebuilt{Result: res}, err
		}
		files.WriteFile(rep.Lang+"/"+render.StatusDir+"index.html", buf.Bytes())
	}
	res.Pages = last.written
	b.last = &lastBuild{written: last.written, reports: reports, loaded: loaded, renderer: r, renderDiags: last.renderDiags, inputs: inputs, pages: sigs, files: files.files}
	return &Rebuilt{Result: res, Files: files.files, Rendered: len(pages), loaded: loaded}, nil
}

// Index builds the search index of a build's output and returns its files, by output path.
// It may run while the next build does.
func (b *Incremental) Index(rb *Rebuilt) (map[string][]byte, error) {
	if rb.loaded == nil || rb.Files == nil {
		return nil, nil
	}
	s := rb.loaded.Site
	ix := newIndexer(s, b.opts.Offline)
	if ix == nil {
		return nil, nil
	}
	var pages []*site.Page
	for _, l := range s.Languages {
		pages = append(pages, l.Pages...)
	}
	// On one core: the next build may be running on the others.
	for _, p := range pages {
		if html, ok := rb.Files[p.OutFile()]; ok {
			ix.add(p, html)
		}
	}
	sink := &mapSink{files: map[string][]byte{}}
	if _, err := ix.write(sink, s); err != nil {
		return nil, err
	}
	return sink.files, nil
}

// IsIndexFile reports whether an output path belongs to a search index (which Index makes),
// rather than to the pages (the results page is a page).
func IsIndexFile(name string) bool {
	lang, rest, ok := strings.Cut(name, "/")
	return ok && lang != "" && strings.HasPrefix(rest, render.SearchDir) && rest != render.SearchDir+"index.html"
}

// mapSink collects output files in memory.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *mapSink) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	m.files[rel] = bytes.Clone(data)
	m.mu.Unlock()
	return nil
}

func (m *mapSink) CopyFile(rel string, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	return m.WriteFile(rel, data)
}

// fingerprints identify every input of a build but page files — the configuration, data,
// quizzes, resources and the site's theme files — and the part of them a page's Markdown
// depends on: all but the theme's layouts and assets (UI strings, data and the configuration
// may change it).
func fingerprints(fsys fs.FS, loaded *Loaded) (all, bodies string) {
	ha, hb := sha256.New(), sha256.New()
	add := func(name string) {
		b, err := fs.ReadFile(fsys, name)
		for _, h := range []hash.Hash{ha, hb} {
			if h == hb && (strings.Contains(name, "/layouts/") || strings.Contains(name, "/assets/")) {
				continue
			}
			fmt.Fprintf(h, "%s %d %v\n", name, len(b), err != nil)
			h.Write(b)
		}
	}
	add("config.yaml")
	for _, f := range loaded.Files {
		if f.Kind != source.Page {
			add(f.Path)
		}
	}
	fs.WalkDir(fsys, "themes", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			add(p)
		}
		return nil
	})
	return hex.EncodeToString(ha.Sum(nil)), hex.EncodeToString(hb.Sum(nil))
}

// signatures are, for each page with a file, what other pages show or check of it: its place,
// front matter, headings (anchors and tables of contents) and citations (backlinks). An edit
// that keeps a page's signature changes that page's own output and its translations' only.
func (c *reuse) signatures(s *site.Site) map[string]string {
	sigs := map[string]string{}
	for _, l := range s.Languages {
		for _, p := range l.Pages {
			if p.Source != "" && !p.IsFallback() {
				sigs[p.Source] = c.signatureOf(p)
			}
		}
	}
	return sigs
}

// signature is a page's signature, from the fields its parse sets (its URL follows from them
// and its parents').
func signature(p *site.Page) string {
	fm := p.FM
	fm.Pos = nil // positions in the front matter move with it, and only diagnostics use them
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%#v|", p.Lang, p.Rel, p.Key, fm)
	for _, h := range p.Meta.Headings {
		fmt.Fprintf(&b, "h%d %s %s|", h.Level, h.ID, h.Text)
	}
	for _, c := range p.Meta.Citations {
		fmt.Fprintf(&b, "c%s %s %v|", c.Kind, c.Act, c.Refs)
	}
	// Templates and worksheets are made from the template's whole page.
	if p.FM.Type == frontmatter.TypeTemplate {
		fmt.Fprintf(&b, "t%s|", p.Hash)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// renderOptions are a build's rendering options.
func renderOptions(opts Options, loaded *Loaded) render.Options {
	return render.Options{Offline: opts.Offline, BaseURL: loaded.Site.Config.BaseURL, Quizzes: loaded.Quizzes,
		Templates: loaded.Templates, Reference: loaded.Reference, Search: true, Downloads: opts.packaging.downloads(),
		Preview: opts.Preview, Bodies: opts.reuse.bodyCache()}
}

func (c *reuse) bodyCache() *render.BodyCache {
	if c == nil {
		return nil
	}
	return c.bodies
}
