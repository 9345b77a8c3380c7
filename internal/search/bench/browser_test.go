package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// firstQueries are searched once each in a fresh browser, to count what a first search
// downloads; latencyQueries are then searched again and again, their files loaded.
var (
	firstQueries   = []string{"breach", "data", "data breach"}
	latencyQueries = []string{"breach", "data", "data breach", "brea", "proc"}
)

const (
	latencyRuns = 20
	warmUps     = 5 // the JIT compiles the search code on the first few
)

// A logServer serves a folder over loopback HTTP, without caching, and records the path of
// every request: the requests of Pagefind's web worker too, which the page's own network
// events do not show.
type logServer struct {
	*httptest.Server
	root  string
	mu    sync.Mutex
	paths []string
}

// benchPage is a blank page for Pagefind's API: Pagefind picks its index by <html lang>.
const benchPage = `<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>`

func serve(t *testing.T, root string) *logServer {
	s := &logServer{root: root}
	files := http.FileServer(http.Dir(root))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path == "/__bench.html" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, benchPage, benchLang())
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// take returns the paths requested since the last take, each once, in order.
func (s *logServer) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, p := range s.paths {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	s.paths = nil
	return out
}

// browser starts headless Chromium with the flags of the e2e tests.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no /usr/bin/chromium")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// tab opens a tab in a browser context of its own (an empty cache) at url.
func tab(t *testing.T, browser context.Context, url string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // the tab lives as long as the context of its first run
		t.Fatalf("opening a tab: %v", err)
	}
	lctx, lcancel := context.WithTimeout(ctx, 60*time.Second)
	defer lcancel()
	if err := chromedp.Do(lctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return v
}

// A download is what a first search fetched: files by kind, raw and each gzipped.
type download struct {
	Engine  string           `json:"engine"`
	Query   string           `json:"query"`
	Results int              `json:"results"`
	Files   []string         `json:"files"`
	Raw     int64            `json:"raw"`
	Gzip    int64            `json:"gzip"`
	ByKind  map[string][]int `json:"by_kind"` // kind → [files, raw, gzip]
	Millis  float64          `json:"ms"`      // on loopback, from the query to the top five shown
}

// gnuGzipSize is the size of the file compressed by gzip -6.
func gnuGzipSize(t *testing.T, file string) int64 {
	out, err := exec.Command("gzip", "-6", "-c", file).Output()
	if err != nil {
		t.Fatalf("gzip %s: %v", file, err)
	}
	return int64(len(out))
}

// measure sums the files among paths that kind classifies (kind "" is not search's).
func measure(t *testing.T, d *download, root string, paths []string, kind func(p string) string) {
	d.ByKind = map[string][]int{}
	for _, p := range paths {
		k := kind(p)
		if k == "" {
			continue
		}
		file := filepath.Join(root, filepath.FromSlash(path.Clean(p)))
		st, err := os.Stat(file)
		if err != nil {
			t.Fatalf("%s was fetched but is not a file: %v", p, err)
		}
		gz := gnuGzipSize(t, file)
		d.Files = append(d.Files, p)
		d.Raw += st.Size()
		d.Gzip += gz
		c := d.ByKind[k]
		if c == nil {
			c = make([]int, 3)
		}
		c[0]++
		c[1] += int(st.Size())
		c[2] += int(gz)
		d.ByKind[k] = c
	}
}

