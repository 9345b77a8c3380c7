package serve

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
)

// BenchmarkSaveToReload measures, on the 1,200-page corpus of the pipeline's build benchmark
// (run `go test -run='^$' -bench=Build/pages=1200 -benchtime=1x ./internal/pipeline` first to
// generate it), the time from saving one page to the reload event; it reports the median.
func BenchmarkSaveToReload(b *testing.B) {
	root := filepath.Join(os.TempDir(), "securehealth-bench-200", "site")
	if _, err := os.Stat(filepath.Join(root, "config.yaml")); err != nil {
		b.Skip("no 1,200-page corpus: run the pipeline's BenchmarkBuild/pages=1200 first")
	}
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
	s := New(pipeline.Options{Source: root})
	if _, err := s.Rebuild(); err != nil {
		b.Fatal(err)
	}
	ch := make(chan event, 4)
	s.listeners[ch] = true
	var times []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		os.WriteFile(page, append(orig, []byte("\nEdited "+time.Now().String()+" "+string(rune('a'+i%26))+"\n")...), 0o644)
		s.Rebuild() // what Watch does after its debounce
		<-ch
		times = append(times, time.Since(start)+Debounce)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "ms-median")
}
