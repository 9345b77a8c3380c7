package analysis

import (
	"html"
	"os"
	"regexp"
	"testing"
)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// gdprText returns the text of the official GDPR in lang (Formex XML from EUR-Lex, tags
// stripped crudely), or "" if the file is not on this machine.
func gdprText(tb testing.TB, lang string) string {
	tb.Helper()
	b, err := os.ReadFile("/work/shared/eurlex/gdpr-" + lang + ".fmx.xml")
	if err != nil {
		return ""
	}
	return html.UnescapeString(tagRE.ReplaceAllString(string(b), " "))
}

// stemOf runs word through the whole pipeline of a: its single Token's Form, stemmed.
func stemOf(t *testing.T, a *Analyzer, word string) string {
	t.Helper()
	toks := a.Tokens(word)
	if len(toks) != 1 {
		t.Fatalf("%s: Tokens(%q) = %d tokens, want 1 (%+v)", a.Name, word, len(toks), toks)
	}
	return a.Stem(toks[0].Form)
}
