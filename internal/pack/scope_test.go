package pack

import (
	"strings"
	"testing"
)

func TestRefs(t *testing.T) {
	page := `<a href="#main">skip</a><a href="../l1/">l1</a><a href="https://example.org/x">ext</a>` +
		`<img src="diagram.png" alt=""><a href="../../../../up.html">up</a><a href="/abs/">abs</a><a href="?q=x">q</a>` +
		`<link rel="stylesheet" href="../../../assets/site.css"><a href="a%20b/index.html">space</a>`
	got := Refs("en/course/m1/index.html", []byte(page))
	want := []struct {
		target            string
		external, outside bool
	}{
		{"", false, false},
		{"en/course/l1/index.html", false, false},
		{"", true, false},
		{"en/course/m1/diagram.png", false, false},
		{"", false, true},
		{"", false, true},
		{"", false, false},
		{"assets/site.css", false, false},
		{"en/course/m1/a b/index.html", false, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d refs, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Target != w.target || got[i].External != w.external || got[i].Outside != w.outside {
			t.Errorf("ref %d (%s): got %+v, want %+v", i, got[i].Value, got[i], w)
		}
	}
}

func TestScope(t *testing.T) {
	in := map[string]bool{"en/m1/index.html": true, "en/m1/l1/index.html": true, "assets/site.css": true, "assets/site.js": true}
	inside := func(s string) bool { return in[s] }
	tests := []struct {
		name, page, want string
		opts             ScopeOptions
	}{
		{"link inside stays", `<a href="l1/index.html">L1</a>`, `<a href="l1/index.html">L1</a>`, ScopeOptions{}},
		{"fragment stays", `<a href="#x">x</a>`, `<a href="#x">x</a>`, ScopeOptions{}},
		{"link outside becomes text", `<a href="../index.html" hreflang="en" aria-current="page" rel="prev">Home</a>`, `<a>Home</a>`, ScopeOptions{}},
		{"link above the root becomes text", `<a class="x" href="../../../x.html">X</a>`, `<a class="x">X</a>`, ScopeOptions{}},
		{"canonical outside dropped", "<link rel=\"canonical\" href=\"../other/\">\n<p>", "<p>", ScopeOptions{}},
		{"stylesheet inside stays", `<link rel="stylesheet" href="../../assets/site.css">`, `<link rel="stylesheet" href="../../assets/site.css">`, ScopeOptions{}},
		{"script outside dropped", "<script src=\"../../assets/gone.js\" defer></script>\n<p>", "<p>", ScopeOptions{}},
		{"script inside stays", `<script src="../../assets/site.js" defer></script>`, `<script src="../../assets/site.js" defer></script>`, ScopeOptions{}},
		{"search form outside dropped", `<form role="search" action="../search/index.html"><input type="search"><button>Go</button></form><p>`, `<p>`, ScopeOptions{}},
		{"external kept", `<a href="https://example.org/">e</a>`, `<a href="https://example.org/">e</a>`, ScopeOptions{}},
		{"external new window", `<a href="https://example.org/">e</a>`, `<a href="https://example.org/" target="_blank" rel="noopener">e</a>`, ScopeOptions{NewWindow: true}},
		{"external with rel", `<a href="https://example.org/" rel="license">e</a>`, `<a href="https://example.org/" target="_blank" rel="license noopener">e</a>`, ScopeOptions{NewWindow: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Scope("en/m1/index.html", []byte(tt.page), inside, tt.opts))
			if got != tt.want {
				t.Errorf("Scope:\n got %s\nwant %s", got, tt.want)
			}
			if probs := CheckRefs("en/m1/index.html", []byte(got), inside); len(probs) > 0 {
				t.Errorf("after Scope: %v", probs)
			}
		})
	}
}

func TestInjectScript(t *testing.T) {
	got := string(InjectScript([]byte("<html><head><title>x</title>\n</head><body></body></html>"), "../../scorm/bridge.js"))
	if !strings.Contains(got, `<script src="../../scorm/bridge.js" defer></script>`+"\n</head>") {
		t.Errorf("got %s", got)
	}
}

func TestRelativeTo(t *testing.T) {
	for _, tt := range []struct{ from, to, want string }{
		{"launch.html", "en/m1/index.html", "en/m1/index.html"},
		{"en/m1/index.html", "scorm/bridge.js", "../../scorm/bridge.js"},
		{"en/m1/l1/index.html", "en/m1/index.html", "../index.html"},
		{"en/m1/index.html", "en/m1/img/a b.png", "img/a%20b.png"},
	} {
		if got := RelativeTo(tt.from, tt.to); got != tt.want {
			t.Errorf("RelativeTo(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// FuzzScope feeds Scope arbitrary markup: it must not panic, and a page made only of tags
// it knows keeps no reference that leaves the set.
func FuzzScope(f *testing.F) {
	f.Add(`<a href="../x/">x</a><script src="../y.js"></script><form action="../s/"><a href="z">z</a></form>`)
	f.Add(`<link rel="canonical" href="../../../../x"><img src="a.png"><iframe src="../f.html"></iframe>`)
	f.Fuzz(func(t *testing.T, page string) {
		inside := func(s string) bool { return s == "a/index.html" || s == "a/a.png" }
		out := Scope("a/index.html", []byte(page), inside, ScopeOptions{NewWindow: true})
		if page == `<a href="../x/">x</a>` && string(out) != `<a>x</a>` {
			t.Errorf("got %s", out)
		}
	})
}
