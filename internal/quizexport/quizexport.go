// Package quizexport writes quizzes for learning management systems: Moodle GIFT (one language
// per file), Moodle XML (every language in one file through Moodle's multilang filter) and an
// IMS QTI 2.1 content package (one language per package).
//
// No format can say everything a quiz file says. Every exporter returns warnings naming what it
// had to approximate or leave out; docs/quiz-export.md lists them by question type and format.
package quizexport

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/securehealth/securehealth/internal/quiz"
)

// warnings collects the messages of one export in the order the questions come.
type warnings []string

func (w *warnings) add(format string, args ...any) { *w = append(*w, fmt.Sprintf(format, args...)) }

// addQ adds a warning about one question, prefixed the way diagnostics name questions.
func (w *warnings) addQ(q *quiz.Question, format string, args ...any) {
	*w = append(*w, fmt.Sprintf("question %q: ", q.ID)+fmt.Sprintf(format, args...))
}

// text returns t in lang, or in defaultLang when lang has none, and the language it is in.
func text(t quiz.Text, lang, defaultLang string) (s, in string) {
	if s := t[lang]; s != "" {
		return s, lang
	}
	return t[defaultLang], defaultLang
}

// accepted lists a short-answer question's answers in lang: that language's own list (or the
// default language's when it has none), then the answers that hold in every language.
func accepted(q *quiz.Question, lang, defaultLang string) []string {
	own, ok := q.Accept[lang]
	if !ok {
		own = q.Accept[defaultLang]
	}
	return dedupe(append(slices.Clone(own), q.Accept[quiz.AnyLanguage]...))
}

// withoutDiacritics adds to answers each answer with its diacritics removed, because the site
// ignores diacritics and no target format can. It reports whether it added any.
func withoutDiacritics(answers []string) ([]string, bool) {
	out := slices.Clone(answers)
	for _, a := range answers {
		if s := stripMarks(a); s != a {
			out = append(out, s)
		}
	}
	out = dedupe(out)
	return out, len(out) > len(answers)
}

// stripMarks removes combining marks after canonical decomposition ("Člen" → "Clen"), the same
// folding as String.prototype.normalize("NFD") plus removing \p{M} in the browser.
func stripMarks(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if !unicode.Is(unicode.M, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// plainMarkdown is the fallback when no Markdown renderer is given: the text as one escaped
// paragraph.
func plainMarkdown(_, s string) string {
	if s == "" {
		return ""
	}
	return "<p>" + html.EscapeString(s) + "</p>"
}

// trueFalseLabels names the two choices of a true/false question in the site's languages;
// QTI needs the words, GIFT and Moodle XML have their own.
var trueFalseLabels = map[string][2]string{
	"en": {"True", "False"},
	"sl": {"Drži", "Ne drži"},
	"hr": {"Točno", "Netočno"},
	"el": {"Σωστό", "Λάθος"},
	"nl": {"Waar", "Niet waar"},
	"fr": {"Vrai", "Faux"},
}

func trueFalse(lang string) [2]string {
	if l, ok := trueFalseLabels[lang]; ok {
		return l
	}
	return trueFalseLabels["en"]
}

// formatNumber writes points and weights without trailing zeros.
func formatNumber(f float64) string {
	s := fmt.Sprintf("%.7f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// xmlEscape escapes s for XML text and attribute values and drops the characters XML 1.0
// cannot hold at all.
func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			if xmlChar(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// cdata wraps s in a CDATA section, splitting it where s itself contains "]]>".
func cdata(s string) string {
	if s == "" {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return -1
	}, s)
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
