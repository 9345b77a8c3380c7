// Package yamlpos decodes author YAML with yaml.v3 and reports problems at their true position
// in the author's file: unknown keys, type mismatches and syntax errors, each with line and column.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/securehealth/securehealth/internal/didyoumean"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"gopkg.in/yaml.v3"
)

// A Doc is YAML source placed in a file: File is the path for diagnostics, LineOffset the number
// of file lines before the YAML's first line (1 for front matter after an opening "---").
type Doc struct {
	File       string
	LineOffset int
	Src        []byte
}

// Pos returns the file position of a node.
func (d Doc) Pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: d.File, Line: 1 + d.LineOffset, Col: 1}
	}
	return diag.Pos{File: d.File, Line: n.Line + d.LineOffset, Col: n.Column}
}

// Parse parses the YAML into a node tree. An empty document gives a nil node and no error.
func (d Doc) Parse(diags *diag.List) *yaml.Node {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(d.Src))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, msg := syntaxError(err)
		if l := firstFailingLine(d.Src, msg); l > 0 {
			line = l
		}
		diags.Errorf(diag.Pos{File: d.File, Line: line + d.LineOffset, Col: 1},
			"check indentation, colons and quoting on that line", "invalid YAML: %s", msg)
		return nil
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		return root.Content[0]
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode && len(root.Content) == 0 {
		return nil // only comments
	}
	return &root
}

var lineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of libyaml's parser (as opposed to its scanner). yaml.v3
// reports their line 0-based (it adds 1 only for scanner errors), so they need one more.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// firstFailingLine returns the first line at whose end the YAML fails with the same message as
// the whole source, or 0. yaml.v3 reports parser errors at the start of the enclosing list or
// mapping (a wrong indent on line 6 of a list starting on line 3 is "line 3"), and an
// unterminated quote at the end of the file; the shortest failing prefix points at the line
// the author has to fix.
func firstFailingLine(src []byte, msg string) int {
	if len(src) > 64<<10 {
		return 0 // quadratic; front matter and config files are far smaller
	}
	line := 0
	for end := 0; end < len(src); {
		if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(src)
		}
		line++
		var n yaml.Node
		if err := yaml.Unmarshal(src[:end], &n); err != nil {
			if _, m := syntaxError(err); m == msg {
				return line
			}
		}
	}
	return 0
}

func syntaxError(err error) (int, string) {
	m := lineRe.FindStringSubmatch(err.Error())
	if m == nil {
		// yaml.v3 leaves out "line N:" when the problem is on the first line.
		return 1, strings.TrimPrefix(err.Error(), "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	if parserProblems[m[2]] {
		n++
	}
	return n, m[2]
}

// Decode decodes node into v (a pointer to a struct). Keys not known to v's struct (by yaml tag,
// recursively through nested structs and slices of structs) are errors; allowed, if not nil,
// further restricts the top-level keys, so one struct can serve several page types. Type errors
// are reported at the offending value.
func (d Doc) Decode(node *yaml.Node, v any, allowed func(key string) bool, what string, diags *diag.List) {
	if node == nil {
		return
	}
	if node.Kind != yaml.MappingNode {
		diags.Errorf(d.Pos(node), "write key: value pairs", "%s must be a YAML mapping, not %s", what, kindName(node))
		return
	}
	d.checkKeys(node, reflect.TypeOf(v).Elem(), allowed, what, diags)
	if err := node.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				d.typeError(node, msg, diags)
			}
			return
		}
		diags.Errorf(d.Pos(node), "", "%s: %v", what, err)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "this"
}

func (d Doc) checkKeys(node *yaml.Node, t reflect.Type, allowed func(string) bool, what string, diags *diag.List) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(yaml.Node{}) { // raw YAML, typed by a later stage
		return
	}
	switch t.Kind() {
	case reflect.Slice:
		if node.Kind == yaml.SequenceNode {
			for _, item := range node.Content {
				d.checkKeys(item, t.Elem(), nil, what, diags)
			}
		}
		return
	case reflect.Struct:
	default:
		return
	}
	if node.Kind != yaml.MappingNode {
		return
	}
	fields := structFields(t)
	if _, ok := fields[","]; ok { // a struct with ",inline" map takes anything
		return
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		f, ok := fields[k.Value]
		if !ok || (allowed != nil && !allowed(k.Value)) {
			diags.Errorf(d.Pos(k), hintKeys(fields, allowed, k.Value), "unknown key %q in %s", k.Value, what)
			continue
		}
		if isInt(f) && val.Kind == yaml.ScalarNode && val.ShortTag() == "!!float" {
			// yaml.v3 would silently truncate 1.5 to 1.
			diags.Errorf(d.Pos(val), "write "+typeHint("int"), "value %q is not %s", val.Value, goTypeName("int"))
		}
		if f.Kind() == reflect.Struct || f.Kind() == reflect.Slice || f.Kind() == reflect.Pointer {
			d.checkKeys(val, f, nil, what, diags)
		}
	}
}

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func structFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "inline") {
			m[","] = f.Type
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = f.Type
	}
	return m
}

