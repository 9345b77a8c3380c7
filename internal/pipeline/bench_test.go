package pipeline

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkBuild builds the generated corpus of ../shared/bench (the Markdown Hugo is measured
// on) at 1,200 and 12,000 pages and reports pages per second. Peak memory of the whole process
// is best read with /usr/bin/time -v on the command; see the issue notes for figures.
//
//	go test -run='^$' -bench=Build -benchtime=1x ./internal/pipeline
//
// BenchmarkBuild/pages=N/search=off leaves the search index out, to show what indexing adds.
func BenchmarkBuild(b *testing.B) {
	for _, perLang := range []int{200, 2000} {
		b.Run(fmt.Sprintf("pages=%d", perLang*6), func(b *testing.B) {
			for _, index := range []bool{true, false} {
				b.Run(map[bool]string{true: "search=on", false: "search=off"}[index], func(b *testing.B) {
					indexSearch = index
					defer func() { indexSearch = true }()
					benchBuild(b, perLang)
				})
			}
		})
	}
}

func benchBuild(b *testing.B, perLang int) {
	site := benchCorpus(b, perLang)
	out := filepath.Join(b.TempDir(), "out")
	b.ReportAllocs()
	b.ResetTimer()
	var pages int
	for range b.N {
		res, err := Build(Options{Source: site, Out: out})
		if err != nil {
			b.Fatalf("%v\n%v", err, res.Diags)
		}
		pages = res.Pages
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MiB-sys")
}

// benchCorpus generates the corpus once per size into the temp dir and converts it to our
// layout, as ../shared/bench/perf_corpus.py does.
func benchCorpus(b *testing.B, perLang int) string {
	gen, err := filepath.Abs(filepath.Join(repoRoot, "..", "shared", "bench", "gen-corpus.go"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no corpus generator at %s", gen)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("securehealth-bench-%d", perLang))
	site := filepath.Join(dir, "site")
	if _, err := os.Stat(filepath.Join(site, "config.yaml")); err == nil {
		return site
	}
	hugo := filepath.Join(dir, "hugo")
	os.RemoveAll(dir)
	cmd := exec.Command("go", "run", gen, "-n", fmt.Sprint(perLang), "-out", hugo)
	cmd.Dir = filepath.Dir(gen)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("generating the corpus: %v\n%s", err, out)
	}
	if err := convertCorpus(hugo, site); err != nil {
		b.Fatal(err)
	}
	return site
}

var (
	hugoLink = regexp.MustCompile(`\]\(/([a-z]{2})/([a-z]+)/([a-z0-9-]+)/\)`)
	tagsLine = regexp.MustCompile(`(?m)^tags:.*\n`)
)

func convertCorpus(src, out string) error {
	var cfg strings.Builder
	cfg.WriteString("title: Benchmark\ndefault_language: en\nlanguages:\n")
	for _, l := range [][2]string{{"en", "English"}, {"sl", "Slovenščina"}, {"hr", "Hrvatski"}, {"el", "Ελληνικά"}, {"nl", "Nederlands"}, {"fr", "Français"}} {
		fmt.Fprintf(&cfg, "  - code: %s\n    name: %s\n    title: Benchmark\n    description: Generated corpus\n    analyzer: %s\n", l[0], l[1], l[0])
	}
	cfg.WriteString("menu: [modules, quizzes, reference, templates]\noutput: build\n")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "config.yaml"), []byte(cfg.String()), 0o644); err != nil {
		return err
	}
	content := filepath.Join(src, "content")
	return filepath.WalkDir(content, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		here, _ := filepath.Rel(content, filepath.Dir(p))
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := tagsLine.ReplaceAllString(string(text), "")
		s = hugoLink.ReplaceAllStringFunc(s, func(m string) string {
			g := hugoLink.FindStringSubmatch(m)
			target, _ := filepath.Rel(here, filepath.Join(g[1], g[2], g[3]+".md"))
			return "](" + filepath.ToSlash(target) + ")"
		})
		dst := filepath.Join(out, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, []byte(s), 0o644)
	})
}
