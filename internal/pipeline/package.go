package pipeline

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/pack"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/site"
)

// DownloadsDir is the folder of the output that holds the packages.
const DownloadsDir = "downloads/"

// Package builds the site as Build does and adds downloads/ to it before it is swapped in:
// an offline zip per language and one with every language, made from an offline build of
// the same site held in memory, and SCORM 1.2 packages of every curriculum and module. Each
// language gets a "Download for offline use" page, linked from the footer. The checksum
// manifest, written last by the output tree, lists the packages too.
func Package(opts Options) (*Result, []render.Download, error) {
	off := &packaging{capture: true}
	mem := &memSink{files: map[string][]byte{}}
	offOpts := opts
	offOpts.Offline = true
	offOpts.packaging = off
	res, err := BuildTo(offOpts, func(string) (Sink, error) { return mem, nil })
	if err != nil {
		return res, nil, err
	}
	zips, dls, err := makePackages(mem.files, off.loaded, off.r)
	if err != nil {
		return res, nil, err
	}
	opts.Offline = false
	opts.packaging = &packaging{zips: zips, dls: dls}
	res, err = Build(opts)
	return res, dls, err
}

// packaging is the stage BuildTo runs after writing: for the offline build it keeps what
// the packages are made from; for the web build it writes the packages and the downloads
// pages.
type packaging struct {
	capture bool // the offline build: keep loaded and r
	loaded  *Loaded
	r       *render.Renderer

	zips map[string][]byte // output path → zip
	dls  []render.Download
}

// downloads reports whether pages link to a downloads page.
func (p *packaging) downloads() bool { return p != nil && !p.capture }

func (p *packaging) run(sink Sink, loaded *Loaded, r *render.Renderer) error {
	if p.capture {
		p.loaded, p.r = loaded, r
		return nil
	}
	names := make([]string, 0, len(p.zips))
	for name := range p.zips {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := sink.WriteFile(name, p.zips[name]); err != nil {
			return err
		}
	}
	if !r.HasDownloads() {
		return nil
	}
	for _, l := range loaded.Site.Languages {
		var buf bytes.Buffer
		if err := r.DownloadsPage(&buf, l.Code, p.dls); err != nil {
			return err
		}
		if err := sink.WriteFile(l.Code+"/"+render.DownloadsDir+"index.html", buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// memSink holds a build's output in memory.
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memSink) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("output: %s written twice", rel)
	}
	m.files[rel] = append([]byte(nil), data...)
	return nil
}

func (m *memSink) CopyFile(rel string, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return m.WriteFile(rel, data)
}

// notPackaged are files of the output that make no sense opened from disk.
var notPackaged = map[string]bool{"404.html": true, "sitemap.xml": true, "robots.txt": true}

