package quizexport

import (
	"bufio"
	"io"
	"regexp"
	"strings"

	"github.com/securehealth/securehealth/internal/quiz"
)

// GIFT writes one language of a quiz as Moodle GIFT: a $CATEGORY line, then each question as
// "::id::[markdown]prompt{…}" separated by blank lines.
//
// Texts are in lang, or in defaultLang where lang has none, and keep their Markdown (the
// [markdown] prefix of the question text sets the format of all its parts). Per-answer feedback
// follows "#", the explanation is the general feedback after "####". Ordering and Likert
// questions are left out with a warning: GIFT has no ordering questions, and a rating scale
// without a right answer is neither a valid GIFT multiple choice (it needs a 100% answer or
// weights adding up to 100%) nor anything else GIFT has.
func GIFT(w io.Writer, q *quiz.Quiz, lang, defaultLang string) ([]string, error) {
	var warn warnings
	bw := bufio.NewWriter(w)
	title, _ := text(q.Title, lang, defaultLang)
	if title == "" {
		title = q.ID
	}
	bw.WriteString("// " + oneLine(q.ID) + " (" + lang + "), exported from SecureHealth\n")
	bw.WriteString("$CATEGORY: $course$/top/" + categoryName(title+" ("+lang+")") + "\n\n")
	for i := range q.Questions {
		qq := &q.Questions[i]
		if s, ok := giftQuestion(qq, lang, defaultLang, &warn); ok {
			bw.WriteString(s)
			bw.WriteString("\n")
		}
	}
	quizSettingsWarning(q, &warn, true)
	return warn, bw.Flush()
}

// quizSettingsWarning reminds that pass mark and solution display belong to the Moodle quiz
// activity, which neither Moodle import format describes; GIFT cannot even switch off shuffling.
func quizSettingsWarning(q *quiz.Quiz, w *warnings, gift bool) {
	show := q.Settings.ShowSolution
	if show == "" {
		show = "after-attempt"
	}
	w.add("the pass mark (%d%%) and when solutions show (%s) are settings of the Moodle quiz activity, not of its questions: set them there", q.PassPercent, show)
	if gift && !q.Settings.Shuffle {
		w.add("GIFT cannot switch off shuffling of choices; turn off \"Shuffle within questions\" in the Moodle quiz")
	}
}

