package pipeline

import (
	"encoding/json"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/testutil"
)

// webAppSite is a two-language site with a curriculum of two modules (one a bundle with an
// image), a module outside any curriculum and an ordinary page.
func webAppSite() fstest.MapFS {
	page := func(fm, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\n" + fm + "\n---\n" + body + "\n")}
	}
	return fstest.MapFS{
		"config.yaml": {Data: []byte(`title: Web app
languages:
  - code: en
    name: English
    title: SecureHealth
    description: Data protection training for healthcare
  - code: sl
    name: Slovenščina
    title: SecureHealth
    description: Usposabljanje
menu: [dpo, about]
`)},
		"content/en/_index.md":            page("title: Home", "Welcome."),
		"content/en/about.md":             page("title: About", "About us."),
		"content/en/dpo/_index.md":        page("title: DPO course\ntype: curriculum", "The course."),
		"content/en/dpo/m1/index.md":      page("title: Module one\ntype: module\nweight: 1", "![Diagram](diagram.png)"),
		"content/en/dpo/m1/diagram.png":   {Data: []byte("\x89PNG\r\n\x1a\n")},
		"content/en/dpo/m1/lesson.md":     page("title: Lesson\ntype: lesson", "A lesson."),
		"content/en/dpo/m2.md":            page("title: Module two\ntype: module\nweight: 2", "Two."),
		"content/en/extra/_index.md":      page("title: Extra", "Extra."),
		"content/en/extra/standalone.md":  page("title: Standalone module\ntype: module", "Alone."),
		"content/sl/_index.md":            page("title: Domov", "Dobrodošli."),
		"content/sl/dpo/_index.md":        page("title: Tečaj\ntype: curriculum\ntranslation_key: dpo/_index.md", "Tečaj."),
		"content/sl/dpo/m2.md":            page("title: Modul dve\ntype: module\nweight: 2", "Dve."),
		"content/sl/translated-about.md":  page("title: O nas\ntranslation_key: about.md", "O nas."),
		"content/en/dpo/m1/notes/more.md": page("title: More notes", "Deeper."),
	}
}

func buildWebApp(t *testing.T, offline bool) map[string][]byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	res, err := Build(Options{FS: webAppSite(), Out: out, Offline: offline})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	return testutil.ReadTree(t, out)
}

var (
	manifestLink = regexp.MustCompile(`<link rel="manifest" href="([^"]+)" data-service-worker="([^"]+)">`)
	offlineBox   = regexp.MustCompile(`<section class="offline-save" data-offline-save data-list="([^"]*)" data-course="([^"]*)"`)
)

// TestOfflineBuildHasNoWebApp checks that an --offline build, for file://, has none of the
// web-app files and hooks: no manifest link, no service worker, no offline lists, no "save for
// offline use" box, no icons.
func TestOfflineBuildHasNoWebApp(t *testing.T) {
	tree := buildWebApp(t, true)
	for name, data := range tree {
		base := path.Base(name)
		if base == render.ServiceWorkerFile || base == render.ManifestFile || base == render.OfflineListFile ||
			strings.HasPrefix(name, "assets/icon") {
			t.Errorf("the offline build has %s", name)
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		html := string(data)
		for _, bad := range []string{`rel="manifest"`, "data-service-worker", "data-offline-save", "sw.js", "offline-files.json"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: the offline build has %q", name, bad)
			}
		}
	}
	if len(tree) == 0 {
		t.Fatal("empty build")
	}
}

