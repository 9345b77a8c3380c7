package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"
)

// serve serves a built site on a loopback port until the test ends; it returns the
// site's base URL, ending in a slash.
func serve(t *testing.T, dir string) *url.URL {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// pageTypes are the kinds of page the output contract (DESIGN §4) promises, as paths in
// the test site; each must exist and pass the checks.
var pageTypes = []string{
	"index.html",                   // language chooser
	"404.html",                     // not found
	"en/index.html",                // home
	"el/index.html",                // home, Greek
	"en/guide/index.html",          // section
	"el/guide/index.html",          // section, Greek
	"en/guide/glossary/index.html", // page
	"el/guide/glossary/index.html", // page, Greek
	"en/guide/features/index.html", // every Markdown feature
	"el/guide/features/index.html", // every Markdown feature, Greek
	"en/guide/bundle/index.html",   // page bundle with an image
	"el/guide/bundle/index.html",   // page bundle with an image, Greek
	"en/guide/bundle/diagram.png",  // the bundle's image, copied beside the page
}

// axePages are the pages the accessibility test checks: the chooser, the 404 page and
// every page in English and Greek.
func axePages(t *testing.T, s *site) []string {
	t.Helper()
	pages := []string{"index.html", "404.html"}
	for _, lang := range []string{"en", "el"} {
		files, err := htmlFiles(s.out, lang)
		if err != nil {
			t.Fatalf("listing the %s pages: %v", lang, err)
		}
		for _, f := range files {
			if browserChecked(f) {
				pages = append(pages, f)
			}
		}
	}
	return pages
}

// phonePages are the test site's pages that the accessibility test also checks at a
// phone width, where tables and code scroll and the layout changes: one of each kind, and
// the features page in both languages (Greek words are longer).
var phonePages = []string{
	"index.html",
	"en/index.html",
	"el/guide/index.html",
	"en/guide/bundle/index.html",
	"en/guide/features/index.html",
	"el/guide/features/index.html",
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules over HTTP on the language
// chooser, the 404 page and every English and Greek page at a desktop width, and on a few
// of the test site's pages at a phone width.
func TestAccessibility(t *testing.T) {
	forEachSite(t, func(t *testing.T, s *site) {
		type check struct {
			width int64
			pages []string
		}
		checks := []check{{1280, axePages(t, s)}}
		if s.name == "e2e-site" {
			for _, p := range pageTypes {
				if _, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(p))); err != nil {
					t.Errorf("the build has no %s (DESIGN §4)", p)
				}
			}
			checks = append(checks, check{390, phonePages})
		}
		base := serve(t, s.out)
		ctx, w := newTab(t)
		for _, c := range checks {
			if err := setViewport(ctx, c.width); err != nil {
				t.Fatal(err)
			}
			for _, p := range c.pages {
				t.Run(fmt.Sprintf("%s@%d", p, c.width), func(t *testing.T) {
					if _, _, err := load(ctx, base.JoinPath(p).String()); err != nil {
						t.Fatal(err)
					}
					violations, err := runAxe(ctx)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range violations {
						t.Errorf("%s at %dpx: %s", p, c.width, formatViolation(v))
					}
					// A page's own problems (a missing stylesheet, a script error) are
					// reported by the crawls.
					w.take()
				})
			}
		}
	})
}

// TestOfflineNavigation opens the --offline build from file:// and follows links alone:
// every page of every language must be reached from the chooser, every link must name a
// file that exists (an index.html, not a directory), every #fragment must exist, and
// every page must link back to its language's home.
func TestOfflineNavigation(t *testing.T) {
	forEachSite(t, func(t *testing.T, s *site) {
		ctx, w := newTab(t)
		c := newCrawler(ctx, w, s.off, fileURL(s.off))
		c.crawl(t, c.base.JoinPath("index.html").String())
		c.checkReachedAll(t)
		c.report(t)
	})
}

// TestPrivacy crawls the site over HTTP and fails on any request that leaves the machine
// (web fonts, CDNs, analytics) and on any cookie. Over HTTP the crawl also checks links,
// fragments and the way back to each home, as the offline test does from file://.
func TestPrivacy(t *testing.T) {
	forEachSite(t, func(t *testing.T, s *site) {
		siteID := readSiteID(t, s.src)
		base := serve(t, s.out)
		ctx, w := newTab(t)
		c := newCrawler(ctx, w, s.out, base)
		c.visit = func(rel string, info pageInfo) {
			if strings.Count(rel, "/") == 1 && strings.HasSuffix(rel, "/index.html") {
				trySearch(ctx)
			}
		}
		c.crawl(t, base.String())
		c.checkReachedAll(t)
		c.report(t)
		for _, e := range privacyErrors(t, ctx, c, siteID) {
			t.Error(e)
		}
	})
}

