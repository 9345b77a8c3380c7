package render

// This file renders the GDPR reference pages and links GDPR citations in prose to them.

import (
	"bytes"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/gdpr"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/reference"
	"github.com/securehealth/securehealth/internal/site"
)

// referenceDir is where the reference pages are in each language tree.
const referenceDir = "gdpr/"

// titleReference gives the reference pages their titles in their language: "Article 9 –
// Processing of special categories of personal data", "Recital 35".
func (r *Renderer) titleReference() {
	ref := r.opts.Reference
	if ref == nil {
		return
	}
	for _, l := range r.site.Languages {
		for _, p := range l.Pages {
			if p.FM.Type != frontmatter.TypeGDPR {
				continue
			}
			g := p.GDPR
			switch g.Kind {
			case site.GDPRIndex:
				p.FM.Title = r.strings.T(l.Code, "gdpr_title")
				p.FM.Description = r.strings.T(l.Code, "gdpr_description")
			case site.GDPRArticle:
				p.FM.Title = r.strings.T(l.Code, "gdpr_article_title", "n", g.Number, "title", ref.Structure.Title(g.Number, l.Code))
			case site.GDPRRecital:
				p.FM.Title = r.strings.T(l.Code, "gdpr_recital", "n", g.Number)
			case site.GDPRRecitals:
				p.FM.Title = r.strings.T(l.Code, "gdpr_recitals_title")
			case site.GDPRDefinitions:
				p.FM.Title = r.strings.T(l.Code, "gdpr_definitions_title")
			case site.GDPRCountries:
				p.FM.Title = r.strings.T(l.Code, "gdpr_countries_title")
			}
		}
	}
}

// citationLinker links citations on page p to the reference pages of p's language.
type citationLinker struct {
	r *Renderer
	p *site.Page
}

// citations returns the linker for page p, or nil (citations stay plain) when the site has
// no reference.
func (r *Renderer) citations(p *site.Page) markdown.CitationLinker {
	if r.opts.Reference == nil {
		return nil
	}
	return citationLinker{r: r, p: p}
}

func (c citationLinker) Link(ref gdpr.CitRef, kind string) (href, title string, ok bool) {
	s := c.r.opts.Reference.Structure
	if !s.Exists(gdpr.CitRef{Article: ref.Article, Recital: ref.Recital}) {
		return "", "", false // reported by the pipeline
	}
	target := c.r.referencePage(c.p.Lang, ref)
	if target == nil {
		return "", "", false
	}
	dest := target.URL
	if a := s.Anchor(ref); a != "" {
		dest += "#" + a
	}
	return Relative(c.p.URL, dest, c.r.opts.Offline), target.Title(), true
}

// referencePage returns the article or recital page ref points to in lang.
func (r *Renderer) referencePage(lang string, ref gdpr.CitRef) *site.Page {
	l := r.site.Language(lang)
	if l == nil {
		return nil
	}
	url := lang + "/" + referenceDir + "article-" + strconv.Itoa(ref.Article) + "/"
	if ref.Recital > 0 {
		url = lang + "/" + referenceDir + "recitals/recital-" + strconv.Itoa(ref.Recital) + "/"
	}
	return l.ByURL[url]
}

// A refLink is a link in a reference page's lists.
type refLink struct {
	URL, Label, Title string
}

// A refChapter is a chapter of the index, with its sections and articles.
type refChapter struct {
	ID, Label, Title string
	Articles         []refLink // articles not in a section
	Sections         []refSection
}

type refSection struct {
	Label, Title string
	Articles     []refLink
}

// A refText is our own Markdown text rendered for a page, with the language it is in when
// that is not the page's (a visible fallback).
type refText struct {
	HTML     template.HTML
	Lang     string // "" when in the page's language
	LangName string // the name of Lang, for the notice
}

// A refComment is healthcare commentary on one provision.
type refComment struct {
	Label string // "Article 9(2)(h)" in the page's language
	URL   string // to the provision's anchor
	refText
}

