// Package reference loads the site's GDPR reference: the Regulation's structure and titles,
// our own summaries, healthcare commentary, related recitals and country notes (all under
// content/_data/gdpr/), and the official text in each language when gdpr.official_text names a
// folder holding it. The pipeline turns it into reference pages; the citation linker checks
// citations against it.
package reference

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/gdpr"
	"github.com/securehealth/securehealth/internal/yamlpos"
)

// Dir holds the reference data, relative to the site root.
const Dir = "content/_data/gdpr"

// StructureFile is the file whose presence turns the reference on.
const StructureFile = Dir + "/structure.yaml"

// A Text is Markdown by language code.
type Text map[string]string

// In returns the text in lang, else in def, with the language it is in; "" when neither has it.
func (t Text) In(lang, def string) (string, string) {
	if s := t[lang]; s != "" {
		return s, lang
	}
	if s := t[def]; s != "" {
		return s, def
	}
	return "", ""
}

// A Reference is everything the reference pages show.
type Reference struct {
	Structure  *gdpr.Structure
	Summaries  map[int]Text // by article number
	SummaryPos map[int]diag.Pos
	Health     []Commentary
	Related    map[int][]int // article → recitals that explain it
	Articles   map[int][]int // recital → articles it explains (the inverse of Related)
	Countries  []Country
	// Official holds the official text by language, when configured; Formats says in which
	// format each was read.
	Official map[string]*gdpr.Regulation
	Formats  map[string]string
}

// A Commentary is our healthcare commentary on one provision ("what this means in a hospital").
type Commentary struct {
	Key      string      // as written in health.<lang>.yaml: "9(2)(h)", "13-15", "recital 35"
	Articles []int       // the articles it is shown on
	Recital  int         // or the recital
	Ref      gdpr.CitRef // the first provision it covers, for the anchor
	Text     Text
	Pos      diag.Pos // of its key in the default language's file
}

// Load reads the reference data from fsys. It returns nil when the site has no
// content/_data/gdpr/structure.yaml: the site then has no reference pages and its citations
// stay plain text. officialRoot is the directory a relative gdpr.official_text is read from
// (the site root on disk).
func Load(fsys fs.FS, officialRoot string, cfg *config.Config, diags *diag.List) *Reference {
	data, err := fs.ReadFile(fsys, StructureFile)
	if err != nil {
		return nil
	}
	s, err := gdpr.LoadStructure(data)
	if err != nil {
		diags.Errorf(diag.Pos{File: StructureFile, Line: 1, Col: 1},
			"regenerate it: go test ./internal/gdpr -run TestGenerateStructure -update", "%v", err)
		return nil
	}
	return loadWith(s, fsys, officialRoot, cfg, diags)
}

// loadWith reads the data files that complete a structure.
func loadWith(s *gdpr.Structure, fsys fs.FS, officialRoot string, cfg *config.Config, diags *diag.List) *Reference {
	ref := &Reference{Structure: s, Summaries: map[int]Text{}, SummaryPos: map[int]diag.Pos{},
		Related: map[int][]int{}, Articles: map[int][]int{}}
	langs := make([]string, 0, len(cfg.Languages))
	for _, l := range cfg.Languages {
		langs = append(langs, l.Code)
	}
	def := cfg.DefaultLanguage
	for _, lang := range langs {
		ref.loadSummaries(fsys, lang, lang == def, diags)
	}
	ref.loadHealth(fsys, langs, def, diags)
	ref.loadRelated(fsys, diags)
	ref.loadCountries(fsys, langs, def, diags)
	if cfg.GDPR.OfficialText != "" {
		ref.loadOfficial(officialRoot, cfg, langs, diags)
	}
	return ref
}

// readYAML parses one data file; ok is false when it does not exist or does not parse.
func readYAML(fsys fs.FS, name string, diags *diag.List) (yamlpos.Doc, *yaml.Node, bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return yamlpos.Doc{}, nil, false
	}
	doc := yamlpos.Doc{File: name, Src: src}
	root := doc.Parse(diags)
	if root == nil {
		return doc, nil, false
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(doc.Pos(root), "see the comment at the top of the file for its format", "the file must be a YAML mapping")
		return doc, nil, false
	}
	return doc, root, true
}

// pairs calls fn for each key/value of a mapping node.
func pairs(n *yaml.Node, fn func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

// textOf returns a scalar's string; a non-string value is an error.
func textOf(doc yamlpos.Doc, n *yaml.Node, what string, diags *diag.List) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		diags.Errorf(doc.Pos(n), "write the text after the colon, or as a >- block", "%s must be text", what)
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		diags.Errorf(doc.Pos(n), "write the text or remove the entry", "%s is empty", what)
		return "", false
	}
	return s, true
}

// articleKey reads a key that must be an article number.
func (r *Reference) articleKey(doc yamlpos.Doc, k *yaml.Node, diags *diag.List) (int, bool) {
	n, err := strconv.Atoi(k.Value)
	if err != nil || k.Tag != "!!int" {
		diags.Errorf(doc.Pos(k), "use the article's number as the key, such as 9:", "%q is not an article number", k.Value)
		return 0, false
	}
	if _, ok := r.Structure.Article(n); !ok {
		diags.Errorf(doc.Pos(k), "the GDPR has Articles 1 to 99", "there is no Article %d", n)
		return 0, false
	}
	return n, true
}

