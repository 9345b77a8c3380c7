package gdpr

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Structure is the shape of the GDPR without its wording: chapters, sections and articles
// with their numbers and titles in each language, the paragraphs and point anchors of each
// article, and the number of recitals. The repository keeps it as data
// (content/_data/gdpr/structure.yaml, generated from the Formex files) so that reference pages
// and citation checks work when the official text is not configured.
type Structure struct {
	Recitals int             `yaml:"recitals"`
	Chapters []StructChapter `yaml:"chapters"`
	Articles []StructArticle `yaml:"articles"` // 1..99 in order
	// Terms are the terms Article 4 defines, by definition number ("personal data" is 1), so
	// that the glossary lists them in every language without the official text.
	Terms map[int]Titles `yaml:"terms"`

	chapterOf map[int]*StructChapter
}

// Titles maps a language code ("en", "sl", …) to a title in that language.
type Titles map[string]string

// A StructChapter is one of the chapters I..XI.
type StructChapter struct {
	Number   string          `yaml:"number"` // roman numeral: "I".."XI"
	Title    Titles          `yaml:"title"`
	Sections []StructSection `yaml:"sections,omitempty"`
	Articles []int           `yaml:"articles,flow"` // every article of the chapter, in order
}

// A StructSection is a numbered section of a chapter.
type StructSection struct {
	Number   int    `yaml:"number"`
	Title    Titles `yaml:"title"`
	Articles []int  `yaml:"articles,flow"`
}

// A StructArticle is the shape of one article.
//
// Paragraphs is the number of numbered paragraphs (1..Paragraphs); it is 0 for an article
// whose text is not divided into numbered paragraphs, such as Article 4, whose text is
// paragraph 0, as in Regulation. Points maps a paragraph number to the anchors of its points,
// in order: the Latin letter or number that ends a URL fragment ("h" for Greek η), and for a
// sub-point the path joined with "-" ("16-a" for point (a) of definition (16) of Article 4),
// so that "p<paragraph>-<anchor>" is the fragment of Article.Anchor. Indents ("—") have no
// anchor and are not listed.
type StructArticle struct {
	Number     int              `yaml:"number"`
	Chapter    string           `yaml:"chapter"`
	Section    int              `yaml:"section,omitempty"` // 0: not in a section
	Title      Titles           `yaml:"title"`
	Paragraphs int              `yaml:"paragraphs"`
	Points     map[int][]string `yaml:"points,omitempty,flow"`
}

// LoadStructure reads a Structure from YAML (content/_data/gdpr/structure.yaml) and checks
// that it is consistent: articles numbered from 1 in order, each in the chapter that lists it.
func LoadStructure(data []byte) (*Structure, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Structure
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("GDPR structure: %w", err)
	}
	for i, a := range s.Articles {
		if a.Number != i+1 {
			return nil, fmt.Errorf("GDPR structure: article %d is numbered %d: the articles must run from 1 in order", i+1, a.Number)
		}
		if a.Title["en"] == "" {
			return nil, fmt.Errorf("GDPR structure: Article %d has no English title", a.Number)
		}
	}
	s.chapterOf = map[int]*StructChapter{}
	for i := range s.Chapters {
		c := &s.Chapters[i]
		for _, n := range c.Articles {
			a, ok := s.Article(n)
			if !ok {
				return nil, fmt.Errorf("GDPR structure: chapter %s lists Article %d, which does not exist", c.Number, n)
			}
			if a.Chapter != c.Number {
				return nil, fmt.Errorf("GDPR structure: chapter %s lists Article %d, which names chapter %q", c.Number, n, a.Chapter)
			}
			s.chapterOf[n] = c
		}
	}
	for n := range s.Terms {
		if !s.HasDefinition(n) {
			return nil, fmt.Errorf("GDPR structure: term %d: Article 4 has no definition %d", n, n)
		}
	}
	for _, a := range s.Articles {
		if s.chapterOf[a.Number] == nil {
			return nil, fmt.Errorf("GDPR structure: Article %d is in no chapter's list", a.Number)
		}
	}
	return &s, nil
}

// Article returns article n.
func (s *Structure) Article(n int) (*StructArticle, bool) {
	if s == nil || n < 1 || n > len(s.Articles) {
		return nil, false
	}
	return &s.Articles[n-1], true
}

// Title returns the title of article n in lang, or the English one when lang has none; ""
// when there is no article n.
func (s *Structure) Title(article int, lang string) string {
	a, ok := s.Article(article)
	if !ok {
		return ""
	}
	return a.Title.In(lang)
}

// titleOrder is the order in which MarshalYAML writes titles: the site's languages, English
// first; any other language follows in alphabetical order.
var titleOrder = []string{"en", "sl", "hr", "el", "nl", "fr"}

// MarshalYAML writes the titles in the site's language order rather than alphabetically, so
// that the generated file reads English first.
func (t Titles) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string) {
		n.Content = append(n.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Value: t[k]})
	}
	for _, k := range titleOrder {
		if _, ok := t[k]; ok {
			add(k)
		}
	}
	var rest []string
	for k := range t {
		if !slices.Contains(titleOrder, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		add(k)
	}
	return n, nil
}

