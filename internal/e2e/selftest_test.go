package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A broken site, written by hand, on which every check of the crawls must fire: this
// keeps the browser tests from passing because they stopped looking.
var brokenSite = map[string]string{
	"index.html": page("en", `<a href="en/index.html">English</a>`),
	"en/index.html": page("en", `<link rel="stylesheet" href="https://fonts.invalid/font.css">
		<script src="../app.js"></script>
		<a href="a/index.html">A</a> <a href="a/index.html#nope">A, nope</a>
		<a href="b/">B as a directory</a> <a href="missing.html">missing</a>
		<a href="https://example.invalid/">elsewhere</a>`),
	"en/a/index.html":      page("en", `<h2 id="here">Here</h2> <a href="../b/index.html">B</a> <img src="data:,">`),
	"en/b/index.html":      page("en", `<a href="../index.html">home</a> <a href="../a/index.html#here">A, here</a>`),
	"en/orphan/index.html": page("en", `<a href="../index.html">home</a>`),
	"app.js":               `document.cookie = "tracker=1; path=/"; localStorage.setItem("draft", "x"); throw new Error("boom");`,
}

func page(lang, body string) string {
	return `<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><title>t</title></head><body><main>` +
		body + `</main></body></html>`
}

// TestChecksCatchProblems crawls brokenSite from file:// and over HTTP and expects every
// kind of problem to be reported.
func TestChecksCatchProblems(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	dir := t.TempDir()
	for name, text := range brokenSite {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	common := []string{
		"en/index.html: broken link ",
		"no file en/missing.html",
		`en/a/index.html has no element with id "nope"`,
		"en/a/index.html: no link back to its home page en/index.html",
		"en/orphan/index.html: not reached by following links",
		"en/index.html: loading https://fonts.invalid/font.css failed",
		"en/index.html: uncaught exception",
	}

	t.Run("file", func(t *testing.T) {
		ctx, w := newTab(t)
		c := newCrawler(ctx, w, dir, fileURL(dir))
		c.crawl(t, c.base.JoinPath("index.html").String())
		c.checkReachedAll(t)
		wantErrors(t, c.errs, append(common, "en/b/ is a directory")...)
	})

	t.Run("http", func(t *testing.T) {
		ctx, w := newTab(t)
		c := newCrawler(ctx, w, dir, serve(t, dir))
		c.crawl(t, c.base.String())
		c.checkReachedAll(t)
		wantErrors(t, c.errs, common...)
		for _, e := range c.errs {
			if strings.Contains(e, "directory") {
				t.Errorf("over HTTP a link to a directory is fine, but: %s", e)
			}
		}
		if _, _, err := load(ctx, c.base.JoinPath("en/a/index.html").String()); err != nil {
			t.Fatal(err)
		}
		violations, err := runAxe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range violations {
			ids = append(ids, v.ID)
		}
		wantErrors(t, ids, "image-alt")
		wantErrors(t, privacyErrors(t, ctx, c, "e2e"),
			"request to another host: https://fonts.invalid/font.css",
			`cookie set: tracker="1"`,
			`localStorage key "draft"`,
		)
	})
}

// wantErrors fails unless each wanted text is part of some error.
func wantErrors(t *testing.T, errs []string, want ...string) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, e := range errs {
			if strings.Contains(e, w) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no error contains %q; errors:\n%s", w, strings.Join(errs, "\n"))
		}
	}
}
