package pipeline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/gdpr"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/reference"
	"github.com/securehealth/securehealth/internal/site"
)

// ReferenceDir is the folder of the GDPR reference pages in each language tree.
const ReferenceDir = "gdpr"

// referencePages makes the GDPR reference pages of one language: the index, one page per
// article and recital, the recitals list, the glossary and the country notes. Their titles
// are the structure's; render prefixes "Article 9" and the like in the page's language.
func referencePages(ref *reference.Reference, lang string) []*site.Page {
	if ref == nil {
		return nil
	}
	s := ref.Structure
	page := func(rel, key string, kind string, n, weight int, title string) *site.Page {
		return &site.Page{Lang: lang, Source: reference.StructureFile, Rel: ReferenceDir + "/" + rel, Key: "gdpr:" + key,
			FM:   frontmatter.FrontMatter{Title: title, Type: frontmatter.TypeGDPR, Weight: weight},
			GDPR: site.GDPRRef{Kind: kind, Number: n}}
	}
	pages := []*site.Page{page("_index.md", "index", site.GDPRIndex, 0, 0, "GDPR")}
	for _, a := range s.Articles {
		p := page("article-"+strconv.Itoa(a.Number)+".md", "article-"+strconv.Itoa(a.Number), site.GDPRArticle, a.Number, a.Number, a.Title.In(lang))
		p.Meta.Headings = articleAnchors(s, a)
		pages = append(pages, p)
	}
	pages = append(pages, page("definitions.md", "definitions", site.GDPRDefinitions, 0, 100, "Definitions"))
	if len(ref.Countries) > 0 {
		pages = append(pages, page("country-notes.md", "country-notes", site.GDPRCountries, 0, 101, "Country notes"))
	}
	pages = append(pages, page("recitals/_index.md", "recitals", site.GDPRRecitals, 0, 102, "Recitals"))
	for n := 1; n <= s.RecitalCount(); n++ {
		pages = append(pages, page("recitals/recital-"+strconv.Itoa(n)+".md", "recital-"+strconv.Itoa(n), site.GDPRRecital, n, n, "Recital "+strconv.Itoa(n)))
	}
	return pages
}

// articleAnchors lists the ids an article page has, so that links to "article-9.md#p2-h" are
// checked like links to headings.
func articleAnchors(s *gdpr.Structure, a gdpr.StructArticle) []markdown.Heading {
	var hs []markdown.Heading
	add := func(id string) { hs = append(hs, markdown.Heading{ID: id}) }
	if a.Paragraphs == 0 {
		add("p0")
	}
	for p := 1; p <= a.Paragraphs; p++ {
		add("p" + strconv.Itoa(p))
	}
	paras := make([]int, 0, len(a.Points))
	for p := range a.Points {
		paras = append(paras, p)
	}
	sort.Ints(paras)
	for _, p := range paras {
		for _, pt := range a.Points[p] {
			add("p" + strconv.Itoa(p) + "-" + pt)
		}
	}
	return hs
}

// A citer is a page that cites the GDPR, with what it cites.
type citer struct {
	page *site.Page
	refs []gdpr.CitRef
}

// checkCitations reports citations of provisions that do not exist — errors when the citation
// names the GDPR, warnings when it is bare (it may cite another act) — and fills the backlinks
// of the reference pages.
func checkCitations(s *site.Site, ref *reference.Reference, quizzes map[string]*quiz.Quiz, diags *diag.List) {
	if ref == nil {
		return
	}
	for _, l := range s.Languages {
		var citers []citer
		for _, p := range l.Pages {
			if p.FM.Type == frontmatter.TypeGDPR {
				continue
			}
			var refs []gdpr.CitRef
			if p.FM.Type == frontmatter.TypeQuiz {
				if q := quizzes[p.FM.Quiz]; q != nil {
					refs = quizCitations(q, l.Code, ref.Structure, !p.IsFallback(), diags)
				}
			} else {
				for _, c := range p.Meta.Citations {
					// A fallback shows its original, whose citations are reported once, there.
					if !p.IsFallback() {
						reportCitation(ref.Structure, diag.Pos{File: p.Source, Line: c.Line, Col: c.Col}, c.Text, c.Act, c.Refs, diags)
					}
					refs = append(refs, c.Refs...)
				}
			}
			if len(refs) > 0 {
				citers = append(citers, citer{page: p, refs: refs})
			}
		}
		backlinks(l, citers, ref.Structure)
	}
}