// makePackages makes every zip of downloads/ from the offline build's files.
func makePackages(files map[string][]byte, loaded *Loaded, r *render.Renderer) (map[string][]byte, []render.Download, error) {
	s := loaded.Site
	id := s.Config.SiteID
	zips := map[string][]byte{}
	var dls []render.Download
	add := func(d render.Download, z *pack.Zip) error {
		data, err := z.Bytes()
		if err != nil {
			return err
		}
		d.Size = int64(len(data))
		zips[d.File] = data
		dls = append(dls, d)
		return nil
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	style := ""
	for _, name := range names {
		if strings.HasPrefix(name, "assets/site.") && strings.HasSuffix(name, ".css") {
			style = name
		}
	}

	for _, l := range s.Languages {
		z, err := languageZip(files, names, l, id+"-"+l.Code+"/", style, r)
		if err != nil {
			return nil, nil, err
		}
		if err := add(render.Download{File: DownloadsDir + id + "-" + l.Code + ".zip", Kind: render.OfflineLanguage, Lang: l.Code}, z); err != nil {
			return nil, nil, err
		}
	}
	all := &pack.Zip{}
	for _, name := range names {
		if !notPackaged[name] {
			if err := all.Add(id+"/"+name, files[name]); err != nil {
				return nil, nil, err
			}
		}
	}
	var readme []string
	for _, l := range s.Languages {
		readme = append(readme, readmeText(r, l))
	}
	if err := all.Add(id+"/README.txt", []byte(strings.Join(readme, "\r\n\r\n"))); err != nil {
		return nil, nil, err
	}
	if err := add(render.Download{File: DownloadsDir + id + ".zip", Kind: render.OfflineAll}, all); err != nil {
		return nil, nil, err
	}

	for _, l := range s.Languages {
		for _, c := range l.Pages {
			if c.FM.Type != frontmatter.TypeCurriculum {
				continue
			}
			mods := modulesOf(c)
			if len(mods) == 0 {
				continue
			}
			stem := id + "-" + l.Code + "-" + slug(c)
			var scos []scoFiles
			for _, m := range mods {
				sf, err := makeSCO(files, names, loaded, r, l, m, style)
				if err != nil {
					return nil, nil, err
				}
				scos = append(scos, sf)
			}
			z, err := scormZip(pack.SafeID(stem), c.Title(), l.Code, scos)
			if err != nil {
				return nil, nil, err
			}
			if err := add(render.Download{File: DownloadsDir + "scorm/" + stem + ".zip", Kind: render.SCORMCurriculum, Lang: l.Code, Title: c.Title()}, z); err != nil {
				return nil, nil, err
			}
			for _, sf := range scos {
				mstem := stem + "-" + slug(sf.page)
				z, err := scormZip(pack.SafeID(mstem), sf.page.Title(), l.Code, []scoFiles{sf})
				if err != nil {
					return nil, nil, err
				}
				if err := add(render.Download{File: DownloadsDir + "scorm/" + mstem + ".zip", Kind: render.SCORMModule, Lang: l.Code, Title: sf.page.Title()}, z); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return zips, dls, nil
}

// slug is the last segment of a page's URL.
func slug(p *site.Page) string { return path.Base(strings.TrimSuffix(p.URL, "/")) }

// languageZip is one language of the offline build: its tree, the assets, a README and an
// index.html that opens the language's home. Links to other languages become text.
func languageZip(files map[string][]byte, names []string, l *site.Language, prefix, style string, r *render.Renderer) (*pack.Zip, error) {
	in := map[string]bool{}
	for _, name := range names {
		if strings.HasPrefix(name, l.Code+"/") || strings.HasPrefix(name, "assets/") {
			in[name] = true
		}
	}
	z := &pack.Zip{}
	for _, name := range names {
		if !in[name] {
			continue
		}
		data := files[name]
		if strings.HasSuffix(name, ".html") {
			data = pack.Scope(name, data, func(t string) bool { return in[t] }, pack.ScopeOptions{})
		}
		if err := z.Add(prefix+name, data); err != nil {
			return nil, err
		}
	}
	var idx bytes.Buffer
	if err := openerTmpl.Execute(&idx, map[string]string{"Lang": l.Code, "Dir": l.Dir, "Title": l.Title, "Home": l.Code + "/index.html", "Style": style}); err != nil {
		return nil, err
	}
	if err := z.Add(prefix+"index.html", idx.Bytes()); err != nil {
		return nil, err
	}
	return z, z.Add(prefix+"README.txt", []byte(readmeText(r, l)))
}

// openerTmpl is the index.html of a one-language zip: it opens the language's home at once
// (a refresh without delay, so no script is needed) and links to it.
var openerTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<meta http-equiv="refresh" content="0; url={{.Home}}">
{{- with .Style}}
<link rel="stylesheet" href="{{.}}">
{{- end}}
</head>
<body>
<main>
<p><a href="{{.Home}}">{{.Title}}</a></p>
</main>
</body>
</html>
`))

// readmeText is the README of an offline zip in l's language, with Windows line ends so
// that every editor shows it.
func readmeText(r *render.Renderer, l *site.Language) string {
	lines := []string{
		l.Title + " — " + r.T(l.Code, "downloads_title"),
		"",
		"1. " + r.T(l.Code, "downloads_step_unzip"),
		"2. " + r.T(l.Code, "downloads_step_open"),
		"",
		r.T(l.Code, "downloads_progress"),
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

// modulesOf lists the modules of a curriculum in its order (children by weight, depth first).
func modulesOf(c *site.Page) []*site.Page {
	var out []*site.Page
	var walk func(p *site.Page)
	walk = func(p *site.Page) {
		for _, ch := range p.Children {
			switch ch.FM.Type {
			case frontmatter.TypeModule:
				out = append(out, ch)
			case frontmatter.TypeCurriculum:
				// a nested curriculum has packages of its own
			default:
				walk(ch)
			}
		}
	}
	walk(c)
	return out
}

// pagesOf lists a module's pages: the module first, then its lessons and other pages below
// it in their order.
func pagesOf(m *site.Page) []*site.Page {
	out := []*site.Page{m}
	var walk func(p *site.Page)
	walk = func(p *site.Page) {
		for _, ch := range p.Children {
			if strings.HasPrefix(ch.URL, m.URL) {
				out = append(out, ch)
				walk(ch)
			}
		}
	}
	walk(m)
	return out
}

// scoFiles is one module made ready for a SCORM package.
type scoFiles struct {
	page  *site.Page
	sco   pack.SCO
	files map[string][]byte
}

// makeSCO collects a module's pages (scoped to the module, with the bridge script), the
// files they show or link to, the theme's assets, and its launch page.
func makeSCO(files map[string][]byte, names []string, loaded *Loaded, r *render.Renderer, l *site.Language, m *site.Page, style string) (scoFiles, error) {
	sid := pack.SafeID(slug(m))
	sf := scoFiles{page: m, files: map[string][]byte{}}
	var pages []string
	in := map[string]bool{}
	for _, p := range pagesOf(m) {
		if _, ok := files[p.OutFile()]; ok && !in[p.OutFile()] {
			pages = append(pages, p.OutFile())
			in[p.OutFile()] = true
		}
	}
	if len(pages) == 0 {
		return sf, fmt.Errorf("package: module %s has no page in the offline build", m.URL)
	}
	for _, name := range names {
		if strings.HasPrefix(name, "assets/") {
			in[name] = true
		}
	}
	// The files the pages show or offer (images, worksheets), which are not pages.
	for _, p := range pages {
		for _, ref := range pack.Refs(p, files[p]) {
			if ref.Target != "" && !strings.HasSuffix(ref.Target, ".html") {
				if _, ok := files[ref.Target]; ok {
					in[ref.Target] = true
				}
			}
		}
	}
	for name := range in {
		data := files[name]
		if strings.HasSuffix(name, ".html") {
			data = pack.Scope(name, data, func(t string) bool { return in[t] }, pack.ScopeOptions{NewWindow: true})
			data = pack.InjectScript(data, pack.RelativeTo(name, pack.BridgeScript))
		}
		sf.files[name] = data
	}
	for name, data := range pack.SCORMFiles() {
		sf.files[name] = data
	}
	mastery := -1
	if q := loaded.Quizzes[m.FM.Quiz]; q != nil {
		mastery = q.PassPercent
	}
	launch := "launch-" + sid + ".html"
	t := func(key string) string { return r.T(l.Code, key) }
	html, err := pack.Launch{
		Lang: l.Code, Dir: l.Dir, Title: m.Title(), SiteTitle: l.Title, SiteID: loaded.Site.Config.SiteID,
		Stylesheet: style, Pages: relPages(pages), Mastery: mastery, HasQuiz: mastery >= 0,
		Frame: t("scorm_frame"), Exit: t("scorm_exit"), Connected: t("scorm_connected"), Offline: t("scorm_offline"),
		Passed: t("scorm_passed"), Failed: t("scorm_failed"), Closed: t("scorm_closed"),
	}.HTML()
	if err != nil {
		return sf, err
	}
	sf.files[launch] = html
	sf.sco = pack.SCO{ID: sid, Title: m.Title(), Launch: launch, MasteryScore: mastery}
	for name := range sf.files {
		sf.sco.Files = append(sf.sco.Files, name)
	}
	sort.Strings(sf.sco.Files)
	return sf, nil
}

// relPages writes page paths as URLs relative to the package root, where launch pages are.
func relPages(pages []string) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = pack.RelativeTo("launch.html", p)
	}
	return out
}

// scormZip packs SCOs with their manifest.
func scormZip(id, title, lang string, scos []scoFiles) (*pack.Zip, error) {
	m := pack.Manifest{ID: id, Title: title, Lang: lang}
	z := &pack.Zip{}
	for _, sf := range scos {
		m.SCOs = append(m.SCOs, sf.sco)
		for _, name := range sf.sco.Files {
			if z.Has(name) {
				if !bytes.Equal(z.Get(name), sf.files[name]) {
					return nil, fmt.Errorf("package: %s differs between two modules of %s", name, id)
				}
				continue
			}
			if err := z.Add(name, sf.files[name]); err != nil {
				return nil, err
			}
		}
	}
	x, err := m.XML()
	if err != nil {
		return nil, err
	}
	return z, z.Add("imsmanifest.xml", x)
}
