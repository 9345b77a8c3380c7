package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "---", "---\n", "---\n---\n", "# {#}\n", "## x {onclick=a style=b #c .d}\n",
		"> [!NOTE]", "> [!WARNING] *a\n> b*\n", "> [!TIP]\n> - [x] a\n", "[![a](b)](c)", "[](x)",
		"| a |\n|:-:|\n| [x](y) |\n", "```go {hl_lines=[1] linenos=table}\nx\n```\n",
		"<div onmouseover=x>", "[a](javascript:x)", "x[^1]\n\n[^1]: y", "a\n: b\n",
		"![](a.png){.decorative}", "[![](a){.decorative}](b)", "![x][r]{.decorative}\n\n[r]: y",
	} {
		f.Add([]byte(s))
	}
}

func FuzzExtract(f *testing.F) {
	addSeeds(f)
	c := New("en")
	f.Fuzz(func(t *testing.T, src []byte) {
		m := c.Extract(src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, r := range m.Refs {
			if r.Line < 1 || r.Line > lines || r.Col < 1 {
				t.Errorf("ref %+v outside the file (%d lines)", r, lines)
			}
		}
		for _, h := range m.Headings {
			if h.ID == "" || h.Line < 1 || h.Line > lines {
				t.Errorf("bad heading %+v", h)
			}
		}
		if m.Words < 0 {
			t.Errorf("Words = %d", m.Words)
		}
	})
}

// recordingResolver passes destinations through, so that hostile input reaches the output.
type recordingResolver struct{}

func (recordingResolver) Link(d string) string  { return d }
func (recordingResolver) Image(d string) string { return d }

func FuzzRender(f *testing.F) {
	addSeeds(f)
	c := New("fr")
	f.Fuzz(func(t *testing.T, src []byte) {
		var b bytes.Buffer
		if err := c.Render(&b, src, RenderOptions{Resolver: recordingResolver{}}); err != nil {
			t.Fatalf("Render: %v", err)
		}
		checkNoUnsafeAttrs(t, b.String())
		if strings.Contains(b.String(), "<script") {
			t.Errorf("script tag in output:\n%s", b.String())
		}
	})
}
