package render

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/site"
)

// The web-app files of a build for web hosting (DESIGN §4: a service worker does not work from
// file://, so an --offline build has none of them): a manifest per language, so a learner can
// install the site; a service worker at the output root, whose scope is the whole site; and per
// language the list of files it caches when a learner saves a course for offline use.
const (
	ServiceWorkerFile = "sw.js"                // at the output root
	ManifestFile      = "manifest.webmanifest" // under each language
	OfflineListFile   = "offline-files.json"   // under each language
)

// themeIcons are the theme's icons (assets/icons/), by output stem and extension; the PNGs
// are full-bleed with the shield inside the safe zone, so they serve as maskable icons too.
var themeIcons = []struct{ name, stem, ext, mime, sizes string }{
	{"assets/icons/icon.svg", "assets/icon", ".svg", "image/svg+xml", "any"},
	{"assets/icons/icon-192.png", "assets/icon-192", ".png", "image/png", "192x192"},
	{"assets/icons/icon-512.png", "assets/icon-512", ".png", "image/png", "512x512"},
}

// webApp holds what the renderer read for the web-app files.
type webApp struct {
	icons []webIcon
	sw    []byte // the theme's service worker, without its version line
}

type webIcon struct {
	path, mime, sizes string // output path, relative to the root
}

// loadWebApp reads the icons and the service worker from the theme; the icons become assets.
// An --offline build reads nothing: it has no web-app files.
func (r *Renderer) loadWebApp(th theme) error {
	if r.opts.Offline || r.opts.Preview {
		return nil
	}
	for _, ic := range themeIcons {
		b, where, err := th.ReadFile(ic.name)
		if err != nil {
			return fmt.Errorf("theme: %s: %w", where, err)
		}
		out := fingerprint(ic.stem, ic.ext, b)
		r.assets[out] = b
		r.web.icons = append(r.web.icons, webIcon{path: out, mime: ic.mime, sizes: ic.sizes})
	}
	b, where, err := th.ReadFile("assets/sw/sw.js")
	if err != nil {
		return fmt.Errorf("theme: %s: %w", where, err)
	}
	r.web.sw = b
	return nil
}

// WebApp reports whether the build writes the web-app files: every build but --offline.
func (r *Renderer) WebApp() bool { return !r.opts.Offline && r.web.sw != nil }

// Manifest is the relative URL of the language's web app manifest, or "" in an --offline build.
func (v *view) Manifest() string {
	if !v.r.WebApp() || v.Lang == nil {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+ManifestFile, false)
}

// ServiceWorker is the relative URL of the service worker, or "" in an --offline build;
// site.js registers it only over HTTP(S).
func (v *view) ServiceWorker() string {
	if !v.r.WebApp() {
		return ""
	}
	return Relative(v.here, ServiceWorkerFile, false)
}

// Icon is the relative URL of the theme's SVG icon, or "" in an --offline build.
func (v *view) Icon() string {
	if !v.r.WebApp() || len(v.r.web.icons) == 0 {
		return ""
	}
	return Relative(v.here, v.r.web.icons[0].path, false)
}

// An offlineSave is the "save for offline use" box of a page.
type offlineSave struct {
	List   string // relative URL of the language's offline-files.json
	Course string // key of the course in that list (its URL from the root); "" for the whole language
	Label  string // the button's text
}

// OfflineSave is the "save for offline use" box of the page: on the language home it saves the
// whole language; on a curriculum, a module or a page inside one it saves that curriculum (or a
// module outside any curriculum). Nil elsewhere, and in an --offline build.
func (v *view) OfflineSave() *offlineSave {
	if !v.r.WebApp() || v.Page == nil || v.Lang == nil || v.Page.URL == "" {
		return nil
	}
	list := Relative(v.here, v.Lang.Code+"/"+OfflineListFile, false)
	if v.Page.Kind == site.KindHome {
		return &offlineSave{List: list, Label: v.T("offline_save_language")}
	}
	c := courseOf(v.Page)
	if c == nil {
		return nil
	}
	return &offlineSave{List: list, Course: c.URL, Label: v.T("offline_save_course")}
}

// courseOf returns the curriculum that p is or is inside of; else the module p is or is
// inside of; else nil.
func courseOf(p *site.Page) *site.Page {
	var module *site.Page
	for q := p; q != nil; q = q.Parent {
		switch q.FM.Type {
		case frontmatter.TypeCurriculum:
			return q
		case frontmatter.TypeModule:
			if module == nil {
				module = q
			}
		}
	}
	return module
}

