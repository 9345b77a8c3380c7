// Package didyoumean finds the name an author probably meant, for "did you mean" hints.
package didyoumean

import "strings"

// Closest returns the name within a small edit distance of got, ignoring case, or "" when none
// is close: at most two edits, and fewer edits than either word has letters, so that short
// words do not match everything.
func Closest(got string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		d := editDistance(strings.ToLower(got), strings.ToLower(n))
		if d < bestD && d < len([]rune(got)) && d < len([]rune(n)) {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
