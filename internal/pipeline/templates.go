package pipeline

import (
	"path"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/toolbox"
)

// loadTemplates types the field lists of every toolbox template page and checks that each
// translation agrees with its original on ids, types and options. The result is keyed by the
// page's source file, which a fallback page shares with its original.
func loadTemplates(s *site.Site, diags *diag.List) map[string]*toolbox.Template {
	out := map[string]*toolbox.Template{}
	// A page whose front matter already failed would only add errors that follow from those.
	failed := map[string]bool{}
	for _, d := range *diags {
		if d.Severity == diag.Error {
			failed[d.Pos.File] = true
		}
	}
	langs := append([]*site.Language{s.Default}, s.Languages...)
	for i, l := range langs {
		if i > 0 && l == s.Default {
			continue
		}
		for _, p := range l.Pages {
			if p.FM.Type != frontmatter.TypeTemplate || p.IsFallback() || out[p.Source] != nil || failed[p.Source] {
				continue
			}
			t := toolbox.Parse(p.Source, p.FM, templateID(p.Key), diags)
			if t == nil {
				continue
			}
			out[p.Source] = t
			if l == s.Default {
				continue
			}
			if orig := p.TranslationIn(s.Default.Code); orig != nil && !orig.IsFallback() && out[orig.Source] != nil {
				toolbox.Agree(out[orig.Source], t, diags)
			}
		}
	}
	return out
}

// templateID names a template in the browser's storage and in exports: its file name, or its
// folder's for a bundle — the same in every language.
func templateID(key string) string {
	key = strings.TrimSuffix(key, ".md")
	if base := path.Base(key); base != "index" && base != "_index" {
		return base
	}
	return path.Base(path.Dir(key))
}
