package toolbox

import (
	"fmt"
	"github.com/securehealth/securehealth/internal/didyoumean"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/yamlpos"
	"gopkg.in/yaml.v3"
)

// Types lists the field types in alphabetical order, as hints show them.
var Types = []string{Checkbox, Checklist, Date, Number, Radio, Rating, Select, Table, Text, Textarea}

// ColumnTypes lists the types a table column may have.
var ColumnTypes = []string{Date, Number, Text, Textarea}

// KindFeedback is the kind of feedback templates, whose exports `feedback summarize` reads.
const KindFeedback = "feedback"

// DefaultScale is the number of points of a rating field without "scale:".
const DefaultScale = 5

// DefaultRows is the number of empty rows of a table in a blank worksheet.
const DefaultRows = 3

// frontMatterLineOffset mirrors frontmatter.Parse: the YAML starts after the opening "---"
// line, so a node on YAML line 1 is on file line 2.
const frontMatterLineOffset = 1

// Field and column ids become form control names, JSON keys of the export and localStorage
// keys, so they are kept to snake_case. Option ids are values, not names: they may start with
// a digit ("1") and use hyphens ("not-applicable").
var (
	fieldIDRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	optionIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

var commonKeys = []string{"help", "id", "label", "required", "section", "type"}

// keysByType lists the keys a field of each type may have beyond commonKeys.
var keysByType = map[string][]string{
	Text:      nil,
	Textarea:  nil,
	Date:      nil,
	Number:    {"max", "min"},
	Select:    {"options"},
	Radio:     {"options"},
	Checkbox:  nil,
	Checklist: {"options"},
	Table:     {"columns", "rows"},
	Rating:    {"high", "low", "scale"},
}

// HasOptions reports whether fields of type t take an options list.
func HasOptions(t string) bool { return t == Select || t == Radio || t == Checklist }

// Parse types the "fields:" list of a template page and checks it with its template keys
// (kind, audience). path is the page file for diagnostics, id the template id (the page's
// translation key stem). Every problem is reported at its line and column in the file; the
// returned template holds what could be read, even when there were errors.
func Parse(path string, fm frontmatter.FrontMatter, id string, diags *diag.List) *Template {
	p := parser{doc: yamlpos.Doc{File: path, LineOffset: frontMatterLineOffset}, diags: diags}
	t := &Template{ID: id, Kind: fm.Kind, Audience: fm.Audience, Topics: fm.Topics, Source: path}
	t.Pos = p.keyPos(fm, "fields", "type")
	switch fm.Kind {
	case "", KindFeedback:
	default:
		diags.Errorf(p.keyPos(fm, "kind", "type"), "write kind: feedback for a feedback form, or leave kind out",
			"unknown template kind %q", fm.Kind)
	}
	for _, a := range fm.Audience {
		if !contains(Audiences, a) {
			diags.Errorf(p.keyPos(fm, "audience", "type"), "audiences: "+strings.Join(Audiences, ", "),
				"unknown audience %q", a)
		}
	}
	n := &fm.Fields
	switch {
	case n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		diags.Errorf(t.Pos, "add fields: with one entry per question, such as - {id: goals, label: Goals, type: textarea}",
			"template has no fields")
		return t
	case n.Kind != yaml.SequenceNode:
		diags.Errorf(p.doc.Pos(n), `write fields: as a list, one "- id: …" entry per field`,
			"fields must be a list, not %s", kindName(n))
		return t
	}
	seen := map[string]int{} // field id → line
	for i, item := range n.Content {
		f, ok := p.field(i+1, item)
		if !ok {
			continue
		}
		if f.ID != "" {
			if line, dup := seen[f.ID]; dup {
				diags.Errorf(f.Pos, "give each field its own id", "duplicate field id %q (first on line %d)", f.ID, line)
			} else {
				seen[f.ID] = f.Pos.Line
			}
		}
		t.Fields = append(t.Fields, f)
	}
	if len(n.Content) == 0 {
		diags.Errorf(t.Pos, "add at least one field", "template has no fields")
	}
	return t
}

type parser struct {
	doc   yamlpos.Doc
	diags *diag.List
}

// keyPos is the position of fm's key, or of fallback, or the first front-matter line.
func (p parser) keyPos(fm frontmatter.FrontMatter, key, fallback string) diag.Pos {
	if pos, ok := fm.Pos[key]; ok {
		return pos
	}
	if pos, ok := fm.Pos[fallback]; ok {
		return pos
	}
	return diag.Pos{File: p.doc.File, Line: 1 + frontMatterLineOffset, Col: 1}
}

// field reads the n-th (from 1) field; ok is false when the entry is not a mapping.
func (p parser) field(n int, node *yaml.Node) (f Field, ok bool) {
	f.Pos = p.doc.Pos(node)
	if node.Kind != yaml.MappingNode {
		p.diags.Errorf(f.Pos, "write each field as id: …, label: …, type: … lines below its \"-\"",
			"field %d must be a mapping, not %s", n, kindName(node))
		return f, false
	}
	vals := map[string]*yaml.Node{}
	keyLine := map[string]int{}
	var keys []*yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		// Decoding into a yaml.Node, as the front matter does for "fields:", lets duplicates through.
		k, v := node.Content[i], node.Content[i+1]
		if line, dup := keyLine[k.Value]; dup {
			p.diags.Errorf(p.doc.Pos(k), "keep one of them", "key %q appears twice (first on line %d)", k.Value, line)
			continue
		}
		vals[k.Value], keyLine[k.Value] = v, p.doc.Pos(k).Line
		keys = append(keys, k)
	}
	// The id first, so that later messages can name the field.
	name := fmt.Sprintf("field %d", n)
	if v := vals["id"]; v == nil {
		p.diags.Errorf(f.Pos, "add id: a stable name used in every language, such as "+suggestID(raw(vals["label"]), "mentee_goals"),
			"%s has no id", name)
	} else if v.Kind != yaml.ScalarNode {
		p.str(v) // reports it
	} else if f.ID = v.Value; !fieldIDRe.MatchString(f.ID) {
		p.diags.Errorf(p.doc.Pos(v), "use lower-case letters, digits and _, starting with a letter, such as "+suggestID(f.ID, "mentee_goals"),
			"invalid field id %q", f.ID)
	} else {
		name = fmt.Sprintf("field %q", f.ID)
	}
	f.Type = Text
	typeKnown := true
	if v := vals["type"]; v != nil {
		f.Type = p.str(v)
		if _, typeKnown = keysByType[f.Type]; !typeKnown {
			p.diags.Errorf(p.doc.Pos(v), "types: "+strings.Join(Types, ", "), "%s: unknown type %q", name, f.Type)
		}
	}
	for _, k := range keys {
		if contains(commonKeys, k.Value) || contains(keysByType[f.Type], k.Value) {
			continue
		}
		if owners := typesWithKey(k.Value); len(owners) > 0 {
			if typeKnown {
				p.diags.Errorf(p.doc.Pos(k), "it applies to "+strings.Join(owners, ", ")+" fields; remove it or change the type",
					"%s: key %q does not apply to a %s field", name, k.Value, f.Type)
			}
			continue
		}
		known := append(append([]string{}, commonKeys...), keysByType[f.Type]...)
		if !typeKnown {
			known = allKeys()
		}
		sort.Strings(known)
		hint := "known keys: " + strings.Join(known, ", ")
		if s := didyoumean.Closest(k.Value, known); s != "" {
			hint = fmt.Sprintf("did you mean %q? %s", s, hint)
		}
		p.diags.Errorf(p.doc.Pos(k), hint, "unknown key %q in %s", k.Value, name)
	}
	f.Label = strings.TrimSpace(p.str(vals["label"]))
	if f.Label == "" {
		pos := f.Pos
		if v := vals["label"]; v != nil {
			pos = p.doc.Pos(v)
		}
		p.diags.Errorf(pos, "add label: the question or prompt the person sees", "%s has no label", name)
	}
	f.Help = p.str(vals["help"])
	f.Section = p.str(vals["section"])
	f.Required = p.boolean(vals["required"])
	if !typeKnown {
		return f, true
	}
	switch {
	case HasOptions(f.Type):
		f.Options = p.options(name, f, vals["options"])
	case f.Type == Table:
		f.Columns = p.columns(name, f, vals["columns"])
		f.Rows = DefaultRows
		if v := vals["rows"]; v != nil {
			if r, ok := p.integer(v); ok {
				if r < 1 || r > 50 {
					p.diags.Errorf(p.doc.Pos(v), "use a number from 1 to 50", "%s: rows %d is out of range", name, r)
				} else {
					f.Rows = r
				}
			}
		}
	case f.Type == Rating:
		f.Scale = DefaultScale
		if v := vals["scale"]; v != nil {
			if s, ok := p.integer(v); ok {
				if s < 2 || s > 10 {
					p.diags.Errorf(p.doc.Pos(v), "use a number of points from 2 to 10, such as 5", "%s: scale %d is outside 2–10", name, s)
				} else {
					f.Scale = s
				}
			}
		}
		f.Low, f.High = p.str(vals["low"]), p.str(vals["high"])
	case f.Type == Number:
		f.Min, f.Max = p.number(vals["min"]), p.number(vals["max"])
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			p.diags.Errorf(p.doc.Pos(vals["max"]), "make max at least min", "%s: max %v is below min %v", name, *f.Max, *f.Min)
		}
	}
	return f, true
}

