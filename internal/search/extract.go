// Package search builds the prebuilt client-side search index of each language: documents
// are the sections of the rendered pages (split at H2 and H3, so results link to #anchors),
// analysed with bleve's analyzers or ours, scored with BM25F at build time and written as
// prefix-sharded term files, per-page fragments and a manifest, all classic scripts that
// work from file:// (DESIGN §5, docs/search.md). Search implements the browser's query
// algorithm in Go, as the reference its ranking is tested against.
package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A Section is one document of the index: the part of a page under one H2 or H3 heading, or
// the part before the first of them.
type Section struct {
	Anchor  string // id of the heading; "" for the top of the page
	Heading string
	Text    string
}

// skipped elements hold no searchable prose: navigation, scripts, form controls' values.
var skipped = map[atom.Atom]bool{
	atom.Nav: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Select: true, atom.Textarea: true, atom.Button: true, atom.Svg: true,
}

// skippedClasses mark theme furniture inside the content: notices about the page rather than
// its subject, reading time, badges.
var skippedClasses = []string{"notice", "page-meta", "badge", "quiz-result", "template-tools"}

// blocks end a run of text: their text is separated by a space from the next.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Div: true, atom.Section: true, atom.Td: true, atom.Th: true,
	atom.Dt: true, atom.Dd: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
	atom.Tr: true, atom.Legend: true, atom.Label: true, atom.Fieldset: true, atom.Figcaption: true,
}

// Extract returns the sections of a rendered page: the text of its <article> (or of <main>
// when it has none), split at every H2 and H3 that has an id. title is the page's title,
// the heading of the first section.
func Extract(page []byte, title string) []Section {
	hasMain := bytes.Contains(page, []byte("<article"))
	// The header and navigation before the region are most of a page's markup: skip them
	// unparsed (a tag name in a comment or attribute before it at worst costs the skip).
	region := "<main"
	if hasMain {
		region = "<article"
	}
	if i := bytes.Index(page, []byte(region)); i > 0 {
		page = page[i:]
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	secs := []Section{{Heading: title}}
	// text and heading are reused for every section; a section's text becomes a string once.
	text := make([]byte, 0, len(page)/4)
	var heading []byte
	inRegion, regionDepth := false, 0
	regionTag := atom.Atom(0)
	skipDepth := 0 // > 0 inside a skipped element
	var skipTag []atom.Atom
	inHeading := atom.Atom(0)
	space := func() {
		if len(text) > 0 && text[len(text)-1] != ' ' {
			text = append(text, ' ')
		}
	}
	flush := func() {
		secs[len(secs)-1].Text = string(bytes.TrimSpace(text))
		text = text[:0]
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return trim(secs)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var id, class string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "id":
					id = string(v)
				case "class":
					class = string(v)
				}
			}
			if !inRegion {
				if (hasMain && a == atom.Article) || (!hasMain && a == atom.Main) {
					inRegion, regionTag, regionDepth = true, a, 1
				}
				continue
			}
			if a == regionTag && tt == html.StartTagToken {
				regionDepth++
			}
			if skipDepth > 0 {
				if tt == html.StartTagToken && a == skipTag[len(skipTag)-1] {
					skipDepth++
				}
				continue
			}
			if tt == html.StartTagToken && (skipped[a] || hasClass(class, skippedClasses)) {
				skipDepth, skipTag = 1, append(skipTag[:0], a)
				continue
			}
			switch {
			case (a == atom.H2 || a == atom.H3) && id != "":
				flush()
				secs = append(secs, Section{Anchor: id})
				inHeading = a
				heading = heading[:0]
			case a == atom.H1:
				inHeading = a // the title: already the first section's heading
				heading = heading[:0]
			case blocks[a]:
				space()
			}
		case html.EndTagToken:
			if !inRegion {
				continue
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipDepth > 0 {
				if a == skipTag[0] {
					skipDepth--
				}
				continue
			}
			if a == regionTag {
				if regionDepth--; regionDepth == 0 {
					flush()
					return trim(secs)
				}
			}
			if a == inHeading && inHeading != 0 {
				if inHeading != atom.H1 {
					secs[len(secs)-1].Heading = string(appendFields(nil, heading))
				}
				inHeading = 0
				continue
			}
			if blocks[a] {
				space()
			}
		case html.TextToken:
			if !inRegion || skipDepth > 0 {
				continue
			}
			t := z.Text()
			if inHeading != 0 {
				heading = append(heading, t...)
				continue
			}
			if len(t) > 0 && isSpace(t[0]) {
				space()
			}
			text = appendFields(text, t)
			if len(t) > 0 && isSpace(t[len(t)-1]) {
				space()
			}
		}
	}
}

// appendFields appends the words of s separated by single spaces, as
// strings.Join(strings.Fields(s), " ") would, without making them: it runs on every text of
// every page.
func appendFields(b, s []byte) []byte {
	first := true
	for i := 0; i < len(s); {
		start := skipSpace(s, i, true)
		if start == len(s) {
			break
		}
		i = skipSpace(s, start, false)
		if !first {
			b = append(b, ' ')
		}
		first = false
		b = append(b, s[start:i]...)
	}
	return b
}

// skipSpace returns the index of the first character from i that is not white space (space
// true) or that is (space false), len(s) if there is none.
func skipSpace(s []byte, i int, space bool) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] != space {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if unicode.IsSpace(r) != space {
			return i
		}
		i += size
	}
	return i
}

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\n': true, '\t': true, '\r': true, '\v': true, '\f': true}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func hasClass(class string, names []string) bool {
	for _, c := range strings.Fields(class) {
		for _, n := range names {
			if c == n {
				return true
			}
		}
	}
	return false
}

// trim drops empty sections after the first (a heading with nothing under it still has its
// heading text, which is kept).
func trim(secs []Section) []Section {
	out := secs[:1]
	for _, s := range secs[1:] {
		if s.Text != "" || s.Heading != "" {
			out = append(out, s)
		}
	}
	return out
}