// oursFirst searches from the header box of the language's home page, as a reader does:
// focusing the box loads search.js, which loads the index; typing the query loads its
// shards, and the pop-up shows the top five results once their fragments are in.
func oursFirst(t *testing.T, b context.Context, srv *logServer, lang, q string) download {
	ctx := tab(t, b, srv.URL+"/"+lang+"/")
	srv.take()
	r := eval[struct {
		Ms   float64 `json:"ms"`
		Hits int     `json:"hits"`
	}](t, ctx, fmt.Sprintf(`(async () => {
		const wait = f => new Promise(ok => { const w = () => f() ? ok() : setTimeout(w, 2); w(); });
		const input = document.querySelector('#site-search-q');
		input.focus();
		await wait(() => window.SHSearch && SHSearch.query);
		const t0 = performance.now();
		input.value = %q;
		input.dispatchEvent(new Event('input', {bubbles: true}));
		const status = input.form.querySelector('[role=status]');
		await wait(() => status.textContent !== '');
		return {ms: performance.now() - t0 - 150, hits: input.form.querySelectorAll('.search-pop .search-hit').length};
	})()`, q))
	time.Sleep(300 * time.Millisecond)
	d := download{Engine: "ours", Query: q, Results: r.Hits, Millis: r.Ms}
	measure(t, &d, srv.root, srv.take(), func(p string) string {
		dir := "/" + lang + "/search/"
		switch {
		case strings.HasPrefix(p, "/assets/search."):
			return "search.js"
		case !strings.HasPrefix(p, dir) || strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html"):
			return ""
		}
		return ourKind(strings.TrimPrefix(p, dir))
	})
	return d
}

// pagefindFirst searches with Pagefind's JavaScript API (no UI, the least it can load) on a
// blank page and loads the data of the top five results.
func pagefindFirst(t *testing.T, b context.Context, srv *logServer, q string) download {
	ctx := tab(t, b, srv.URL+"/__bench.html")
	srv.take()
	r := eval[struct {
		Ms   float64 `json:"ms"`
		Hits int     `json:"hits"`
	}](t, ctx, fmt.Sprintf(`(async () => {
		const t0 = performance.now();
		const pf = await import('/pagefind/pagefind.js');
		const s = await pf.search(%q);
		await Promise.all(s.results.slice(0, 5).map(r => r.data()));
		return {ms: performance.now() - t0, hits: s.results.length};
	})()`, q))
	time.Sleep(300 * time.Millisecond)
	d := download{Engine: "pagefind", Query: q, Results: r.Hits, Millis: r.Ms}
	measure(t, &d, srv.root, srv.take(), func(p string) string {
		if !strings.HasPrefix(p, "/pagefind/") {
			return ""
		}
		return pagefindKind(strings.TrimPrefix(p, "/pagefind/"))
	})
	return d
}

func kb(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }

func writeJSON(t *testing.T, name string, v any) {
	file := os.Getenv("SECUREHEALTH_BENCH_JSON")
	if file == "" {
		return
	}
	var all map[string]any
	if b, err := os.ReadFile(file); err == nil {
		json.Unmarshal(b, &all)
	}
	if all == nil {
		all = map[string]any{}
	}
	all[name] = v
	b, _ := json.MarshalIndent(all, "", "  ")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Error(err)
	}
}

// TestDownloads counts the bytes of a first search, ours and Pagefind's.
func TestDownloads(t *testing.T) {
	out := env(t, "SECUREHEALTH_BENCH_OUT")
	lang := benchLang()
	b := browser(t)
	ours := serve(t, out)
	var pf *logServer
	if dir := os.Getenv("SECUREHEALTH_BENCH_PAGEFIND"); dir != "" {
		pf = serve(t, dir)
	}
	var all []download
	for _, q := range firstQueries {
		all = append(all, oursFirst(t, b, ours, lang, q))
		if pf != nil {
			all = append(all, pagefindFirst(t, b, pf, q))
		}
	}
	var sb strings.Builder
	for _, d := range all {
		fmt.Fprintf(&sb, "%s %q: %d results, %d files, %s raw, %s gzip -6, %.0f ms\n", d.Engine, d.Query, d.Results, len(d.Files), kb(d.Raw), kb(d.Gzip), d.Millis)
		kinds := make([]string, 0, len(d.ByKind))
		for k := range d.ByKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			c := d.ByKind[k]
			fmt.Fprintf(&sb, "    %-28s %3d files %10s %10s\n", k, c[0], kb(int64(c[1])), kb(int64(c[2])))
		}
	}
	t.Logf("first %s search on %s:\n%s", lang, out, sb.String())
	writeJSON(t, "downloads", all)
}

