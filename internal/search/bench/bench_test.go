package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/search"
	"github.com/securehealth/securehealth/internal/search/analysis"
)

// env returns a benchmark setting; the benchmark skips unless SECUREHEALTH_BENCH=1 and, when
// name is not "", that setting is there.
func env(tb testing.TB, name string) string {
	tb.Helper()
	if os.Getenv("SECUREHEALTH_BENCH") != "1" {
		tb.Skip("set SECUREHEALTH_BENCH=1 to run the search benchmarks (docs/benchmarks.md)")
	}
	if name == "" {
		return ""
	}
	v := os.Getenv(name)
	if v == "" {
		tb.Skipf("set %s (docs/benchmarks.md)", name)
	}
	return v
}

func benchLang() string {
	if l := os.Getenv("SECUREHEALTH_BENCH_LANG"); l != "" {
		return l
	}
	return "en"
}

// A page is one built HTML page of a language, as the indexer gets it from the renderer.
type page struct {
	lang, url, title string
	html             []byte
}

// builtPages reads every content page of a built site: each language's index.html files,
// without the pages the build writes for itself (search results, progress, translation
// status). Their titles come from <title> without the site name.
func builtPages(tb testing.TB, out string) (langs []string, pages []page) {
	tb.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(out, e.Name(), "search", search.ManifestName)); err == nil {
			langs = append(langs, e.Name())
		}
	}
	titleRE := regexp.MustCompile(`<title>([^<]*)</title>`)
	for _, lang := range langs {
		root := filepath.Join(out, lang)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				switch rel + "/" {
				case render.SearchDir, render.ProgressDir, render.StatusDir:
					return filepath.SkipDir
				}
				return nil
			}
			if d.Name() != "index.html" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			title := ""
			if m := titleRE.FindSubmatch(b); m != nil {
				title = html.UnescapeString(string(m[1]))
				if i := strings.LastIndex(title, " · "); i > 0 {
					title = title[:i]
				}
			}
			pages = append(pages, page{lang: lang, url: strings.TrimSuffix(rel, "index.html"), title: title, html: b})
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return langs, pages
}

var corpus = struct {
	once  sync.Once
	langs []string
	pages []page
	secs  [][]search.Section
}{}

// loadCorpus reads the built site once per test binary and extracts its pages' sections.
func loadCorpus(tb testing.TB) ([]string, []page, [][]search.Section) {
	out := env(tb, "SECUREHEALTH_BENCH_OUT")
	corpus.once.Do(func() {
		corpus.langs, corpus.pages = builtPages(tb, out)
		corpus.secs = extractAll(corpus.pages)
	})
	return corpus.langs, corpus.pages, corpus.secs
}

// extractAll extracts every page's sections on every core, as the build's renderers do.
func extractAll(pages []page) [][]search.Section {
	secs := make([][]search.Section, len(pages))
	parallel(len(pages), func(i int) { secs[i] = search.Extract(pages[i].html, pages[i].title) })
	return secs
}

func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// buildAll does what the pipeline's indexer does once every page is rendered: every
// language's Build in parallel, then their files one language after the other.
func buildAll(langs []string, pages []page, secs [][]search.Section) (build, files time.Duration, built []*search.Built) {
	ixs := map[string]*search.Index{}
	for _, l := range langs {
		ixs[l] = search.New(l, analysis.New(l))
	}
	for i, p := range pages {
		ixs[p.lang].Add(search.Page{URL: p.url, Title: p.title, Kind: search.KindPage, Sections: secs[i]})
	}
	start := time.Now()
	built = make([]*search.Built, len(langs))
	var wg sync.WaitGroup
	for i, l := range langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			built[i] = ixs[l].Build()
		}()
	}
	wg.Wait()
	build = time.Since(start)
	start = time.Now()
	for _, b := range built {
		b.Files(nil) // the pipeline writes each language's files and lets them go
	}
	return build, time.Since(start), built
}

