package search

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/search/analysis"
)

func TestExtract(t *testing.T) {
	page := `<html><head><title>x</title></head><body><header><nav>Menu</nav></header><main>
<nav class="breadcrumbs">Home</nav>
<article class="content"><h1>Breach basics</h1>
<p class="notice">Not yet translated.</p>
<p>Notify the <em>authority</em> within 72&nbsp;hours.</p><p>Second paragraph.</p>
<h2 id="who">Who notifies?</h2><ul><li>The controller</li><li>Not the processor</li></ul>
<script>var x = "no";</script>
<h3 id="when">When</h3><p>Without undue delay.</p>
<h2>No id</h2><p>Still when.</p>
<form><select><option>hidden</option></select><label>Your answer</label></form>
</article><nav class="prev-next">Next</nav></main><footer>Footer</footer></body></html>`
	got := Extract([]byte(page), "Breach basics")
	want := []Section{
		{Anchor: "", Heading: "Breach basics", Text: "Notify the authority within 72 hours. Second paragraph."},
		{Anchor: "who", Heading: "Who notifies?", Text: "The controller Not the processor"},
		{Anchor: "when", Heading: "When", Text: "Without undue delay. No id Still when. Your answer"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Extract:\n got %#v\nwant %#v", got, want)
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"breach", "breach", 1, 0}, {"breach", "braech", 2, 2}, {"breach", "breech", 1, 1},
		{"consent", "consnet", 1, 2}, {"pseudonymisation", "pseudonymization", 2, 1},
		{"člen", "clen", 1, 1}, {"a", "abcd", 2, 3}, {"", "ab", 2, 2},
	} {
		if got := Distance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	words, phrases := ParseQuery(`Right "to Erasure" člen`)
	if !reflect.DeepEqual(words, []string{"right", "to", "erasure", "clen"}) || !reflect.DeepEqual(phrases, []string{"to erasure"}) {
		t.Errorf("ParseQuery: %q %q", words, phrases)
	}
}

func sample() *Built {
	ix := New("en", analysis.New("en"))
	ix.Add(Page{URL: "b/", Title: "Personal data breaches", Kind: KindModule, Sections: []Section{
		{Heading: "Personal data breaches", Text: "A breach must be notified to the supervisory authority."},
		{Anchor: "who", Heading: "Who notifies", Text: "The controller notifies; the processor informs the controller."}}})
	ix.Add(Page{URL: "a/", Title: "Consent", Kind: KindPage, Sections: []Section{
		{Heading: "Consent", Text: "Consent must be freely given. A breach of consent rules is fined."}}})
	ix.Add(Page{URL: "c/", Title: "Right to erasure", Kind: KindGDPR, Sections: []Section{
		{Heading: "Right to erasure", Text: "The data subject has the right to erasure of personal data."}}})
	return ix.Build()
}

func TestSearch(t *testing.T) {
	b := sample()
	pageURLs := func(rs []Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, b.Pages[r.Page].URL)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		opts Options
		want []string
	}{
		{q: "breach", want: []string{"b/", "a/"}},               // the title outweighs the body
		{q: "brea", want: []string{"b/", "a/"}},                 // prefix
		{q: "breaches", want: []string{"b/", "a/"}},             // stemmed
		{q: "breach consent", want: []string{"a/"}},             // and
		{q: "breach erasure", want: []string{"c/", "b/", "a/"}}, // nothing has both: or
		{q: "the breach", want: []string{"b/", "a/"}},           // stop word dropped
		{q: "breech", want: []string{"b/", "a/"}},               // typo
		{q: "breach consemt", want: []string{"a/"}},             // a word reaching no term tolerates typos before OR
		{q: `"right to erasure"`, want: []string{"c/"}},         // phrase
		{q: `"erasure right"`, want: nil},                       // not a phrase of the text
		{q: "breach", opts: Options{Kind: KindPage}, want: []string{"a/"}},
		{q: "zzzz", want: nil},
	} {
		if got := pageURLs(b.Search(tc.q, tc.opts)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
	// Sub-results: the page's matching sections, best first.
	rs := b.Search("controller", Options{})
	if len(rs) != 1 || len(rs[0].Docs) != 1 || rs[0].Docs[0] != int(b.PageStart[rs[0].Page])+1 {
		t.Errorf("controller: %+v", rs)
	}
}

// TestFilesDeterministic writes the same index twice: the same bytes, and every shard and
// fragment named in the manifest exists.
func TestFilesDeterministic(t *testing.T) {
	a, _ := sample().Files(nil)
	b, st := sample().Files(nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of the same index differ")
	}
	m := string(a[ManifestName])
	if !strings.HasPrefix(m, "SHSearch.index({") {
		t.Fatalf("manifest: %.80s", m)
	}
	for name, data := range a {
		if name == ManifestName {
			continue
		}
		if !strings.Contains(m, strings.Split(strings.TrimPrefix(name, strings.Split(name, "/")[0]+"/"), "/")[0]) && !strings.Contains(name, "/") {
			t.Errorf("%s is not named in the manifest", name)
		}
		if !bytes.HasPrefix(data, []byte("SHSearch.")) {
			t.Errorf("%s does not register itself: %.40s", name, data)
		}
	}
	if st.Docs != 4 || st.Pages != 3 {
		t.Errorf("stats: %+v", st)
	}
}

func TestShardKeys(t *testing.T) {
	keys := []string{"", "a", "br", "bre", "c"}
	for s, want := range map[string]string{"breach": "bre", "brown": "br", "b": "", "apple": "a", "zeta": "", "αρθρο": ""} {
		if got := longestKey(keys, s); got != want {
			t.Errorf("longestKey(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestReadBack writes an index and reads it back: the same searches give the same results.
func TestReadBack(t *testing.T) {
	b := sample()
	files, _ := b.Files(nil)
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"breach", "brea", "breach consent", `"right to erasure"`, "breech", "controller"} {
		if got, want := r.Search(q, Options{}), b.Search(q, Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: read back %+v, built %+v", q, got, want)
		}
	}
}

// TestAddOrder: pages arrive in any order from the render workers; the index is the same.
// Folding joins "članak" and "clanak", whose Croatian terms differ, which must not depend on
// the order.
func TestAddOrder(t *testing.T) {
	pages := []Page{
		{URL: "a/", Title: "Članak 9", Sections: []Section{{Heading: "Članak 9", Text: "Članak o posebnim kategorijama podataka."}}},
		{URL: "b/", Title: "Clanak", Sections: []Section{{Heading: "Clanak", Text: "clanak bez dijakritika"}}},
		{URL: "c/", Title: "Zdravlje", Sections: []Section{{Heading: "Zdravlje", Text: "Podaci o zdravlju u bolnici."}}},
	}
	var first map[string][]byte
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		ix := New("hr", analysis.New("hr"))
		for _, i := range order {
			ix.Add(pages[i])
		}
		b := ix.Build()
		if got := b.Forms["clanak"]; got != "clanak" {
			t.Errorf("order %v: clanak → %q, want the smaller term clanak", order, got)
		}
		files, _ := b.Files(nil)
		if first == nil {
			first = files
		} else if !reflect.DeepEqual(files, first) {
			t.Errorf("order %v: the index differs", order)
		}
	}
}

func TestVarints(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 40, 1023, 1024, 1 << 20, 123456789} {
		got, err := decodeVarints(string(appendVarint(nil, n)))
		if err != nil || len(got) != 1 || got[0] != n {
			t.Errorf("varint %d: %v %v", n, got, err)
		}
	}
	if s := string(appendVarint(nil, 40)); s != "oB" {
		t.Errorf("40 = %q, want oB (docs/search-format.md)", s)
	}
	for s, want := range map[float64]uint8{0.01: 0, 0.05: 0, 13.2: 63, 100: 63, 1: 34} {
		if got := Level(s); got != want {
			t.Errorf("Level(%v) = %d, want %d", s, got, want)
		}
	}
	for l := range ScoreLevels {
		if v := LevelValue(uint8(l)); Level(v) != uint8(l) {
			t.Errorf("level %d: value %v goes back to level %d", l, v, Level(v))
		}
	}
}

func TestAppendFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  a  b\n\tc ", "x\u00a0y\u2003z", "é  ü", "\xffa b\xfe", "a\u200bb", "\u0085a\v\fb\u3000", "\xe2\x80 \xe3"} {
		// "x" is text before, which appendFields must not separate from its first word.
		if got, want := string(appendFields([]byte("x"), []byte(s))), "x"+strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("appendFields(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzAppendFields: appendFields is strings.Fields joined by spaces, for any bytes.
func FuzzAppendFields(f *testing.F) {
	for _, s := range []string{"a  b", "x\u00a0y\u2003z", "\xe2\x80 \xe3", "Άρθρο\u2028 9", "\u0085a\v\fb\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendFields(nil, []byte(s))), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("appendFields(%q) = %q, want %q", s, got, want)
		}
	})
}