// manifest is a web app manifest (W3C Web Application Manifest). Its URLs are relative to the
// manifest's own URL, so the site installs under any sub-path.
type manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description,omitempty"`
	Lang            string         `json:"lang"`
	Dir             string         `json:"dir"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// WebManifest returns the web app manifest of a language: it starts at the language's home,
// and its scope is the whole site, so that the language switcher stays inside the app.
func (r *Renderer) WebManifest(lang string) ([]byte, error) {
	l := r.site.Language(lang)
	if l == nil {
		return nil, fmt.Errorf("no language %q", lang)
	}
	dir := l.Dir
	if dir == "" {
		dir = "ltr"
	}
	short := l.Title
	if rs := []rune(short); len(rs) > 12 {
		short = strings.TrimSpace(string(rs[:12]))
	}
	m := manifest{Name: l.Title, ShortName: short, Description: l.Description, Lang: lang, Dir: dir,
		StartURL: "./", Scope: "../", Display: "standalone",
		// The stylesheet's light background and accent colour.
		BackgroundColor: "#ffffff", ThemeColor: "#0b5cad"}
	from := lang + "/"
	for _, ic := range r.web.icons {
		m.Icons = append(m.Icons, manifestIcon{Src: Relative(from, ic.path, false), Sizes: ic.sizes, Type: ic.mime})
		if ic.sizes == "512x512" {
			m.Icons = append(m.Icons, manifestIcon{Src: Relative(from, ic.path, false), Sizes: ic.sizes, Type: ic.mime, Purpose: "maskable"})
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	return append(b, '\n'), err
}

// ServiceWorkerJS returns sw.js for a build whose content hashes to version: a new build
// gives a new file, so browsers install it and it drops the caches of the old one.
func (r *Renderer) ServiceWorkerJS(version string) []byte {
	head := "/* SecureHealth service worker, build " + version + " (generated; do not edit). */\n" +
		"var SH_VERSION = " + jsString(version) + ";\n" +
		"var SH_SITE = " + jsString(r.site.Config.SiteID) + ";\n"
	return append([]byte(head), r.web.sw...)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// offlineList is a language's offline-files.json: what the service worker caches when a learner
// saves the language or one of its courses. URLs are relative to the output root (the service
// worker's own directory), page URLs are their directories, and every list is sorted.
type offlineList struct {
	Version string              `json:"version"`
	Lang    string              `json:"lang"`
	Common  []string            `json:"common"`  // saved with any course: assets, the chooser ("") and home, search, progress
	All     []string            `json:"all"`     // the rest of the language
	Courses map[string][]string `json:"courses"` // by course URL: the course's own files
}

// OfflineList returns the offline-files.json of a language, given every file of the build
// (paths relative to the output root).
func (r *Renderer) OfflineList(lang, version string, files []string) ([]byte, error) {
	l := r.site.Language(lang)
	if l == nil {
		return nil, fmt.Errorf("no language %q", lang)
	}
	prefix := lang + "/"
	list := offlineList{Version: version, Lang: lang, Courses: map[string][]string{}}
	common := map[string]bool{}
	var rest []string
	for _, f := range files {
		switch {
		case strings.HasPrefix(f, "assets/"), f == "index.html": // the assets, the language chooser
			common[f] = true
		case !strings.HasPrefix(f, prefix):
		case strings.HasPrefix(f, prefix+StatusDir), f == prefix+OfflineListFile:
			// The translation-status report is for translators, not learners.
		case f == prefix+"index.html", f == prefix+ManifestFile,
			strings.HasPrefix(f, prefix+SearchDir), strings.HasPrefix(f, prefix+ProgressDir):
			common[f] = true
		default:
			rest = append(rest, f)
		}
	}
	for f := range common {
		list.Common = append(list.Common, offlineURL(f))
	}
	sort.Strings(list.Common)
	for _, f := range rest {
		list.All = append(list.All, offlineURL(f))
	}
	sort.Strings(list.All)

	// A course is its curriculum's (or module's) folder, with the quiz pages of its modules.
	for _, p := range l.Pages {
		if c := courseOf(p); c != p {
			continue
		}
		var urls []string
		quizzes := map[string]bool{}
		for _, f := range rest {
			if strings.HasPrefix(f, p.URL) {
				urls = append(urls, offlineURL(f))
			}
		}
		for _, q := range l.Pages {
			if q.FM.Quiz != "" && strings.HasPrefix(q.URL, p.URL) {
				quizzes[prefix+"quizzes/"+q.FM.Quiz+"/"] = true
			}
		}
		for qu := range quizzes {
			if l.ByURL[qu] != nil {
				urls = append(urls, offlineURL(qu+"index.html"))
			}
		}
		sort.Strings(urls)
		list.Courses[p.URL] = urls
	}
	b, err := json.MarshalIndent(list, "", " ")
	return append(b, '\n'), err
}

// offlineURL turns an output file into the URL the site links to: a page's directory, with
// its segments escaped as Relative escapes them.
func offlineURL(f string) string {
	if path.Base(f) == "index.html" {
		f = strings.TrimSuffix(f, "index.html")
	}
	segs := strings.Split(f, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
