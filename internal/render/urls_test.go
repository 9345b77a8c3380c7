package render

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRelative(t *testing.T) {
	tests := []struct {
		from, target string
		offline      bool
		want         string
	}{
		{"en/about/", "en/", false, "../"},
		{"en/about/", "en/", true, "../index.html"},
		{"en/", "en/", false, "./"},
		{"en/", "en/", true, "index.html"},
		{"en/a/b/", "en/a/c/", false, "../c/"},
		{"en/a/b/", "sl/a/b/", false, "../../../sl/a/b/"},
		{"", "en/", false, "en/"},
		{"", "en/", true, "en/index.html"},
		{"", "assets/site.css", false, "assets/site.css"},
		{"en/guide/", "assets/site.css", true, "../../assets/site.css"},
		{"en/guide/x/", "en/guide/x/diagram.png", false, "diagram.png"},
		{"en/about/", "en/about/#scope", false, "./#scope"},
		{"en/about/", "en/about/#scope", true, "index.html#scope"},
		{"en/about/", "en/dpia/#σκοπός", false, "../dpia/#σκοπός"},
		{"en/x/", "en/x/a:b.png", false, "./a:b.png"},
		{"el/about/", "el/σκοπός/", false, "../%CF%83%CE%BA%CE%BF%CF%80%CF%8C%CF%82/"},
	}
	for _, tt := range tests {
		if got := Relative(tt.from, tt.target, tt.offline); got != tt.want {
			t.Errorf("Relative(%q, %q, %v) = %q, want %q", tt.from, tt.target, tt.offline, got, tt.want)
		}
	}
}

// FuzzRelative checks that a relative URL, resolved against the page it is written on, names
// the target again, and never starts with "/".
func FuzzRelative(f *testing.F) {
	f.Add("en/about/", "en/", false)
	f.Add("", "en/guide/x/diagram.png", true)
	f.Add("el/a/b/", "el/σκοπός/#x", false)
	f.Add("", ":", false)
	f.Fuzz(func(t *testing.T, from, target string, offline bool) {
		if !validDir(from) || !validTarget(target) {
			return
		}
		rel := Relative(from, target, offline)
		if strings.HasPrefix(rel, "/") {
			t.Fatalf("Relative(%q, %q) = %q starts with /", from, target, rel)
		}
		base, _ := url.Parse("http://h/" + from)
		ref, err := url.Parse(rel)
		if err != nil {
			t.Fatalf("Relative(%q, %q) = %q: %v", from, target, rel, err)
		}
		got := strings.TrimPrefix(base.ResolveReference(ref).Path, "/")
		want, _, _ := strings.Cut(target, "#")
		if offline && (strings.HasSuffix(want, "/") || want == "") {
			want += "index.html"
		}
		if got != want {
			t.Fatalf("Relative(%q, %q, %v) = %q resolves to %q, want %q", from, target, offline, rel, got, want)
		}
	})
}

// validDir accepts output directories as the site makes them: "" or clean segments ending in "/".
func validDir(d string) bool {
	return d == "" || strings.HasSuffix(d, "/") && validSegments(strings.TrimSuffix(d, "/"))
}

// validTarget accepts targets as package link makes them: a path, and a fragment that is a
// heading id (letters, digits, hyphens).
func validTarget(t string) bool {
	p, frag, _ := strings.Cut(t, "#")
	return p != "" && validSegments(strings.TrimSuffix(p, "/")) && !strings.ContainsAny(frag, "%# ")
}

func validSegments(p string) bool {
	if p == "" || !utf8.ValidString(p) {
		return false
	}
	for _, s := range strings.Split(p, "/") {
		if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "?#\\%") {
			return false
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f {
				return false
			}
		}
	}
	return true
}