func (p parser) options(name string, f Field, v *yaml.Node) []Option {
	if v == nil || v.Kind == yaml.ScalarNode && v.Tag == "!!null" || v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		pos := f.Pos
		if v != nil {
			pos = p.doc.Pos(v)
		}
		p.diags.Errorf(pos, "add options: a list of {id: …, label: …} or plain strings", "%s: %s field has no options", name, f.Type)
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.diags.Errorf(p.doc.Pos(v), "write options: as a list, such as [{id: weekly, label: Every week}, …]", "%s: options must be a list, not %s", name, kindName(v))
		return nil
	}
	var opts []Option
	seen := map[string]int{}
	for _, item := range v.Content {
		id, label, ok := p.idLabel(name, "option", item)
		if !ok {
			continue
		}
		o := Option{ID: id, Label: label, Pos: p.doc.Pos(item)}
		if !optionIDRe.MatchString(o.ID) {
			p.diags.Errorf(o.Pos, "use lower-case letters, digits, _ and -, such as "+suggestOptionID(o.ID)+
				`; a plain string is both id and label, so write {id: `+suggestOptionID(o.ID)+`, label: `+o.ID+`}`,
				"%s: invalid option id %q", name, o.ID)
		} else if line, dup := seen[o.ID]; dup {
			p.diags.Errorf(o.Pos, "give each option its own id", "%s: duplicate option id %q (first on line %d)", name, o.ID, line)
		} else {
			seen[o.ID] = o.Pos.Line
		}
		opts = append(opts, o)
	}
	return opts
}

