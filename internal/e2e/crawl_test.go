package e2e

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A crawler visits every page of a built site that links reach from a start page, as a
// reader who only follows links would, and records what it finds wrong.
type crawler struct {
	ctx     context.Context
	w       *watch
	dir     string   // the built site on disk
	base    *url.URL // dir as the browser sees it: http://127.0.0.1:port/ or file:///…/
	offline bool     // file://: links must name files, not directories

	// visit, when set, runs on every page after it loaded, in the crawler's tab; what it
	// makes the page request is recorded as the page's.
	visit func(rel string, info pageInfo)

	pages    map[string]pageInfo // visited pages by path relative to dir, slash-separated
	order    []string            // pages in the order visited
	links    []link              // every link inside the site
	external []string            // links leaving the site, not followed
	requests []string            // every URL the tab requested
	errs     []string
}

// A link is an a[href] from one page of the site to a file of it.
type link struct {
	from, to string // paths relative to the site's dir
	href     string // as the browser resolved it
	fragment string
}

func newCrawler(ctx context.Context, w *watch, dir string, base *url.URL) *crawler {
	return &crawler{
		ctx:     ctx,
		w:       w,
		dir:     dir,
		base:    base,
		offline: base.Scheme == "file",
		pages:   map[string]pageInfo{},
	}
}

// fileURL is the file:// URL of a directory, ending in a slash.
func fileURL(dir string) *url.URL {
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}
}

func (c *crawler) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

// resolve maps a URL to the file of the site that it names, relative to dir. ok is false
// for URLs outside the site; err says why a URL inside it names no file.
func (c *crawler) resolve(u *url.URL) (rel string, ok bool, err error) {
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host || !strings.HasPrefix(u.Path, c.base.Path) {
		return "", false, nil
	}
	rel = strings.TrimPrefix(u.Path, c.base.Path)
	fi, statErr := os.Stat(filepath.Join(c.dir, filepath.FromSlash(rel)))
	switch {
	case statErr != nil:
		return rel, true, fmt.Errorf("no file %s", rel)
	case fi.IsDir() && c.offline:
		return rel, true, fmt.Errorf("%s is a directory; from file:// a link must name its index.html", rel)
	case fi.IsDir():
		rel = path.Join(rel, "index.html")
		if _, err := os.Stat(filepath.Join(c.dir, filepath.FromSlash(rel))); err != nil {
			return rel, true, fmt.Errorf("no file %s", rel)
		}
	}
	return rel, true, nil
}

// crawl visits start and every page that links lead to from it. Pages that the browser
// need not load (browserChecked) are read from disk for their links and ids.
func (c *crawler) crawl(t *testing.T, start string) {
	t.Helper()
	queue := []string{start}
	queued := map[string]bool{}
	if u, err := url.Parse(start); err == nil {
		if rel, ok, _ := c.resolve(u); ok {
			queued[rel] = true
		}
	}
	for len(queue) > 0 {
		href := queue[0]
		queue = queue[1:]
		u, _ := url.Parse(href)
		rel, _, _ := c.resolve(u)

		if !browserChecked(rel) {
			info, err := readStatic(c.dir, rel, u)
			if err != nil {
				c.errorf("%s: %v", rel, err)
				continue
			}
			c.pages[rel] = info
			c.order = append(c.order, rel)
			queue = c.follow(rel, info, queue, queued)
			continue
		}
		status, info, err := load(c.ctx, href)
		if err == nil && c.visit != nil {
			c.visit(rel, info)
		}
		reqs, problems := c.w.take()
		c.requests = append(c.requests, reqs...)
		for _, p := range problems {
			c.errorf("%s: %s", rel, p)
		}
		if err != nil {
			c.errorf("%s: %v", rel, err)
			continue
		}
		if !c.offline && status != 200 {
			c.errorf("%s: HTTP status %d", rel, status)
		}
		c.pages[rel] = info
		c.order = append(c.order, rel)
		queue = c.follow(rel, info, queue, queued)
	}
	c.checkFragments()
}

// follow records the links of page rel and queues the pages they lead to.
func (c *crawler) follow(rel string, info pageInfo, queue []string, queued map[string]bool) []string {
	for _, h := range info.Links {
		lu, err := url.Parse(h)
		if err != nil {
			c.errorf("%s: link %q: %v", rel, h, err)
			continue
		}
		switch lu.Scheme {
		case "http", "https", "file":
		default: // mailto: and the like
			continue
		}
		to, inside, err := c.resolve(lu)
		if !inside {
			c.external = append(c.external, h)
			continue
		}
		if err != nil {
			c.errorf("%s: broken link %s: %v", rel, h, err)
			continue
		}
		c.links = append(c.links, link{from: rel, to: to, href: h, fragment: lu.Fragment})
		if strings.HasSuffix(to, ".html") && !queued[to] {
			queued[to] = true
			lu.Fragment, lu.RawFragment = "", ""
			queue = append(queue, lu.String())
		}
	}
	return queue
}

