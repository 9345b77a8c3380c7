package render

import (
	"errors"
	"io/fs"
	"path"
	"sort"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/themes"
	"gopkg.in/yaml.v3"
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

// uiStrings loads i18n/<lang>.yaml, the embedded file first and the site's file over it, key
// by key.
func (t theme) uiStrings(lang string, diags *diag.List) (map[string]string, bool) {
	name := "i18n/" + lang + ".yaml"
	out := map[string]string{}
	found := false
	for i, fsys := range []fs.FS{t.embedded, t.site} {
		if fsys == nil {
			continue
		}
		p := name
		if i == 1 {
			p = path.Join(ThemeDir, name)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		found = true
		var m map[string]string
		if err := yaml.Unmarshal(b, &m); err != nil {
			diags.Errorf(diag.Pos{File: path.Join(ThemeDir, name), Line: 1, Col: 1}, "write one key: \"text\" per line", "invalid UI strings: %v", err)
			continue
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, found
}
