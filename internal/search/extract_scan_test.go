package search

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/net/html/atom"
)

// extractBoth runs both scanners of Extract on a region; ok is false when scan left the page
// to the tokenizer.
func extractBoth(page []byte, regionTag atom.Atom) (scanned, tokenized []Section, ok bool) {
	var x extractor
	if regionTag == 0 {
		page, regionTag = regionOf(page)
	}
	scanned, ok = x.scan(page, regionTag, "T")
	tokenized = x.tokenize(page, regionTag, "T")
	return scanned, tokenized, ok
}

var extractCases = []string{
	`<main><h1>T</h1><p>One &amp; two</p><h2 id="a">A &lt;b&gt;</h2><p>x<b>y</b> z</p></main>`,
	`<main class=x><nav>skip</nav><p>a</p><div class="notice">n</div><h3 id=b>B</h3>text</main>after`,
	`<MAIN><P>Upper</P><H2 ID="u">U</H2><BR/>x</MAIN>`,
	`<main><!-- c <p>not</p> --><p>a</p><!--><p>b</p><!---><p>c</p><!-- x --!><p>d</p></main>`,
	`<main><p>a < b and c<3 &amp d&nbsp;e &#x41;&#66;</p></main>`,
	`<main><img src=x.png alt="<p>"/><input value=a/><p title='q"q'>t</p><a href=/>l</a></main>`,
	`<main><div/><div>in<div>deep</div></div><main>inner</main>out</main>tail`,
	`<main><h2 id="">empty id</h2><h2>no id</h2><h2 id="x" id="y">dup</h2></main>`,
	`<main><p a = "1" b='2' c=3 d>x</p><p / >y</p><p/ >z</p></main>`,
	`<main><script>var a = "<p>";</script><p>after script</p></main>`,
	`<main><textarea>&lt;t&gt;</textarea><noscript><p>ns</p></noscript></main>`,
	`<main><p>cut off <b`,
	`<main><p>cut off in attr <b c="`,
	`<main><p>x</p></main`,
	`<main><?pi?><!DOCTYPE x><p>a</p></ main></main>`,
	`<main><p id="a&amp;b" class="x&#10;y">e</p></main>`,
	`<main><h1>Title <small>x</small></h1><section><h3 id="s">S</h3><ul><li>a<li>b</ul></section></main>`,
	`<main><p>tab	and
newline  and  spaces</p><p>é ü Άρθρο «δεδομένα»</p></main>`,
	"<main><p>nul \x00 byte</p></main>",
	`<main><p>` + "\u00a0nbsp\u2003em" + `</p><svg><text>drawn</text></svg><button>Press</button></main>`,
	`<main></main`, `<main`, `<main>`, `<mainx><main>a</main>`, `<main><div class="a notice b">x</div>y</main>`,
}

func TestExtractScan(t *testing.T) {
	pages, _ := filepath.Glob("testdata/pages/*.html")
	var inputs [][]byte
	for _, c := range extractCases {
		inputs = append(inputs, []byte(c))
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b)
	}
	fast := 0
	for i, in := range inputs {
		regions := []atom.Atom{atom.Main, atom.Article}
		if i >= len(extractCases) {
			regions = []atom.Atom{0, 0} // as Extract finds it
		}
		for _, region := range regions {
			scanned, tokenized, ok := extractBoth(in, region)
			if !ok {
				continue
			}
			if i >= len(extractCases) {
				fast++
			}
			if !reflect.DeepEqual(scanned, tokenized) {
				t.Errorf("%.80q (%s):\n scan     %q\n tokenize %q", in, region, scanned, tokenized)
			}
		}
	}
	if len(pages) < 4 || fast < 2*(len(pages)-1) { // the quiz page has <noscript>: tokenized
		t.Errorf("%d real pages, %d of %d scanned in place: the test checks too little", len(pages), fast, 2*len(pages))
	}
}

// FuzzExtract: where scan reads a page itself, it finds what the tokenizer does.
func FuzzExtract(f *testing.F) {
	for _, c := range extractCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, page string) {
		for _, region := range []atom.Atom{atom.Main, atom.Article} {
			if scanned, tokenized, ok := extractBoth([]byte(page), region); ok && !reflect.DeepEqual(scanned, tokenized) {
				t.Fatalf("%q (%s):\n scan     %q\n tokenize %q", page, region, scanned, tokenized)
			}
		}
	})
}
