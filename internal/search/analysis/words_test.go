package analysis

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// wordsOf collects what Words reports, twice (the second time from the cache): the words as
// the tokens they stand for, taking the word of a cached piece (reported by ID only) from
// want, the tokens Words should report. It fails when a cached piece's ID is not want's, or
// when a surface form was never reported in full.
func wordsOf(t *testing.T, a *Analyzer, text string, want []Word) ([]Word, []Word) {
	t.Helper()
	c := NewWordCache()
	seen := map[string]bool{}
	collect := func() (out []Word) {
		a.Words(text, c, func(id int32, w *Word) {
			switch {
			case w != nil:
				if w.ID != id {
					t.Errorf("%q: word %q with ID %d reported as %d", text, w.Form, w.ID, id)
				}
				seen[w.Surface] = true
				out = append(out, *w)
			case len(out) < len(want) && want[len(out)].ID == id:
				out = append(out, want[len(out)])
			default:
				out = append(out, Word{Form: "?", ID: id})
			}
		})
		return out
	}
	first, second := collect(), collect()
	for _, w := range want {
		if !seen[w.Surface] {
			t.Errorf("%q: surface form %q only ever reported by ID", text, w.Surface)
		}
	}
	return first, second
}

// tokensOf is what Words should report; IDs number the terms as they first appear.
func tokensOf(a *Analyzer, text string) []Word {
	var out []Word
	ids := map[string]int32{}
	for _, t := range a.Tokens(text) {
		term := a.Stem(t.Form)
		id, ok := ids[term]
		if !ok {
			id = int32(len(ids))
			ids[term] = id
		}
		out = append(out, Word{t.Form, t.Surface, term, id})
	}
	return out
}

var wordsCases = []string{
	"The controller's data (e.g. health data) shall be processed — lawfully, fairly; see Article 9(2)(h).",
	"L'article 9, paragraphe 2, point h) : « données de santé » aujourd'hui.",
	"Članak 9. stavak 2. Opće uredbe o zaštiti podataka (EU) 2016/679, 1.000,50 EUR i 4.2 %.",
	"Άρθρο 9 παράγραφος 2 — «δεδομένα υγείας»· ΓΚΠΔ.",
	"U.S. c:a snake_case x-ray e\u0301te\u0301 -\u0301a \u00a0nbsp\u2003em foo@bar.example http://x.y/z?a=b#c",
	"artikel 9, lid 2, van de AVG; 's-Hertogenbosch",
	"",
	"   ",
	"a''b..c,,d__e::f",
}

func TestWordsAsTokens(t *testing.T) {
	for _, lang := range []string{"en", "fr", "hr", "el", "sl", "nl", "de", "xx"} {
		a := New(lang)
		for _, text := range wordsCases {
			want := tokensOf(a, text)
			first, second := wordsOf(t, a, text, want)
			if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
				t.Errorf("%s %q:\n Words  %q\n cached %q\n Tokens %q", lang, text, first, second, want)
			}
		}
	}
}

// TestWordsManyPieces: the piece table grows, and starts again when full, without losing a
// word.
func TestWordsManyPieces(t *testing.T) {
	defer func(n int) { maxCacheSize = n }(maxCacheSize)
	maxCacheSize = 3000
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, "word%d, data%d. ", i%4000, i%7)
	}
	text := b.String()
	for _, lang := range []string{"en", "el"} {
		a := New(lang)
		want := tokensOf(a, text)
		first, second := wordsOf(t, a, text, want)
		if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
			t.Errorf("%s: Words differs from Tokens (%d, %d, %d words)", lang, len(first), len(second), len(want))
		}
	}
}

// FuzzWords: Words finds the tokens Tokens does, in any text.
func FuzzWords(f *testing.F) {
	for _, s := range wordsCases {
		f.Add(s)
	}
	langs := []*Analyzer{New("en"), New("fr"), New("hr"), New("el")}
	f.Fuzz(func(t *testing.T, text string) {
		for _, a := range langs {
			want := tokensOf(a, text)
			if first, second := wordsOf(t, a, text, want); !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
				t.Fatalf("%q:\n Words  %q\n cached %q\n Tokens %q", text, first, second, want)
			}
		}
	})
}

// TestWordsGDPR: on the whole regulation in every language, Words and Tokens agree.
func TestWordsGDPR(t *testing.T) {
	for _, lang := range []string{"en", "fr", "nl", "hr", "el", "sl", "de", "pt"} {
		text := gdprText(t, lang)
		a := New(lang)
		want := tokensOf(a, text)
		first, second := wordsOf(t, a, text, want)
		if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) {
			t.Errorf("%s: Words differs from Tokens (%d, %d, %d tokens)", lang, len(first), len(second), len(want))
		}
	}
}

func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Errorf("IsSpace(%U) = %v, unicode.IsSpace says %v", r, IsSpace(r), unicode.IsSpace(r))
		}
	}
}
