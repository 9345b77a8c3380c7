package markdown

import (
	"io"
	"strings"
	"testing"
)

// benchPage builds a page of about 1,100 words with the usual mix of features.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Benchmark page\nlang: en\n---\n\n# Records of processing\n\n")
	para := "The controller keeps a record of processing activities under Article 30, " +
		"including the purposes, the categories of data subjects and of personal data, " +
		"the recipients and the envisaged time limits for erasure; see [the template](../toolbox/ropa.md#scope) " +
		"and \"the guidance\" of the supervisory authority.\n\n"
	for i := range 12 {
		b.WriteString("## Section " + strings.Repeat("I", i%4+1) + "\n\n")
		b.WriteString(para + para)
		switch i % 4 {
		case 0:
			b.WriteString("> [!WARNING] Never e-mail patient lists\n> Use the secure transfer service.\n\n")
		case 1:
			b.WriteString("| Category | Retention |\n|:--|--:|\n| Records | 10 years |\n| Staff | 5 years |\n\n")
		case 2:
			b.WriteString("```go\nfunc Pseudonymise(id string) string { return hash(id) }\n```\n\n")
		case 3:
			b.WriteString("- [x] Appoint a DPO\n- [ ] Train staff ![diagram](img/a.png)\n\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkRender(b *testing.B) {
	src := benchPage()
	c := New("en")
	b.Logf("words: %d", c.Extract(src).Words)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Render(io.Discard, src, RenderOptions{Resolver: recordingResolver{}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	src := benchPage()
	c := New("en")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Extract(src)
	}
}
