package i18n

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/yamlpos"
	"golang.org/x/text/feature/plural"
	"gopkg.in/yaml.v3"
)

// A Source is one strings file: where it came from (site-relative path for diagnostics, such as
// "themes/default/i18n/sl.yaml") and its bytes. Embedded theme files come first, a site's own
// overrides after, key by key.
type Source struct {
	Path string
	Data []byte
}

// stringsDir is where a language's strings file belongs, for diagnostics about a file that
// does not exist.
const stringsDir = "themes/default/i18n"

// A located entry is an entry with the position of its key and value, for diagnostics about
// the value that wins.
type located struct {
	entry
	key, val diag.Pos
	src      string // the value as written, for placeholder checks
	seq      int    // order of reading, for diagnostics in file order
}

// Load builds the catalog. files maps a language code to its sources (theme first, then site
// override; either may be missing). langs is the site's language order; def the default
// language. Files of languages the site does not have are ignored. Load reports:
//   - invalid YAML, and a value that is neither text nor a plural mapping: errors at the place;
//   - a language without any strings file, and a key the default language has but a language
//     lacks: warnings (errors if strict) at the language's file, 1:1;
//   - a key the default language lacks, a placeholder the default language's value lacks, and a
//     plural value without a form the language uses: warnings at the value.
//
// It always returns a usable catalog.
func Load(files map[string][]Source, langs []string, def string, strict bool, diags *diag.List) *Catalog {
	c := &Catalog{def: def, langs: map[string]*table{}}
	report := diags.Warnf
	if strict {
		report = diags.Errorf
	}
	order := []string{def}
	for _, l := range langs {
		if !slices.Contains(order, l) {
			order = append(order, l)
		}
	}
	merged := map[string]map[string]located{}
	broken := map[string]bool{} // languages with a file that did not parse
	for _, lang := range order {
		t := newTable(lang)
		c.langs[lang] = t
		m := map[string]located{}
		merged[lang] = m
		srcs := files[lang]
		if len(srcs) == 0 {
			file := diag.Pos{File: path.Join(stringsDir, lang+".yaml"), Line: 1, Col: 1}
			if lang == def {
				report(file, "add i18n/"+lang+".yaml with every UI string",
					"no UI strings for the default language %s", lang)
			} else {
				report(file, fmt.Sprintf("copy i18n/%s.yaml to i18n/%s.yaml and translate it", def, lang),
					"no UI strings for language %s; using %s", lang, def)
			}
			continue
		}
		seq := 0
		for _, src := range srcs {
			if !parseSource(src, m, &seq, diags) {
				broken[lang] = true
			}
		}
		for k, e := range m {
			t.entries[k] = e.entry
		}
	}

	defs := merged[def]
	for _, lang := range order {
		m, srcs := merged[lang], files[lang]
		if len(srcs) == 0 {
			continue
		}
		used := usedForms(c.langs[lang].tag)
		for _, k := range inFileOrder(m) {
			e := m[k]
			if e.forms != nil {
				checkForms(lang, k, e, used, diags)
			}
			if lang == def || len(files[def]) == 0 {
				continue
			}
			d, ok := defs[k]
			if !ok {
				diags.Warnf(e.key, "remove it or add it to "+def+".yaml",
					"unknown UI string %q (not in %s.yaml)", k, def)
				continue
			}
			if k != "date_long" && e.list == nil && d.list == nil {
				checkPlaceholders(def, k, e, d, diags)
			}
		}
		if lang == def || broken[lang] {
			continue // a file that did not parse has its error; every key "missing" is noise
		}
		file := diag.Pos{File: srcs[0].Path, Line: 1, Col: 1}
		for _, k := range sortedKeys(defs) {
			if _, ok := m[k]; !ok {
				report(file, "add it, translated", "missing UI string %q; using %s", k, def)
			}
		}
	}
	return c
}

// inFileOrder returns the keys of m in the order they were read.
func inFileOrder(m map[string]located) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]].seq < m[keys[j]].seq })
	return keys
}

func sortedKeys(m map[string]located) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseSource adds the entries of one file to m, a later file's key replacing an earlier one's
// whole value. It reports whether the file parsed as a YAML mapping.
func parseSource(src Source, m map[string]located, seq *int, diags *diag.List) bool {
	doc := yamlpos.Doc{File: src.Path, Src: src.Data}
	var parseDiags diag.List
	root := doc.Parse(&parseDiags)
	diags.Add(parseDiags)
	if parseDiags.HasErrors() {
		return false
	}
	if root == nil {
		return true // empty or only comments
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(doc.Pos(root), `write one key: "text" per line`,
			"UI strings must be a YAML mapping of keys to text, not %s", kindName(root))
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := root.Content[i], resolve(root.Content[i+1])
		if kn.Kind != yaml.ScalarNode {
			diags.Errorf(doc.Pos(kn), "write a plain name such as toc_title", "a UI string's key must be a name, not %s", kindName(kn))
			continue
		}
		k := kn.Value
		if first, dup := seen[k]; dup {
			diags.Errorf(doc.Pos(kn), "keep one of them", "key %q appears twice (first on line %d)", k, first)
			continue
		}
		seen[k] = kn.Line
		if e, ok := parseValue(doc, k, vn, diags); ok {
			*seq++
			e.key, e.val, e.seq = doc.Pos(kn), doc.Pos(vn), *seq
			m[k] = e
		}
	}
	return true
}

