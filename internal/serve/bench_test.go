package serve

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
)

// BenchmarkSaveToReload measures, on the 1,200-page corpus of the pipeline's build benchmark
// (run `go test -run='^$' -bench=Build/pages=1200 -benchtime=1x ./internal/pipeline` first to
// generate it), the time from saving one page to the reload event; it reports the median.
// The edit changes the page's text, not its front matter or headings: the incremental path.
func BenchmarkSaveToReload(b *testing.B) {
	root := benchSite(b)
	var page string
	filepath.WalkDir(filepath.Join(root, "content", "en"), func(p string, d os.DirEntry, err error) error {
		if page == "" && err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && filepath.Base(p) != "_index.md" {
			page = p
		}
		return nil
	})
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	measureSaves(b, root, func(i int) {
		os.WriteFile(page, append(orig, []byte("\nEdited "+time.Now().String()+" "+string(rune('a'+i%26))+"\n")...), 0o644)
	})
}

// BenchmarkThemeChange measures, on the same corpus, the time from saving a theme template (a
// site override of the footer partial) to the reload event: every page is rendered again,
// from the cached parses and Markdown, and the search index follows in the background.
func BenchmarkThemeChange(b *testing.B) {
	root := benchSite(b)
	footer := filepath.Join(root, "themes", "default", "layouts", "partials", "footer.html")
	orig, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "layouts", "partials", "footer.html"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(footer), 0o755); err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(filepath.Join(root, "themes"))
	os.WriteFile(footer, orig, 0o644)
	measureSaves(b, root, func(i int) {
		edited := strings.Replace(string(orig), "</footer>", "<!-- edit "+strconv.Itoa(i)+" --></footer>", 1)
		os.WriteFile(footer, []byte(edited), 0o644)
	})
}

func benchSite(b *testing.B) string {
	root := filepath.Join(os.TempDir(), "securehealth-bench-200", "site")
	if _, err := os.Stat(filepath.Join(root, "config.yaml")); err != nil {
		b.Skip("no 1,200-page corpus: run the pipeline's BenchmarkBuild/pages=1200 first")
	}
	return root
}

// measureSaves serves the site, then times save(i) to the reload event (adding the watcher's
// debounce) and reports the median.
func measureSaves(b *testing.B, root string, save func(i int)) {
	s := New(pipeline.Options{Source: root})
	if _, err := s.Rebuild(); err != nil {
		b.Fatal(err)
	}
	ch := make(chan event, 4)
	s.listeners[ch] = true
	var times []time.Duration
	b.ResetTimer()
	for i := range b.N {
		// An author saves every few seconds: the search index of the last save is made by then.
		b.StopTimer()
		s.WaitIndexed()
		b.StartTimer()
		start := time.Now()
		save(i)
		s.Rebuild() // what Watch does after its debounce
		<-ch
		times = append(times, time.Since(start)+Debounce)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "ms-median")
}
