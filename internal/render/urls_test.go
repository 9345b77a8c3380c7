package render

import "testing"

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
		{"el/about/", "el/σκοπός/", false, "../%CF%83%CE%BA%CE%BF%CF%80%CF%8C%CF%82/"},
	}
	for _, tt := range tests {
		if got := Relative(tt.from, tt.target, tt.offline); got != tt.want {
			t.Errorf("Relative(%q, %q, %v) = %q, want %q", tt.from, tt.target, tt.offline, got, tt.want)
		}
	}
}
