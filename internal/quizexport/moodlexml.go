package quizexport

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/securehealth/securehealth/internal/quiz"
)

// MoodleXML writes a quiz as Moodle XML with all of langs in one file: each text holds one
// <span lang="xx" class="multilang"> per language for Moodle's multilang filter (or no spans
// when every language reads the same), rendered to HTML by markdown(lang, text). A language
// without a text of its own gets the default language's text in its span.
//
// The file starts with a category question named after the quiz's default-language title, then
// one question per quiz question: multichoice, truefalse, matching, ordering (Moodle's
// qtype_ordering, core since Moodle 4.4), shortanswer or essay. Likert questions are left out
// with a warning: Moodle has no ungraded rating-scale question (a multichoice needs a 100%
// answer). markdown may be nil; texts are then escaped paragraphs.
func MoodleXML(w io.Writer, q *quiz.Quiz, langs []string, defaultLang string, markdown func(lang, text string) string) ([]string, error) {
	if markdown == nil {
		markdown = plainMarkdown
	}
	if len(langs) == 0 {
		langs = []string{defaultLang}
	}
	m := &moodle{langs: langs, def: defaultLang, md: markdown, q: q}
	bw := bufio.NewWriter(w)
	m.w = bw

	title := q.Title[defaultLang]
	if title == "" {
		title = q.ID
	}
	m.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	m.line(0, "<quiz>")
	m.line(1, "<!-- "+strings.ReplaceAll(xmlEscape(q.ID), "--", "- -")+", exported from SecureHealth -->")
	m.line(1, `<question type="category">`)
	m.line(2, "<category>")
	m.line(3, "<text>"+xmlEscape("$course$/top/"+categoryName(title))+"</text>")
	m.line(2, "</category>")
	m.html(2, "info", q.Title)
	m.line(1, "</question>")
	for i := range q.Questions {
		m.question(&q.Questions[i])
	}
	m.line(0, "</quiz>")
	if m.plainSpans {
		m.warn.add("the answers of matching questions are plain text in Moodle: their language spans need the multilang filter applied to all strings (Site administration › Filters › Filter settings › Filter all strings)")
	}
	quizSettingsWarning(q, &m.warn, false)
	return m.warn, bw.Flush()
}

type moodle struct {
	w          *bufio.Writer
	q          *quiz.Quiz
	langs      []string
	def        string
	md         func(lang, text string) string
	warn       warnings
	plainSpans bool // a plain-text field got multilang spans
}

func (m *moodle) line(depth int, s string) {
	m.w.WriteString(strings.Repeat("  ", depth))
	m.w.WriteString(s)
	m.w.WriteString("\n")
}

// innerSpan finds span tags inside rendered HTML: Moodle's multilang filter ends a language
// block at the first </span>, so nested spans would cut it short.
var innerSpan = regexp.MustCompile(`(?i)</?span\b[^>]*>`)

// multilang joins one rendering per language into Moodle's multilang form.
func (m *moodle) multilang(t quiz.Text, render func(lang, s string) string) (string, bool) {
	out := make([]string, len(m.langs))
	for i, lang := range m.langs {
		s, in := text(t, lang, m.def)
		out[i] = render(in, s)
	}
	if len(slices.Compact(slices.Clone(out))) == 1 {
		return out[0], false
	}
	var b strings.Builder
	for i, lang := range m.langs {
		b.WriteString(`<span lang="` + xmlEscape(lang) + `" class="multilang">`)
		b.WriteString(innerSpan.ReplaceAllString(out[i], ""))
		b.WriteString("</span>")
	}
	return b.String(), true
}

// htmlText renders a Markdown text in every language.
func (m *moodle) htmlText(t quiz.Text) string {
	s, _ := m.multilang(t, func(lang, s string) string {
		if strings.TrimSpace(s) == "" {
			return ""
		}
		return strings.TrimSpace(m.md(lang, s))
	})
	return s
}

// plainText is a text Moodle shows as a plain string (matching answers).
func (m *moodle) plainText(t quiz.Text) string {
	s, spans := m.multilang(t, func(_, s string) string { return strings.TrimSpace(s) })
	if spans {
		m.plainSpans = true
	}
	return s
}

// html writes <name format="html"><text>…</text></name>.
func (m *moodle) html(depth int, name string, t quiz.Text) {
	m.htmlRaw(depth, name, m.htmlText(t))
}

func (m *moodle) htmlRaw(depth int, name, h string) {
	m.line(depth, "<"+name+` format="html">`)
	m.line(depth+1, "<text>"+cdata(h)+"</text>")
	m.line(depth, "</"+name+">")
}

