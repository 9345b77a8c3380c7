package markdown

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/gdpr"
)

// testLinker links articles to cit:/article-N#pP-x and recitals to cit:/recital-N, and
// leaves Article 99 plain (ok=false).
type testLinker struct{}

func (testLinker) Link(ref gdpr.CitRef, kind string) (string, string, bool) {
	if kind == "recital" {
		return fmt.Sprintf("cit:/recital-%d", ref.Recital), fmt.Sprintf("Recital %d", ref.Recital), true
	}
	if ref.Article == 99 {
		return "", "", false
	}
	href := fmt.Sprintf("cit:/article-%d", ref.Article)
	if ref.Paragraph > 0 || len(ref.Points) > 0 {
		href += fmt.Sprintf("#p%d", ref.Paragraph)
		for _, p := range ref.Points {
			href += "-" + p
		}
	}
	return href, fmt.Sprintf("Art %d <&>", ref.Article), true
}

type noLinker struct{}

func (noLinker) Link(gdpr.CitRef, string) (string, string, bool) { return "", "", false }

func TestCitationLinks(t *testing.T) {
	a := func(href, title, text string) string {
		return `<a href="` + href + `" title="` + title + `">` + text + `</a>`
	}
	tests := []struct {
		lang, src, want string
	}{
		// English
		{"en", "Under Article 9(2)(h) GDPR, clinicians may", "<p>Under " + a("cit:/article-9#p2-h", "Art 9 &lt;&amp;&gt;", "Article 9(2)(h) GDPR") + ", clinicians may</p>\n"},
		{"en", "see Art. 33.", "<p>see " + a("cit:/article-33", "Art 33 &lt;&amp;&gt;", "Art. 33") + ".</p>\n"},
		{"en", "Articles 15 to 22 GDPR give rights", "<p>" + a("cit:/article-15", "Art 15 &lt;&amp;&gt;", "Articles 15 to 22 GDPR") + " give rights</p>\n"},
		{"en", "Articles 13 and 14 apply", "<p>" + a("cit:/article-13", "Art 13 &lt;&amp;&gt;", "Articles 13 and 14") + " apply</p>\n"},
		{"en", "as recital 71 explains", "<p>as " + a("cit:/recital-71", "Recital 71", "recital 71") + " explains</p>\n"},
		{"en", "points (a) to (c) of Article 6(1) GDPR", "<p>" + a("cit:/article-6#p1-a", "Art 6 &lt;&amp;&gt;", "points (a) to (c) of Article 6(1) GDPR") + "</p>\n"},
		// across soft line breaks and Text nodes split by Linkify
		{"en", "Articles 15 to\n22 GDPR.", "<p>" + a("cit:/article-15", "Art 15 &lt;&amp;&gt;", "Articles 15 to\n22 GDPR") + ".</p>\n"},
		{"en", "see Article 9\nnext line", "<p>see " + a("cit:/article-9", "Art 9 &lt;&amp;&gt;", "Article 9") + "\nnext line</p>\n"},
		// inside emphasis and headings
		{"en", "*Article 37 GDPR* applies", "<p><em>" + a("cit:/article-37", "Art 37 &lt;&amp;&gt;", "Article 37 GDPR") + "</em> applies</p>\n"},
		{"en", "## Article 30 GDPR", `<h2 id="article-30-gdpr">` + a("cit:/article-30", "Art 30 &lt;&amp;&gt;", "Article 30 GDPR") + "</h2>\n"},
		// Slovenian
		{"sl", "dokumentacija obstaja (točka (h) člena 9(2) GDPR).", "<p>dokumentacija obstaja (" + a("cit:/article-9#p2-h", "Art 9 &lt;&amp;&gt;", "točka (h) člena 9(2) GDPR") + ").</p>\n"},
		{"sl", "po 58. člena Uredbe (EU) 2016/679", "<p>po " + a("cit:/article-58", "Art 58 &lt;&amp;&gt;", "58. člena Uredbe (EU) 2016/679") + "</p>\n"},
		// Croatian
		{"hr", "(članak 9. stavak 2. točka (h) Opće uredbe o zaštiti podataka).", "<p>(" + a("cit:/article-9#p2-h", "Art 9 &lt;&amp;&gt;", "članak 9. stavak 2. točka (h) Opće uredbe o zaštiti podataka") + ").</p>\n"},
		{"hr", "u uvodnoj izjavi 51.", "<p>u " + a("cit:/recital-51", "Recital 51", "uvodnoj izjavi 51.") + "</p>\n"},
		// Greek
		{"el", "(άρθρο 9 παράγραφος 2 στοιχείο η) ΓΚΠΔ).", "<p>(" + a("cit:/article-9#p2-h", "Art 9 &lt;&amp;&gt;", "άρθρο 9 παράγραφος 2 στοιχείο η) ΓΚΠΔ") + ").</p>\n"},
		// Dutch
		{"nl", "(artikel 9, lid 2, punt h), AVG).", "<p>(" + a("cit:/article-9#p2-h", "Art 9 &lt;&amp;&gt;", "artikel 9, lid 2, punt h), AVG") + ").</p>\n"},
		// French
		{"fr", "au sens de l'article 9 du RGPD : leur traitement", "<p>au sens de l’" + a("cit:/article-9", "Art 9 &lt;&amp;&gt;", "article 9 du RGPD") + " : leur traitement</p>\n"},
		// other acts stay plain
		{"en", "Article 5 of Directive 2002/58/EC applies", "<p>Article 5 of Directive 2002/58/EC applies</p>\n"},
		{"sl", "po 49. člena Zakona o varstvu osebnih podatkov", "<p>po 49. člena Zakona o varstvu osebnih podatkov</p>\n"},
		// code spans, code blocks and existing links stay plain
		{"en", "`Article 9 GDPR` here", "<p><code>Article 9 GDPR</code> here</p>\n"},
		{"en", "    Article 9 GDPR\n", `<pre tabindex="0" class="chroma"><code>Article 9 GDPR` + "\n</code></pre>\n"},
		{"en", "[Article 9 GDPR](x.md) here", `<p><a href="x.md">Article 9 GDPR</a> here</p>` + "\n"},
		// escaped: plain, and the backslash is not shown
		{"en", `see \Article 9 GDPR here`, "<p>see Article 9 GDPR here</p>\n"},
		{"en", `see \Article 9 and Article 10`, "<p>see Article 9 and " + a("cit:/article-10", "Art 10 &lt;&amp;&gt;", "Article 10") + "</p>\n"},
		{"en", `a \b c`, "<p>a \\b c</p>\n"},
		// the linker declines
		{"en", "Article 99 GDPR", "<p>Article 99 GDPR</p>\n"},
		// two citations in one run
		{"en", "Article 6 and recital 40.", "<p>" + a("cit:/article-6", "Art 6 &lt;&amp;&gt;", "Article 6") + " and " + a("cit:/recital-40", "Recital 40", "recital 40") + ".</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.src, func(t *testing.T) {
			got := render(t, New(tt.lang), tt.src, RenderOptions{Citations: testLinker{}})
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestCitationsMeta(t *testing.T) {
	src := "---\ntitle: T\n---\n\n# Article 30 GDPR\n\nSee `Article 1` and Article 100 GDPR,\nthen *Art. 100* and \\Article 9 and [Article 8](x.md).\nČlen 4(12) GDPR.\n"
	got := New("en").Extract([]byte(src)).Citations
	want := []CitationRef{
		{Line: 5, Col: 3, Text: "Article 30 GDPR", Kind: "article", Act: "gdpr", Refs: []gdpr.CitRef{{Article: 30}}},
		{Line: 7, Col: 21, Text: "Article 100 GDPR", Kind: "article", Act: "gdpr", Refs: []gdpr.CitRef{{Article: 100}}},
		{Line: 8, Col: 7, Text: "Art. 100", Kind: "article", Refs: []gdpr.CitRef{{Article: 100}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Citations =\n%+v\nwant\n%+v", got, want)
	}
	// Positions count runes, and a citation can start after a line break inside a run.
	got = New("sl").Extract([]byte("Glej „x“ in\nčlen 9 GDPR.\n")).Citations
	if len(got) != 1 || got[0].Line != 2 || got[0].Col != 1 || got[0].Text != "člen 9 GDPR" {
		t.Errorf("sl Citations = %+v", got)
	}
	got = New("sl").Extract([]byte("Šč člen 9 GDPR.\n")).Citations
	if len(got) != 1 || got[0].Col != 4 {
		t.Errorf("sl Citations = %+v, want col 4", got)
	}
}

// TestCitationsGolden renders the golden inputs with linkers: one that declines everything
// must give exactly the output without a linker, and one that links must differ only by the
// added <a> elements.
func TestCitationsGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	aTag := regexp.MustCompile(`<a href="cit:[^"]*" title="[^"]*">((?s:.*?))</a>`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lang := "en"
		if m := regexp.MustCompile(`(?m)^lang: (\w+)$`).FindSubmatch(src); m != nil {
			lang = string(m[1])
		}
		c := New(lang)
		plain := render(t, c, string(src), RenderOptions{Resolver: prefixResolver{}})
		if got := render(t, c, string(src), RenderOptions{Resolver: prefixResolver{}, Citations: noLinker{}}); got != plain {
			t.Errorf("%s: declining linker changed the output", f)
		}
		linked := render(t, c, string(src), RenderOptions{Resolver: prefixResolver{}, Citations: testLinker{}})
		if !strings.Contains(linked, `href="cit:`) && bytes.Contains(src, []byte("Article 9")) {
			t.Errorf("%s: no citation linked", f)
		}
		if got := aTag.ReplaceAllString(linked, "$1"); got != plain {
			t.Errorf("%s: linking changed more than the links:\n%s\nwant\n%s", f, got, plain)
		}
	}
}

func FuzzCitationLinks(f *testing.F) {
	f.Add("en", "Articles 15 to\n22 GDPR and \\Article 9, *Art. 5* `Article 6`")
	f.Add("sl", "točka (h) člena 9(2) GDPR\n58. člena Uredbe")
	f.Add("el", "άρθρο 9 παράγραφος 2 στοιχείο η) ΓΚΠΔ")
	f.Fuzz(func(t *testing.T, lang, src string) {
		c := New(lang)
		var b bytes.Buffer
		if err := c.Render(&b, []byte(src), RenderOptions{Citations: testLinker{}}); err != nil {
			t.Fatal(err)
		}
		_ = c.Extract([]byte(src))
	})
}