// In returns the title in lang, or the English one when lang has none.
func (t Titles) In(lang string) string {
	if v := t[lang]; v != "" {
		return v
	}
	return t["en"]
}

// ChapterOf returns the chapter holding article n.
func (s *Structure) ChapterOf(article int) (*StructChapter, bool) {
	if s == nil {
		return nil, false
	}
	c, ok := s.chapterOf[article]
	return c, ok
}

// RecitalCount returns the number of recitals (173).
func (s *Structure) RecitalCount() int {
	if s == nil {
		return 0
	}
	return s.Recitals
}

// HasRecital reports whether recital n exists.
func (s *Structure) HasRecital(n int) bool { return n >= 1 && n <= s.RecitalCount() }

// HasParagraph reports whether a citation of paragraph para of the article ("Article 9(2)")
// points to something: a numbered paragraph, paragraph 0 of an article with unnumbered text,
// or, as Article.Point reads it, a definition of Article 4: citations write definition (12)
// as "Article 4(12)", the syntax of a paragraph.
func (s *Structure) HasParagraph(article, para int) bool {
	p, _, ok := s.resolve(article, para, "")
	return ok && p >= 0
}

// HasPoint reports whether the article has the point in paragraph para. The point is given
// as printed ("η", "(h)", "h)") or as an anchor ("h"); a sub-point as a path "16-a". Like
// Article.Point, it reads "Article 4(16)(a)" (HasPoint(4, 16, "a")) as point (a) of definition
// (16), since Article 4's definitions are the points "1".."26" of its paragraph 0.
func (s *Structure) HasPoint(article, para int, point string) bool {
	want := pointPath(point)
	if want == "" {
		return false
	}
	_, pts, ok := s.resolve(article, para, want)
	if !ok {
		return false
	}
	for _, p := range pts {
		if p == want {
			return true
		}
	}
	return false
}

// resolve returns the paragraph a citation of (article, para) means and the point anchors
// to look point up in: para itself, or paragraph 0 with the point prefixed by "para-" when
// para is a definition number (Article 4(16)(a) is "16-a" of paragraph 0).
func (s *Structure) resolve(article, para int, point string) (int, []string, bool) {
	a, ok := s.Article(article)
	if !ok || para < 0 {
		return 0, nil, false
	}
	if para >= 1 && para <= a.Paragraphs {
		return para, a.Points[para], true
	}
	pts0, has0 := a.Points[0]
	if para == 0 && (a.Paragraphs == 0 || has0) {
		return 0, pts0, true
	}
	n := strconv.Itoa(para)
	for _, p := range pts0 {
		if p == n {
			if point == "" {
				return 0, pts0, true
			}
			return 0, prefixed(pts0, n+"-"), true
		}
	}
	return 0, nil, false
}

// prefixed returns the paths that start with prefix, without it.
func prefixed(paths []string, prefix string) []string {
	var out []string
	for _, p := range paths {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			out = append(out, rest)
		}
	}
	return out
}

// HasDefinition reports whether Article 4 has definition n ("Article 4(12)").
func (s *Structure) HasDefinition(n int) bool {
	return n >= 1 && s.HasPoint(4, 0, strconv.Itoa(n))
}

// pointPath turns a point as printed or as an anchor path into an anchor path: "η)" → "h",
// "16-a" → "16-a", "(16)(a)" → "16-a".
func pointPath(point string) string {
	point = strings.ReplaceAll(strings.TrimSpace(point), ")(", "-")
	var parts []string
	for _, seg := range strings.Split(point, "-") {
		a := LabelAnchor(seg)
		if a == "" {
			return ""
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, "-")
}

// Anchor returns the URL fragment (without "#") of what ref cites inside its article, as
// Article.Anchor would: "p2-h", "p0-16-a" for "Article 4(16)(a)", "" for a whole article or a
// recital, or when the article has no such paragraph or point (the link then opens the
// article's top).
func (s *Structure) Anchor(ref CitRef) string {
	if ref.Recital > 0 || (ref.Paragraph == 0 && len(ref.Points) == 0) {
		return ""
	}
	point := strings.Join(ref.Points, "-")
	para, _, ok := s.resolve(ref.Article, ref.Paragraph, point)
	if !ok {
		return ""
	}
	if para == 0 && ref.Paragraph > 0 {
		point = strings.TrimSuffix(strconv.Itoa(ref.Paragraph)+"-"+point, "-")
	}
	if point != "" && !s.HasPoint(ref.Article, ref.Paragraph, strings.Join(ref.Points, "-")) && len(ref.Points) > 0 {
		return "p" + strconv.Itoa(para) // the point does not exist: its paragraph
	}
	if point == "" {
		return "p" + strconv.Itoa(para)
	}
	return "p" + strconv.Itoa(para) + "-" + point
}

// Exists reports whether what ref cites exists: the recital, or the article with the
// paragraph and point named.
func (s *Structure) Exists(ref CitRef) bool {
	switch {
	case ref.Recital > 0:
		return s.HasRecital(ref.Recital)
	case len(ref.Points) > 0:
		return s.HasPoint(ref.Article, ref.Paragraph, strings.Join(ref.Points, "-"))
	case ref.Paragraph > 0:
		return s.HasParagraph(ref.Article, ref.Paragraph)
	}
	_, ok := s.Article(ref.Article)
	return ok
}