// A refFact is a country note shown on a page.
type refFact struct {
	Country, Topic string
	First          bool // the first fact of its country in a list
	refText
	URL, Source string
	Secondary   bool
}

type refCountry struct {
	Code, Name string
	Facts      []refFact
	Left       int // unverified facts not shown
}

// A refTerm is one entry of the glossary.
type refTerm struct {
	ID, Term     string
	Number       int
	URL          string // to the definition in Article 4
	Official     template.HTML
	OfficialLang string
}

// A referenceView is what the gdpr layout shows.
type referenceView struct {
	Kind   string
	Number int

	Chapters []refChapter // index

	ChapterLabel, ChapterTitle, ChapterURL string // article
	SectionLabel                           string
	Summary                                *refText
	Official                               template.HTML // the official text, when configured
	Footnotes                              template.HTML
	EURLex                                 string        // the official text on EUR-Lex in the page's language
	Outline                                template.HTML // without the official text: paragraphs and points, with their anchors
	Commentary                             []refComment
	Related                                []refLink // recitals of an article; articles of a recital
	Backlinks                              []refLink
	Facts                                  []refFact // country notes on this article

	HasOfficial bool         // the glossary shows the official definitions
	Recitals    []refLink    // recitals list
	Terms       []refTerm    // glossary
	Countries   []refCountry // country notes
}

// Reference returns the view of a reference page, nil for other pages.
func (v *view) Reference() *referenceView {
	if v.refView == nil {
		v.refView = v.reference()
	}
	return v.refView
}

// GDPRHasCountries reports whether the reference has country notes.
func (v *view) GDPRHasCountries() bool {
	return v.r.opts.Reference != nil && len(v.r.opts.Reference.Countries) > 0
}

