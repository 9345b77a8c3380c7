// Package frontmatter splits a page's YAML front matter from its body and decodes it with
// yaml.v3, so that values keep their YAML 1.2 meaning ("title: No" is a string) and every
// problem is reported at its line in the file.
package frontmatter

import (
	"bytes"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/yamlpos"
	"gopkg.in/yaml.v3"
)

// Page types (DESIGN.md §3).
const (
	TypePage       = "page"
	TypeCurriculum = "curriculum"
	TypeModule     = "module"
	TypeLesson     = "lesson"
	TypeTemplate   = "template"
)

// A FrontMatter holds the typed keys of every page type; which keys a page may use depends on
// its type (see keysByType).
type FrontMatter struct {
	Title          string         `yaml:"title"`
	Description    string         `yaml:"description"`
	Weight         int            `yaml:"weight"`
	Draft          bool           `yaml:"draft"`
	Type           string         `yaml:"type"`
	TranslationKey string         `yaml:"translation_key"`
	TranslationOf  string         `yaml:"translation_of"`
	Params         map[string]any `yaml:"params"`

	// module, curriculum, lesson
	Outcomes    []string `yaml:"outcomes"`
	EQFLevel    int      `yaml:"eqf_level"`
	Hours       float64  `yaml:"hours"`
	ECVET       float64  `yaml:"ecvet"`
	Competences []string `yaml:"competences"`
	Quiz        string   `yaml:"quiz"`

	// template: the field list is typed by the toolbox package.
	Fields   yaml.Node `yaml:"fields"`
	Kind     string    `yaml:"kind"`     // "feedback" for feedback forms
	Audience []string  `yaml:"audience"` // dpo, mentor, mentee, staff, trainer
	Topics   []string  `yaml:"topics"`
	Related  []string  `yaml:"related"` // relative paths of related pages (curriculum modules, GDPR articles)

	// Pos holds the position of each top-level key's value, for later stages' diagnostics
	// (an unknown quiz id is reported at its "quiz:" line).
	Pos map[string]diag.Pos `yaml:"-"`
}

// TypeQuiz is the type of the page the build makes for each quiz in each language; authors do
// not write it.
const TypeQuiz = "quiz"

// TypeGDPR is the type of the GDPR reference pages the build makes in each language
// (site.Page.GDPR says which); authors cannot give it either.
const TypeGDPR = "gdpr"

var common = []string{"title", "description", "weight", "draft", "type", "translation_key", "translation_of", "params"}

var keysByType = map[string][]string{
	TypePage:       common,
	TypeCurriculum: append(append([]string{}, common...), "outcomes", "eqf_level", "hours", "ecvet"),
	TypeModule:     append(append([]string{}, common...), "outcomes", "eqf_level", "hours", "ecvet", "competences", "quiz"),
	TypeLesson:     append(append([]string{}, common...), "outcomes", "hours", "quiz"),
	TypeTemplate:   append(append([]string{}, common...), "fields", "kind", "audience", "topics", "related"),
}

// Types lists the page types in a stable order.
func Types() []string {
	t := make([]string, 0, len(keysByType))
	for k := range keysByType {
		t = append(t, k)
	}
	sort.Strings(t)
	return t
}

// Split returns the front matter block (without its "---" lines) and the byte offset where the
// body starts. ok is false when the file has no front matter; closed is false when an opening
// "---" has no closing one.
func Split(src []byte) (yamlSrc []byte, bodyStart int, ok, closed bool) {
	pos := 0
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		pos = len("\ufeff")
	}
	line, next := lineAt(src, pos)
	if !isFence(line) {
		return nil, 0, false, false
	}
	start := next
	for pos = next; pos < len(src); {
		line, next = lineAt(src, pos)
		if isFence(line) {
			return src[start:pos], next, true, true
		}
		pos = next
	}
	return nil, 0, true, false
}

func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == "---"
}

// lineAt returns the line starting at pos, without its newline, and where the next one starts.
func lineAt(b []byte, pos int) (line []byte, next int) {
	i := bytes.IndexByte(b[pos:], '\n')
	if i < 0 {
		return b[pos:], len(b)
	}
	return b[pos : pos+i], pos + i + 1
}

// Parse decodes the front matter of the file at path. It reports a missing block, bad YAML,
// keys unknown for the page's type, wrong value types and a missing title.
func Parse(path string, src []byte, diags *diag.List) FrontMatter {
	var fm FrontMatter
	yamlSrc, _, ok, closed := Split(src)
	switch {
	case !ok:
		diags.Errorf(diag.Pos{File: path, Line: 1, Col: 1}, "start the file with a front matter block: ---, title: …, ---",
			"missing front matter")
		return fm
	case !closed:
		diags.Errorf(diag.Pos{File: path, Line: 1, Col: 1}, "close the front matter with a line holding only ---",
			"front matter is not closed")
		return fm
	}
	doc := yamlpos.Doc{File: path, LineOffset: 1, Src: yamlSrc}
	root := doc.Parse(diags)
	if root == nil {
		if !diags.HasErrors() {
			diags.Errorf(diag.Pos{File: path, Line: 1, Col: 1}, "add title: … between the --- lines", "missing title")
		}
		return fm
	}
	pageType := TypePage
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "type" {
				v := root.Content[i+1]
				if _, known := keysByType[v.Value]; known {
					pageType = v.Value
				} else {
					diags.Errorf(doc.Pos(v), "use one of: "+strings.Join(Types(), ", "), "unknown page type %q", v.Value)
					return fm
				}
			}
		}
	}
	allowed := map[string]bool{}
	for _, k := range keysByType[pageType] {
		allowed[k] = true
	}
	before := len(*diags)
	what := "front matter (type " + pageType + ")"
	if root.Kind == yaml.MappingNode {
		// A key of another page type gets a hint naming that type instead of the key list.
		for i := 0; i+1 < len(root.Content); i += 2 {
			k := root.Content[i]
			if types := typesWithKey(k.Value); !allowed[k.Value] && len(types) > 0 {
				diags.Errorf(doc.Pos(k), "it belongs to "+strings.Join(types, ", ")+" pages: set type: "+types[len(types)-1]+" or remove it",
					"unknown key %q in %s", k.Value, what)
				allowed[k.Value] = true // reported once
			}
		}
	}
	doc.Decode(root, &fm, func(k string) bool { return allowed[k] }, what, diags)
	fm.Type = pageType
	if root.Kind == yaml.MappingNode {
		fm.Pos = map[string]diag.Pos{}
		for i := 0; i+1 < len(root.Content); i += 2 {
			fm.Pos[root.Content[i].Value] = doc.Pos(root.Content[i+1])
		}
	}
	if len(*diags) > before {
		return fm
	}
	if strings.TrimSpace(fm.Title) == "" {
		pos := diag.Pos{File: path, Line: 2, Col: 1}
		if n := keyNode(root, "title"); n != nil {
			pos = doc.Pos(n)
		}
		diags.Errorf(pos, "add title: followed by the page title", "missing title")
	}
	return fm
}

// typesWithKey lists, in order, the page types that accept key.
func typesWithKey(key string) []string {
	var types []string
	for _, t := range Types() {
		for _, k := range keysByType[t] {
			if k == key {
				types = append(types, t)
			}
		}
	}
	return types
}

func keyNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}