// A latency is the time of one query searched again and again after its files are loaded.
type latency struct {
	Engine string    `json:"engine"`
	Query  string    `json:"query"`
	Limit  int       `json:"limit"` // ours: results made (0: all of them)
	Pages  int       `json:"pages"` // results found
	Median float64   `json:"median_ms"`
	P90    float64   `json:"p90_ms"`
	Runs   []float64 `json:"runs_ms"`
}

func stats(l *latency) {
	r := append([]float64(nil), l.Runs...)
	sort.Float64s(r)
	l.Median = (r[(len(r)-1)/2] + r[len(r)/2]) / 2
	l.P90 = r[len(r)*9/10-1]
}

// TestLatency times SHSearch.query (and Pagefind's search) once the query's files are loaded:
// warmUps runs, then latencyRuns timed ones.
func TestLatency(t *testing.T) {
	out := env(t, "SECUREHEALTH_BENCH_OUT")
	lang := benchLang()
	b := browser(t)
	ours := serve(t, out)
	ctx := tab(t, b, ours.URL+"/"+lang+"/")
	eval[bool](t, ctx, `(async () => {
		document.querySelector('#site-search-q').focus();
		await new Promise(ok => { const w = () => window.SHSearch && SHSearch.query ? ok() : setTimeout(w, 2); w(); });
		return true;
	})()`)
	var all []latency
	for _, limit := range []int{10, 0} {
		for _, q := range latencyQueries {
			opts := "{}"
			if limit > 0 {
				opts = fmt.Sprintf("{limit: %d}", limit)
			}
			l := latency{Engine: "ours", Query: q, Limit: limit}
			r := eval[struct {
				Pages int       `json:"pages"`
				Runs  []float64 `json:"runs"`
			}](t, ctx, fmt.Sprintf(`(async () => {
				const pages = (await SHSearch.query(%q, %q, {})).length;
				for (let i = 0; i < %d; i++) await SHSearch.query(%q, %q, %s);
				const runs = [];
				for (let i = 0; i < %d; i++) {
					const t0 = performance.now();
					await SHSearch.query(%q, %q, %s);
					runs.push(performance.now() - t0);
				}
				return {pages, runs};
			})()`, lang, q, warmUps, lang, q, opts, latencyRuns, lang, q, opts))
			l.Pages, l.Runs = r.Pages, r.Runs
			stats(&l)
			all = append(all, l)
		}
	}
	if dir := os.Getenv("SECUREHEALTH_BENCH_PAGEFIND"); dir != "" {
		pf := serve(t, dir)
		ctx := tab(t, b, pf.URL+"/__bench.html")
		for _, q := range latencyQueries {
			l := latency{Engine: "pagefind", Query: q}
			r := eval[struct {
				Pages int       `json:"pages"`
				Runs  []float64 `json:"runs"`
			}](t, ctx, fmt.Sprintf(`(async () => {
				const pf = await import('/pagefind/pagefind.js');
				const pages = (await pf.search(%q)).results.length;
				for (let i = 0; i < %d; i++) await pf.search(%q);
				const runs = [];
				for (let i = 0; i < %d; i++) {
					const t0 = performance.now();
					await pf.search(%q);
					runs.push(performance.now() - t0);
				}
				return {pages, runs};
			})()`, q, warmUps, q, latencyRuns, q))
			l.Pages, l.Runs = r.Pages, r.Runs
			stats(&l)
			all = append(all, l)
		}
	}
	var sb strings.Builder
	for _, l := range all {
		lim := "all results"
		if l.Limit > 0 {
			lim = fmt.Sprintf("limit %d", l.Limit)
		}
		if l.Engine == "pagefind" {
			lim = "search()"
		}
		fmt.Fprintf(&sb, "%-8s %-14q %5d pages %-11s median %6.2f ms, p90 %6.2f ms\n", l.Engine, l.Query, l.Pages, lim, l.Median, l.P90)
	}
	t.Logf("query latency, %s, %d runs after %d warm-up runs:\n%s", lang, latencyRuns, warmUps, sb.String())
	writeJSON(t, "latency", all)
}
