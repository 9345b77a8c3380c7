package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

func render(t testing.TB, c *Converter, src string, opts RenderOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(&b, []byte(src), opts); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Heading
	}{
		{"greek", "# Σκοπός της επεξεργασίας\n", []Heading{{1, "σκοπός-της-επεξεργασίας", "Σκοπός της επεξεργασίας", 1}}},
		{"slovenian", "## Varstvo osebnih podatkov: čŠž!\n", []Heading{{2, "varstvo-osebnih-podatkov-čšž", "Varstvo osebnih podatkov: čŠž!", 1}}},
		{"french", "## Délégué à la protection (DPO)\n", []Heading{{2, "délégué-à-la-protection-dpo", "Délégué à la protection (DPO)", 1}}},
		{"duplicates", "# A b\n\n# A  b\n\n# a-b\n", []Heading{{1, "a-b", "A b", 1}, {1, "a-b-1", "A b", 3}, {1, "a-b-2", "a-b", 5}}},
		{"explicit", "## Scope {#scope}\n", []Heading{{2, "scope", "Scope", 1}}},
		{"explicit wins over earlier auto", "## Scope\n\n## Other {#scope}\n", []Heading{{2, "scope-1", "Scope", 1}, {2, "scope", "Other", 3}}},
		{"empty", "#\n\n## ***\n\n## !!!\n", []Heading{{1, "section", "", 1}, {2, "section-1", "***", 3}, {2, "section-2", "!!!", 5}}},
		{"markup ignored", "## See [Article 9](art9.md) and `code`\n", []Heading{{2, "see-article-9-and-code", "See Article 9 and code", 1}}},
		{"setext", "Title\n=====\n", []Heading{{1, "title", "Title", 1}}},
		{"typographer", `## "Quoted" -- text` + "\n", []Heading{{2, "quoted-text", "“Quoted” – text", 1}}},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Extract([]byte(tt.src)).Headings
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q).Headings =\n%+v\nwant\n%+v", tt.src, got, tt.want)
			}
		})
	}
}

func TestHeadingHTML(t *testing.T) {
	c := New("en")
	got := render(t, c, "## Scope {#scope .wide style=\"color:red\" onclick=\"alert(1)\" data-x=1}\n", RenderOptions{})
	want := `<h2 id="scope" class="wide">Scope</h2>` + "\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCallouts(t *testing.T) {
	tests := []struct {
		name, src string
		labels    func(string) string
		want      string
	}{
		{"note", "> [!NOTE]\n> Body.\n", nil,
			`<div class="callout callout-note" role="note">` + "\n" + `<p class="callout-title">Note</p>` + "\n<p>Body.</p>\n</div>\n"},
		{"tip", "> [!TIP]\n> Body.\n", nil, `<p class="callout-title">Tip</p>`},
		{"important", "> [!IMPORTANT]\n> Body.\n", nil, `callout-important" role="note"><p class="callout-title">Important</p>`},
		{"warning", "> [!WARNING]\n> Body.\n", nil, `<p class="callout-title">Warning</p>`},
		{"caution", "> [!Caution]\n> Body.\n", nil, `<p class="callout-title">Caution</p>`},
		{"keypoint", "> [!KEYPOINT]\n> Body.\n", nil, `callout-keypoint" role="note"><p class="callout-title">Key point</p>`},
		{"key-point alias", "> [!key-point]\n> Body.\n", nil, `callout-keypoint" role="note"><p class="callout-title">Key point</p>`},
		{"example", "> [!EXAMPLE]\n> Body.\n", nil, `<p class="callout-title">Healthcare example</p>`},
		{"custom title", "> [!WARNING] Never e-mail *patient* lists\n> Body.\n", nil,
			`<div class="callout callout-warning" role="note">` + "\n" + `<p class="callout-title">Never e-mail <em>patient</em> lists</p>` + "\n<p>Body.</p>\n</div>\n"},
		{"labels", "> [!NOTE]\n> Body.\n", func(k string) string { return map[string]string{"callout_note": "Opomba <b>"}[k] },
			`<p class="callout-title">Opomba &lt;b&gt;</p>`},
		{"labels missing key", "> [!TIP]\n> Body.\n", func(string) string { return "" }, `<p class="callout-title">Tip</p>`},
		{"blank line after marker", "> [!NOTE]\n>\n> Para.\n", nil,
			`<div class="callout callout-note" role="note">` + "\n" + `<p class="callout-title">Note</p>` + "\n<p>Para.</p>\n</div>\n"},
		{"unknown kind", "> [!BOGUS]\n> Body.\n", nil, "<blockquote>\n<p>[!BOGUS]\nBody.</p>\n</blockquote>\n"},
		{"plain quote", "> Quote.\n", nil, "<blockquote>\n<p>Quote.</p>\n</blockquote>\n"},
		{"nested in list", "- > [!TIP] Hint\n  > Body.\n", nil, `<li>` + "\n" + `<div class="callout callout-tip" role="note">` + "\n" + `<p class="callout-title">Hint</p>`},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, c, tt.src, RenderOptions{Labels: tt.labels})
			if !strings.Contains(strings.ReplaceAll(got, "\n<p class=\"callout-title\"", `<p class="callout-title"`), strings.ReplaceAll(tt.want, "\n<p class=\"callout-title\"", `<p class="callout-title"`)) {
				t.Errorf("Render(%q) =\n%s\nwant it to contain\n%s", tt.src, got, tt.want)
			}
			if strings.Contains(got, "[!") && !strings.Contains(tt.name, "unknown") {
				t.Errorf("marker left in output:\n%s", got)
			}
		})
	}
}

