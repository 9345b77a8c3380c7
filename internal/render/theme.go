package render

import (
	"errors"
	"io/fs"
	"path"
	"sort"

	"github.com/securehealth/securehealth/internal/i18n"
	"github.com/securehealth/securehealth/themes"
)

// ThemeDir is where a site may override theme files, file by file.
const ThemeDir = "themes/default"

// A theme finds theme files in the site's own themes/default/ first, then in the embedded
// default theme.
type theme struct {
	site     fs.FS // the site root, may be nil
	embedded fs.FS
}

func newTheme(siteFS fs.FS) theme {
	sub, _ := fs.Sub(themes.Default, "default")
	return theme{site: siteFS, embedded: sub}
}

// ReadFile returns the file and the site-relative path it was read from, for diagnostics.
func (t theme) ReadFile(name string) ([]byte, string, error) {
	if t.site != nil {
		b, err := fs.ReadFile(t.site, path.Join(ThemeDir, name))
		if err == nil {
			return b, path.Join(ThemeDir, name), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	b, err := fs.ReadFile(t.embedded, name)
	return b, path.Join(ThemeDir, name), err
}

// Glob lists file names matching pattern in either place, sorted and without duplicates.
func (t theme) Glob(pattern string) []string {
	seen := map[string]bool{}
	matches, _ := fs.Glob(t.embedded, pattern)
	for _, m := range matches {
		seen[m] = true
	}
	if t.site != nil {
		matches, _ := fs.Glob(t.site, path.Join(ThemeDir, pattern))
		for _, m := range matches {
			seen[m[len(ThemeDir)+1:]] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// uiSources collects each language's i18n/<lang>.yaml: the embedded file first, then the
// site's own, which overrides it key by key.
func (t theme) uiSources(langs []string) map[string][]i18n.Source {
	out := map[string][]i18n.Source{}
	for _, lang := range langs {
		name := "i18n/" + lang + ".yaml"
		if b, err := fs.ReadFile(t.embedded, name); err == nil {
			out[lang] = append(out[lang], i18n.Source{Path: path.Join(ThemeDir, name), Data: b})
		}
		if t.site != nil {
			if b, err := fs.ReadFile(t.site, path.Join(ThemeDir, name)); err == nil {
				out[lang] = append(out[lang], i18n.Source{Path: path.Join(ThemeDir, name), Data: b})
			}
		}
	}
	return out
}