// reportCitation checks the refs of one citation.
func reportCitation(s *gdpr.Structure, pos diag.Pos, text, act string, refs []gdpr.CitRef, diags *diag.List) {
	for _, r := range refs {
		if s.Exists(r) {
			continue
		}
		msg, hint := missingProvision(s, r)
		hint += `; write \ before a citation to keep it as plain text`
		if act == "gdpr" {
			diags.Errorf(pos, hint, "%q cites %s", text, msg)
		} else {
			diags.Warnf(pos, hint+", or name the act it cites", "%q reads as a GDPR citation of %s", text, msg)
		}
		return // one report per citation
	}
}

// missingProvision describes a provision that does not exist, and what does.
func missingProvision(s *gdpr.Structure, r gdpr.CitRef) (msg, hint string) {
	if r.Recital > 0 {
		return fmt.Sprintf("recital %d, which the GDPR does not have", r.Recital), fmt.Sprintf("the GDPR has recitals 1 to %d", s.RecitalCount())
	}
	a, ok := s.Article(r.Article)
	if !ok {
		return fmt.Sprintf("Article %d, which the GDPR does not have", r.Article), fmt.Sprintf("the GDPR has Articles 1 to %d", len(s.Articles))
	}
	if !s.HasParagraph(r.Article, r.Paragraph) {
		if a.Paragraphs == 0 {
			if r.Article == 4 {
				return fmt.Sprintf("Article 4(%d), which does not exist", r.Paragraph), "Article 4 has definitions (1) to (26)"
			}
			return fmt.Sprintf("Article %d(%d), which does not exist", r.Article, r.Paragraph), fmt.Sprintf("Article %d has no numbered paragraphs", r.Article)
		}
		return fmt.Sprintf("Article %d(%d), which does not exist", r.Article, r.Paragraph), fmt.Sprintf("Article %d has paragraphs 1 to %d", r.Article, a.Paragraphs)
	}
	where := fmt.Sprintf("Article %d(%d)", r.Article, r.Paragraph)
	return fmt.Sprintf("point (%s) of %s, which does not exist", strings.Join(r.Points, ")("), where), "check the point's letter in the reference page of " + fmt.Sprintf("Article %d", r.Article)
}

// quizCitations finds the citations in a quiz's texts in lang; report says whether to report
// missing provisions (once per quiz and language whose texts these are).
func quizCitations(q *quiz.Quiz, lang string, s *gdpr.Structure, report bool, diags *diag.List) []gdpr.CitRef {
	var refs []gdpr.CitRef
	overlay := q.Overlays[lang]
	scan := func(t quiz.Text, pos diag.Pos) {
		if overlay != nil {
			pos = overlay.Pos // the texts of this language are in the translator's file
		}
		text, ok := t[lang]
		if !ok {
			return // shown in the default language, whose citations are counted there
		}
		for _, c := range gdpr.FindCitations(text, lang) {
			if report {
				reportCitation(s, pos, text[c.Start:c.End], c.Act, c.Refs, diags)
			}
			refs = append(refs, c.Refs...)
		}
	}
	if t := q.Title; t != nil {
		scan(t, q.Pos)
	}
	for _, qu := range q.Questions {
		for _, t := range qu.Texts() {
			scan(t, qu.Pos)
		}
	}
	return refs
}

// backlinks records, on each article and recital page of l, the pages that cite it.
func backlinks(l *site.Language, citers []citer, s *gdpr.Structure) {
	for _, c := range citers {
		seen := map[string]bool{}
		for _, r := range c.refs {
			if !s.Exists(gdpr.CitRef{Article: r.Article, Recital: r.Recital}) {
				continue
			}
			rel := ReferenceDir + "/article-" + strconv.Itoa(r.Article) + ".md"
			if r.Recital > 0 {
				rel = ReferenceDir + "/recitals/recital-" + strconv.Itoa(r.Recital) + ".md"
			}
			if seen[rel] {
				continue
			}
			seen[rel] = true
			if target := l.ByRel[rel]; target != nil {
				target.Backlinks = append(target.Backlinks, c.page)
			}
		}
	}
	for _, p := range l.Pages {
		if len(p.Backlinks) > 1 {
			sort.Slice(p.Backlinks, func(i, j int) bool { return p.Backlinks[i].URL < p.Backlinks[j].URL })
		}
	}
}
