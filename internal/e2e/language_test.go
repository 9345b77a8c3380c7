package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A mode is one way of opening a built site: over HTTP, or the --offline build from
// file://, where links name index.html files.
type mode struct {
	name    string
	dir     string   // the build on disk
	base    *url.URL // dir as the browser sees it, ending in a slash
	offline bool
}

// modes serves s.out over HTTP and opens s.off from file://.
func modes(t *testing.T, s *site) []mode {
	t.Helper()
	return []mode{
		{name: "http", dir: s.out, base: serve(t, s.out)},
		{name: "file", dir: s.off, base: fileURL(s.off), offline: true},
	}
}

// page is the URL of a page given as a directory path ("en/privacy/", "" for the root):
// the directory over HTTP, its index.html from file://.
func (m mode) page(dir string) string {
	if m.offline {
		return m.base.JoinPath(dir, "index.html").String()
	}
	u := m.base.JoinPath(dir).String()
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// setLanguages makes the tab's browser prefer the given languages (an Accept-Language
// value such as "sl,en"), as a browser set up in that language would: navigator.languages
// and the Accept-Language header follow. It must run before the page loads.
func setLanguages(t *testing.T, ctx context.Context, accept string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatalf("reading the user agent: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
		UserAgent:      ua,
		AcceptLanguage: accept,
	}); err != nil {
		t.Fatalf("setting the browser's languages to %s: %v", accept, err)
	}
}

// addInitScript runs script in every document the tab loads from now on, before the
// page's own scripts.
func addInitScript(t *testing.T, ctx context.Context, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatalf("adding an init script: %v", err)
	}
}

