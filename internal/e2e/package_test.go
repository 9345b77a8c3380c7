package e2e

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// packageOut is the output of securehealth package on testdata/package-site (a curriculum
// of two modules with two lessons and a quiz each, a toolbox template, English and Greek),
// made once, on first use.
var packageOut = sync.OnceValues(func() (string, error) {
	bin, err := binary()
	if err != nil {
		return "", err
	}
	out := filepath.Join(tmpDir, "package-site", "out")
	cmd := exec.Command(bin, "package", "-s", filepath.Join(repoRoot, "testdata", "package-site"), "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("securehealth package: %v\n%s", err, b)
	}
	return out, nil
})

// unzipPackage extracts a zip of downloads/ into a fresh temporary directory, as a learner
// would, and returns that directory.
func unzipPackage(t *testing.T, name string) string {
	t.Helper()
	out, err := packageOut()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(filepath.Join(out, "downloads", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dir := t.TempDir()
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Fatalf("%s: entry %q outside the folder", name, f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// packQuizAnswers are the right answers to both quizzes of the package site.
var packQuizAnswers = answerSet{"q1": "a", "q2": "true", "q3": []string{"a", "b"}}

// TestPackageOffline unzips the English zip, opens its index.html from file:// and uses the
// course as a learner would: three levels down by links, a search, the module quiz passed,
// the toolbox template filled in and saved.
func TestPackageOffline(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	dir := filepath.Join(unzipPackage(t, "packtest-en.zip"), "packtest-en")
	base := fileURL(dir)
	ctx, w := newTab(t)
	at := func(rel string) string { return base.ResolveReference(&url.URL{Path: rel}).String() }

	// index.html opens the English home.
	navigate(t, ctx, at("index.html"))
	waitLoaded(t, ctx, at("en/index.html"))

	// Home → curriculum → module → lesson.
	clickAndWait(t, ctx, `main a[href="course/index.html"]`)
	clickAndWait(t, ctx, `main a[href="m1/index.html"]`)
	clickAndWait(t, ctx, `main a[href="l2/index.html"]`)
	if h1 := evaluate[string](t, ctx, `document.querySelector('h1').textContent`); h1 != "Reporting a breach" {
		t.Errorf("three levels down: h1 %q, want the lesson Reporting a breach", h1)
	}
	noProblems(t, w)

	// Search from the header.
	v := typeSearch(t, ctx, `input[type=search]`, "laptop", "“laptop”")
	if len(v.Titles) == 0 || !strings.Contains(strings.Join(v.Titles, " "), "/en/course/m1/l1/index.html") {
		t.Errorf("searching laptop: results %v, want the lesson Spotting a breach", v.Titles)
	}
	noProblems(t, w)

	// The module quiz, all right.
	mustLoad(t, ctx, at("en/course/m1/index.html"))
	answerQuiz(t, ctx, "pack-m1", packQuizAnswers)
	if got := evaluate[string](t, ctx, `document.querySelector('form[data-quiz="pack-m1"] [data-quiz-score]').getAttribute('data-percent') + ' ' + document.querySelector('form[data-quiz="pack-m1"] [data-quiz-score]').getAttribute('data-passed')`); got != "100 true" {
		t.Errorf("quiz all right: data-percent and data-passed %q, want 100 true", got)
	}
	if stored := evaluate[string](t, ctx, `localStorage.getItem('packtest:v1:quiz:pack-m1') || ''`); !strings.Contains(stored, `"passed":true`) {
		t.Errorf("quiz result stored as %q", stored)
	}
	noProblems(t, w)

	// The toolbox template: saving on, fill in, the copy is kept.
	mustLoad(t, ctx, at("en/toolbox/breach-log/index.html"))
	click(t, ctx, `[data-template-save]`)
	evaluate[bool](t, ctx, `(() => {
		const f = document.querySelector('form[data-template="breach-log"]');
		const set = (name, value) => { const c = f.querySelector('[name="' + name + '"]'); c.value = value; c.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('change', {bubbles: true})); };
		set('ward', 'Cardiology');
		set('what', 'A laptop was stolen.');
		return true;
	})()`)
	waitFor(t, ctx, `Object.keys(localStorage).some(k => k.startsWith('packtest:v1:template:breach-log') && localStorage.getItem(k).includes('Cardiology'))`, "the template's saved copy")
	mustLoad(t, ctx, at("en/toolbox/breach-log/index.html"))
	if got := evaluate[string](t, ctx, `document.querySelector('[name="ward"]').value`); got != "Cardiology" {
		t.Errorf("after reloading the template: ward %q, want Cardiology", got)
	}
	noProblems(t, w)
}

// TestPackageAllLanguages opens a deep English page of the all-languages zip from file://,
// switches to Greek there and searches in Greek.
func TestPackageAllLanguages(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	dir := filepath.Join(unzipPackage(t, "packtest.zip"), "packtest")
	base := fileURL(dir)
	at := func(rel string) string { return base.ResolveReference(&url.URL{Path: rel}).String() }
	ctx, w := newTab(t)
	// The zip opens at the language chooser.
	navigate(t, ctx, at("index.html"))
	waitFor(t, ctx, `document.readyState === 'complete' && document.querySelectorAll('ul.chooser a[hreflang]').length === 2`, "the language chooser")
	mustLoad(t, ctx, at("en/course/m2/l1/index.html"))
	href := clickAndWait(t, ctx, `.lang-switcher a[hreflang="el"]`)
	if href != at("el/course/m2/l1/index.html") {
		t.Errorf("the switcher led to %s, want the same lesson in Greek", href)
	}
	if lang := evaluate[string](t, ctx, `document.documentElement.lang`); lang != "el" {
		t.Errorf("after switching: lang %q", lang)
	}
	v := typeSearch(t, ctx, `input[type=search]`, "φάκελο", "«φάκελο»")
	if len(v.Titles) == 0 || !strings.Contains(strings.Join(v.Titles, " "), "/el/course/m2/") {
		t.Errorf("searching φάκελο in Greek: results %v, want pages of the second module", v.Titles)
	}
	noProblems(t, w)
}

// answerQuiz answers the quiz id on the page with a and checks it.
func answerQuiz(t *testing.T, ctx context.Context, id string, a answerSet) {
	t.Helper()
	evaluate[bool](t, ctx, fmt.Sprintf(`%s(%q, %s)`, answerScript, id, mustJSON(t, a)))
}

// navigate loads url without reading the page, which may move on by itself at once (the
// index.html of a one-language zip opens the language's home).
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
}

// TestPackageDownloadsPage serves the packaged site over HTTP: each language's downloads page
// passes axe-core, is linked from the footer, and every package it offers downloads.
func TestPackageDownloadsPage(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	out, err := packageOut()
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, out)
	ctx, w := newTab(t)
	for _, lang := range []string{"en", "el"} {
		mustLoad(t, ctx, base.String()+lang+"/course/m1/")
		clickAndWait(t, ctx, `footer a[href$="download/"]`)
		links := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('main a[download]'), a => a.href)`)
		if len(links) != 5 { // this language, all languages, the curriculum and its two modules
			t.Errorf("%s: %d downloads offered, want 5: %v", lang, len(links), links)
		}
		for _, href := range links {
			status := evaluateAsync[int](t, ctx, fmt.Sprintf(`fetch(%q, {method: 'HEAD'}).then(r => r.status)`, href))
			if status != 200 || !strings.HasSuffix(href, ".zip") {
				t.Errorf("%s: %s: HTTP %d", lang, href, status)
			}
		}
		axeClean(t, ctx, w, lang+" downloads page")
	}
}
