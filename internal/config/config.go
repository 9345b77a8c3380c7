// Package config decodes and validates a site's config.yaml.
package config

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/yamlpos"
	"gopkg.in/yaml.v3"
)

// FileName is the config file at the site root.
const FileName = "config.yaml"

// A Config is a site's configuration.
type Config struct {
	Title           string     `yaml:"title"`
	BaseURL         string     `yaml:"base_url"`
	DefaultLanguage string     `yaml:"default_language"`
	Languages       []Language `yaml:"languages"`
	Menu            []string   `yaml:"menu"`
	GDPR            GDPR       `yaml:"gdpr"`
	License         string     `yaml:"license"`
	SiteID          string     `yaml:"site_id"`
	Output          string     `yaml:"output"`

	// MenuPos holds the position of each menu entry, for later stages' diagnostics.
	MenuPos []diag.Pos `yaml:"-"`
	// LanguagePos holds the position of each language entry.
	LanguagePos []diag.Pos `yaml:"-"`
}

// A Language is one language the site is published in.
type Language struct {
	Code        string `yaml:"code"`
	Name        string `yaml:"name"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Analyzer    string `yaml:"analyzer"`
	Dir         string `yaml:"dir"`
}

// GDPR configures the regulation reference.
type GDPR struct {
	OfficialText string `yaml:"official_text"`
	// Pos is where official_text is set, for diagnostics about the folder it names.
	Pos diag.Pos `yaml:"-"`
}

// Language returns the language with the given code, or nil.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

var (
	langCodeRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	siteIDRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	slugRe     = regexp.MustCompile(`^[\p{Ll}\p{Lo}0-9][\p{Ll}\p{Lo}0-9._-]*$`)
)

// Licenses the footer knows how to name and link; others are shown by their SPDX id.
var Licenses = map[string]string{
	"CC-BY-4.0":    "https://creativecommons.org/licenses/by/4.0/",
	"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
	"CC0-1.0":      "https://creativecommons.org/publicdomain/zero/1.0/",
}

// Load reads config.yaml from the site root. A missing file is a single error.
func Load(fsys fs.FS) (*Config, diag.List) {
	var diags diag.List
	src, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		hint := "run securehealth in the site root or pass -s DIR"
		if !errors.Is(err, fs.ErrNotExist) {
			hint = ""
		}
		diags.Errorf(diag.Pos{File: FileName}, hint, "cannot read the site configuration: %v", unwrapPath(err))
		return nil, diags
	}
	return Parse(src, &diags), diags
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes and validates config source, applying defaults.
func Parse(src []byte, diags *diag.List) *Config {
	doc := yamlpos.Doc{File: FileName, Src: src}
	root := doc.Parse(diags)
	if diags.HasErrors() {
		return nil
	}
	cfg := &Config{}
	doc.Decode(root, cfg, nil, "config.yaml", diags)
	if diags.HasErrors() {
		return nil
	}
	validate(cfg, doc, root, diags)
	if diags.HasErrors() {
		return nil
	}
	return cfg
}

func validate(cfg *Config, doc yamlpos.Doc, root *yaml.Node, diags *diag.List) {
	at := func(path ...string) diag.Pos { return doc.Pos(lookup(root, path...)) }
	if cfg.License == "" {
		cfg.License = "CC-BY-4.0"
	}
	if cfg.SiteID == "" {
		cfg.SiteID = "securehealth"
	} else if !siteIDRe.MatchString(cfg.SiteID) {
		diags.Errorf(at("site_id"), "use lower-case letters, digits and hyphens", "site_id %q is not a valid key prefix", cfg.SiteID)
	}
	if cfg.Output == "" {
		cfg.Output = "build"
	}
	if cfg.BaseURL != "" && !strings.HasPrefix(cfg.BaseURL, "https://") && !strings.HasPrefix(cfg.BaseURL, "http://") {
		diags.Errorf(at("base_url"), "write an absolute URL such as https://example.org/securehealth/", "base_url %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if len(cfg.Languages) == 0 {
		diags.Errorf(at("languages"), "add at least one entry with code, name and title", "no languages configured")
		return
	}
	if cfg.Title == "" {
		cfg.Title = cfg.Languages[0].Title // before the loop, which gives it to untitled languages
	}
	seen := map[string]bool{}
	for i := range cfg.Languages {
		l := &cfg.Languages[i]
		item := lookup(root, "languages")
		if item != nil && item.Kind == yaml.SequenceNode && i < len(item.Content) {
			item = item.Content[i]
		}
		pos := doc.Pos(item)
		cfg.LanguagePos = append(cfg.LanguagePos, pos)
		switch {
		case l.Code == "":
			diags.Errorf(pos, "add code: xx (an ISO 639-1 code such as en)", "language without a code")
			continue
		case !langCodeRe.MatchString(l.Code):
			diags.Errorf(doc.Pos(lookup(item, "code")), "use a lower-case ISO 639 code such as en or sl", "invalid language code %q", l.Code)
		case seen[l.Code]:
			diags.Errorf(doc.Pos(lookup(item, "code")), "list each language once", "language %q is configured twice", l.Code)
		}
		seen[l.Code] = true
		if l.Name == "" {
			diags.Errorf(pos, "add name: the language's own name, such as Slovenščina", "language %q has no name", l.Code)
		}
		if l.Title == "" {
			l.Title = cfg.Title
		}
		if l.Analyzer == "" {
			l.Analyzer = l.Code
		}
		switch l.Dir {
		case "":
			l.Dir = "ltr"
		case "ltr", "rtl":
		default:
			diags.Errorf(doc.Pos(lookup(item, "dir")), "write ltr or rtl", "invalid text direction %q", l.Dir)
		}
	}
	if cfg.DefaultLanguage == "" {
		cfg.DefaultLanguage = cfg.Languages[0].Code
	} else if !seen[cfg.DefaultLanguage] {
		diags.Errorf(at("default_language"), "name one of the configured languages", "default_language %q is not among the languages", cfg.DefaultLanguage)
	}
	cfg.GDPR.Pos = at("gdpr", "official_text")
	for i, m := range cfg.Menu {
		pos := at("menu")
		if n := lookup(root, "menu"); n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
			pos = doc.Pos(n.Content[i])
		}
		cfg.MenuPos = append(cfg.MenuPos, pos)
		if !slugRe.MatchString(m) {
			diags.Errorf(pos, "name a top-level section or page by its file name, such as about", "invalid menu entry %q", m)
		}
	}
}

// lookup walks mapping keys; it returns the deepest node found, so positions stay useful.
func lookup(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return n
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}