func TestTableAlignment(t *testing.T) {
	got := render(t, New("en"), "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", RenderOptions{})
	for _, want := range []string{`<th align="left">a</th>`, `<th align="center">b</th>`, `<td align="right">3</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("style= in table:\n%s", got)
	}
}

func TestCode(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"go", "```go\nfunc main() {}\n```\n", []string{`<pre tabindex="0" class="chroma"><code>`, `<span class="kd">func</span>`, "</code></pre>\n"}},
		{"unknown language", "```nosuchlang\n<b>&amp;\n```\n", []string{`<pre tabindex="0" class="chroma"><code class="language-nosuchlang">&lt;b&gt;&amp;amp;` + "\n</code></pre>\n"}},
		{"no language", "```\nx < y\n```\n", []string{`<pre tabindex="0" class="chroma"><code>x &lt; y` + "\n</code></pre>\n"}},
		{"indented", "    x < y\n", []string{`<pre tabindex="0" class="chroma"><code>x &lt; y` + "\n</code></pre>\n"}},
		{"hostile language", "```\"><script>\nx\n```\n", []string{`class="language-&quot;&gt;&lt;script&gt;"`}},
		{"style attribute ignored", "```go {style=monokai linenos=table hl_lines=[1]}\nx := 1\n```\n", []string{`tabindex="0"`}},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, c, tt.src, RenderOptions{})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) =\n%s\nwant it to contain %q", tt.src, got, w)
				}
			}
			checkNoUnsafeAttrs(t, got)
			if strings.Contains(got, "<pre") && !strings.Contains(got, `<pre tabindex="0"`) {
				t.Errorf("<pre> without tabindex:\n%s", got)
			}
		})
	}
}

func TestTaskList(t *testing.T) {
	got := render(t, New("en"), "- [x] Appoint a [DPO](dpo.md)\n- [ ] Train\n", RenderOptions{})
	want := "<ul>\n" +
		`<li><label class="task"><input checked="" disabled="" type="checkbox"> Appoint a <a href="dpo.md">DPO</a></label></li>` + "\n" +
		`<li><label class="task"><input disabled="" type="checkbox"> Train</label></li>` + "\n</ul>\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestQuotes(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"en", "“a” ‘b’ it’s"},
		{"sl", "„a“ ‚b‘ it’s"},
		{"hr", "„a“ ‚b‘ it’s"},
		{"el", "«a» “b” it’s"},
		{"nl", "“a” ‘b’ it’s"},
		{"fr", "«\u00a0a\u00a0» “b” it’s"},
	}
	for _, tt := range tests {
		got := render(t, New(tt.lang), `"a" 'b' it's`, RenderOptions{})
		if want := "<p>" + tt.want + "</p>\n"; got != want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, want)
		}
	}
}

