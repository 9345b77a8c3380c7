// Package search builds the prebuilt client-side search index of each language: documents
// are the sections of the rendered pages (split at H2 and H3, so results link to #anchors),
// analysed with bleve's analyzers or ours, scored with BM25F at build time and written as
// prefix-sharded term files, per-page fragments and a manifest, all classic scripts that
// work from file:// (DESIGN §5, docs/search.md). Search implements the browser's query
// algorithm in Go, as the reference its ranking is tested against.
package search

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/securehealth/securehealth/internal/search/analysis"
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
	page, regionTag := regionOf(page)
	x := extractorPool.Get().(*extractor)
	defer extractorPool.Put(x)
	if secs, ok := x.scan(page, regionTag, title); ok {
		return secs
	}
	return x.tokenize(page, regionTag, title)
}

// regionOf returns the page from the start of its region, <article> or else <main>, and the
// region's element.
func regionOf(page []byte) ([]byte, atom.Atom) {
	hasArticle := bytes.Contains(page, []byte("<article"))
	// The header and navigation before the region are most of a page's markup: skip them
	// unparsed (a tag name in a comment or attribute before it at worst costs the skip).
	region, regionTag := "<main", atom.Main
	if hasArticle {
		region, regionTag = "<article", atom.Article
	}
	if i := bytes.Index(page, []byte(region)); i > 0 {
		page = page[i:]
	}
	return page, regionTag
}

// An extractor turns the tags and texts of a page into sections. Two scanners feed it: scan,
// which reads the page in place and gives up on markup it does not handle exactly as the
// HTML tokenizer does, and tokenize, golang.org/x/net/html's tokenizer, for those pages
// (FuzzExtract holds the two to the same sections). Extract runs on every page of a build,
// and the tokenizer copies every attribute of every tag.
type extractor struct {
	secs                 []Section
	text, heading        []byte // reused for every section; a section's text becomes a string once
	inRegion             bool
	regionTag            atom.Atom
	regionDepth          int
	skipDepth            int // > 0 inside a skipped element
	skipTag              atom.Atom
	inHeading            atom.Atom
	unescaped, lowerName []byte
	fields               []byte   // scratch for a heading's words
	keys                 [][]byte // the attribute names of the current tag
}

var extractorPool = sync.Pool{New: func() any { return new(extractor) }}

func (x *extractor) reset(regionTag atom.Atom, title string) {
	x.secs = []Section{{Heading: title}}
	x.text, x.heading = x.text[:0], x.heading[:0]
	x.inRegion, x.regionTag, x.regionDepth = false, regionTag, 0
	x.skipDepth, x.skipTag, x.inHeading = 0, 0, 0
}

func (x *extractor) space() {
	if len(x.text) > 0 && x.text[len(x.text)-1] != ' ' {
		x.text = append(x.text, ' ')
	}
}

func (x *extractor) flush() {
	x.secs[len(x.secs)-1].Text = string(bytes.TrimSpace(x.text))
	x.text = x.text[:0]
}

// done ends the page: the sections, without empty ones after the first.
func (x *extractor) done() []Section {
	x.flush()
	return trim(x.secs)
}

// start takes a start tag (selfClosing: <br/>); id and class are its attributes.
func (x *extractor) start(a atom.Atom, selfClosing bool, id, class []byte) {
	if !x.inRegion {
		if a == x.regionTag {
			x.inRegion, x.regionDepth = true, 1
		}
		return
	}
	if a == x.regionTag && !selfClosing {
		x.regionDepth++
	}
	if x.skipDepth > 0 {
		if !selfClosing && a == x.skipTag {
			x.skipDepth++
		}
		return
	}
	if !selfClosing && (skipped[a] || hasClass(class, skippedClasses)) {
		x.skipDepth, x.skipTag = 1, a
		return
	}
	switch {
	case (a == atom.H2 || a == atom.H3) && len(id) > 0:
		x.flush()
		x.secs = append(x.secs, Section{Anchor: string(id)})
		x.inHeading = a
		x.heading = x.heading[:0]
	case a == atom.H1:
		x.inHeading = a // the title: already the first section's heading
		x.heading = x.heading[:0]
	case blocks[a]:
		x.space()
	}
}

// end takes an end tag; it reports whether the region ended.
func (x *extractor) end(a atom.Atom) bool {
	if !x.inRegion {
		return false
	}
	if x.skipDepth > 0 {
		if a == x.skipTag {
			x.skipDepth--
		}
		return false
	}
	if a == x.regionTag {
		if x.regionDepth--; x.regionDepth == 0 {
			return true
		}
	}
	if a == x.inHeading && x.inHeading != 0 {
		if x.inHeading != atom.H1 {
			x.fields = appendFields(x.fields[:0], x.heading)
			x.secs[len(x.secs)-1].Heading = string(x.fields)
		}
		x.inHeading = 0
		return false
	}
	if blocks[a] {
		x.space()
	}
	return false
}