// resolve follows an alias (*name) to its anchored node.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	return n
}

func parseValue(doc yamlpos.Doc, key string, n *yaml.Node, diags *diag.List) (located, bool) {
	if key == "months" {
		return parseMonths(doc, n, diags)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		s, ok := text(doc, key, n, diags)
		if !ok {
			return located{}, false
		}
		if key == "date_long" {
			for _, tok := range placeholders(s) {
				if !dateTokens[tok] {
					diags.Errorf(doc.Pos(n), "use {d}, {dd}, {month}, {m}, {mm} and {yyyy}",
						"unknown date token {%s} in date_long", tok)
					return located{}, false
				}
			}
		}
		return located{entry: entry{text: s}, src: s}, true
	case yaml.MappingNode:
		return parseForms(doc, key, n, diags)
	}
	diags.Errorf(doc.Pos(n), `write key: "text", or one: "…" and other: "…" indented below the key for text with a number`,
		"UI string %q must be text or a mapping of plural forms, not %s", key, kindName(n))
	return located{}, false
}

// text returns a scalar's text. Any scalar is text as the author wrote it (prev: 5 is "5"),
// except an empty value (or null, ~), which is more likely a slip than a wish for blank text
// ("" is one).
func text(doc yamlpos.Doc, key string, n *yaml.Node, diags *diag.List) (string, bool) {
	if n.ShortTag() == "!!null" {
		diags.Errorf(doc.Pos(n), `write its text in quotes; "" for none`, "UI string %q has no value", key)
		return "", false
	}
	return n.Value, true
}

func parseForms(doc yamlpos.Doc, key string, n *yaml.Node, diags *diag.List) (located, bool) {
	e := located{entry: entry{forms: map[plural.Form]string{}}}
	ok := true
	var all []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], resolve(n.Content[i+1])
		f, known := formNames[kn.Value]
		if kn.Kind != yaml.ScalarNode || !known {
			diags.Errorf(doc.Pos(kn), "use "+strings.Join(formOrder, ", "),
				"unknown plural form %q in UI string %q", kn.Value, key)
			ok = false
			continue
		}
		if _, dup := e.forms[f]; dup {
			diags.Errorf(doc.Pos(kn), "keep one of them", "plural form %q appears twice in UI string %q", kn.Value, key)
			ok = false
			continue
		}
		if vn.Kind != yaml.ScalarNode {
			diags.Errorf(doc.Pos(vn), "write text, quoted if needed",
				"plural form %q of UI string %q must be text, not %s", kn.Value, key, kindName(vn))
			ok = false
			continue
		}
		s, good := text(doc, key, vn, diags)
		if !good {
			ok = false
			continue
		}
		e.forms[f] = s
		all = append(all, s)
	}
	if !ok {
		return located{}, false
	}
	if _, has := e.forms[plural.Other]; !has {
		diags.Errorf(doc.Pos(n), `add other: "…"; it is used for every number without its own form`,
			"plural UI string %q has no \"other\" form", key)
		return located{}, false
	}
	e.src = strings.Join(all, "\n")
	return e, true
}

func parseMonths(doc yamlpos.Doc, n *yaml.Node, diags *diag.List) (located, bool) {
	const hint = "write months: [January, February, …] with the 12 names as a date needs them"
	if n.Kind != yaml.SequenceNode {
		diags.Errorf(doc.Pos(n), hint, "months must be a list of 12 month names, not %s", kindName(n))
		return located{}, false
	}
	if len(n.Content) != 12 {
		diags.Errorf(doc.Pos(n), hint, "months must be a list of 12 month names, not %d", len(n.Content))
		return located{}, false
	}
	var names []string
	for _, item := range n.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			diags.Errorf(doc.Pos(item), hint, "a month name must be text, not %s", kindName(item))
			return located{}, false
		}
		names = append(names, item.Value)
	}
	return located{entry: entry{list: names}}, true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if n.Value == "" {
			return "empty"
		}
		return "a single value"
	}
	return "this"
}

// checkForms warns about a plural value that lacks a category the language uses: the number
// would silently read as "other" ("3 minut" for "3 minute" in Slovenian).
func checkForms(lang, key string, e located, used map[plural.Form][]string, diags *diag.List) {
	for _, name := range formOrder {
		f := formNames[name]
		examples, needed := used[f]
		if _, has := e.forms[f]; has || !needed || f == plural.Other {
			continue
		}
		diags.Warnf(e.val, fmt.Sprintf("add %s: \"…\"", name),
			"plural UI string %q has no %q form, which %s uses for %s; using \"other\"",
			key, name, lang, strings.Join(examples, ", "))
	}
}

// checkPlaceholders warns about a placeholder the default language's value does not have: no
// caller passes it, so the reader would see "{minute}" where "5" belongs.
func checkPlaceholders(def, key string, e, d located, diags *diag.List) {
	known := placeholders(d.src)
	for _, p := range placeholders(e.src) {
		if slices.Contains(known, p) {
			continue
		}
		hint := "remove it"
		if len(known) > 0 {
			hint = "use " + braced(known)
		}
		diags.Warnf(e.val, hint, "UI string %q uses {%s}, which %s.yaml does not have", key, p, def)
	}
}

func braced(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{" + n + "}")
	}
	return b.String()
}