// TestDecorativeImages: {.decorative} right after an image becomes its class and disappears;
// anywhere else it is text, and no other attribute reaches an image.
func TestDecorativeImages(t *testing.T) {
	tests := []struct{ src, want string }{
		{"![](rule.png){.decorative}", `<p><img src="rule.png" alt="" class="decorative"></p>` + "\n"},
		{"a ![](r.png){.decorative} b", `<p>a <img src="r.png" alt="" class="decorative"> b</p>` + "\n"},
		{"![](r.png) {.decorative}", `<p><img src="r.png" alt=""> {.decorative}</p>` + "\n"},
		{"[l](x.md){.decorative}", `<p><a href="x.md">l</a>{.decorative}</p>` + "\n"},
		{"![](r.png){style=x .decorative}", `<p><img src="r.png" alt="">{style=x .decorative}</p>` + "\n"},
		{"{.decorative}", "<p>{.decorative}</p>\n"},
	}
	c := New("en")
	for _, tt := range tests {
		if got := render(t, c, tt.src, RenderOptions{}); got != tt.want {
			t.Errorf("Render(%q) =\n%s\nwant\n%s", tt.src, got, tt.want)
		}
	}
}

func TestRefs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Ref
	}{
		{"front matter", "---\ntitle: Ščit\ntags: [a, b]\n---\n\nSee [DPIA](../toolbox/dpia.md#scope).\n",
			[]Ref{{"../toolbox/dpia.md#scope", 6, 5, false, "", false}}},
		{"multibyte before", "Σκοπός και «όροι» [άρθρο](art.md) ![εικόνα](img/a.png)\n",
			[]Ref{{"art.md", 1, 19, false, "", false}, {"img/a.png", 1, 35, true, "εικόνα", false}}},
		{"anchor only", "# A\n\n[up](#a)\n", []Ref{{"#a", 3, 1, false, "", false}}},
		{"reference style", "Text [one][r] and [r].\n\n[r]: target.md \"T\"\n", []Ref{{"target.md", 1, 6, false, "", false}, {"target.md", 1, 19, false, "", false}}},
		{"nested image in link", "[![alt](i.png)](big.png)\n", []Ref{{"big.png", 1, 1, false, "", false}, {"i.png", 1, 2, true, "alt", false}}},
		{"empty text", "x\n\n  [](empty.md)\n", []Ref{{"empty.md", 3, 3, false, "", false}}},
		{"in quote and list", "> - a [b](c.md)\n", []Ref{{"c.md", 1, 7, false, "", false}}},
		{"in table", "| a | b |\n|---|---|\n| [x](x.md) | ![y](y.png) |\n", []Ref{{"x.md", 3, 3, false, "", false}, {"y.png", 3, 15, true, "y", false}}},
		{"emphasis label", "**[*x*](x.md)**\n", []Ref{{"x.md", 1, 3, false, "", false}}},
		{"autolinks are not refs", "<https://example.org> www.example.org\n", nil},
		{"invalid front matter", "---\n: : [\n---\n[a](b)\n", []Ref{{"b", 4, 1, false, "", false}}},
		{"image alt text", "![A *ward* plan](a.png) ![](b.png) ![ ](c.png \"t\")\n", []Ref{
			{"a.png", 1, 1, true, "A ward plan", false}, {"b.png", 1, 25, true, "", false}, {"c.png", 1, 36, true, "", false}}},
		{"decorative", "![](rule.png){.decorative} ![x](y.png){.decorative}\n", []Ref{
			{"rule.png", 1, 1, true, "", true}, {"y.png", 1, 28, true, "x", true}}},
		{"not decorative", "![](a.png) {.decorative} [l](b.md){.decorative} ![](c.png){.decor}\n", []Ref{
			{"a.png", 1, 1, true, "", false}, {"b.md", 1, 26, false, "", false}, {"c.png", 1, 49, true, "", false}}},
		{"crlf", "---\r\nt: x\r\n---\r\n\r\nž [a](b)\r\n", []Ref{{"b", 5, 3, false, "", false}}},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Extract([]byte(tt.src)).Refs
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q).Refs =\n%+v\nwant\n%+v", tt.src, got, tt.want)
			}
		})
	}
}