// TestWebAppFiles checks the web build: every language page links its language's manifest
// and the service worker at the root; the manifest's URLs are relative and resolve to files;
// the service worker carries the build's version; each offline list names only files of the
// build by relative, same-origin URLs, and the "save" boxes name courses the list has.
func TestWebAppFiles(t *testing.T) {
	tree := buildWebApp(t, false)
	sw, ok := tree[render.ServiceWorkerFile]
	if !ok {
		t.Fatalf("no %s at the output root", render.ServiceWorkerFile)
	}
	version := regexp.MustCompile(`var SH_VERSION = "([0-9a-f]{16})";`).FindSubmatch(sw)
	if version == nil {
		t.Fatalf("sw.js has no SH_VERSION line:\n%.300s", sw)
	}
	for _, bad := range []string{"http://", "https://", "importScripts", "eval("} {
		if strings.Contains(string(sw), bad) {
			t.Errorf("sw.js contains %q: it must name no other origin and load nothing", bad)
		}
	}

	exists := func(from, ref string) (string, bool) {
		u, err := url.Parse(ref)
		if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(u.Path, "/") {
			return "", false
		}
		target := path.Join(path.Dir(from), u.Path)
		if strings.HasSuffix(u.Path, "/") || u.Path == "" {
			target = path.Join(target, "index.html")
		}
		_, ok := tree[target]
		return target, ok
	}

	boxes := map[string]string{} // page → course key of its box
	for name, data := range tree {
		if !strings.HasSuffix(name, ".html") || name == "index.html" || name == "404.html" {
			continue
		}
		lang, _, _ := strings.Cut(name, "/")
		m := manifestLink.FindStringSubmatch(string(data))
		if m == nil {
			t.Errorf("%s: no <link rel=manifest data-service-worker>", name)
			continue
		}
		if target, ok := exists(name, m[1]); !ok || target != lang+"/"+render.ManifestFile {
			t.Errorf("%s: manifest link %q names %q, want %s", name, m[1], target, lang+"/"+render.ManifestFile)
		}
		if target, ok := exists(name, m[2]); !ok || target != render.ServiceWorkerFile {
			t.Errorf("%s: service worker %q names %q, want the root's %s", name, m[2], target, render.ServiceWorkerFile)
		}
		if b := offlineBox.FindStringSubmatch(string(data)); b != nil {
			if target, ok := exists(name, b[1]); !ok || target != lang+"/"+render.OfflineListFile {
				t.Errorf("%s: the save box's list %q names %q", name, b[1], target)
			}
			boxes[name] = b[2]
		}
	}
	wantBoxes := map[string]string{
		"en/index.html":                   "",
		"sl/index.html":                   "",
		"en/dpo/index.html":               "en/dpo/",
		"en/dpo/m1/index.html":            "en/dpo/",
		"en/dpo/m1/lesson/index.html":     "en/dpo/",
		"en/dpo/m1/notes/more/index.html": "en/dpo/",
		"en/dpo/m2/index.html":            "en/dpo/",
		"en/extra/standalone/index.html":  "en/extra/standalone/",
		"sl/dpo/index.html":               "sl/dpo/",
		"sl/dpo/m2/index.html":            "sl/dpo/",
		// A generated section inside a course, and fallback pages, which are the language's
		// pages too.
		"en/dpo/m1/notes/index.html":      "en/dpo/",
		"sl/dpo/m1/index.html":            "sl/dpo/",
		"sl/dpo/m1/lesson/index.html":     "sl/dpo/",
		"sl/dpo/m1/notes/index.html":      "sl/dpo/",
		"sl/dpo/m1/notes/more/index.html": "sl/dpo/",
		"sl/extra/standalone/index.html":  "sl/extra/standalone/",
	}
	for page, course := range wantBoxes {
		if got, ok := boxes[page]; !ok || got != course {
			t.Errorf("%s: save box for course %q (present %v), want %q", page, got, ok, course)
		}
	}
	for page := range boxes {
		if _, ok := wantBoxes[page]; !ok {
			t.Errorf("%s has a save box; only homes and course pages should", page)
		}
	}

	for _, lang := range []string{"en", "sl"} {
		var man struct {
			Lang, StartURL, Scope string
			Icons                 []struct{ Src, Sizes, Type, Purpose string }
		}
		b := tree[lang+"/"+render.ManifestFile]
		if err := json.Unmarshal(b, &man); err != nil {
			t.Fatalf("%s manifest: %v\n%s", lang, err, b)
		}
		var raw map[string]any
		_ = json.Unmarshal(b, &raw)
		if raw["start_url"] != "./" || raw["scope"] != "../" || raw["lang"] != lang || raw["name"] == "" || raw["short_name"] == "" {
			t.Errorf("%s manifest: %s", lang, b)
		}
		sizes := map[string]bool{}
		for _, ic := range man.Icons {
			if _, ok := exists(lang+"/"+render.ManifestFile, ic.Src); !ok {
				t.Errorf("%s manifest: icon %q does not exist", lang, ic.Src)
			}
			sizes[ic.Sizes] = true
		}
		if !sizes["192x192"] || !sizes["512x512"] || !sizes["any"] {
			t.Errorf("%s manifest: icon sizes %v; want 192x192, 512x512 and an SVG", lang, sizes)
		}

		var list struct {
			Version string
			Lang    string
			Common  []string
			All     []string
			Courses map[string][]string
		}
		b = tree[lang+"/"+render.OfflineListFile]
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatalf("%s offline list: %v\n%s", lang, err, b)
		}
		if list.Version != string(version[1]) {
			t.Errorf("%s offline list: version %q, sw.js %q", lang, list.Version, version[1])
		}
		check := func(what string, urls []string) {
			if !slices.IsSorted(urls) {
				t.Errorf("%s offline list: %s not sorted", lang, what)
			}
			for _, u := range urls {
				// The list's URLs are relative to the service worker's directory, the root.
				if _, ok := exists("x", u); !ok {
					t.Errorf("%s offline list: %s names %q, not a relative URL of a file of the build", lang, what, u)
				}
				if u != "" && !strings.HasPrefix(u, lang+"/") && !strings.HasPrefix(u, "assets/") {
					t.Errorf("%s offline list: %s names %q, outside the language and the assets", lang, what, u)
				}
				if strings.Contains(u, "translation-status") || strings.HasSuffix(u, render.OfflineListFile) {
					t.Errorf("%s offline list: %s names %q", lang, what, u)
				}
			}
		}
		check("common", list.Common)
		check("all", list.All)
		for c, urls := range list.Courses {
			check("course "+c, urls)
			for _, u := range urls {
				if !strings.HasPrefix(u, c) {
					t.Errorf("%s offline list: course %s names %q outside it", lang, c, u)
				}
			}
		}
		for _, want := range []string{"", lang + "/", lang + "/" + render.ManifestFile, lang + "/search/index.js"} {
			if !slices.Contains(list.Common, want) {
				t.Errorf("%s offline list: common lacks %q: %v", lang, want, list.Common)
			}
		}
		if lang == "en" {
			wantCourse := []string{"en/dpo/", "en/dpo/m1/", "en/dpo/m1/diagram.png", "en/dpo/m1/lesson/", "en/dpo/m1/notes/", "en/dpo/m1/notes/more/", "en/dpo/m2/"}
			if got := list.Courses["en/dpo/"]; !slices.Equal(got, wantCourse) {
				t.Errorf("en course en/dpo/: %q\nwant %q", got, wantCourse)
			}
			if !slices.Contains(list.All, "en/about/") || slices.Contains(list.All, "en/") {
				t.Errorf("en all: %v", list.All)
			}
			if _, ok := list.Courses["en/extra/standalone/"]; !ok {
				t.Errorf("en: no course for the module outside a curriculum: %v", list.Courses)
			}
		}
	}
}

// TestWebAppVersion checks that the service worker's version follows the content: the same
// site twice gives the same sw.js, a changed page a new one.
func TestWebAppVersion(t *testing.T) {
	build := func(fsys fstest.MapFS) string {
		out := filepath.Join(t.TempDir(), "out")
		res, err := Build(Options{FS: fsys, Out: out})
		if err != nil {
			t.Fatalf("build: %v\n%v", err, res.Diags)
		}
		return string(testutil.ReadTree(t, out)[render.ServiceWorkerFile])
	}
	a, b := build(webAppSite()), build(webAppSite())
	if a != b {
		t.Error("the same site gave two service workers")
	}
	changed := webAppSite()
	changed["content/en/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nChanged.\n")}
	if c := build(changed); c == a {
		t.Error("a changed page left the service worker as it was: browsers would not update")
	}
}