// textOf takes text, its character references replaced.
func (x *extractor) textOf(t []byte) {
	if !x.inRegion || x.skipDepth > 0 {
		return
	}
	if x.inHeading != 0 {
		x.heading = append(x.heading, t...)
		return
	}
	if len(t) > 0 && isSpace(t[0]) {
		x.space()
	}
	x.text = appendFields(x.text, t)
	if len(t) > 0 && isSpace(t[len(t)-1]) {
		x.space()
	}
}

// tokenize extracts the sections with the HTML tokenizer.
func (x *extractor) tokenize(page []byte, regionTag atom.Atom, title string) []Section {
	x.reset(regionTag, title)
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return x.done()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var id, class []byte // each in its own part of the tokenizer's buffer until Next
			for hasAttr && x.inRegion {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "id":
					id = v
				case "class":
					class = v
				}
			}
			x.start(a, tt == html.SelfClosingTagToken, id, class)
		case html.EndTagToken:
			name, _ := z.TagName()
			if x.end(atom.Lookup(name)) {
				return x.done()
			}
		case html.TextToken:
			x.textOf(z.Text())
		}
	}
}

// scan extracts the sections reading the page in place; ok is false when the page has markup
// that scan leaves to the tokenizer: raw-text elements (script, style, textarea …), markup
// declarations other than comments, processing instructions, NUL bytes, attributes it would
// have to unescape, tags cut off by the end of the page.
func (x *extractor) scan(b []byte, regionTag atom.Atom, title string) (_ []Section, ok bool) {
	x.reset(regionTag, title)
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, false
	}
	for i := 0; ; {
		// Text up to the next markup.
		j := i
		for {
			k := bytes.IndexByte(b[j:], '<')
			if k < 0 {
				j = len(b)
				break
			}
			j += k
			if j+1 < len(b) && (isLetter(b[j+1]) || b[j+1] == '/' || b[j+1] == '!' || b[j+1] == '?') {
				break
			}
			j++
		}
		if j > i {
			x.textOf(x.unescape(b[i:j]))
		}
		if j >= len(b) {
			return x.done(), true
		}
		i = j
		switch c := b[i+1]; {
		case c == '!':
			if !bytes.HasPrefix(b[i:], []byte("<!--")) {
				return nil, false
			}
			i = commentEnd(b, i+4)
		case c == '?':
			return nil, false
		case c == '/':
			if i+2 >= len(b) || !isLetter(b[i+2]) {
				return nil, false
			}
			n := tagNameEnd(b, i+2)
			k := skipWhite(b, n)
			if k >= len(b) || b[k] != '>' {
				return nil, false
			}
			if x.end(x.atom(b[i+2 : n])) {
				return x.done(), true
			}
			i = k + 1
		default: // a start tag
			n := tagNameEnd(b, i+1)
			a := x.atom(b[i+1 : n])
			if rawText[a] {
				return nil, false
			}
			x.keys = x.keys[:0]
			var id, class []byte
			lastUnquotedEnd := -1 // where the last attribute's value ends when it is unquoted
			k := n
			for {
				k = skipWhite(b, k)
				if k >= len(b) {
					return nil, false
				}
				if b[k] == '>' {
					break
				}
				if b[k] == '/' {
					k++
					continue
				}
				if b[k] == '=' {
					return nil, false
				}
				keyStart := k
				for k < len(b) && !isWhite(b[k]) && b[k] != '/' && b[k] != '=' && b[k] != '>' {
					k++
				}
				key := b[keyStart:k]
				var val []byte
				unquotedEnd := -1
				v := skipWhite(b, k)
				if v >= len(b) {
					return nil, false
				}
				switch {
				case b[v] == '/':
					k = v + 1
				case b[v] != '=':
					// no value; the next attribute starts here
				default:
					v = skipWhite(b, v+1)
					if v >= len(b) {
						return nil, false
					}
					switch q := b[v]; q {
					case '>':
						k = v
					case '"', '\'':
						e := bytes.IndexByte(b[v+1:], q)
						if e < 0 {
							return nil, false
						}
						val, k = b[v+1:v+1+e], v+2+e
					default:
						e := v
						for e < len(b) && !isWhite(b[e]) && b[e] != '>' {
							e++
						}
						if e >= len(b) {
							return nil, false
						}
						val, k, unquotedEnd = b[v:e], e, e
					}
				}
				if len(key) == 0 {
					continue
				}
				for _, seen := range x.keys {
					if asciiEqualFold(seen, key) {
						return nil, false // the tokenizer keeps the first; rare enough to leave to it
					}
				}
				x.keys = append(x.keys, key)
				switch {
				case lowerIs(key, "id"):
					id = val
				case lowerIs(key, "class"):
					class = val
				}
				lastUnquotedEnd = unquotedEnd
				if bytes.IndexByte(val, '&') >= 0 || bytes.IndexByte(val, '\r') >= 0 {
					return nil, false
				}
			}
			selfClosing := b[k-1] == '/' && lastUnquotedEnd != k
			x.start(a, selfClosing, id, class)
			i = k + 1
		}
	}
}