func hintKeys(fields map[string]reflect.Type, allowed func(string) bool, got string) string {
	var keys []string
	for k := range fields {
		if allowed == nil || allowed(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if s := didyoumean.Closest(got, keys); s != "" {
		return fmt.Sprintf("did you mean %q? known keys: %s", s, strings.Join(keys, ", "))
	}
	return "known keys: " + strings.Join(keys, ", ")
}

// yaml.v3 type errors: a scalar comes with its (possibly shortened) value in backquotes, a
// mapping or list without one.
var (
	typeErrRe = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	dupKeyRe  = regexp.MustCompile(`^line (\d+): mapping key "(.*)" already defined at line (\d+)$`)
)

func (d Doc) typeError(root *yaml.Node, msg string, diags *diag.List) {
	if m := dupKeyRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		first, _ := strconv.Atoi(m[3])
		pos := diag.Pos{File: d.File, Line: line + d.LineOffset, Col: 1}
		if n := findKey(root, line, m[2]); n != nil {
			pos = d.Pos(n)
		}
		diags.Errorf(pos, "keep one of them", "key %q appears twice (first on line %d)", m[2], first+d.LineOffset)
		return
	}
	m := typeErrRe.FindStringSubmatch(msg)
	if m == nil {
		diags.Errorf(d.Pos(root), "", "%s", msg)
		return
	}
	line, _ := strconv.Atoi(m[1])
	pos := diag.Pos{File: d.File, Line: line + d.LineOffset, Col: 1}
	switch m[2] {
	case "map", "seq":
		kind := yaml.MappingNode
		if m[2] == "seq" {
			kind = yaml.SequenceNode
		}
		if n := findCollection(root, line, kind); n != nil {
			pos = d.Pos(n)
		}
		diags.Errorf(pos, "write "+typeHint(m[4]), "a %s is not %s", yamlKind(m[2]), goTypeName(m[4]))
	default:
		value := m[3]
		if n := findNode(root, line, value); n != nil {
			pos = d.Pos(n)
			value = shorten(n.Value) // yaml.v3 cuts values at 7 bytes, even inside a letter
		}
		diags.Errorf(pos, "write "+typeHint(m[4]), "%s %q is not %s", yamlKind(m[2]), value, goTypeName(m[4]))
	}
}

// shorten keeps a value quoted in a message to one readable line.
func shorten(v string) string {
	v, _, cut := strings.Cut(v, "\n")
	if r := []rune(v); len(r) > 40 {
		v, cut = string(r[:40]), true
	}
	if cut {
		v += "…"
	}
	return v
}

// findNode returns the scalar on line whose value is, or begins (yaml.v3 shortens long values
// in its messages), the given one.
func findNode(n *yaml.Node, line int, value string) *yaml.Node {
	if n.Line == line && n.Kind == yaml.ScalarNode && (n.Value == value ||
		strings.HasSuffix(value, "...") && strings.HasPrefix(n.Value, strings.TrimSuffix(value, "..."))) {
		return n
	}
	for _, c := range n.Content {
		if f := findNode(c, line, value); f != nil {
			return f
		}
	}
	return nil
}

// findCollection returns the mapping or list of the given kind that starts on line.
func findCollection(n *yaml.Node, line int, kind yaml.Kind) *yaml.Node {
	if n.Line == line && n.Kind == kind {
		return n
	}
	for _, c := range n.Content {
		if f := findCollection(c, line, kind); f != nil {
			return f
		}
	}
	return nil
}

// findKey returns the mapping key with the given name on line.
func findKey(n *yaml.Node, line int, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Line == line && k.Value == key {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if f := findKey(c, line, key); f != nil {
			return f
		}
	}
	return nil
}

func yamlKind(tag string) string {
	switch tag {
	case "seq":
		return "list"
	case "map":
		return "mapping"
	}
	return "value"
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a text value"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map"):
		return "a mapping"
	}
	return "of the expected kind"
}

func typeHint(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number such as 10"
	case strings.HasPrefix(t, "float"):
		return "a number such as 1.5"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "text, quoted if needed"
	case strings.HasPrefix(t, "[]"):
		return "a list: [a, b] or one \"- item\" per line"
	case strings.HasPrefix(t, "map"):
		return "key: value pairs, indented below the key"
	}
	return "a value of the expected kind"
}
