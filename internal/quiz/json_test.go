package quiz

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/securehealth/securehealth/internal/diag"
)

// dump prints a node tree with positions: kind@line:col, keys as "key"@line:col.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node)
	walk = func(n *Node) {
		fmt.Fprintf(&b, "%d:%d ", n.Line, n.Col)
		switch n.Kind {
		case Object:
			b.WriteString("{")
			for i, m := range n.Members {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q@%d:%d: ", m.Key, m.Line, m.Col)
				walk(m.Value)
			}
			b.WriteString("}")
		case Array:
			b.WriteString("[")
			for i, v := range n.Items {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(v)
			}
			b.WriteString("]")
		case String:
			fmt.Fprintf(&b, "%q", n.Str)
		case Number:
			fmt.Fprintf(&b, "%s=%g", n.Str, n.Num)
		case Bool:
			fmt.Fprint(&b, n.Bool)
		case Null:
			b.WriteString("null")
		}
	}
	walk(n)
	return b.String()
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"scalars", `[1, -0.5e2, "a", true, false, null]`, `1:1 [1:2 1=1, 1:5 -0.5e2=-50, 1:13 "a", 1:18 true, 1:24 false, 1:31 null]`},
		{"key order kept", `{"b": 1, "a": 2}`, `1:1 {"b"@1:2: 1:7 1=1, "a"@1:10: 1:15 2=2}`},
		{"lines and multibyte columns", "{\n  \"č\": \"Kršitev\", \"Ω\": [\"€\",\n\t\"x\"]}",
			`1:1 {"č"@2:3: 2:8 "Kršitev", "Ω"@2:19: 2:24 [2:25 "€", 3:2 "x"]}`},
		{"CRLF", "{\r\n\"a\": 1\r\n}", `1:1 {"a"@2:1: 2:6 1=1}`},
		{"byte-order mark", "\uFEFF{\"a\": 1}", `1:1 {"a"@1:2: 1:7 1=1}`},
		{"escapes", `["\"\\\/\b\f\n\r\t", "\u00e9\u010D", "\ud83d\ude00", "\ud800x"]`,
			`1:1 [1:2 "\"\\/\b\f\n\r\t", 1:22 "éč", 1:38 "😀", 1:54 "�x"]`},
		{"empty containers", `{"a": {}, "b": []}`, `1:1 {"a"@1:2: 1:7 {}, "b"@1:11: 1:16 []}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			n := ParseJSON("f.json", []byte(tt.src), &l)
			if len(l) > 0 {
				t.Fatalf("diagnostics: %v", messages(l))
			}
			if got := dump(n); got != tt.want {
				t.Errorf("got\n\t%s\nwant\n\t%s", got, tt.want)
			}
		})
	}
}

func TestParseJSONOffsets(t *testing.T) {
	src := `{"a": [1, "x"], "b": {"c": null}}`
	var l diag.List
	n := ParseJSON("f.json", []byte(src), &l)
	for _, m := range n.Members {
		if got := src[m.Value.Start:m.Value.End]; got != map[string]string{"a": `[1, "x"]`, "b": `{"c": null}`}[m.Key] {
			t.Errorf("%s: source %q", m.Key, got)
		}
	}
}

func TestParseJSONDuplicateKeys(t *testing.T) {
	var l diag.List
	n := ParseJSON("f.json", []byte("{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2},\n \"a\": 3}"), &l)
	want := []string{
		`f.json:2:16: error: key "x" appears twice in this object (first on line 2); keep one of them`,
		`f.json:3:2: error: key "a" appears twice in this object (first on line 1); keep one of them`,
	}
	if got := messages(l); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n == nil || len(n.Members) != 2 || n.Members[0].Value.Num != 1 || len(n.Get("b").Value.Members) != 1 {
		t.Errorf("the first of duplicate keys must be kept: %s", dump(n))
	}
}

func TestParseJSONDepth(t *testing.T) {
	src := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	var l diag.List
	if n := ParseJSON("f.json", []byte(src), &l); n != nil || len(l) != 1 ||
		l[0].String() != "f.json:1:202: error: invalid JSON: nested more than 200 levels deep" {
		t.Errorf("got %v", messages(l))
	}
}

// TestParseJSONAgrees checks the reader against encoding/json on valid and invalid inputs.
func TestParseJSONAgrees(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `""`, `0`, `-0`, `1e5`, `1E+5`, `1.5e-3`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `"\x"`,
		`"\u12"`, `"\u12g4"`, `[1 2]`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `tru`, `nul`, `truex`, "\"\t\"", `{"a":1}x`,
		`"\uD834\uDD1E"`, `[[[]]]`, ` { "a" : [ true , false , null ] } `, `"a` + "\x7f" + `"`,
	} {
		var l diag.List
		n := ParseJSON("f.json", []byte(src), &l)
		ok := json.Valid([]byte(src))
		if ok != (n != nil && len(l) == 0) {
			t.Errorf("%q: json.Valid %v, reader %v", src, ok, messages(l))
		}
		if ok && n.Kind == String {
			var s string
			json.Unmarshal([]byte(src), &s)
			if s != n.Str {
				t.Errorf("%q: decoded %q, encoding/json %q", src, n.Str, s)
			}
		}
	}
}

// inFile reports whether every diagnostic is at a line and column that exist in src (a column
// may be one past the end of its line, where an unexpected end is reported).
func inFile(t *testing.T, src []byte, l diag.List) {
	t.Helper()
	lines := strings.Split(string(src), "\n")
	if strings.HasPrefix(string(src), "\uFEFF") {
		lines[0] = lines[0][3:]
	}
	for _, d := range l {
		if d.Pos.Line < 1 || d.Pos.Line > len(lines) {
			t.Fatalf("%s: line outside the file (%d lines)", d, len(lines))
		}
		if n := utf8.RuneCountInString(lines[d.Pos.Line-1]); d.Pos.Col < 1 || d.Pos.Col > n+1 {
			t.Fatalf("%s: column outside line %d (%d runes)", d, d.Pos.Line, n)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(quiz(tf)))
	f.Add(Skeleton("quiz", langs))
	f.Add([]byte(overlaySrc))
	f.Add([]byte(`{"id": "quiz", "title": {"en": "T", "sl": "Ž"}, "questions": [{"id": "q1", "type": "single", "choices": [{"id": "a", "correct": true}, {"id": "a", "correct": true}]}]}`))
	f.Add([]byte(`{"id": "quiz", "questions": [{"id": "q1", "type": "short", "accept": {"*": ["1"], "sl": [2]}}, {"id": "q2", "type": "matching", "pairs": [{}]}]}`))
	f.Add([]byte("\uFEFF[\"\\ud83d\\ude00\", 1e999, -]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		q := Parse(file, src, "en", langs, &l)
		inFile(t, src, l)
		if q != nil {
			q.Hash()
			q.Missing("sl")
			q.TranslationOfJSON()
		}
		// The same bytes as an overlay of a valid quiz.
		base := Parse(file, Skeleton("quiz", langs), "en", langs, &diag.List{})
		l = nil
		ParseOverlay("content/quizzes/quiz.sl.quiz.json", src, base, "sl", &l)
		inFile(t, src, l)
		base.Outdated("sl")
		base.Missing("sl")
		if out, err := StampOverlay(src, base); err == nil {
			var l2 diag.List
			if ParseJSON("x", out, &l2) == nil {
				t.Fatalf("stamped overlay is not JSON: %s\n%s", messages(l2), out)
			}
		}
	})
}
