package render

import (
	"testing"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/site"
)

func TestOfflineURL(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"en/index.html", "en/"},
		{"en/dpo/m1/index.html", "en/dpo/m1/"},
		{"en/dpo/m1/diagram.png", "en/dpo/m1/diagram.png"},
		{"assets/site.0123456789.css", "assets/site.0123456789.css"},
		{"el/οδηγός/σχήμα 1.png", "el/%CE%BF%CE%B4%CE%B7%CE%B3%CF%8C%CF%82/%CF%83%CF%87%CE%AE%CE%BC%CE%B1%201.png"},
		{"en/a:b/index.html", "en/a:b/"},
		{"en/search/index.js", "en/search/index.js"},
	} {
		if got := offlineURL(tt.file); got != tt.want {
			t.Errorf("offlineURL(%q) = %q, want %q", tt.file, got, tt.want)
		}
	}
}

func TestCourseOf(t *testing.T) {
	typed := func(typ string, parent *site.Page) *site.Page {
		return &site.Page{FM: frontmatter.FrontMatter{Type: typ}, Parent: parent}
	}
	home := typed("", nil)
	curriculum := typed(frontmatter.TypeCurriculum, home)
	module := typed(frontmatter.TypeModule, curriculum)
	lesson := typed(frontmatter.TypeLesson, module)
	section := typed("", home)
	loose := typed(frontmatter.TypeModule, section)
	looseLesson := typed(frontmatter.TypeLesson, loose)
	for _, tt := range []struct {
		name       string
		page, want *site.Page
	}{
		{"home", home, nil},
		{"section", section, nil},
		{"curriculum", curriculum, curriculum},
		{"module in a curriculum", module, curriculum},
		{"lesson in a curriculum", lesson, curriculum},
		{"module alone", loose, loose},
		{"lesson of a module alone", looseLesson, loose},
	} {
		if got := courseOf(tt.page); got != tt.want {
			t.Errorf("%s: courseOf gave %p, want %p", tt.name, got, tt.want)
		}
	}
}