// atom is the atom of a tag name, lower-cased as the tokenizer does.
func (x *extractor) atom(name []byte) atom.Atom {
	x.lowerName = x.lowerName[:0]
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		x.lowerName = append(x.lowerName, c)
	}
	return atom.Lookup(x.lowerName)
}

// unescape replaces the character references of text, as the tokenizer's Text does.
func (x *extractor) unescape(t []byte) []byte {
	if bytes.IndexByte(t, '&') < 0 {
		return t
	}
	x.unescaped = append(x.unescaped[:0], html.UnescapeString(string(t))...)
	return x.unescaped
}

// rawText are the elements whose content the tokenizer reads as text up to their end tag.
var rawText = map[atom.Atom]bool{
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true,
	atom.Plaintext: true, atom.Script: true, atom.Style: true, atom.Textarea: true,
	atom.Title: true, atom.Xmp: true,
}

// commentEnd returns the index just past the comment whose text starts at i, by the
// tokenizer's rules (<!-->, <!--->, --> and --!> end it; so does the end of the page).
func commentEnd(b []byte, i int) int {
	dashes, beginning := 0, true
	for ; i < len(b); i++ {
		switch b[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 && i+1 < len(b) {
				if b[i+1] == '>' {
					return i + 2
				}
				if b[i+1] == '-' {
					i++
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(b)
}

func tagNameEnd(b []byte, i int) int {
	for i < len(b) && !isWhite(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	return i
}

func skipWhite(b []byte, i int) int {
	for i < len(b) && isWhite(b[i]) {
		i++
	}
	return i
}

// isWhite is the tokenizer's white space in tags.
func isWhite(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// asciiEqualFold reports whether a and b are equal but for the case of ASCII letters.
func asciiEqualFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		c, d := a[i], b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// lowerIs reports whether b, ASCII-lower-cased, is s (lower case).
func lowerIs(b []byte, s string) bool { return asciiEqualFold(b, []byte(s)) }

// appendFields appends the words of s separated by single spaces, as
// strings.Join(strings.Fields(s), " ") would, without making them: it runs on every text of
// every page.
func appendFields(b, s []byte) []byte {
	first, valid := true, utf8.Valid(s)
	for i := 0; i < len(s); {
		start := skipSpace(s, i, true, valid)
		if start == len(s) {
			break
		}
		i = skipSpace(s, start, false, valid)
		if !first {
			b = append(b, ' ')
		}
		first = false
		b = append(b, s[start:i]...)
	}
	return b
}

// skipSpace returns the index of the first character from i that is not white space (space
// true) or that is (space false), len(s) if there is none. valid says s is valid UTF-8, in
// which only the characters of lead bytes C2, E1, E2 and E3 can be white space.
func skipSpace(s []byte, i int, space, valid bool) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] != space {
				return i
			}
			i++
			continue
		}
		if valid && c != 0xc2 && (c < 0xe1 || c > 0xe3) {
			if space {
				return i
			}
			i++ // a continuation byte next: not a space either
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if analysis.IsSpace(r) != space {
			return i
		}
		i += size
	}
	return i
}

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\n': true, '\t': true, '\r': true, '\v': true, '\f': true}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func hasClass(class []byte, names []string) bool {
	for len(class) > 0 {
		// Class names are separated by ASCII white space (HTML's "space-separated tokens").
		i := 0
		for i < len(class) && class[i] < utf8.RuneSelf && asciiSpace[class[i]] {
			i++
		}
		j := i
		for j < len(class) && (class[j] >= utf8.RuneSelf || !asciiSpace[class[j]]) {
			j++
		}
		for _, n := range names {
			if string(class[i:j]) == n {
				return true
			}
		}
		class = class[j:]
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