// loadSummaries reads summaries.<lang>.yaml: article number → {summary: Markdown}.
func (r *Reference) loadSummaries(fsys fs.FS, lang string, isDefault bool, diags *diag.List) {
	name := Dir + "/summaries." + lang + ".yaml"
	doc, root, ok := readYAML(fsys, name, diags)
	if !ok {
		return
	}
	pairs(root, func(k, v *yaml.Node) {
		n, ok := r.articleKey(doc, k, diags)
		if !ok {
			return
		}
		if v.Kind != yaml.MappingNode {
			diags.Errorf(doc.Pos(v), "write summary: followed by the text", "Article %d: expected a mapping with summary:", n)
			return
		}
		pairs(v, func(kk, vv *yaml.Node) {
			if kk.Value != "summary" {
				diags.Errorf(doc.Pos(kk), "the only key is summary", "unknown key %q", kk.Value)
				return
			}
			s, ok := textOf(doc, vv, "the summary", diags)
			if !ok {
				return
			}
			if r.Summaries[n] == nil {
				r.Summaries[n] = Text{}
			}
			if _, dup := r.Summaries[n][lang]; dup {
				diags.Errorf(doc.Pos(k), "keep one entry per article", "Article %d has two summaries", n)
			}
			r.Summaries[n][lang] = s
			if isDefault {
				r.SummaryPos[n] = doc.Pos(vv)
			}
		})
	})
}

// loadHealth reads health.<lang>.yaml: the default language's file lists the provisions;
// the others translate its entries by the same keys.
func (r *Reference) loadHealth(fsys fs.FS, langs []string, def string, diags *diag.List) {
	byKey := map[string]int{}
	for _, lang := range append([]string{def}, others(langs, def)...) {
		name := Dir + "/health." + lang + ".yaml"
		doc, root, ok := readYAML(fsys, name, diags)
		if !ok {
			continue
		}
		pairs(root, func(k, v *yaml.Node) {
			if k.Value != "articles" && k.Value != "recitals" {
				diags.Errorf(doc.Pos(k), "the keys are articles: and recitals:", "unknown key %q", k.Value)
				return
			}
			if v.Kind != yaml.MappingNode {
				diags.Errorf(doc.Pos(v), "write one provision: text entry per line below it", "%s must be a mapping", k.Value)
				return
			}
			recitals := k.Value == "recitals"
			pairs(v, func(pk, pv *yaml.Node) {
				key := pk.Value
				if recitals {
					key = "recital " + key
				}
				text, ok := textOf(doc, pv, "the commentary on "+key, diags)
				if !ok {
					return
				}
				if lang != def {
					i, ok := byKey[key]
					if !ok {
						diags.Warnf(doc.Pos(pk), "translate the entries of health."+def+".yaml, keeping their keys",
							"%s is not in health.%s.yaml; this entry is not shown", key, def)
						return
					}
					r.Health[i].Text[lang] = text
					return
				}
				c, err := r.parseProvision(pk.Value, recitals)
				if err != nil {
					diags.Errorf(doc.Pos(pk), `write an article as 9, 9(2), 9(2)(h), 13-15 or 37(1)(a),(c), a recital as its number`, "%v", err)
					return
				}
				if _, dup := byKey[key]; dup {
					diags.Errorf(doc.Pos(pk), "keep one entry per provision", "%s is listed twice", key)
					return
				}
				c.Key, c.Text, c.Pos = key, Text{lang: text}, doc.Pos(pk)
				byKey[key] = len(r.Health)
				r.Health = append(r.Health, c)
			})
		})
	}
}

func others(langs []string, def string) []string {
	var out []string
	for _, l := range langs {
		if l != def {
			out = append(out, l)
		}
	}
	return out
}