// prefixResolver marks rewritten destinations so the test can see what was resolved.
type prefixResolver struct{}

func (prefixResolver) Link(d string) string  { return "L(" + d + ")" }
func (prefixResolver) Image(d string) string { return "I(" + d + ")" }

func TestResolver(t *testing.T) {
	tests := []struct {
		name, src string
		resolver  Resolver
		want      string
	}{
		{"link", "[a](x.md#s)", prefixResolver{}, `<p><a href="L(x.md#s)">a</a></p>`},
		{"anchor only", "[a](#s)", prefixResolver{}, `<p><a href="L(#s)">a</a></p>`},
		{"image", "![alt](p.png)", prefixResolver{}, `<p><img src="I(p.png)" alt="alt"></p>`},
		{"reference", "[a][r]\n\n[r]: r.md", prefixResolver{}, `<p><a href="L(r.md)">a</a></p>`},
		{"autolink untouched", "<https://example.org> www.example.org", prefixResolver{},
			`<p><a href="https://example.org">https://example.org</a> <a href="http://www.example.org">www.example.org</a></p>`},
		{"nil resolver", "[a](x.md) ![b](y.png)", nil, `<p><a href="x.md">a</a> <img src="y.png" alt="b"></p>`},
		{"dangerous url dropped", "[a](javascript:alert(1))", nil, `<p><a href="">a</a></p>`},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, c, tt.src, RenderOptions{Resolver: tt.resolver})
			if got != tt.want+"\n" {
				t.Errorf("got %q, want %q", got, tt.want+"\n")
			}
		})
	}
}

func TestUnsafeInput(t *testing.T) {
	tests := []struct{ name, src, notWant string }{
		{"raw html block", "<div onclick=\"x()\">hi</div>\n", "<div"},
		{"raw inline html", "a <span style=\"color:red\">b</span>\n", "<span"},
		{"script", "<script>alert(1)</script>\n", "<script"},
		{"heading attributes", "# T {onmouseover=\"x\" style=\"a\" #i}\n", "onmouseover"},
		{"invalid front matter", "---\ntitle: [oops\nsecret: : :\n---\n# Body\n", "oops"},
		{"front matter error comment", "---\n:\n  - [\n---\ntext\n", "<!--"},
		{"valid front matter", "---\ntitle: Hello there\n---\ntext\n", "Hello"},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, c, tt.src, RenderOptions{})
			if strings.Contains(got, tt.notWant) {
				t.Errorf("Render(%q) = %q contains %q", tt.src, got, tt.notWant)
			}
			checkNoUnsafeAttrs(t, got)
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, src string
		want      int
	}{
		{"plain", "One two three.\n", 3},
		{"front matter excluded", "---\ntitle: Four five six\n---\nOne two\n", 2},
		{"code blocks excluded", "One\n\n```go\nfunc main() { a b c }\n```\n\n    indented code here\n\nTwo `inline code`\n", 4},
		{"markup", "**Bold**words and [a link](x.md) ![alt text](p.png)\n", 6},
		{"unicode", "Σκοπός της επεξεργασίας, člen 9(2)(h).\n", 7},
		{"callout marker", "> [!NOTE] Custom title\n> Body text\n", 4},
		{"autolinks", "See https://example.org/a/b now\n", 2},
		{"table", "| a b | c |\n|---|---|\n| d | e f |\n", 6},
		{"empty", "", 0},
	}
	c := New("en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Extract([]byte(tt.src)).Words; got != tt.want {
				t.Errorf("Words(%q) = %d, want %d", tt.src, got, tt.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Σκοπός της επεξεργασίας": "σκοπός-της-επεξεργασίας",
		"  --Hello,   World!--  ": "hello-world",
		"Članek 9(2)(h)":          "članek-9-2-h",
		"e\u0301te":               "e\u0301te",
		"\u0301x":                 "x",
		"!!!":                     "section",
		"":                        "section",
	}
	for in, want := range tests {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStyleCSS(t *testing.T) {
	a, b := StyleCSS(), StyleCSS()
	if !bytes.Equal(a, b) {
		t.Fatal("StyleCSS is not deterministic")
	}
	s := string(a)
	for _, want := range []string{".chroma {", "@media (prefers-color-scheme: dark) {", "  .chroma .kd {"} {
		if !strings.Contains(s, want) {
			t.Errorf("StyleCSS lacks %q:\n%s", want, s)
		}
	}
}

func TestConcurrentRender(t *testing.T) {
	c := New("sl")
	src := []byte("# Naslov\n\n> [!NOTE]\n> Besedilo [a](b.md).\n")
	want := render(t, c, string(src), RenderOptions{Labels: func(string) string { return "Opomba" }})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			label := "Opomba"
			if i%2 == 1 {
				label = "Note"
			}
			for range 50 {
				var b bytes.Buffer
				_ = c.Render(&b, src, RenderOptions{Labels: func(string) string { return label }})
				got := b.String()
				if exp := strings.Replace(want, "Opomba", label, 1); got != exp {
					t.Errorf("concurrent render: got %q, want %q", got, exp)
					return
				}
				_ = c.Extract(src)
			}
		}()
	}
	wg.Wait()
}

