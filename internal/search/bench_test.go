package search

import (
	"testing"

	"github.com/securehealth/securehealth/internal/search/analysis"
)

// BenchmarkIndex measures analysing, scoring and writing the index of the official GDPR text
// (articles and recitals, ~55,000 words) in each language; tokens/s counts every word.
func BenchmarkIndex(b *testing.B) {
	for _, lang := range []string{"en", "sl", "hr", "el", "nl", "fr"} {
		b.Run(lang, func(b *testing.B) {
			pages := gdprPages(b, lang)
			a := analysis.New(lang)
			tokens := 0
			for _, p := range pages {
				for _, s := range p.Sections {
					tokens += len(Words(analysis.Fold(s.Text)))
				}
			}
			b.ResetTimer()
			bytes := 0
			for range b.N {
				ix := New(lang, a)
				for _, p := range pages {
					ix.Add(p)
				}
				files, st := ix.Build().Files(nil)
				_ = files
				bytes = st.Bytes
			}
			b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
			b.ReportMetric(float64(bytes), "index-bytes")
		})
	}
}

// BenchmarkSearch measures the reference search on the English GDPR index.
func BenchmarkSearch(b *testing.B) {
	built := buildGDPR(b, "en")
	b.ResetTimer()
	for range b.N {
		built.Search("data breach notification", Options{})
	}
}

// FuzzParseQuery: any query is parsed and searched without a panic.
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{"breach", `"right to erasure"`, "„citat“ «x»", `"`, "člen 9", "ΆΡΘΡΟ", "4²"} {
		f.Add(q)
	}
	b := sample()
	f.Fuzz(func(t *testing.T, q string) {
		words, phrases := ParseQuery(q)
		for _, w := range words {
			if w == "" {
				t.Fatalf("%q: empty word", q)
			}
		}
		_ = phrases
		b.Search(q, Options{})
	})
}