// referenceSample are the GDPR reference pages (under <lang>/) that the browser loads and
// axe checks in every language: one of each kind, and the articles with the most on them.
// The reference has some 280 pages per language made from one layout; the others are read
// from disk, so that every link and anchor is still checked without a browser's cost.
var referenceSample = map[string]bool{
	"gdpr/index.html":                     true,
	"gdpr/article-4/index.html":           true, // definitions with sub-points
	"gdpr/article-8/index.html":           true, // country notes on the age of consent
	"gdpr/article-9/index.html":           true, // commentary, points, country notes
	"gdpr/article-33/index.html":          true,
	"gdpr/definitions/index.html":         true,
	"gdpr/country-notes/index.html":       true,
	"gdpr/recitals/index.html":            true,
	"gdpr/recitals/recital-35/index.html": true,
	"gdpr/recitals/recital-1/index.html":  true, // footnotes
}

// browserChecked reports whether the crawls load page rel in the browser.
func browserChecked(rel string) bool {
	lang, rest, ok := strings.Cut(rel, "/")
	if !ok || lang == "" || !strings.HasPrefix(rest, "gdpr/") {
		return true
	}
	return referenceSample[rest]
}

var (
	hrefAttr = regexp.MustCompile(`<(?:a [^>]*?href|form [^>]*?action)="([^"]*)"`)
	idAttr   = regexp.MustCompile(` id="([^"]*)"`)
)

// readStatic reads a built page from disk: its links, resolved against its URL u as a
// browser would, and its ids. The builder's HTML is regular enough for patterns.
func readStatic(dir, rel string, u *url.URL) (pageInfo, error) {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return pageInfo{}, err
	}
	info := pageInfo{URL: u.String()}
	for _, m := range hrefAttr.FindAllSubmatch(b, -1) {
		ref, err := url.Parse(html.UnescapeString(string(m[1])))
		if err != nil {
			return info, fmt.Errorf("link %q: %v", m[1], err)
		}
		info.Links = append(info.Links, u.ResolveReference(ref).String())
	}
	for _, m := range idAttr.FindAllSubmatch(b, -1) {
		info.IDs = append(info.IDs, html.UnescapeString(string(m[1])))
	}
	return info, nil
}

// checkFragments reports links to #fragments that the target page does not have.
func (c *crawler) checkFragments() {
	seen := map[string]bool{}
	for _, l := range c.links {
		if l.fragment == "" || l.fragment == "top" {
			continue
		}
		target, ok := c.pages[l.to]
		if !ok || seen[l.from+" "+l.href] {
			continue
		}
		seen[l.from+" "+l.href] = true
		if !slices.Contains(target.IDs, l.fragment) {
			c.errorf("%s: link %s: %s has no element with id %q", l.from, l.href, l.to, l.fragment)
		}
	}
}

// languageDirs are the top-level directories of a built site that have an index.html:
// the language homes (build/<lang>/index.html).
func languageDirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "index.html")); e.IsDir() && err == nil {
			langs = append(langs, e.Name())
		}
	}
	return langs, nil
}

// htmlFiles lists the *.html files under dir/sub, relative to dir, slash-separated, sorted.
func htmlFiles(dir, sub string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// checkReachedAll reports every page of every language that the crawl did not reach, and
// every page that has no link to its language's home.
func (c *crawler) checkReachedAll(t *testing.T) {
	t.Helper()
	langs, err := languageDirs(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) == 0 {
		t.Fatalf("no language homes (<lang>/index.html) in %s", c.dir)
	}
	for _, lang := range langs {
		files, err := htmlFiles(c.dir, lang)
		if err != nil {
			t.Fatal(err)
		}
		home := lang + "/index.html"
		for _, f := range files {
			if _, ok := c.pages[f]; !ok {
				c.errorf("%s: not reached by following links from the home page", f)
				continue
			}
			if f == home {
				continue
			}
			if !slices.ContainsFunc(c.links, func(l link) bool { return l.from == f && l.to == home }) {
				c.errorf("%s: no link back to its home page %s", f, home)
			}
		}
	}
}

// report fails the test with every error the crawl found.
func (c *crawler) report(t *testing.T) {
	t.Helper()
	t.Logf("visited %d pages, %d links inside the site, %d external links", len(c.order), len(c.links), len(c.external))
	slices.Sort(c.errs)
	c.errs = slices.Compact(c.errs)
	for _, e := range c.errs {
		t.Error(e)
	}
}