func (p parser) columns(name string, f Field, v *yaml.Node) []Column {
	if v == nil || v.Kind == yaml.ScalarNode && v.Tag == "!!null" || v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		pos := f.Pos
		if v != nil {
			pos = p.doc.Pos(v)
		}
		p.diags.Errorf(pos, "add columns: such as [{id: action, label: Action}, {id: due, label: Due, type: date}]", "%s: table has no columns", name)
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.diags.Errorf(p.doc.Pos(v), "write columns: as a list, such as [{id: action, label: Action}, …]", "%s: columns must be a list, not %s", name, kindName(v))
		return nil
	}
	var cols []Column
	seen := map[string]int{}
	for _, item := range v.Content {
		id, label, ok := p.idLabel(name, "column", item)
		if !ok {
			continue
		}
		c := Column{ID: id, Label: label, Type: Text, Pos: p.doc.Pos(item)}
		if item.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(item.Content); i += 2 {
				if k, tv := item.Content[i], item.Content[i+1]; k.Value == "type" {
					c.Type = p.str(tv)
					if !contains(ColumnTypes, c.Type) {
						p.diags.Errorf(p.doc.Pos(tv), "column types: "+strings.Join(ColumnTypes, ", "),
							"%s: column %q has unknown type %q", name, c.ID, c.Type)
					}
				}
			}
		}
		if !fieldIDRe.MatchString(c.ID) {
			p.diags.Errorf(c.Pos, "use lower-case letters, digits and _, starting with a letter, such as "+suggestID(c.ID, "action"),
				"%s: invalid column id %q", name, c.ID)
		} else if line, dup := seen[c.ID]; dup {
			p.diags.Errorf(c.Pos, "give each column its own id", "%s: duplicate column id %q (first on line %d)", name, c.ID, line)
		} else {
			seen[c.ID] = c.Pos.Line
		}
		cols = append(cols, c)
	}
	return cols
}

