package gdpr

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const eurlexDir = "../../../shared/eurlex"

var langs = []string{"en", "sl", "hr", "el", "nl", "fr", "de", "pt"}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(eurlexDir, name))
	if err != nil {
		t.Skipf("official text not available: %v", err)
	}
	return b
}

func readLang(t testing.TB, lang string) *Regulation {
	t.Helper()
	r, err := ReadFormex(bytes.NewReader(readFile(t, "gdpr-"+lang+".fmx.xml")), lang)
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return r
}

func TestFormexAllLanguages(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			r := readLang(t, lang)
			if len(r.Articles) != 99 || len(r.Recitals) != 173 || len(r.Chapters) != 11 {
				t.Fatalf("got %d articles, %d recitals, %d chapters", len(r.Articles), len(r.Recitals), len(r.Chapters))
			}
			if r.Lang != lang {
				t.Errorf("Lang = %q", r.Lang)
			}
			// every article belongs to exactly one chapter, in order
			var all []int
			for _, c := range r.Chapters {
				all = append(all, c.Articles...)
				if c.Title == "" {
					t.Errorf("chapter %s has no title", c.Number)
				}
			}
			for i, n := range all {
				if n != i+1 {
					t.Fatalf("chapters list articles %v", all)
				}
			}
			if c := r.Chapters[3]; c.Number != "IV" || len(c.Sections) != 5 || c.Sections[3].Number != 4 ||
				len(c.Sections[3].Articles) != 3 || c.Sections[3].Articles[0] != 37 {
				t.Errorf("chapter IV: %+v", c)
			}
			for _, a := range r.Articles {
				if a.Title == "" || a.Chapter == "" {
					t.Errorf("Article %d: title %q chapter %q", a.Number, a.Title, a.Chapter)
				}
			}
			if a := r.Article(37); a.Chapter != "IV" || a.Section != 4 {
				t.Errorf("Article 37 in chapter %s section %d", a.Chapter, a.Section)
			}
			// Article 4: 26 definitions as points "1".."26" of the unnumbered paragraph
			a4 := r.Article(4)
			if len(a4.Paragraphs) != 1 || a4.Paragraphs[0].Number != 0 {
				t.Fatalf("Article 4 paragraphs: %d", len(a4.Paragraphs))
			}
			defs := a4.Paragraphs[0].Points
			if len(defs) != 26 {
				t.Fatalf("Article 4 has %d definitions", len(defs))
			}
			for i, d := range defs {
				if want := strconv.Itoa(i + 1); d.Label != want || d.Anchor != want || d.Term == "" {
					t.Errorf("definition %d: label %q anchor %q term %q", i+1, d.Label, d.Anchor, d.Term)
				}
			}
			if n := len(defs[15].Points); n != 2 {
				t.Errorf("Article 4(16) has %d sub-points", n)
			}
			if got := a4.Anchor(16, "b"); got != "p0-16-b" {
				t.Errorf("Article 4 Anchor(16, b) = %q", got)
			}
			if a4.Point(16, "b") == nil {
				t.Errorf("Article 4 Point(16, b) not found")
			}
			// Article 9(2) has points (a)..(j), (h) being the health one
			p92 := r.Article(9).Paragraph(2)
			if p92 == nil || len(p92.Points) != 10 || p92.Points[7].Anchor != "h" {
				t.Fatalf("Article 9(2): %+v", p92)
			}
			if got := r.Article(9).Anchor(2, p92.Points[7].Label); got != "p2-h" {
				t.Errorf("Anchor(2, %q) = %q", p92.Points[7].Label, got)
			}
			if p := r.Article(33).Paragraph(1); p == nil || !strings.Contains(p.Text, "72") {
				t.Errorf("Article 33(1) lacks 72 hours: %+v", p)
			}
			if p := r.Article(6).Paragraph(1); p == nil || len(p.Points) != 6 || p.Tail == "" {
				t.Errorf("Article 6(1): want 6 points and a last subparagraph: %+v", p)
			}
			if p := r.Article(53).Paragraph(1); p == nil || len(p.Points) != 4 || p.Points[0].Label != "—" || p.Points[0].Anchor != "" {
				t.Errorf("Article 53(1) indents: %+v", p)
			}
			if !strings.Contains(r.Article(83).Paragraph(4).Text, "10 000 000") {
				t.Errorf("Article 83(4) amount: %q", r.Article(83).Paragraph(4).Text)
			}
			if !strings.Contains(r.Recitals[2].Text, "[4]") || len(r.Footnotes) < 4 || !strings.Contains(r.Footnotes[3].Text, "95/46") {
				t.Errorf("recital 3 footnote: %q; footnotes %d", r.Recitals[2].Text, len(r.Footnotes))
			}
			for _, rc := range r.Recitals {
				if rc.Text == "" {
					t.Errorf("recital %d empty", rc.Number)
				}
			}
		})
	}
}