// BenchmarkExtract measures search.Extract on every built page, on every core.
func BenchmarkExtract(b *testing.B) {
	_, pages, _ := loadCorpus(b)
	size := 0
	for _, p := range pages {
		size += len(p.html)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		extractAll(pages)
	}
	b.ReportMetric(float64(len(pages))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkIndex measures Build and Files of every language on the extracted pages: the
// indexing the build does after rendering (without writing the files).
func BenchmarkIndex(b *testing.B) {
	langs, pages, secs := loadCorpus(b)
	var build, files time.Duration
	for b.Loop() {
		bt, ft, _ := buildAll(langs, pages, secs)
		build += bt
		files += ft
	}
	b.ReportMetric(build.Seconds()/float64(b.N), "build-s/op")
	b.ReportMetric(files.Seconds()/float64(b.N), "files-s/op")
	b.ReportMetric(float64(len(pages)), "pages")
}

// BenchmarkSiteBuild measures a whole build of SECUREHEALTH_BENCH_SRC, as `securehealth
// build` runs it; with -cpuprofile it shows the search share of the build.
func BenchmarkSiteBuild(b *testing.B) {
	src := env(b, "SECUREHEALTH_BENCH_SRC")
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		res, err := pipeline.Build(pipeline.Options{Source: src, Out: out})
		if err != nil {
			b.Fatalf("%v\n%s", err, res.Diags.Summary())
		}
		b.ReportMetric(float64(res.Pages), "pages")
	}
}

// TestIndexTime prints the indexing phases once each, median of three runs: extracting the
// sections of the rendered pages, Build (analysis, stemming, BM25F) and Files (encoding);
// and the memory the index holds: the extracted text until the end of the build, then the
// built indexes and their files.
func TestIndexTime(t *testing.T) {
	langs, pages, secs := loadCorpus(t)
	text := 0
	for _, ss := range secs {
		for _, s := range ss {
			text += len(s.Anchor) + len(s.Heading) + len(s.Text)
		}
	}
	heap := func() int64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	var ext, bld, fil []time.Duration
	var heldSecs, heldBuilt, peak int64
	for range 3 {
		h0 := heap()
		start := time.Now()
		secs := extractAll(pages)
		ext = append(ext, time.Since(start))
		h1 := heap()
		stop := peakHeap()
		bt, ft, built := buildAll(langs, pages, secs)
		peak = stop() - h1
		heldSecs, heldBuilt = h1-h0, heap()-h1
		runtime.KeepAlive(secs)
		runtime.KeepAlive(built)
		bld, fil = append(bld, bt), append(fil, ft)
	}
	med := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	t.Logf("%d pages in %d languages, GOMAXPROCS %d: extract %v, build %v, files %v; total %v",
		len(pages), len(langs), runtime.GOMAXPROCS(0), med(ext).Round(time.Millisecond), med(bld).Round(time.Millisecond),
		med(fil).Round(time.Millisecond), (med(ext) + med(bld) + med(fil)).Round(time.Millisecond))
	t.Logf("memory (heap after GC): the extracted sections %.0f MB (%.0f MB of text), held from rendering to the end; the built indexes %.0f MB more; at most %.0f MB more live while building",
		float64(heldSecs)/1e6, float64(text)/1e6, float64(heldBuilt)/1e6, float64(peak)/1e6)
}

// peakHeap samples the live heap (as of the last collection) until the returned
// function is called, which returns the largest size seen.
func peakHeap() func() int64 {
	done := make(chan int64)
	stop := make(chan bool)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak int64
		for {
			metrics.Read(sample)
			peak = max(peak, int64(sample[0].Value.Uint64()))
			select {
			case <-stop:
				done <- peak
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		return <-done
	}
}

// A sizeTable sums file sizes by kind, raw and each file gzipped.
type sizeTable struct {
	order   []string
	files   map[string]int
	raw, gz map[string]int64
}

func newSizeTable() *sizeTable {
	return &sizeTable{files: map[string]int{}, raw: map[string]int64{}, gz: map[string]int64{}}
}

func (s *sizeTable) add(kind string, data []byte) {
	if _, ok := s.raw[kind]; !ok {
		s.order = append(s.order, kind)
	}
	s.files[kind]++
	s.raw[kind] += int64(len(data))
	s.gz[kind] += int64(gzipSize(data))
}

func (s *sizeTable) total() (files int, raw, gz int64) {
	for _, k := range s.order {
		files += s.files[k]
		raw += s.raw[k]
		gz += s.gz[k]
	}
	return
}

func (s *sizeTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| kind | files | bytes | gzip -6 |\n|---|---:|---:|---:|\n")
	for _, k := range s.order {
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", k, s.files[k], mb(s.raw[k]), mb(s.gz[k]))
	}
	f, r, g := s.total()
	fmt.Fprintf(&b, "| total | %d | %s | %s |\n", f, mb(r), mb(g))
	return b.String()
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

// gzipSize is the size of data compressed at level 6, the level of gzip -6 and of most
// servers; Go's compressor is within a percent of GNU gzip's at the same level.
func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	w.Write(data)
	w.Close()
	return b.Len()
}

// walkSizes adds every file under root to t, by the kind kind gives its relative path ("" skips it).
func walkSizes(t *testing.T, st *sizeTable, root string, kind func(rel string) string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		k := kind(filepath.ToSlash(rel))
		if k == "" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st.add(k, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ourKind classifies a file of <lang>/search/.
func ourKind(rel string) string {
	base := rel[strings.LastIndex(rel, "/")+1:]
	switch {
	case rel == "index.html":
		return "" // the results page, not the index
	case rel == search.ManifestName:
		return "manifest index.js"
	case strings.HasPrefix(rel, "f-"):
		return "fragments"
	case strings.HasPrefix(base, "b"):
		return "big-term files b*"
	case strings.HasPrefix(base, "t"):
		return "term shards t*"
	}
	return "other"
}

// pagefindKind classifies a file of pagefind/.
func pagefindKind(rel string) string {
	switch {
	case strings.HasPrefix(rel, "fragment/"):
		return "fragments"
	case strings.HasPrefix(rel, "index/"):
		return "index chunks"
	case strings.HasPrefix(rel, "filter/"):
		return "filter chunks"
	case strings.HasSuffix(rel, ".pf_meta"):
		return "meta"
	case strings.HasPrefix(rel, "wasm."):
		return "wasm"
	case rel == "pagefind.js" || rel == "pagefind-worker.js" || rel == "pagefind-entry.json":
		return "pagefind.js, worker, entry"
	}
	return "UI scripts and styles"
}

// TestSizes prints the total index bytes of our index (every language's search/ but the
// results page) and of Pagefind's pagefind/ folder, by kind of file.
func TestSizes(t *testing.T) {
	out := env(t, "SECUREHEALTH_BENCH_OUT")
	ours := newSizeTable()
	langs, _ := os.ReadDir(out)
	for _, l := range langs {
		dir := filepath.Join(out, l.Name(), "search")
		if _, err := os.Stat(filepath.Join(dir, search.ManifestName)); err == nil {
			walkSizes(t, ours, dir, ourKind)
		}
	}
	t.Logf("ours (%s):\n%s", out, ours)
	if pf := os.Getenv("SECUREHEALTH_BENCH_PAGEFIND"); pf != "" {
		theirs := newSizeTable()
		walkSizes(t, theirs, filepath.Join(pf, "pagefind"), pagefindKind)
		t.Logf("Pagefind (%s):\n%s", pf, theirs)
	}
}

// BenchmarkAdd measures what the render workers do for the index, page by page, on every
// core: extract the sections of the rendered page, analyse them and compress the fragment
// (Extract + Index.Add), and each half alone. It is the part of the build's time that the
// index adds while pages render.
func BenchmarkAdd(b *testing.B) {
	langs, pages, secs := loadCorpus(b)
	add := func(extract bool) {
		ixs := map[string]*search.Index{}
		for _, l := range langs {
			ixs[l] = search.New(l, analysis.New(l))
		}
		parallel(len(pages), func(i int) {
			s := secs[i]
			if extract {
				s = search.Extract(pages[i].html, pages[i].title)
			}
			ixs[pages[i].lang].Add(search.Page{URL: pages[i].url, Title: pages[i].title, Kind: search.KindPage, Sections: s})
		})
	}
	for _, c := range []struct {
		name string
		run  func()
	}{
		{"extract+add", func() { add(true) }},
		{"extract", func() { extractAll(pages) }},
		{"add", func() { add(false) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.run()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
		})
	}
}
