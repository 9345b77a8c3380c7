package quiz

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/securehealth/securehealth/internal/diag"
)

// A Kind is the kind of a JSON value.
type Kind int

// JSON value kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// kindNames are the kinds as messages name them ("must be a string, not a number").
var kindNames = [...]string{Null: "null", Bool: "true or false", Number: "a number", String: "a string", Array: "a list", Object: "an object"}

func (k Kind) String() string { return kindNames[k] }

// A Node is one JSON value with its place in the source. The reader keeps what a decoder of
// author input needs and encoding/json throws away: the position of every value and key, and
// the order of object keys.
type Node struct {
	Kind       Kind
	Line, Col  int       // 1-based; Col counts runes, as editors show it
	Start, End int       // byte offsets of the value in the source
	Bool       bool      // Bool
	Num        float64   // Number
	Str        string    // String: the decoded text; Number: the literal as written
	Items      []*Node   // Array
	Members    []*Member // Object, in source order, without duplicate keys
}

// A Member is one key of a JSON object with its value.
type Member struct {
	Key       string
	Line, Col int // of the key's opening quote
	Value     *Node
}

// Get returns the member of an object with the given key, or nil.
func (n *Node) Get(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, m := range n.Members {
		if m.Key == key {
			return m
		}
	}
	return nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack; no quiz comes close.
const maxDepth = 200

// ParseJSON reads one JSON value from src. Syntax errors are reported at their line and column
// as "invalid JSON: …", and stop the reader (the result is then nil). A key that appears twice
// in an object is reported, and the second one dropped, without stopping. A UTF-8 byte-order
// mark at the start is skipped.
func ParseJSON(file string, src []byte, diags *diag.List) *Node {
	r := &reader{file: file, src: src, line: 1, diags: diags}
	if strings.HasPrefix(string(src[:min(len(src), 3)]), "\uFEFF") {
		r.off, r.lineStart = 3, 3
	}
	defer func() {
		if e := recover(); e != nil {
			if _, ok := e.(syntaxError); !ok {
				panic(e)
			}
		}
	}()
	r.space()
	if r.off >= len(r.src) {
		r.fail("", "invalid JSON: the file is empty; a quiz file holds one object {…}")
	}
	n := r.value(0)
	r.space()
	if r.off < len(r.src) {
		r.fail("remove what follows the closing '}', or wrap both values in one object", "invalid JSON: %s after the top-level value", r.describe())
	}
	return n
}

// syntaxError unwinds the reader after the error has been reported.
type syntaxError struct{}

type reader struct {
	file      string
	src       []byte
	off       int
	line      int
	lineStart int // byte offset of the current line
	diags     *diag.List

	colLine, colOff, col int // the last position at returned
}

// at returns the line and rune column of the byte offset off, which must be on the current line.
// It counts on from the last position it returned, so that a long line costs linear time.
func (r *reader) at(off int) (int, int) {
	if r.colLine != r.line || r.colOff < r.lineStart || r.colOff > off {
		r.colLine, r.colOff, r.col = r.line, r.lineStart, 1
	}
	r.col += utf8.RuneCount(r.src[r.colOff:off])
	r.colOff = off
	return r.line, r.col
}

func (r *reader) pos(off int) diag.Pos {
	l, c := r.at(off)
	return diag.Pos{File: r.file, Line: l, Col: c}
}

func (r *reader) fail(hint, format string, args ...any) {
	r.diags.Errorf(r.pos(min(r.off, len(r.src))), hint, format, args...)
	panic(syntaxError{})
}

// describe names what is at the current offset for a message.
func (r *reader) describe() string {
	if r.off >= len(r.src) {
		return "unexpected end of file"
	}
	c, size := utf8.DecodeRune(r.src[r.off:])
	if c == utf8.RuneError && size <= 1 {
		return "invalid UTF-8"
	}
	return fmt.Sprintf("unexpected %s", quoteRune(c))
}

func quoteRune(c rune) string {
	if c == '\'' {
		return `"'"`
	}
	if c < ' ' || c == 0x7f {
		return fmt.Sprintf("control character U+%04X", c)
	}
	return "'" + string(c) + "'"
}

// space skips JSON white space, counting lines.
func (r *reader) space() {
	for r.off < len(r.src) {
		switch r.src[r.off] {
		case '\n':
			r.off++
			r.line++
			r.lineStart = r.off
		case ' ', '\t', '\r':
			r.off++
		default:
			return
		}
	}
}

func (r *reader) value(depth int) *Node {
	if depth > maxDepth {
		r.fail("", "invalid JSON: nested more than %d levels deep", maxDepth)
	}
	if r.off >= len(r.src) {
		r.fail("", "invalid JSON: unexpected end of file; expected a value")
	}
	line, col := r.at(r.off)
	n := &Node{Line: line, Col: col, Start: r.off}
	switch c := r.src[r.off]; {
	case c == '{':
		r.object(n, depth)
	case c == '[':
		r.array(n, depth)
	case c == '"':
		n.Kind, n.Str = String, r.string()
	case c == '-' || c >= '0' && c <= '9':
		r.number(n)
	case r.word("true"):
		n.Kind, n.Bool = Bool, true
	case r.word("false"):
		n.Kind = Bool
	case r.word("null"):
		n.Kind = Null
	default:
		hint := "a value is a string in double quotes, a number, an object {…}, a list […], true, false or null"
		if c == '\'' {
			hint = "JSON strings use double quotes"
		}
		r.fail(hint, "invalid JSON: %s; expected a value", r.describe())
	}
	n.End = r.off
	return n
}

// word consumes the literal w if it is next and not followed by a letter.
func (r *reader) word(w string) bool {
	if !strings.HasPrefix(string(r.src[r.off:min(len(r.src), r.off+len(w))]), w) {
		return false
	}
	if e := r.off + len(w); e < len(r.src) && isLetter(r.src[e]) {
		return false
	}
	r.off += len(w)
	return true
}

func isLetter(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

func (r *reader) object(n *Node, depth int) {
	n.Kind = Object
	r.off++ // {
	r.space()
	if r.off < len(r.src) && r.src[r.off] == '}' {
		r.off++
		return
	}
	seen := map[string]*Member{}
	for {
		r.space()
		if r.off >= len(r.src) || r.src[r.off] != '"' {
			if r.off < len(r.src) && r.src[r.off] == '}' {
				r.fail("remove the comma after the last member", "invalid JSON: trailing comma before '}'")
			}
			r.fail("object keys are strings in double quotes", "invalid JSON: %s; expected a key in double quotes", r.describe())
		}
		line, col := r.at(r.off)
		m := &Member{Line: line, Col: col, Key: r.string()}
		r.space()
		if r.off >= len(r.src) || r.src[r.off] != ':' {
			r.fail("", "invalid JSON: %s; expected ':' after object key", r.describe())
		}
		r.off++
		r.space()
		m.Value = r.value(depth + 1)
		if first, dup := seen[m.Key]; dup {
			r.diags.Errorf(diag.Pos{File: r.file, Line: m.Line, Col: m.Col}, "keep one of them",
				"key %q appears twice in this object (first on line %d)", m.Key, first.Line)
		} else {
			seen[m.Key] = m
			n.Members = append(n.Members, m)
		}
		r.space()
		if r.off < len(r.src) && r.src[r.off] == ',' {
			r.off++
			continue
		}
		if r.off < len(r.src) && r.src[r.off] == '}' {
			r.off++
			return
		}
		hint := ""
		if r.off < len(r.src) && r.src[r.off] == '"' {
			hint = "add a comma between members"
		}
		r.fail(hint, "invalid JSON: expected ',' or '}' after object value")
	}
}

func (r *reader) array(n *Node, depth int) {
	n.Kind = Array
	r.off++ // [
	r.space()
	if r.off < len(r.src) && r.src[r.off] == ']' {
		r.off++
		return
	}
	for {
		r.space()
		if r.off < len(r.src) && r.src[r.off] == ']' {
			r.fail("remove the comma after the last element", "invalid JSON: trailing comma before ']'")
		}
		n.Items = append(n.Items, r.value(depth+1))
		r.space()
		if r.off < len(r.src) && r.src[r.off] == ',' {
			r.off++
			continue
		}
		if r.off < len(r.src) && r.src[r.off] == ']' {
			r.off++
			return
		}
		hint := ""
		if r.off < len(r.src) && strings.IndexByte("\"{[-0123456789tfn", r.src[r.off]) >= 0 {
			hint = "add a comma between elements"
		}
		r.fail(hint, "invalid JSON: expected ',' or ']' after list element")
	}
}

// string reads a string literal starting at its opening quote and returns its decoded text.
func (r *reader) string() string {
	r.off++ // "
	var b strings.Builder
	for {
		if r.off >= len(r.src) {
			r.fail("close the string with '\"'", "invalid JSON: unexpected end of file in a string")
		}
		c := r.src[r.off]
		switch {
		case c == '"':
			r.off++
			return b.String()
		case c == '\\':
			r.escape(&b)
		case c == '\n':
			r.fail(`write a line break inside a string as \n`, "invalid JSON: line break inside a string")
		case c < ' ':
			r.fail("", "invalid JSON: control character U+%04X inside a string", c)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			r.off++
		default:
			c, size := utf8.DecodeRune(r.src[r.off:])
			if c == utf8.RuneError && size == 1 {
				r.fail("save the file as UTF-8", "invalid JSON: invalid UTF-8 inside a string")
			}
			b.WriteRune(c)
			r.off += size
		}
	}
}

func (r *reader) escape(b *strings.Builder) {
	if r.off+1 >= len(r.src) {
		r.off++
		r.fail("close the string with '\"'", "invalid JSON: unexpected end of file in a string")
	}
	r.off++
	c := r.src[r.off]
	if i := strings.IndexByte(`"\/bfnrt`, c); i >= 0 {
		b.WriteByte("\"\\/\b\f\n\r\t"[i])
		r.off++
		return
	}
	if c != 'u' {
		r.off--
		r.fail(`a backslash starts \" \\ \/ \b \f \n \r \t or \uXXXX; write \\ for a backslash`, "invalid JSON: invalid escape in a string")
	}
	r.off++
	c1, ok := r.hex4()
	if !ok {
		r.off -= 2
		r.fail(`write \u and four hex digits`, "invalid JSON: invalid \\u escape in a string")
	}
	if utf16.IsSurrogate(c1) && r.off+1 < len(r.src) && r.src[r.off] == '\\' && r.src[r.off+1] == 'u' {
		save := r.off
		r.off += 2
		if c2, ok := r.hex4(); ok {
			if d := utf16.DecodeRune(c1, c2); d != utf8.RuneError {
				b.WriteRune(d)
				return
			}
		}
		r.off = save
	}
	if utf16.IsSurrogate(c1) {
		c1 = utf8.RuneError // a lone surrogate, as encoding/json decodes it
	}
	b.WriteRune(c1)
}

func (r *reader) hex4() (rune, bool) {
	if r.off+4 > len(r.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(r.src[r.off:r.off+4]), 16, 32)
	if err != nil || strings.ContainsAny(string(r.src[r.off:r.off+4]), "+-_xX") {
		return 0, false
	}
	r.off += 4
	return rune(v), true
}

// number reads a number with JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *reader) number(n *Node) {
	start := r.off
	digits := func() int {
		s := r.off
		for r.off < len(r.src) && r.src[r.off] >= '0' && r.src[r.off] <= '9' {
			r.off++
		}
		return r.off - s
	}
	bad := func() {
		r.off = start
		r.fail("numbers are written like 70, 0.5 or -1", "invalid JSON: invalid number")
	}
	if r.src[r.off] == '-' {
		r.off++
	}
	if r.off < len(r.src) && r.src[r.off] == '0' {
		r.off++
	} else if digits() == 0 {
		bad()
	}
	if r.off < len(r.src) && r.src[r.off] == '.' {
		r.off++
		if digits() == 0 {
			bad()
		}
	}
	if r.off < len(r.src) && (r.src[r.off] == 'e' || r.src[r.off] == 'E') {
		r.off++
		if r.off < len(r.src) && (r.src[r.off] == '+' || r.src[r.off] == '-') {
			r.off++
		}
		if digits() == 0 {
			bad()
		}
	}
	if r.off < len(r.src) && isLetter(r.src[r.off]) {
		bad()
	}
	n.Kind, n.Str = Number, string(r.src[start:r.off])
	v, err := strconv.ParseFloat(n.Str, 64)
	if err != nil {
		r.off = start
		r.fail("", "invalid JSON: number %s is out of range", n.Str)
	}
	n.Num = v
}