func TestGreekArticle9(t *testing.T) {
	a := readLang(t, "el").Article(9)
	p := a.Paragraph(2)
	var labels []string
	for _, pt := range p.Points {
		labels = append(labels, pt.Label+"="+pt.Anchor)
	}
	if got := strings.Join(labels, " "); got != "α=a β=b γ=c δ=d ε=e στ=f ζ=g η=h θ=i ι=j" {
		t.Errorf("Greek labels: %s", got)
	}
	if got := a.Anchor(2, "η"); got != "p2-h" {
		t.Errorf(`Anchor(2, "η") = %q`, got)
	}
	if pt := a.Point(2, "η)"); pt == nil || pt.Label != "η" {
		t.Errorf(`Point(2, "η)") = %+v`, pt)
	}
}

func TestLabelAnchor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a", "a"}, {"(h)", "h"}, {"h)", "h"}, {"1.", "1"}, {"(26)", "26"}, {"ii", "ii"},
		{"α", "a"}, {"η)", "h"}, {"στ", "f"}, {"ζ", "g"}, {"θ", "i"}, {"ι", "j"}, {"ια", "k"},
		{"ιβ", "l"}, {"ιστ", "p"}, {"ιθ", "s"}, {"κ", "t"}, {"κε", "y"}, {"—", ""}, {"", ""},
	} {
		if got := LabelAnchor(tc.in); got != tc.want {
			t.Errorf("LabelAnchor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAnchor(t *testing.T) {
	a := &Article{Number: 9, Paragraphs: []Paragraph{{Number: 1}, {Number: 2, Points: []Point{{Label: "η", Anchor: "h"}}}}}
	for _, tc := range []struct {
		para int
		pts  []string
		want string
	}{
		{2, nil, "p2"}, {2, []string{"η"}, "p2-h"}, {1, []string{"a", "ii"}, "p1-a-ii"}, {2, []string{"(h)"}, "p2-h"},
	} {
		if got := a.Anchor(tc.para, tc.pts...); got != tc.want {
			t.Errorf("Anchor(%d, %q) = %q, want %q", tc.para, tc.pts, got, tc.want)
		}
	}
}

func TestEURLexHTMLMatchesFormex(t *testing.T) {
	h, err := ReadEURLexHTML(bytes.NewReader(readFile(t, "gdpr-en.eurlex.html")), "en")
	if err != nil {
		t.Fatal(err)
	}
	f := readLang(t, "en")
	for i := range f.Articles {
		fa, ha := f.Articles[i], h.Articles[i]
		if fa.Title != ha.Title || fa.Chapter != ha.Chapter || fa.Section != ha.Section || len(fa.Paragraphs) != len(ha.Paragraphs) {
			t.Errorf("Article %d: Formex %q %s/%d %d paras, HTML %q %s/%d %d paras", fa.Number,
				fa.Title, fa.Chapter, fa.Section, len(fa.Paragraphs), ha.Title, ha.Chapter, ha.Section, len(ha.Paragraphs))
		}
	}
	for i := range f.Chapters {
		if f.Chapters[i].Title != h.Chapters[i].Title {
			t.Errorf("chapter %s: %q vs %q", f.Chapters[i].Number, f.Chapters[i].Title, h.Chapters[i].Title)
		}
	}
	if len(h.Article(4).Paragraphs[0].Points) != 26 || h.Article(4).Point(16, "a") == nil {
		t.Errorf("HTML Article 4 definitions")
	}
	if !strings.Contains(h.Article(33).Paragraph(1).Text, "72") {
		t.Errorf("HTML Article 33(1)")
	}
	if len(h.Footnotes) != len(f.Footnotes) || h.Footnotes[3].Text != f.Footnotes[3].Text {
		t.Errorf("footnotes: HTML %d, Formex %d", len(h.Footnotes), len(f.Footnotes))
	}
}

func TestErrors(t *testing.T) {
	en := readFile(t, "gdpr-en.fmx.xml")
	html := readFile(t, "gdpr-en.eurlex.html")
	cut := func(b []byte, marker string, n int) []byte { // up to the n-th marker
		i := 0
		for k := 0; k < n; k++ {
			j := bytes.Index(b[i:], []byte(marker))
			i += j + len(marker)
		}
		return b[:i-len(marker)]
	}
	for _, tc := range []struct {
		name string
		html bool
		in   []byte
		want string
	}{
		{"truncated", false, cut(en, "<ARTICLE ", 46), "found 45 articles; the GDPR has 99: is the file complete?"},
		{"truncated recitals", false, cut(en, "<CONSID>", 51), "no <ENACTING.TERMS>: found 50 recitals"},
		{"not XML", false, []byte("hello"), "Formex"},
		{"empty", false, nil, "no root element"},
		{"HTML as Formex", false, html, "root element is <html>"},
		{"other act", false, bytes.Replace(en, []byte("<NO.CELEX>32016R0679"), []byte("<NO.CELEX>32002L0058"), 1), "act 32002L0058, not the GDPR"},
		{"article missing", false, bytes.Replace(en, []byte(`<ARTICLE IDENTIFIER="050">`), []byte(`<ARTICLE IDENTIFIER="500">`), 1), "article 50 is numbered 500"},
		{"html truncated", true, cut(html, `class="ti-art"`, 46), "found 45 articles; the GDPR has 99"},
		{"html other act", true, bytes.Replace(html, []byte("2016/679 OF"), []byte("2016/680 OF"), 1), "not the GDPR"},
		{"html nothing", true, []byte("<html><body><p>x</p></body></html>"), "found no article"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.html {
				_, err = ReadEURLexHTML(bytes.NewReader(tc.in), "en")
			} else {
				_, err = ReadFormex(bytes.NewReader(tc.in), "en")
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func BenchmarkReadFormex(b *testing.B) {
	for _, lang := range langs {
		data := readFile(b, "gdpr-"+lang+".fmx.xml")
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := ReadFormex(bytes.NewReader(data), lang); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReadEURLexHTML(b *testing.B) {
	data := readFile(b, "gdpr-en.eurlex.html")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadEURLexHTML(bytes.NewReader(data), "en"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzReadFormex(f *testing.F) {
	f.Add([]byte(`<CONS.ACT><GR.CONSID><CONSID><NP><NO.P>(1)</NO.P><TXT>x<NOTE><P>n</P></NOTE></TXT></NP></CONSID></GR.CONSID><ENACTING.TERMS><DIVISION><TITLE><TI><P>CHAPTER I</P></TI><STI><P>T</P></STI></TITLE><ARTICLE IDENTIFIER="001"><TI.ART>Article 1</TI.ART><STI.ART>S</STI.ART><PARAG><NO.PARAG>1.</NO.PARAG><ALINEA><P>a</P><LIST><ITEM><NP><NO.P>(a)</NO.P><TXT><QUOT.START CODE="2018"/>t<QUOT.END CODE="2019"/> b</TXT><P>c<LIST><ITEM><NP><NO.P>(i)</NO.P><TXT>d</TXT></NP></ITEM></LIST></P></NP></ITEM></LIST></ALINEA></PARAG></ARTICLE></DIVISION></ENACTING.TERMS></CONS.ACT>`))
	f.Add([]byte(`<ACT><ENACTING.TERMS><ARTICLE><ALINEA><DLIST SEPARATOR=":"><DLIST.ITEM><PREFIX>1)</PREFIX><TERM>x</TERM><DEFINITION><LIST><ITEM><P>y</P></ITEM></LIST></DEFINITION></DLIST.ITEM></DLIST></ALINEA><FT TYPE="NUMBER">12345</FT></ARTICLE></ENACTING.TERMS></ACT>`))
	if en, err := os.ReadFile(filepath.Join(eurlexDir, "gdpr-en.fmx.xml")); err == nil {
		f.Add(en[:20000])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadFormex(bytes.NewReader(data), "en")
		if err == nil && len(r.Articles) != 99 {
			t.Fatalf("accepted %d articles", len(r.Articles))
		}
		_, _ = ReadEURLexHTML(bytes.NewReader(data), "en")
	})
}
