package search

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/klauspost/compress/flate"
)

var jsonStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "člen 9 – «données» Άρθρο", "\u2028\u2029", "bad \xff\xfe utf-8 \xe2\x82", "emoji 🙂",
}

// The fragment's JSON is byte for byte what encoding/json writes for fragmentJSON.
func TestFragmentJSON(t *testing.T) {
	pages := []Page{
		{},
		{URL: "a/b/", Title: "T", Kind: KindGDPR, Breadcrumb: []string{"One", "Two"},
			Sections: []Section{{"", "T", "top"}, {"x", "X <h>", "text & more"}}},
	}
	for _, s := range jsonStrings {
		pages = append(pages, Page{URL: s, Title: s, Breadcrumb: []string{s}, Kind: KindQuiz, Sections: []Section{{s, s, s}}})
	}
	for _, p := range pages {
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(fragment(p))))
		if err != nil {
			t.Fatal(err)
		}
		f := fragmentJSON{U: p.URL, T: p.Title, B: nonNil(p.Breadcrumb), K: string(p.Kind)}
		for _, s := range p.Sections {
			f.D = append(f.D, []string{s.Anchor, s.Heading, s.Text})
		}
		want, _ := json.Marshal(f)
		if !bytes.Equal(got, want) {
			t.Errorf("fragment of %+v:\n got %s\nwant %s", p, got, want)
		}
	}
}

// FuzzJSONString: appendJSONString writes what json.Marshal writes for any string.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); !bytes.Equal(got[1:], want) {
			t.Fatalf("%q: got %s, want %s", s, got[1:], want)
		}
	})
}