// privacyErrors lists what a crawl shows of data leaving the machine or kept about the
// reader: requests to other hosts, cookies, and localStorage keys outside the site's
// prefix (DESIGN §6: "erase" removes the keys with that prefix, so every key needs it).
func privacyErrors(t *testing.T, ctx context.Context, c *crawler, siteID string) []string {
	t.Helper()
	var errs []string
	if len(c.requests) == 0 {
		errs = append(errs, "no requests recorded: is the network domain enabled?")
	}
	requests := slices.Clone(c.requests)
	slices.Sort(requests)
	for _, r := range slices.Compact(requests) {
		if !local(r) {
			errs = append(errs, "request to another host: "+r)
		}
	}

	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	var visited []string
	for _, rel := range c.order {
		visited = append(visited, c.base.JoinPath(rel).String())
	}
	pc, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: visited})
	if err != nil {
		t.Fatalf("reading cookies: %v", err)
	}
	all, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	})
	if err != nil {
		t.Fatalf("reading cookies: %v", err)
	}
	var cookies []string
	for _, ck := range append(pc.Cookies, all.Cookies...) {
		cookies = append(cookies, fmt.Sprintf("cookie set: %s=%q on %s%s", ck.Name, ck.Value, ck.Domain, ck.Path))
	}
	slices.Sort(cookies)
	errs = append(errs, slices.Compact(cookies)...)

	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Object.keys(localStorage)`))
	if err != nil {
		t.Fatalf("reading localStorage: %v", err)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, siteID+":v1:") {
			errs = append(errs, fmt.Sprintf("localStorage key %q does not start with %q", k, siteID+":v1:"))
		}
	}
	return errs
}

// local reports whether a request stays on this machine.
func local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "data", "blob": // blob: URLs are made by the page itself (exports)
		return true
	case "http", "https":
		return u.Hostname() == "127.0.0.1"
	}
	return false
}

// trySearch types a query into the search box, if the page has one, and waits a little
// for results, so that the privacy test sees the requests that search makes. Whether
// search works is another test's business.
func trySearch(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[type=search]').length`))
	if err != nil || n == 0 {
		return
	}
	_ = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("input[type=search]"), "data"),
		chromedp.Sleep(300*time.Millisecond),
	)
}

// readSiteID reads site_id from a site's config.yaml.
func readSiteID(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		SiteID string `yaml:"site_id"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatalf("config.yaml: %v", err)
	}
	if cfg.SiteID == "" {
		cfg.SiteID = "securehealth"
	}
	return cfg.SiteID
}

// TestScreenshots saves full-page screenshots of a home, a section and a page, in English
// and Greek, at a desktop and a phone width, into $SECUREHEALTH_SCREENSHOTS, for people to
// look at. Nothing is asserted.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		t.Skipf("set %s=DIR to save screenshots", envScreenshots)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	forEachSite(t, func(t *testing.T, s *site) {
		base := serve(t, s.out)
		ctx, _ := newTab(t)
		for _, lang := range []string{"en", "el"} {
			kinds := samplePages(t, s, lang)
			for _, kind := range []string{"home", "section", "page"} {
				rel := kinds[kind]
				if rel == "" {
					t.Logf("%s: no %s page to take a picture of", lang, kind)
					continue
				}
				for _, width := range []int64{1280, 390} {
					name := filepath.Join(dir, s.name+"-"+lang+"-"+kind+"-"+strconv.FormatInt(width, 10)+".png")
					if err := screenshot(ctx, base.JoinPath(rel).String(), width, name); err != nil {
						t.Errorf("%s: %v", rel, err)
					}
				}
			}
		}
	})
}

// samplePages picks a home, a section and a page of a language: the test site's known
// ones, or, in another site, the first section with pages in it and its first page.
func samplePages(t *testing.T, s *site, lang string) map[string]string {
	t.Helper()
	kinds := map[string]string{"home": lang + "/index.html"}
	if s.name == "e2e-site" {
		kinds["section"] = lang + "/guide/index.html"
		kinds["page"] = lang + "/guide/features/index.html"
		return kinds
	}
	files, err := htmlFiles(s.out, lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		parts := strings.Split(f, "/")
		if len(parts) == 4 && parts[3] == "index.html" && kinds["page"] == "" {
			kinds["section"] = strings.Join(parts[:2], "/") + "/index.html"
			kinds["page"] = f
		}
	}
	if kinds["page"] == "" {
		for _, f := range files {
			if parts := strings.Split(f, "/"); len(parts) == 3 {
				kinds["page"] = f
				break
			}
		}
	}
	return kinds
}

// screenshot saves a full-page PNG of url at the given viewport width.
func screenshot(ctx context.Context, url string, width int64, name string) error {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if err := setViewport(ctx, width); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	return os.WriteFile(name, png, 0o644)
}

// setViewport makes the tab's viewport width pixels wide: a phone (with the mobile
// viewport rules) below 600, a desktop otherwise.
func setViewport(ctx context.Context, width int64) error {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	return chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, opts...))
}