// TestGolden renders testdata/*.md and compares with testdata/*.html (go test -update
// rewrites them). Each golden file starts with the page's Meta in an HTML comment.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	labels := func(k string) string {
		if k == "callout_example" {
			return "Primer iz zdravstva"
		}
		return ""
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lang := "en"
			if m := regexp.MustCompile(`(?m)^lang: (\w+)$`).FindSubmatch(src); m != nil {
				lang = string(m[1])
			}
			c := New(lang)
			var b bytes.Buffer
			m := c.Extract(src)
			b.WriteString("<!--\n")
			for _, h := range m.Headings {
				b.WriteString(strings.Join([]string{"heading", strconv.Itoa(h.Level), h.ID, h.Text, "line " + strconv.Itoa(h.Line)}, " | ") + "\n")
			}
			for _, r := range m.Refs {
				kind := "link"
				if r.Image {
					kind = "image"
				}
				b.WriteString(kind + " " + r.Dest + " " + strconv.Itoa(r.Line) + ":" + strconv.Itoa(r.Col) + "\n")
			}
			b.WriteString("words " + strconv.Itoa(m.Words) + "\n-->\n")
			if err := c.Render(&b, src, RenderOptions{Resolver: prefixResolver{}, Labels: labels}); err != nil {
				t.Fatal(err)
			}
			checkNoUnsafeAttrs(t, b.String())
			golden := strings.TrimSuffix(f, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", f, golden, b.String())
			}
		})
	}
}

var tagRE = regexp.MustCompile(`<[a-zA-Z][^>]*>`)

// checkNoUnsafeAttrs fails if any tag in html has a style attribute or an event handler.
func checkNoUnsafeAttrs(t testing.TB, html string) {
	t.Helper()
	for _, tag := range tagRE.FindAllString(html, -1) {
		for _, name := range attrNames(tag) {
			n := strings.ToLower(name)
			if n == "style" || strings.HasPrefix(n, "on") {
				t.Errorf("unsafe attribute %q in %s", name, tag)
			}
		}
	}
}

// attrNames returns the attribute names of a start tag as goldmark and chroma write them
// (values always double-quoted).
func attrNames(tag string) []string {
	var names []string
	s := strings.TrimSuffix(strings.TrimPrefix(tag, "<"), ">")
	i := strings.IndexAny(s, " \t\n/")
	if i < 0 {
		return nil
	}
	s = s[i:]
	for {
		s = strings.TrimLeft(s, " \t\n/")
		if s == "" {
			return names
		}
		j := strings.IndexAny(s, "= \t\n/")
		if j < 0 {
			return append(names, s)
		}
		names = append(names, s[:j])
		s = s[j:]
		if s[0] == '=' {
			s = s[1:]
			if strings.HasPrefix(s, `"`) {
				k := strings.IndexByte(s[1:], '"')
				if k < 0 {
					return names
				}
				s = s[k+2:]
			} else {
				k := strings.IndexAny(s, " \t\n")
				if k < 0 {
					return names
				}
				s = s[k:]
			}
		}
	}
}