// idLabel reads an option or a column: a plain string (both id and label) or a mapping with
// id and label (and, for a column, type).
func (p parser) idLabel(name, what string, item *yaml.Node) (id, label string, ok bool) {
	pos := p.doc.Pos(item)
	switch item.Kind {
	case yaml.ScalarNode:
		s := strings.TrimSpace(item.Value)
		if s == "" {
			p.diags.Errorf(pos, "write {id: …, label: …} or a plain string", "%s: empty %s", name, what)
			return "", "", false
		}
		return s, s, true
	case yaml.MappingNode:
	default:
		p.diags.Errorf(pos, "write {id: …, label: …} or a plain string", "%s: %s must be {id, label} or a plain string, not %s", name, what, kindName(item))
		return "", "", false
	}
	allowed := []string{"id", "label"}
	if what == "column" {
		allowed = append(allowed, "type")
	}
	var idNode *yaml.Node
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		switch {
		case k.Value == "id":
			id, idNode = strings.TrimSpace(p.str(v)), v
		case k.Value == "label":
			label = strings.TrimSpace(p.str(v))
		case !contains(allowed, k.Value):
			hint := "known keys: " + strings.Join(allowed, ", ")
			if s := didyoumean.Closest(k.Value, allowed); s != "" {
				hint = fmt.Sprintf("did you mean %q? %s", s, hint)
			}
			p.diags.Errorf(p.doc.Pos(k), hint, "unknown key %q in %s %s", k.Value, name, what)
		}
	}
	if idNode == nil || id == "" {
		p.diags.Errorf(pos, "add id: a stable name used in every language, such as "+suggestID(label, "weekly"), "%s: %s has no id", name, what)
		return "", "", false
	}
	if label == "" {
		p.diags.Errorf(pos, "add label: the text the person sees", "%s: %s %q has no label", name, what, id)
	}
	return id, label, true
}

// str returns a scalar's text; a list or mapping is an error and gives "".
func (p parser) str(v *yaml.Node) string {
	if v == nil || v.Tag == "!!null" {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		p.diags.Errorf(p.doc.Pos(v), "write text, quoted if needed", "%s is not a text value", kindName(v))
		return ""
	}
	return v.Value
}

func (p parser) boolean(v *yaml.Node) bool {
	if v == nil {
		return false
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
		p.diags.Errorf(p.doc.Pos(v), "write true or false", "value %q is not true or false", shown(v))
		return false
	}
	return b
}

func (p parser) integer(v *yaml.Node) (int, bool) {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
		if n, err := strconv.Atoi(v.Value); err == nil {
			return n, true
		}
	}
	p.diags.Errorf(p.doc.Pos(v), "write a whole number such as 5", "value %q is not a whole number", shown(v))
	return 0, false
}

func (p parser) number(v *yaml.Node) *float64 {
	if v == nil {
		return nil
	}
	if v.Kind == yaml.ScalarNode && (v.ShortTag() == "!!int" || v.ShortTag() == "!!float") {
		var x float64
		if v.Decode(&x) == nil {
			return &x
		}
	}
	p.diags.Errorf(p.doc.Pos(v), "write a number such as 1.5", "value %q is not a number", shown(v))
	return nil
}

func shown(v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		return kindName(v)
	}
	return v.Value
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "a single value"
}

// raw is a scalar's text without any diagnostic, for hints.
func raw(v *yaml.Node) string {
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// typesWithKey lists, in order, the field types that take key beyond the common keys.
func typesWithKey(key string) []string {
	var ts []string
	for _, t := range Types {
		if contains(keysByType[t], key) {
			ts = append(ts, t)
		}
	}
	return ts
}

func allKeys() []string {
	keys := append([]string{}, commonKeys...)
	for _, t := range Types {
		for _, k := range keysByType[t] {
			if !contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// suggestID turns a label or a bad id into a field id, or returns fallback.
func suggestID(s, fallback string) string {
	id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(s), "_"), "_")
	if id == "" || !fieldIDRe.MatchString(id) {
		return fallback
	}
	if len(id) > 30 {
		id = strings.TrimRight(id[:30], "_")
	}
	return id
}

func suggestOptionID(s string) string {
	id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(s), "_"), "_")
	if id == "" {
		return "weekly"
	}
	if len(id) > 30 {
		id = strings.TrimRight(id[:30], "_")
	}
	return id
}