func (v *view) reference() *referenceView {
	p := v.Page
	ref := v.r.opts.Reference
	if p.FM.Type != frontmatter.TypeGDPR || ref == nil {
		return nil
	}
	lang := p.Lang
	s := ref.Structure
	rv := &referenceView{Kind: p.GDPR.Kind, Number: p.GDPR.Number, EURLex: reference.EURLex(lang)}
	official := ref.Official[lang]
	articleLink := func(n int) refLink {
		a := v.r.referencePage(lang, gdpr.CitRef{Article: n})
		return refLink{URL: v.URL(a), Label: v.T("gdpr_article", "n", n), Title: s.Title(n, lang)}
	}
	recitalLink := func(n int) refLink {
		rp := v.r.referencePage(lang, gdpr.CitRef{Recital: n})
		return refLink{URL: v.URL(rp), Label: v.T("gdpr_recital", "n", n)}
	}
	switch p.GDPR.Kind {
	case site.GDPRIndex:
		for _, c := range s.Chapters {
			rc := refChapter{ID: "chapter-" + strings.ToLower(c.Number), Label: v.T("gdpr_chapter", "n", c.Number), Title: c.Title.In(lang)}
			inSection := map[int]bool{}
			for _, sec := range c.Sections {
				rs := refSection{Label: v.T("gdpr_section", "n", sec.Number), Title: sec.Title.In(lang)}
				for _, n := range sec.Articles {
					rs.Articles = append(rs.Articles, articleLink(n))
					inSection[n] = true
				}
				rc.Sections = append(rc.Sections, rs)
			}
			for _, n := range c.Articles {
				if !inSection[n] {
					rc.Articles = append(rc.Articles, articleLink(n))
				}
			}
			rv.Chapters = append(rv.Chapters, rc)
		}
	case site.GDPRArticle:
		n := p.GDPR.Number
		a, _ := s.Article(n)
		if c, ok := s.ChapterOf(n); ok {
			rv.ChapterLabel, rv.ChapterTitle = v.T("gdpr_chapter", "n", c.Number), c.Title.In(lang)
			rv.ChapterURL = v.URL(p.Parent) + "#chapter-" + strings.ToLower(c.Number)
			for _, sec := range c.Sections {
				if sec.Number == a.Section {
					rv.SectionLabel = v.T("gdpr_section", "n", sec.Number) + " – " + sec.Title.In(lang)
				}
			}
		}
		if t, ok := ref.Summaries[n]; ok {
			rv.Summary = v.refText(t)
		}
		if official != nil {
			rv.Official, rv.Footnotes = v.officialArticle(official.Article(n), official)
		} else {
			rv.Outline = v.outline(s, a)
		}
		for _, c := range ref.Health {
			for _, an := range c.Articles {
				if an == n {
					rv.Commentary = append(rv.Commentary, v.refComment(c))
					break
				}
			}
		}
		for _, rec := range ref.Related[n] {
			rv.Related = append(rv.Related, recitalLink(rec))
		}
		for _, c := range ref.Countries {
			for _, f := range c.Facts {
				if f.Article() == n {
					rf := v.refFact(c, f)
					rf.First = len(rv.Facts) == 0 || rv.Facts[len(rv.Facts)-1].Country != rf.Country
					rv.Facts = append(rv.Facts, rf)
				}
			}
		}
	case site.GDPRRecital:
		n := p.GDPR.Number
		if official != nil {
			if rec := official.Recital(n); rec != nil {
				rv.Official, rv.Footnotes = v.officialRecital(rec, official)
			}
		}
		for _, c := range ref.Health {
			if c.Recital == n {
				rv.Commentary = append(rv.Commentary, v.refComment(c))
			}
		}
		for _, an := range ref.Articles[n] {
			rv.Related = append(rv.Related, articleLink(an))
		}
	case site.GDPRRecitals:
		for n := 1; n <= s.RecitalCount(); n++ {
			rv.Recitals = append(rv.Recitals, recitalLink(n))
		}
	case site.GDPRDefinitions:
		art4 := v.r.referencePage(lang, gdpr.CitRef{Article: 4})
		used := map[int]bool{}
		for n := 1; n <= len(s.Terms); n++ {
			t := refTerm{ID: "def-" + strconv.Itoa(n), Number: n, Term: s.Terms[n].In(lang),
				URL: v.URL(art4) + "#p0-" + strconv.Itoa(n)}
			if official != nil {
				if pt := official.Article(4).Point(0, strconv.Itoa(n)); pt != nil {
					var b strings.Builder
					v.officialPointBody(&b, pt, "", official, used)
					t.Official = template.HTML(b.String())
				}
			}
			rv.Terms = append(rv.Terms, t)
		}
		if official != nil {
			rv.Footnotes, rv.HasOfficial = v.footnotes(official, used), true
		}
	case site.GDPRCountries:
		for _, c := range ref.Countries {
			name, _ := c.Name.In(lang, v.r.site.Default.Code)
			rc := refCountry{Code: c.Code, Name: name, Left: c.Left}
			for _, f := range c.Facts {
				rc.Facts = append(rc.Facts, v.refFact(c, f))
			}
			rv.Countries = append(rv.Countries, rc)
		}
	}
	if n := p.GDPR.Number; n > 0 {
		for _, b := range p.Backlinks {
			rv.Backlinks = append(rv.Backlinks, refLink{URL: v.URL(b), Label: b.Title(), Title: v.backlinkKind(b)})
		}
	}
	return rv
}

// backlinkKind names what kind of page cites a provision: module, lesson, quiz, template.
func (v *view) backlinkKind(p *site.Page) string {
	switch p.FM.Type {
	case frontmatter.TypeModule, frontmatter.TypeLesson, frontmatter.TypeQuiz, frontmatter.TypeTemplate, frontmatter.TypeCurriculum:
		return v.T("kind_" + p.FM.Type)
	}
	return v.T("kind_page")
}