// evaluate runs a JavaScript expression in the tab's page and decodes its value.
func evaluate[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// storedLanguage reads the language the site remembers, "" when there is none.
func storedLanguage(t *testing.T, ctx context.Context, siteID string) string {
	t.Helper()
	return evaluate[string](t, ctx, fmt.Sprintf(`(() => { try { return localStorage.getItem(%q) || ""; } catch (e) { return ""; } })()`, siteID+":v1:language"))
}

// clickAndWait clicks the first element that sel matches, a link, and waits until the
// tab has loaded the link's target.
func clickAndWait(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	href := evaluate[string](t, ctx, fmt.Sprintf(`(() => { const a = document.querySelector(%q); return a ? a.href : ""; })()`, sel))
	if href == "" {
		t.Fatalf("%s: no such link on %s", sel, evaluate[string](t, ctx, `location.href`))
	}
	cctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
	waitLoaded(t, ctx, href)
	return href
}

// waitLoaded waits until the tab shows url, completely loaded.
func waitLoaded(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	deadline := time.Now().Add(pageTimeout)
	var last string
	for time.Now().Before(deadline) {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		s, err := chromedp.Run(cctx, chromedp.Evaluate[string](`location.href + " " + document.readyState`))
		cancel()
		if err == nil {
			last = s
			if s == url+" complete" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waiting for %s to load; the tab shows %q", url, last)
}

// noProblems fails the test with what went wrong in the tab's pages since the last call:
// uncaught exceptions, console errors (CSP violations among them), failed loads.
func noProblems(t *testing.T, w *watch) {
	t.Helper()
	_, problems := w.take()
	for _, p := range problems {
		t.Error(p)
	}
}

// A chooserState is what the language chooser shows.
type chooserState struct {
	URL   string   `json:"url"`
	Order []string `json:"order"` // hreflang of the list's links, in order
	// Continue is the "Continue in …" link, if the page offers one.
	Continue *struct {
		Hreflang string `json:"hreflang"`
		Lang     string `json:"lang"`
		Href     string `json:"href"`
		Text     string `json:"text"`
		// Want* are the same attributes of the list's link in that language.
		WantHref   string `json:"wantHref"`
		WantText   string `json:"wantText"`
		BeforeList bool   `json:"beforeList"` // the offer comes right before the list
		Count      int    `json:"count"`      // how many offers there are
	} `json:"continue"`
	Languages []string `json:"languages"` // navigator.languages
}

const chooserStateScript = `(() => {
	const list = document.querySelector('ul.chooser');
	const offers = document.querySelectorAll('.chooser-continue');
	const a = document.querySelector('p.chooser-continue > a[hreflang]');
	let cont = null;
	if (a) {
		const same = list.querySelector('li > a[hreflang="' + a.getAttribute('hreflang') + '"]');
		cont = {
			hreflang: a.getAttribute('hreflang'), lang: a.getAttribute('lang') || '',
			href: a.href, text: a.textContent.trim(),
			wantHref: same ? same.href : '', wantText: same ? same.getAttribute('data-continue') : '',
			beforeList: list.previousElementSibling === a.parentElement,
			count: offers.length,
		};
	}
	return {
		url: location.href,
		order: Array.from(list.querySelectorAll(':scope > li > a[hreflang]'), a => a.getAttribute('hreflang')),
		continue: cont,
		languages: Array.from(navigator.languages),
	};
})()`

// checkOffer fails unless the chooser offers to continue in lang, with that language's
// own link and words, and lists lang first.
func checkOffer(t *testing.T, st chooserState, lang string) {
	t.Helper()
	c := st.Continue
	if c == nil {
		t.Errorf("no continue link (p.chooser-continue > a) for %s; browser languages %v", lang, st.Languages)
		return
	}
	if c.Hreflang != lang || c.Lang != lang {
		t.Errorf("continue link: hreflang=%q lang=%q, want %q", c.Hreflang, c.Lang, lang)
	}
	if c.Href != c.WantHref {
		t.Errorf("continue link goes to %s, the %s link of the list to %s", c.Href, lang, c.WantHref)
	}
	if c.Text == "" || c.Text != c.WantText {
		t.Errorf("continue link says %q, want the link's data-continue %q", c.Text, c.WantText)
	}
	if !c.BeforeList || c.Count != 1 {
		t.Errorf("want one continue paragraph right before the list; right before: %v, count %d", c.BeforeList, c.Count)
	}
	if len(st.Order) == 0 || st.Order[0] != lang {
		t.Errorf("list order %v: want %s first", st.Order, lang)
	}
}

// A chooserCase is a browser language a site has, and another language to pick.
type chooserCase struct {
	accept string // the browser's languages
	want   string // the language offered
	pick   string // hreflang of the link to click
	name   string // its visible name, to check the test clicks what a learner would
}

var chooserCases = map[string]chooserCase{
	"repo":     {accept: "sl,en", want: "sl", pick: "hr", name: "Hrvatski"},
	"e2e-site": {accept: "el-GR,en-GB", want: "el", pick: "en", name: "English"},
}

// TestLanguageChooser opens the root chooser with a fresh profile over HTTP and from
// file://: it must offer the browser's language first without going anywhere by itself,
// remember the language the learner clicks and offer that one next time, ignore a stored
// value that names no language of the site, offer nothing for a browser language the site
// does not have, and work when localStorage throws.
func TestLanguageChooser(t *testing.T) {
	forEachSite(t, func(t *testing.T, s *site) {
		siteID := readSiteID(t, s.src)
		key := siteID + ":v1:language"
		c, ok := chooserCases[s.name]
		if !ok {
			t.Fatalf("no chooser case for site %s", s.name)
		}
		for _, m := range modes(t, s) {
			root := m.page("")
			t.Run(m.name, func(t *testing.T) {
				t.Run("browser-language", func(t *testing.T) {
					ctx, w := newTab(t)
					setLanguages(t, ctx, c.accept)
					if _, _, err := load(ctx, root); err != nil {
						t.Fatal(err)
					}
					st := evaluate[chooserState](t, ctx, chooserStateScript)
					if len(st.Languages) == 0 || !strings.HasPrefix(st.Languages[0], c.want) {
						t.Fatalf("navigator.languages = %v after setting %q", st.Languages, c.accept)
					}
					checkOffer(t, st, c.want)
					if got := storedLanguage(t, ctx, siteID); got != "" {
						t.Errorf("the chooser stored %s=%q before any click", key, got)
					}

					// The chooser offers; it never redirects.
					time.Sleep(time.Second)
					if u := evaluate[string](t, ctx, `location.href`); u != root {
						t.Fatalf("the chooser went to %s by itself", u)
					}

					name := evaluate[string](t, ctx, fmt.Sprintf(`(a => (a.querySelector('.lang-name') || a).textContent.trim())(document.querySelector('ul.chooser a[hreflang=%q]'))`, c.pick))
					if name != c.name {
						t.Errorf("the %s link is named %q, want %q", c.pick, name, c.name)
					}
					clickAndWait(t, ctx, fmt.Sprintf(`ul.chooser a[hreflang=%q]`, c.pick))
					if got := storedLanguage(t, ctx, siteID); got != c.pick {
						t.Errorf("after clicking %s: %s=%q, want %q", c.name, key, got, c.pick)
					}
					if lang := evaluate[string](t, ctx, `document.documentElement.lang`); lang != c.pick {
						t.Errorf("clicking %s led to a page in %q", c.name, lang)
					}

					if _, _, err := load(ctx, root); err != nil {
						t.Fatal(err)
					}
					checkOffer(t, evaluate[chooserState](t, ctx, chooserStateScript), c.pick)

					// A stored value that names no language of the site is ignored.
					evaluate[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, "xx"), true)`, key))
					if _, _, err := load(ctx, root); err != nil {
						t.Fatal(err)
					}
					checkOffer(t, evaluate[chooserState](t, ctx, chooserStateScript), c.want)

					// Clicking the offer itself remembers its language too.
					clickAndWait(t, ctx, `p.chooser-continue > a`)
					if got := storedLanguage(t, ctx, siteID); got != c.want {
						t.Errorf("after clicking the continue link: %s=%q, want %q", key, got, c.want)
					}
					noProblems(t, w)
				})

				t.Run("unlisted-language", func(t *testing.T) {
					ctx, w := newTab(t)
					setLanguages(t, ctx, "ja")
					if _, _, err := load(ctx, root); err != nil {
						t.Fatal(err)
					}
					before := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('ul.chooser > li > a[hreflang]'), a => a.getAttribute('hreflang'))`)
					st := evaluate[chooserState](t, ctx, chooserStateScript)
					if st.Continue != nil {
						t.Errorf("browser language ja, storage empty: the chooser offers %s (%q)", st.Continue.Hreflang, st.Continue.Text)
					}
					if strings.Join(st.Order, " ") != strings.Join(before, " ") {
						t.Errorf("list reordered to %v", st.Order)
					}
					if st.URL != root {
						t.Errorf("the chooser went to %s by itself", st.URL)
					}
					noProblems(t, w)
				})

				t.Run("no-storage", func(t *testing.T) {
					ctx, w := newTab(t)
					setLanguages(t, ctx, c.accept)
					// As when the learner has disabled site data: every access throws.
					addInitScript(t, ctx, `Object.defineProperty(window, 'localStorage', {
						configurable: true,
						get() { throw new DOMException('storage is disabled', 'SecurityError'); },
					});`)
					if _, _, err := load(ctx, root); err != nil {
						t.Fatal(err)
					}
					checkOffer(t, evaluate[chooserState](t, ctx, chooserStateScript), c.want)
					clickAndWait(t, ctx, fmt.Sprintf(`ul.chooser a[hreflang=%q]`, c.pick))
					if lang := evaluate[string](t, ctx, `document.documentElement.lang`); lang != c.pick {
						t.Errorf("clicking %s led to a page in %q", c.name, lang)
					}
					// The language page's own script must cope as well.
					clickAndWait(t, ctx, fmt.Sprintf(`nav.lang-switcher a[hreflang=%q]`, c.want))
					noProblems(t, w)
				})
			})
		}
	})
}

// A switch is a page, and the languages to switch to from it, one after another.
type switchCase struct {
	page  string // directory path of the page in the first language
	langs []string
}

var switchCases = map[string]switchCase{
	"repo":     {page: "en/privacy/", langs: []string{"el"}},
	"e2e-site": {page: "en/guide/features/", langs: []string{"el", "en"}},
}

// TestLanguageSwitcher opens a page deep in the site over HTTP and from file:// and
// follows the language switcher: each switch must land on the same page in the other
// language, marked as current in the switcher, and remember the language.
func TestLanguageSwitcher(t *testing.T) {
	forEachSite(t, func(t *testing.T, s *site) {
		siteID := readSiteID(t, s.src)
		c, ok := switchCases[s.name]
		if !ok {
			t.Fatalf("no switcher case for site %s", s.name)
		}
		rest := strings.SplitN(c.page, "/", 2)[1] // the page's path below its language
		for _, m := range modes(t, s) {
			t.Run(m.name, func(t *testing.T) {
				ctx, w := newTab(t)
				if _, _, err := load(ctx, m.page(c.page)); err != nil {
					t.Fatal(err)
				}
				for _, lang := range c.langs {
					clickAndWait(t, ctx, fmt.Sprintf(`nav.lang-switcher a[hreflang=%q]`, lang))
					want := m.page(lang + "/" + rest)
					if u := evaluate[string](t, ctx, `location.href`); u != want {
						t.Errorf("switching to %s: at %s, want %s", lang, u, want)
					}
					if got := evaluate[string](t, ctx, `document.documentElement.lang`); got != lang {
						t.Errorf("switching to %s: <html lang=%q>", lang, got)
					}
					cur := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll('nav.lang-switcher a[aria-current]'), a => a.getAttribute('hreflang'))`)
					if len(cur) != 1 || cur[0] != lang {
						t.Errorf("switching to %s: the switcher marks %v as current", lang, cur)
					}
					if got := storedLanguage(t, ctx, siteID); got != lang {
						t.Errorf("switching to %s: %s:v1:language=%q", lang, siteID, got)
					}
				}
				noProblems(t, w)
			})
		}
	})
}

// The fallback page of the test site: content/en/guide/english-only.md has no Greek
// translation, so the Greek site shows the English page.
const (
	fallbackPage = "el/guide/english-only/"
	fallbackOf   = "en/guide/english-only/"
)

// fallbackStateScript reads what a fallback page must show: the notice and the language
// of the content, each as the closest lang attribute says.
const fallbackStateScript = `(() => {
	const langOf = e => { const l = e && e.closest('[lang]'); return l ? l.getAttribute('lang') : ''; };
	const notice = document.querySelector('.fallback-notice');
	const para = Array.from(document.querySelectorAll('main p')).find(p => p.textContent.includes('This page exists only in English'));
	const h1 = document.querySelector('main h1');
	const canon = document.querySelector('link[rel=canonical]');
	const en = document.querySelector('nav.lang-switcher a[hreflang=en]');
	return {
		lang: document.documentElement.lang,
		notice: notice ? notice.textContent.trim() : '',
		noticeLang: langOf(notice),
		paraLang: para ? langOf(para) : '(no paragraph)',
		title: h1 ? h1.textContent.trim() : '',
		titleLang: langOf(h1),
		contentLang: para ? (para.closest('[lang="en"]') ? 'en' : '') : '',
		canonical: canon ? canon.href : '',
		switchEn: en ? en.href : '',
	};
})()`

// greek matches a Greek letter: the fallback notice must be written in Greek.
var greek = regexp.MustCompile(`\p{Greek}`)

type fallbackState struct {
	Lang        string `json:"lang"`
	Notice      string `json:"notice"`
	NoticeLang  string `json:"noticeLang"`
	ParaLang    string `json:"paraLang"`
	Title       string `json:"title"`
	TitleLang   string `json:"titleLang"`
	ContentLang string `json:"contentLang"`
	Canonical   string `json:"canonical"`
	SwitchEn    string `json:"switchEn"`
}

// TestFallbackPage opens the Greek site's copy of a page that exists only in English:
// the page is a Greek page (html lang, notice in Greek, class fallback-notice) whose
// content is marked as English, whose canonical URL is the English page, and which
// passes axe-core.
func TestFallbackPage(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatalf("building the test site: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(fallbackPage), "index.html")); err != nil {
		t.Skip("fallback pages not built yet")
	}
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			if _, _, err := load(ctx, m.page(fallbackPage)); err != nil {
				t.Fatal(err)
			}
			st := evaluate[fallbackState](t, ctx, fallbackStateScript)
			if st.Lang != "el" {
				t.Errorf("<html lang=%q>, want el: the page belongs to the Greek site", st.Lang)
			}
			if st.Notice == "" {
				t.Errorf("no .fallback-notice (or it is empty)")
			} else if st.NoticeLang != "el" {
				t.Errorf(".fallback-notice %q is in lang %q, want el", st.Notice, st.NoticeLang)
			} else if !greek.MatchString(st.Notice) {
				t.Errorf(".fallback-notice %q is not written in Greek (a missing i18n string?)", st.Notice)
			}
			if st.Title != "English-only page" || st.TitleLang != "en" {
				t.Errorf("title %q in lang %q, want \"English-only page\" in en", st.Title, st.TitleLang)
			}
			if st.ParaLang != "en" || st.ContentLang != "en" {
				t.Errorf("the English paragraph is in lang %q, want it inside an element with lang=\"en\"", st.ParaLang)
			}
			// From file:// the canonical URL may name the directory or its index.html.
			canon := []string{m.base.JoinPath(fallbackOf).String() + "/", m.base.JoinPath(fallbackOf).String()}
			if m.offline {
				canon = append(canon, m.page(fallbackOf))
			}
			if !slices.Contains(canon, st.Canonical) {
				t.Errorf("canonical link %q, want %s", st.Canonical, canon[0])
			}
			if want := m.page(fallbackOf); st.SwitchEn != want {
				t.Errorf("the switcher's English link goes to %q, want %s", st.SwitchEn, want)
			}
			if !m.offline {
				violations, err := runAxe(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range violations {
					t.Errorf("%s: %s", fallbackPage, formatViolation(v))
				}
			}
			noProblems(t, w)
		})
	}
}
