package quizexport

import (
	"math"

	"github.com/securehealth/securehealth/internal/quiz"
)

// moodleFractions are the answer grades Moodle accepts on import, in percent (question bank
// "fraction options"); any other weight makes the import fail. Negative ones are allowed too.
var moodleFractions = []float64{100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333,
	30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5}

// nearestFraction returns the allowed fraction closest to p (p > 0).
func nearestFraction(p float64) float64 {
	best := moodleFractions[0]
	for _, f := range moodleFractions {
		if math.Abs(f-p) < math.Abs(best-p) {
			best = f
		}
	}
	return best
}

// choiceWeights gives the Moodle weight in percent of each choice of a multiple question.
//
// Moodle scores a multiple-answer question by summing the weights of the chosen answers
// (clamped to 0–100%), and rejects the import unless the positive weights add up to 100% (to
// two decimals). So the correct choices share 100%: equally when 100/n is an allowed fraction
// (n ≤ 10), else as a mix of 10% and 5% that still sums to 100% (11 ≤ n ≤ 20), else the nearest
// fraction with a warning that Moodle will refuse it.
//
// Wrong choices: with partial scoring each costs one correct choice's share, the site's "a share
// per correct choice, less per wrong one"; all-or-nothing cannot be expressed, so each wrong
// choice costs -100%, which at least gives 0 whenever a wrong choice is ticked.
func choiceWeights(q *quiz.Question, w *warnings) []float64 {
	n := 0
	for _, c := range q.Choices {
		if c.Correct {
			n++
		}
	}
	weights := make([]float64, len(q.Choices))
	if n == 0 {
		w.addQ(q, "no correct choice; every choice weighs 0%%")
		return weights
	}
	share := nearestFraction(100 / float64(n))
	shares := make([]float64, n)
	for i := range shares {
		shares[i] = share
	}
	switch {
	case math.Abs(share*float64(n)-100) < 0.005:
		// Equal shares that Moodle accepts.
	case n <= 20:
		tens := 20 - n
		for i := range shares {
			shares[i] = 5
			if i < tens {
				shares[i] = 10
			}
		}
		w.addQ(q, "%d correct choices cannot share 100%% equally in Moodle's allowed fractions; the first %d weigh 10%%, the others 5%%", n, tens)
	default:
		w.addQ(q, "%d correct choices at %s%% each do not add up to 100%%; Moodle will refuse this question", n, formatNumber(share))
	}
	wrong := -share
	if q.Scoring != quiz.Partial {
		wrong = -100
	}
	k := 0
	for i, c := range q.Choices {
		if c.Correct {
			weights[i] = shares[k]
			k++
		} else {
			weights[i] = wrong
		}
	}
	if q.Scoring != quiz.Partial {
		w.addQ(q, "Moodle cannot score multiple choice all-or-nothing; exported with partial credit: each correct choice %s%%, each wrong choice -100%%", formatNumber(share))
	}
	return weights
}