func giftQuestion(q *quiz.Question, lang, def string, w *warnings) (string, bool) {
	t := func(tx quiz.Text) string { s, _ := text(tx, lang, def); return s }
	var b strings.Builder
	b.WriteString("::" + giftEscape(q.ID) + "::[markdown]" + giftEscape(t(q.Prompt)))
	general := t(q.Explanation)
	fbRight, fbWrong := t(q.Feedback.Correct), t(q.Feedback.Incorrect)

	if q.Graded() && q.Points != 1 {
		w.addQ(q, "GIFT cannot carry points (%s); Moodle gives the question its default mark 1", formatNumber(q.Points))
	}

	switch q.Type {
	case quiz.Single:
		b.WriteString("{\n")
		for _, c := range q.Choices {
			fb := t(c.Feedback)
			mark := "~"
			if c.Correct {
				mark = "="
				if fb == "" {
					fb = fbRight
				}
			} else if fb == "" {
				fb = fbWrong
			}
			txt := giftEscape(t(c.Text))
			if !c.Correct {
				txt = weightGuard(txt, "%0%")
			}
			b.WriteString("\t" + mark + txt + giftFeedback(fb) + "\n")
		}
	case quiz.Multiple:
		weights := choiceWeights(q, w)
		b.WriteString("{\n")
		for i, c := range q.Choices {
			b.WriteString("\t~%" + formatNumber(weights[i]) + "%" + giftEscape(t(c.Text)) + giftFeedback(t(c.Feedback)) + "\n")
		}
		if fbRight != "" || fbWrong != "" {
			w.addQ(q, "GIFT multiple-answer questions have no right/wrong feedback; only the per-choice feedback is exported")
		}
	case quiz.TrueFalse:
		b.WriteString("{")
		if q.Answer {
			b.WriteString("T")
		} else {
			b.WriteString("F")
		}
		// {TRUE#feedback for a wrong answer#feedback for a right answer}
		if fbWrong != "" || fbRight != "" {
			b.WriteString("#" + giftEscape(fbWrong))
		}
		if fbRight != "" {
			b.WriteString("#" + giftEscape(fbRight))
		}
		if general != "" {
			b.WriteString("####" + giftEscape(general))
		}
		b.WriteString("}\n")
		return b.String(), true
	case quiz.Matching:
		b.WriteString("{\n")
		for _, p := range q.Pairs {
			// The left side is split from the right at the first "->", which cannot be
			// escaped; in Markdown the entity reads the same.
			left := strings.ReplaceAll(giftEscape(t(p.Left)), "->", "-&gt;")
			b.WriteString("\t=" + left + " -> " + giftEscape(oneLine(t(p.Right))) + "\n")
		}
		if fbRight != "" || fbWrong != "" {
			w.addQ(q, "GIFT matching questions have no right/wrong feedback; it is left out")
		}
		matchingWarnings(q, w)
	case quiz.Short:
		answers := accepted(q, lang, def)
		answers, added := withoutDiacritics(answers)
		b.WriteString("{\n")
		for _, a := range answers {
			// Moodle reads * in a short answer as a wildcard; \* is a literal star.
			b.WriteString("\t=" + weightGuard(giftEscape(strings.ReplaceAll(a, "*", `\*`)), "%100%") + giftFeedback(fbRight) + "\n")
		}
		if fbWrong != "" {
			// A 0% wildcard answer catches every other response and carries its feedback.
			b.WriteString("\t=%0%*" + giftFeedback(fbWrong) + "\n")
		}
		shortWarnings(q, added, true, w)
		for _, a := range answers {
			if strings.Contains(a, "->") {
				w.addQ(q, "the answer %q contains \"->\", which makes Moodle read the question as matching", a)
			}
		}
	case quiz.Essay:
		b.WriteString("{")
		if general != "" {
			b.WriteString("####" + giftEscape(general))
		}
		b.WriteString("}\n")
		essayWarnings(q, fbRight, fbWrong, w)
		return b.String(), true
	case quiz.Ordering:
		w.addQ(q, "ordering question left out: GIFT has no ordering questions; use the Moodle XML export")
		return "", false
	case quiz.Likert:
		w.addQ(q, "Likert question left out: GIFT cannot express an ungraded rating scale; use a Moodle Feedback or Questionnaire activity")
		return "", false
	default:
		w.addQ(q, "question of unknown type %q left out", q.Type)
		return "", false
	}
	if general != "" {
		b.WriteString("\t####" + giftEscape(general) + "\n")
	}
	b.WriteString("}\n")
	return b.String(), true
}

func matchingWarnings(q *quiz.Question, w *warnings) {
	if len(q.Pairs) < 3 {
		w.addQ(q, "Moodle's question editor wants at least 3 answers; the question imports, but add a distractor before editing it in Moodle")
	}
}

func essayWarnings(q *quiz.Question, fbRight, fbWrong string, w *warnings) {
	if fbRight != "" || fbWrong != "" {
		w.addQ(q, "Moodle essays have no right/wrong feedback; only the explanation is exported, as general feedback")
	}
}

// shortWarnings explains how Moodle's short-answer matching differs from the site's.
func shortWarnings(q *quiz.Question, addedVariants, gift bool, w *warnings) {
	if q.CaseSensitive && gift {
		w.addQ(q, "GIFT cannot make a short answer case-sensitive; Moodle will compare it case-insensitively")
	}
	if addedVariants {
		w.addQ(q, "Moodle's short answer is diacritic-sensitive; answers without diacritics were added, but partly accented spellings are still marked wrong")
	}
}

var giftEscaper = strings.NewReplacer(
	`\`, `\\`, `~`, `\~`, `=`, `\=`, `#`, `\#`, `{`, `\{`, `}`, `\}`, `:`, `\:`,
	"\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// giftEscape escapes GIFT's control characters ~ = # { } : and the backslash, and writes line
// breaks as \n so that a text never ends the question (a blank line does).
func giftEscape(s string) string { return giftEscaper.Replace(strings.TrimSpace(s)) }

func giftFeedback(fb string) string {
	if fb == "" {
		return ""
	}
	return "#" + giftEscape(fb)
}

// giftWeight is Moodle's pattern for an answer weight; an answer text that begins like one
// gets an explicit weight first so that it stays text.
var giftWeight = regexp.MustCompile(`^%-*[0-9]{1,2}\.?[0-9]*%`)

func weightGuard(s, weight string) string {
	if giftWeight.MatchString(s) {
		return weight + s
	}
	return s
}

// categoryName writes a category path element: Moodle splits paths at "/" and reads "//" as a
// slash. The $CATEGORY line is not unescaped, so GIFT escapes must not be used here.
func categoryName(s string) string {
	return strings.ReplaceAll(oneLine(s), "/", "//")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