// parseProvision reads a provision key of health.<lang>.yaml: "9", "9(2)", "9(2)(h)",
// "13-15", "37(1)(a),(c)", "89(1)-(2)"; or a recital number.
func (r *Reference) parseProvision(key string, recital bool) (Commentary, error) {
	var c Commentary
	if recital {
		n, err := strconv.Atoi(key)
		if err != nil || !r.Structure.HasRecital(n) {
			return c, fmt.Errorf("%q is not a recital of the GDPR (1 to %d)", key, r.Structure.RecitalCount())
		}
		c.Recital, c.Ref = n, gdpr.CitRef{Recital: n}
		return c, nil
	}
	i := 0
	num := func() (int, bool) {
		j := i
		for j < len(key) && key[j] >= '0' && key[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.Atoi(key[i:j])
		i = j
		return n, true
	}
	first, ok := num()
	if !ok {
		return c, fmt.Errorf("%q does not start with an article number", key)
	}
	last := first
	var groups []string // the bracketed parts: "2", "h"
	for i < len(key) {
		switch key[i] {
		case '(':
			j := strings.IndexByte(key[i:], ')')
			if j < 0 {
				return c, fmt.Errorf("%q: unclosed bracket", key)
			}
			groups = append(groups, key[i+1:i+j])
			i += j + 1
		case '-', ',':
			// A range or list of articles, or of paragraphs or points: the commentary is on
			// the first provision's anchor, shown on every article in the range.
			i++
			if len(groups) == 0 {
				if last, ok = num(); !ok || last < first {
					return c, fmt.Errorf("%q: bad article range", key)
				}
			} else {
				for i < len(key) && key[i] != ')' {
					i++
				}
				i++
			}
		default:
			return c, fmt.Errorf("%q: unexpected %q", key, key[i])
		}
	}
	for n := first; n <= last; n++ {
		if _, ok := r.Structure.Article(n); !ok {
			return c, fmt.Errorf("%q: there is no Article %d", key, n)
		}
		c.Articles = append(c.Articles, n)
	}
	c.Ref = gdpr.CitRef{Article: first}
	if len(groups) > 0 {
		p, err := strconv.Atoi(groups[0])
		if err != nil {
			return c, fmt.Errorf("%q: paragraph %q is not a number", key, groups[0])
		}
		c.Ref.Paragraph = p
		if len(groups) > 1 {
			c.Ref.Points = groups[1:]
		}
	}
	if !r.Structure.Exists(c.Ref) {
		return c, fmt.Errorf("%q: the GDPR has no such provision", key)
	}
	return c, nil
}

// loadRelated reads recitals.yaml: related: {article: [recitals]}.
func (r *Reference) loadRelated(fsys fs.FS, diags *diag.List) {
	doc, root, ok := readYAML(fsys, Dir+"/recitals.yaml", diags)
	if !ok {
		return
	}
	pairs(root, func(k, v *yaml.Node) {
		if k.Value != "related" || v.Kind != yaml.MappingNode {
			diags.Errorf(doc.Pos(k), "the file holds one mapping, related:, of article: [recitals]", "unexpected %q", k.Value)
			return
		}
		pairs(v, func(ak, av *yaml.Node) {
			n, ok := r.articleKey(doc, ak, diags)
			if !ok {
				return
			}
			var list []int
			if err := av.Decode(&list); err != nil {
				diags.Errorf(doc.Pos(av), "write the recitals as a list of numbers: [35, 53]", "Article %d: not a list of recital numbers", n)
				return
			}
			for j, rec := range list {
				if !r.Structure.HasRecital(rec) {
					pos := doc.Pos(av)
					if j < len(av.Content) {
						pos = doc.Pos(av.Content[j])
					}
					diags.Errorf(pos, fmt.Sprintf("the GDPR has recitals 1 to %d", r.Structure.RecitalCount()), "there is no recital %d", rec)
					continue
				}
				r.Related[n] = append(r.Related[n], rec)
				r.Articles[rec] = append(r.Articles[rec], n)
			}
			sort.Ints(r.Related[n])
		})
	})
	for rec := range r.Articles {
		sort.Ints(r.Articles[rec])
	}
}

// loadOfficial reads the official text of every language from dir, in parallel. A language
// without a file is a warning (its pages link to EUR-Lex); a file that is not the GDPR is an
// error.
func (r *Reference) loadOfficial(root string, cfg *config.Config, langs []string, diags *diag.List) {
	dir := cfg.GDPR.OfficialText
	shown := dir // as the author wrote it
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		diags.Errorf(cfg.GDPR.Pos, "set gdpr.official_text to a folder holding gdpr-<lang>.fmx.xml files (see docs/gdpr.md), or to \"\"",
			"gdpr.official_text: %s is not a folder", shown)
		return
	}
	r.Official, r.Formats = map[string]*gdpr.Regulation{}, map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := make([]diag.List, len(langs))
	for i, lang := range langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, name := range gdpr.FileNames(lang) {
				file := filepath.Join(dir, name)
				data, err := os.ReadFile(file)
				if err != nil {
					continue
				}
				reg, format, err := gdpr.Read(name, data, lang)
				if err != nil {
					results[i].Errorf(diag.Pos{File: file, Line: 1, Col: 1},
						"download the text of Regulation (EU) 2016/679 in this language from EUR-Lex; securehealth import gdpr checks a file",
						"%v", err)
					return
				}
				mu.Lock()
				r.Official[lang], r.Formats[lang] = reg, format
				mu.Unlock()
				return
			}
			results[i].Warnf(cfg.GDPR.Pos, "add "+gdpr.FileNames(lang)[0]+" to that folder",
				"gdpr.official_text: no official text in %s for language %s; its reference pages link to EUR-Lex", shown, lang)
		}()
	}
	wg.Wait()
	for _, l := range results {
		diags.Add(l)
	}
}

// EURLex is the address of the official text on EUR-Lex in a language.
func EURLex(lang string) string {
	return "https://eur-lex.europa.eu/legal-content/" + strings.ToUpper(lang) + "/TXT/HTML/?uri=CELEX:32016R0679"
}
