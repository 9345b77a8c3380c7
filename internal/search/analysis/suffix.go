package analysis

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// A suffixRule replaces the ending suf of a word by repl. repl is usually "": it is there for
// endings whose first letter belongs to the stem, such as Greek -ματος → -μ (δικαιώματος and
// δικαίωμα both → δικαιωμ), where stripping "ατος" alone would also eat the -ατος of
// adjectives like δυνατός.
type suffixRule struct{ suf, repl string }

// suffixRules is a list of rules tried longest ending first.
type suffixRules []suffixRule

// newSuffixRules orders rules longest ending first (ties alphabetically, for determinism).
func newSuffixRules(rules ...suffixRule) suffixRules {
	sort.SliceStable(rules, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(rules[i].suf), utf8.RuneCountInString(rules[j].suf)
		if li != lj {
			return li > lj
		}
		return rules[i].suf < rules[j].suf
	})
	return rules
}

// strip applies the longest rule that matches w and leaves at least min letters. A match that
// would leave fewer falls through to shorter endings, so a short word loses a short ending
// (κράτος: -ατος would leave "κρ", so -ος applies → κρατ) rather than nothing or too much.
func (rs suffixRules) strip(w string, min int) (string, bool) {
	n := utf8.RuneCountInString(w)
	for _, r := range rs {
		if !strings.HasSuffix(w, r.suf) {
			continue
		}
		stem := w[:len(w)-len(r.suf)] + r.repl
		if n-utf8.RuneCountInString(r.suf)+utf8.RuneCountInString(r.repl) >= min {
			return stem, true
		}
	}
	return w, false
}
