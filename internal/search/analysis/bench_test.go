package analysis

import (
	"strings"
	"testing"
)

// benchLangs are the project's languages.
var benchLangs = []string{"en", "fr", "nl", "hr", "el", "sl"}

// BenchmarkTokens measures tokenizing plus the pre-stem filters over the official GDPR text.
func BenchmarkTokens(b *testing.B) {
	for _, lang := range benchLangs {
		b.Run(lang, func(b *testing.B) {
			text := gdprText(b, lang)
			if text == "" {
				b.Skip("no /work/shared/eurlex/gdpr-" + lang + ".fmx.xml")
			}
			a := New(lang)
			n := len(a.Tokens(text))
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				a.Tokens(text)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// BenchmarkStem measures the stemmer alone, applied to every token of the GDPR text without
// a cache: the cost per-token stemming would have, which the per-form cache avoids.
func BenchmarkStem(b *testing.B) {
	for _, lang := range benchLangs {
		b.Run(lang, func(b *testing.B) {
			text := gdprText(b, lang)
			if text == "" {
				b.Skip("no /work/shared/eurlex/gdpr-" + lang + ".fmx.xml")
			}
			a := New(lang)
			var forms []string
			distinct := map[string]bool{}
			for _, tk := range a.Tokens(text) {
				forms = append(forms, tk.Form)
				distinct[tk.Form] = true
			}
			b.ResetTimer()
			for b.Loop() {
				for _, f := range forms {
					a.Stem(f)
				}
			}
			b.ReportMetric(float64(len(forms))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
			b.ReportMetric(float64(len(distinct)), "forms")
		})
	}
}

// BenchmarkWords measures Words with a warm cache, as the index calls it on every section of
// every page: the GDPR text, cut at paragraphs, through one cache.
func BenchmarkWords(b *testing.B) {
	for _, lang := range benchLangs {
		b.Run(lang, func(b *testing.B) {
			text := gdprText(b, lang)
			if text == "" {
				b.Skip("no /work/shared/eurlex/gdpr-" + lang + ".fmx.xml")
			}
			a, c := New(lang), NewWordCache()
			paragraphs := strings.Split(text, "\n")
			tokens := 0
			for _, p := range paragraphs {
				a.Words(p, c, func(int32, *Word) { tokens++ })
			}
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				for _, p := range paragraphs {
					a.Words(p, c, func(int32, *Word) {})
				}
			}
			b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}
