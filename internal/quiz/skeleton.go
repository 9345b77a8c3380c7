package quiz

import (
	"encoding/json"
	"strings"
)

// Skeleton returns a new quiz file for `securehealth new quiz ID`: valid as it is, with one
// question of each type whose texts say how to write it, so that an author learns the format by
// editing it. langs are the site's languages, the default language first; the title is a
// language map with an empty text for every other language, showing where translations go
// (an empty text falls back to the default language).
func Skeleton(id string, langs []string) []byte {
	def := "en"
	if len(langs) > 0 {
		def = langs[0]
	}
	q := func(s string) string {
		b, _ := json.Marshal(s)
		return string(b)
	}
	var title strings.Builder
	title.WriteString("{" + q(def) + ": " + q("Title of the quiz"))
	for _, l := range langs[min(1, len(langs)):] {
		title.WriteString(", " + q(l) + `: ""`)
	}
	title.WriteString("}")

	r := strings.NewReplacer("@ID@", q(id), "@TITLE@", title.String(), "@DEF@", q(def))
	return []byte(r.Replace(skeleton))
}

// skeleton is the quiz Skeleton writes; @ID@, @TITLE@ and @DEF@ are replaced.
const skeleton = `{
  "id": @ID@,
  "title": @TITLE@,
  "passPercent": 70,
  "outcomes": [],
  "settings": {"shuffle": false, "showSolution": "after-attempt"},
  "questions": [
    {
      "id": "q1",
      "type": "single",
      "points": 1,
      "prompt": "A single-choice question: exactly one choice is correct. Texts are Markdown; Article 33 GDPR becomes a link.",
      "choices": [
        {"id": "a", "text": "The correct choice", "correct": true},
        {"id": "b", "text": "A wrong choice", "feedback": "Shown when this choice was picked: say why it is wrong."},
        {"id": "c", "text": "Another wrong choice"}
      ],
      "feedback": {"correct": "Shown after a right answer.", "incorrect": "Shown after a wrong answer."},
      "explanation": "Shown with the solution: why the answer is right, with its source."
    },
    {
      "id": "q2",
      "type": "multiple",
      "scoring": "partial",
      "prompt": "A multiple-choice question: mark every correct choice. \"scoring\": \"all\" gives points only for exactly the correct set.",
      "choices": [
        {"id": "a", "text": "A correct choice", "correct": true},
        {"id": "b", "text": "Another correct choice", "correct": true},
        {"id": "c", "text": "A wrong choice"}
      ]
    },
    {
      "id": "q3",
      "type": "truefalse",
      "prompt": "A statement the learner marks true or false.",
      "answer": true
    },
    {
      "id": "q4",
      "type": "matching",
      "prompt": "Match each left text with its right text.",
      "pairs": [
        {"id": "p1", "left": "First term", "right": "Its match"},
        {"id": "p2", "left": "Second term", "right": "Its other match"}
      ]
    },
    {
      "id": "q5",
      "type": "ordering",
      "prompt": "Put the items in order; list them here in the correct order.",
      "items": [
        {"id": "i1", "text": "First step"},
        {"id": "i2", "text": "Second step"},
        {"id": "i3", "text": "Third step"}
      ]
    },
    {
      "id": "q6",
      "type": "short",
      "prompt": "A question answered with a word or a number.",
      "accept": {"*": ["72"], @DEF@: ["seventy-two"]},
      "caseSensitive": false
    },
    {
      "id": "q7",
      "type": "likert",
      "scale": 5,
      "prompt": "An ungraded rating: how confident are you about this topic?"
    },
    {
      "id": "q8",
      "type": "essay",
      "prompt": "An ungraded open question for reflection.",
      "explanation": "Shown after the answer: points a good answer would cover."
    }
  ]
}
`