func (m *moodle) question(q *quiz.Question) {
	var qtype string
	switch q.Type {
	case quiz.Single, quiz.Multiple:
		qtype = "multichoice"
	case quiz.TrueFalse:
		qtype = "truefalse"
	case quiz.Matching:
		qtype = "matching"
	case quiz.Ordering:
		qtype = "ordering"
	case quiz.Short:
		qtype = "shortanswer"
	case quiz.Essay:
		qtype = "essay"
	case quiz.Likert:
		m.warn.addQ(q, "Likert question left out: Moodle has no ungraded rating-scale question; use a Moodle Feedback or Questionnaire activity")
		return
	default:
		m.warn.addQ(q, "question of unknown type %q left out", q.Type)
		return
	}
	m.line(1, `<question type="`+qtype+`">`)
	m.line(2, "<name>")
	m.line(3, "<text>"+xmlEscape(q.ID)+"</text>")
	m.line(2, "</name>")
	m.html(2, "questiontext", q.Prompt)
	m.html(2, "generalfeedback", q.Explanation)
	m.line(2, "<defaultgrade>"+formatNumber(q.Points)+"</defaultgrade>")
	m.line(2, "<idnumber>"+xmlEscape(q.ID)+"</idnumber>")

	combined := func() {
		m.html(2, "correctfeedback", q.Feedback.Correct)
		// The site has only right and wrong; a partly right answer is wrong.
		m.html(2, "partiallycorrectfeedback", q.Feedback.Incorrect)
		m.html(2, "incorrectfeedback", q.Feedback.Incorrect)
	}
	switch q.Type {
	case quiz.Single, quiz.Multiple:
		single := q.Type == quiz.Single
		m.line(2, "<single>"+boolText(single)+"</single>")
		m.line(2, "<shuffleanswers>"+boolText(m.q.Settings.Shuffle)+"</shuffleanswers>")
		m.line(2, "<answernumbering>none</answernumbering>")
		combined()
		var weights []float64
		if !single {
			weights = choiceWeights(q, &m.warn)
		}
		for i, c := range q.Choices {
			f := 0.0
			switch {
			case !single:
				f = weights[i]
			case c.Correct:
				f = 100
			}
			m.line(2, `<answer fraction="`+formatNumber(f)+`" format="html">`)
			m.line(3, "<text>"+cdata(m.htmlText(c.Text))+"</text>")
			m.html(3, "feedback", c.Feedback)
			m.line(2, "</answer>")
		}
	case quiz.TrueFalse:
		for _, v := range []bool{true, false} {
			f, fb := "0", q.Feedback.Incorrect
			if v == q.Answer {
				f, fb = "100", q.Feedback.Correct
			}
			m.line(2, `<answer fraction="`+f+`" format="moodle_auto_format">`)
			m.line(3, "<text>"+boolText(v)+"</text>")
			m.html(3, "feedback", fb)
			m.line(2, "</answer>")
		}
	case quiz.Matching:
		// Always shuffled: unshuffled, the answers would stand in the order of the questions.
		m.line(2, "<shuffleanswers>true</shuffleanswers>")
		combined()
		for _, p := range q.Pairs {
			m.line(2, `<subquestion format="html">`)
			m.line(3, "<text>"+cdata(m.htmlText(p.Left))+"</text>")
			m.line(3, "<answer>")
			m.line(4, "<text>"+cdata(m.plainText(p.Right))+"</text>")
			m.line(3, "</answer>")
			m.line(2, "</subquestion>")
		}
		matchingWarnings(q, &m.warn)
	case quiz.Ordering:
		m.line(2, "<layouttype>VERTICAL</layouttype>")
		m.line(2, "<selecttype>ALL</selecttype>")
		m.line(2, "<selectcount>0</selectcount>")
		// Credit for each item in its correct place, as the site scores ordering.
		m.line(2, "<gradingtype>ABSOLUTE_POSITION</gradingtype>")
		m.line(2, "<showgrading>SHOW</showgrading>")
		m.line(2, "<numberingstyle>none</numberingstyle>")
		combined()
		for i, it := range q.Items {
			m.line(2, `<answer fraction="`+formatNumber(float64(i+1))+`" format="html">`)
			m.line(3, "<text>"+cdata(m.htmlText(it.Text))+"</text>")
			m.line(2, "</answer>")
		}
	case quiz.Short:
		m.line(2, "<usecase>"+boolDigit(q.CaseSensitive)+"</usecase>")
		// Moodle does not know the learner's language: every language's answers count.
		var all []string
		var perLang [][]string
		for _, lang := range m.langs {
			a := accepted(q, lang, m.def)
			perLang = append(perLang, a)
			all = append(all, a...)
		}
		if len(slices.CompactFunc(perLang, slices.Equal)) > 1 {
			m.warn.addQ(q, "Moodle accepts the short answers of every language in every language")
		}
		answers, added := withoutDiacritics(dedupe(all))
		for _, a := range answers {
			m.line(2, `<answer fraction="100" format="moodle_auto_format">`)
			m.line(3, "<text>"+xmlEscape(strings.ReplaceAll(a, "*", `\*`))+"</text>")
			m.html(3, "feedback", q.Feedback.Correct)
			m.line(2, "</answer>")
		}
		if len(q.Feedback.Incorrect) > 0 {
			// A 0% wildcard answer catches every other response and carries its feedback.
			m.line(2, `<answer fraction="0" format="moodle_auto_format">`)
			m.line(3, "<text>*</text>")
			m.html(3, "feedback", q.Feedback.Incorrect)
			m.line(2, "</answer>")
		}
		shortWarnings(q, added, false, &m.warn)
	case quiz.Essay:
		m.line(2, "<responseformat>editor</responseformat>")
		m.line(2, "<responserequired>1</responserequired>")
		m.line(2, "<responsefieldlines>10</responsefieldlines>")
		m.line(2, "<attachments>0</attachments>")
		m.line(2, "<attachmentsrequired>0</attachmentsrequired>")
		m.htmlRaw(2, "graderinfo", "")
		m.htmlRaw(2, "responsetemplate", "")
		fbRight, _ := text(q.Feedback.Correct, m.def, m.def)
		fbWrong, _ := text(q.Feedback.Incorrect, m.def, m.def)
		essayWarnings(q, fbRight, fbWrong, &m.warn)
	}
	m.line(1, "</question>")
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