// refText renders our own Markdown text in the page's language, else the default language's
// with a visible notice.
func (v *view) refText(t reference.Text) *refText {
	src, lang := t.In(v.Lang.Code, v.r.site.Default.Code)
	if src == "" {
		return nil
	}
	out := &refText{HTML: v.markdownText(src, lang)}
	if lang != v.Lang.Code {
		out.Lang = lang
		if l := v.r.site.Language(lang); l != nil {
			out.LangName = l.Name
		}
	}
	return out
}

// ordinalStart matches a line that starts with an ordinal number as Slovenian, Croatian and
// others write them ("22. člen"), which Markdown would read as an ordered list.
var ordinalStart = regexp.MustCompile(`(?m)^(\s*[0-9]+)\. `)

// markdownText renders a short Markdown text with links for its GDPR citations. The texts are
// prose, never lists: a line starting "22. člen" stays a sentence.
func (v *view) markdownText(src, lang string) template.HTML {
	src = ordinalStart.ReplaceAllString(src, `$1\. `)
	var b bytes.Buffer
	if err := v.r.markdown[lang].Render(&b, []byte(src), markdown.RenderOptions{
		Citations: v.r.citations(v.Page),
		Labels:    func(key string) string { return v.TIn(lang, key) },
	}); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(b.String())
}

func (v *view) refComment(c reference.Commentary) refComment {
	out := refComment{}
	if t := v.refText(c.Text); t != nil {
		out.refText = *t
	}
	s := v.r.opts.Reference.Structure
	if c.Recital > 0 {
		out.Label = v.T("gdpr_recital", "n", c.Recital)
		return out
	}
	switch {
	case len(c.Articles) > 1:
		out.Label = v.T("gdpr_articles_range", "from", c.Articles[0], "to", c.Articles[len(c.Articles)-1])
	case strings.IndexByte(c.Key, '(') > 0:
		out.Label = v.T("gdpr_provision", "ref", provisionRef(c.Key, v.Lang.Code))
	default:
		out.Label = v.T("gdpr_article", "n", c.Articles[0])
	}
	if a := s.Anchor(c.Ref); a != "" {
		out.URL = "#" + a
	}
	return out
}

func (v *view) refFact(c reference.Country, f reference.Fact) refFact {
	name, _ := c.Name.In(v.Lang.Code, v.r.site.Default.Code)
	out := refFact{Country: name, Topic: v.T("gdpr_topic_" + f.Topic), URL: f.URL, Source: f.Source, Secondary: f.Level == reference.Secondary}
	if t := v.refText(f.Text); t != nil {
		out.refText = *t
	}
	return out
}

var latinPoint = regexp.MustCompile(`\(([a-z]{1,2})\)`)

// provisionRef writes a provision key such as "9(2)(h)" with the point letters of lang: the
// Greek text letters its points α, β, … (anchor "h" is point η).
func provisionRef(key, lang string) string {
	if lang != "el" {
		return key
	}
	return latinPoint.ReplaceAllStringFunc(key, func(m string) string {
		return "(" + gdpr.GreekLabel(m[1:len(m)-1]) + ")"
	})
}

// outline lists an article's paragraphs and points with the ids the official text would
// give them, so that citations of a paragraph or point land on it when the site is built
// without the official text; Article 4's definitions show their terms.
func (v *view) outline(s *gdpr.Structure, a *gdpr.StructArticle) template.HTML {
	lang := v.Lang.Code
	var b strings.Builder
	b.WriteString(`<ol class="gdpr-outline">`)
	paras := []int{0}
	if a.Paragraphs > 0 {
		paras = paras[:0]
		for p := 1; p <= a.Paragraphs; p++ {
			paras = append(paras, p)
		}
	}
	for _, p := range paras {
		id := "p" + strconv.Itoa(p)
		b.WriteString(`<li id="` + id + `">`)
		if p > 0 {
			b.WriteString(`<span class="gdpr-num">` + strconv.Itoa(p) + `.</span> ` + template.HTMLEscapeString(v.T("gdpr_paragraph", "n", p)))
		}
		var pts []string
		for _, pt := range a.Points[p] {
			label := pt
			if i := strings.LastIndexByte(pt, '-'); i >= 0 {
				label = pt[i+1:]
			}
			if lang == "el" {
				label = gdpr.GreekLabel(label)
			}
			text := template.HTMLEscapeString(pointLabel(label, lang))
			if n, err := strconv.Atoi(pt); err == nil && a.Number == 4 {
				text += " " + template.HTMLEscapeString(s.Terms[n].In(lang))
			}
			pts = append(pts, `<span id="`+id+"-"+pt+`">`+text+`</span>`)
		}
		if len(pts) > 0 {
			sep := " "
			if a.Number == 4 {
				sep = "; "
			}
			b.WriteString(` <span class="gdpr-outline-points">` + strings.Join(pts, sep) + `</span>`)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
	return template.HTML(b.String())
}

// pointLabel prints a point's label as the language does: "(h)" and "(1)", Greek "η)" and "1)".
func pointLabel(label, lang string) string {
	if label == "—" || label == "" {
		return "—"
	}
	if lang == "el" {
		return label + ")"
	}
	return "(" + label + ")"
}

// officialArticle renders the official text of an article with an id on every paragraph and
// point, its citations linked and its footnote references pointing at the footnotes below.
func (v *view) officialArticle(a *gdpr.Article, reg *gdpr.Regulation) (body, notes template.HTML) {
	if a == nil {
		return "", ""
	}
	var b strings.Builder
	used := map[int]bool{}
	for _, para := range a.Paragraphs {
		id := "p" + strconv.Itoa(para.Number)
		b.WriteString(`<div class="gdpr-para" id="` + id + `">`)
		num := ""
		if para.Number > 0 {
			num = `<span class="gdpr-num">` + strconv.Itoa(para.Number) + `.</span> `
		}
		v.officialBlocks(&b, para.Text, num, reg, used)
		if len(para.Points) > 0 {
			v.officialPoints(&b, para.Points, id, reg, used)
		}
		v.officialBlocks(&b, para.Tail, "", reg, used)
		b.WriteString("</div>\n")
	}
	return template.HTML(b.String()), v.footnotes(reg, used)
}

func (v *view) officialRecital(rec *gdpr.Recital, reg *gdpr.Regulation) (body, notes template.HTML) {
	var b strings.Builder
	used := map[int]bool{}
	b.WriteString(`<div class="gdpr-para">`)
	v.officialBlocks(&b, rec.Text, `<span class="gdpr-num">(`+strconv.Itoa(rec.Number)+`)</span> `, reg, used)
	b.WriteString("</div>\n")
	return template.HTML(b.String()), v.footnotes(reg, used)
}

func (v *view) officialPoints(b *strings.Builder, points []gdpr.Point, prefix string, reg *gdpr.Regulation, used map[int]bool) {
	b.WriteString(`<ol class="gdpr-points">`)
	for i := range points {
		pt := &points[i]
		b.WriteString("<li")
		id := ""
		if pt.Anchor != "" {
			id = prefix + "-" + pt.Anchor
			b.WriteString(` id="` + id + `"`)
		}
		b.WriteString(">")
		v.officialPointBody(b, pt, id, reg, used)
		b.WriteString("</li>")
	}
	b.WriteString("</ol>\n")
}

func (v *view) officialPointBody(b *strings.Builder, pt *gdpr.Point, id string, reg *gdpr.Regulation, used map[int]bool) {
	label := `<span class="gdpr-label">` + template.HTMLEscapeString(pointLabel(pt.Label, reg.Lang)) + `</span> `
	v.officialBlocks(b, pt.Text, label, reg, used)
	if len(pt.Points) > 0 {
		v.officialPoints(b, pt.Points, id, reg, used)
	}
	v.officialBlocks(b, pt.Tail, "", reg, used)
}

// officialBlocks writes text as paragraphs (subparagraphs are separated by blank lines), the
// first starting with lead (trusted HTML).
func (v *view) officialBlocks(b *strings.Builder, text, lead string, reg *gdpr.Regulation, used map[int]bool) {
	if text == "" {
		return
	}
	for i, block := range strings.Split(text, "\n\n") {
		b.WriteString("<p>")
		if i == 0 {
			b.WriteString(lead)
		}
		b.WriteString(v.officialInline(block, reg, used))
		b.WriteString("</p>")
	}
}

// footnoteRef is a footnote reference as the reader keeps it, "[9]", with the space the
// text has before it: the superscript number sits right after the word.
var footnoteRef = regexp.MustCompile(` ?\[([0-9]+)\]`)

// officialInline escapes official text, links its citations of the GDPR (a bare citation in
// the Regulation's own text means the Regulation) and turns footnote references into links.
func (v *view) officialInline(text string, reg *gdpr.Regulation, used map[int]bool) string {
	return v.linkText(text, reg.Lang, func(s string) string { return v.footnoteLinks(s, reg, used) })
}

// PlainWithCitations escapes plain text in the page's language and links its GDPR
// citations, for texts that are not Markdown, such as a template field's help.
func (v *view) PlainWithCitations(text string) template.HTML {
	return template.HTML(v.linkText(text, v.Lang.Code, template.HTMLEscapeString))
}

// linkText writes text with its GDPR citations as links; escape writes the text between them.
func (v *view) linkText(text, lang string, escape func(string) string) string {
	var b strings.Builder
	var linker markdown.CitationLinker
	if v.r.opts.Reference != nil {
		linker = citationLinker{r: v.r, p: v.Page}
	}
	last := 0
	if linker != nil {
		for _, c := range gdpr.FindCitations(text, lang) {
			if len(c.Refs) == 0 {
				continue
			}
			href, title, ok := linker.Link(c.Refs[0], c.Kind)
			if !ok {
				continue
			}
			b.WriteString(escape(text[last:c.Start]))
			b.WriteString(`<a href="` + template.HTMLEscapeString(href) + `" title="` + template.HTMLEscapeString(title) + `">`)
			b.WriteString(template.HTMLEscapeString(text[c.Start:c.End]))
			b.WriteString("</a>")
			last = c.End
		}
	}
	b.WriteString(escape(text[last:]))
	return b.String()
}

func (v *view) footnoteLinks(s string, reg *gdpr.Regulation, used map[int]bool) string {
	esc := template.HTMLEscapeString(s)
	return footnoteRef.ReplaceAllStringFunc(esc, func(m string) string {
		n, _ := strconv.Atoi(strings.TrimSpace(m)[1 : len(strings.TrimSpace(m))-1])
		if n < 1 || n > len(reg.Footnotes) {
			return m
		}
		id := ""
		if !used[n] { // the first reference is the one the footnote links back to
			id = ` id="fnref-` + strconv.Itoa(n) + `"`
		}
		used[n] = true
		return `<sup><a href="#fn-` + strconv.Itoa(n) + `"` + id + `>` + strconv.Itoa(n) + `</a></sup>`
	})
}

// footnotes renders the footnotes referred to on the page, in order.
func (v *view) footnotes(reg *gdpr.Regulation, used map[int]bool) template.HTML {
	if len(used) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<ol class="gdpr-footnotes">`)
	for _, fn := range reg.Footnotes {
		if !used[fn.Number] {
			continue
		}
		n := strconv.Itoa(fn.Number)
		b.WriteString(`<li id="fn-` + n + `" value="` + n + `">` + template.HTMLEscapeString(fn.Text) +
			` <a href="#fnref-` + n + `" aria-label="` + template.HTMLEscapeString(v.T("gdpr_footnote_back")) + `">↩</a></li>`)
	}
	b.WriteString("</ol>")
	return template.HTML(b.String())
}
