package toolbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// ExportFormat is the format name and version of a filled template's export file; a reader of
// version 1 ignores keys it does not know, so later additions that keep the meaning of these
// keys stay version 1.
const ExportFormat = "securehealth-template/1"

// An Export is the JSON file the browser writes when a person exports a filled template
// (docs/toolbox.md, "Export format"). It is the only way form data leaves the device.
type Export struct {
	Format   string        `json:"format"`   // ExportFormat
	Site     string        `json:"site"`     // the site's site_id
	Template string        `json:"template"` // the template id
	Kind     string        `json:"kind"`     // "" or "feedback"
	Lang     string        `json:"lang"`     // language of the page it was filled in
	Copy     string        `json:"copy"`     // the name of the saved copy, such as a mentee's initials
	Saved    string        `json:"saved"`    // RFC 3339 time of the last change, or ""
	Fields   []ExportField `json:"fields"`
}

// An ExportField is one answer. Value is, by type: a string for text, textarea, date (YYYY-MM-DD),
// select and radio (the option id; "" when unanswered); a number or null for number and
// rating; true or false for checkbox; a list of option ids for checklist; a list of rows for
// table, each an object from column id to the text typed (a string).
type ExportField struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Label   string          `json:"label"`
	Value   json.RawMessage `json:"value"`
	Options []ExportLabel   `json:"options,omitempty"` // select, radio, checklist: every option, in order
	Columns []ExportLabel   `json:"columns,omitempty"` // table: every column, in order
	Scale   int             `json:"scale,omitempty"`   // rating: number of points
}

// An ExportLabel is an option or a column with the label shown in the export's language.
type ExportLabel struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// answer is a field's value decoded by type; only the part for the field's type is set.
type answer struct {
	text   string
	number *float64
	yes    bool
	ids    []string
	rows   []map[string]string
}

// ReadExport decodes and checks an export file. Unknown keys are ignored (see ExportFormat).
func ReadExport(data []byte) (*Export, error) {
	var e Export
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&e); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not a JSON file: %v (at byte %d)", err, se.Offset)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("not a template export: %q is %s, not %s", te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("not a JSON file: %v", err)
	}
	switch {
	case e.Format == "":
		return nil, fmt.Errorf(`not a template export: no "format": %q`, ExportFormat)
	case e.Format != ExportFormat:
		return nil, fmt.Errorf("unsupported format %q; this securehealth reads %s", e.Format, ExportFormat)
	case e.Template == "":
		return nil, errors.New(`no "template" id`)
	}
	seen := map[string]bool{}
	for i, f := range e.Fields {
		if f.ID == "" {
			return nil, fmt.Errorf("field %d has no id", i+1)
		}
		if seen[f.ID] {
			return nil, fmt.Errorf("field %q appears twice", f.ID)
		}
		seen[f.ID] = true
		if _, ok := keysByType[f.Type]; !ok {
			return nil, fmt.Errorf("field %q has unknown type %q", f.ID, f.Type)
		}
		if _, err := f.answer(); err != nil {
			return nil, fmt.Errorf("field %q: %v", f.ID, err)
		}
	}
	return &e, nil
}

func (f ExportField) answer() (answer, error) {
	var a answer
	raw := bytes.TrimSpace(f.Value)
	if len(raw) == 0 || string(raw) == "null" {
		return a, nil // unanswered
	}
	var err error
	switch f.Type {
	case Text, Textarea, Date, Select, Radio:
		if err = json.Unmarshal(raw, &a.text); err != nil {
			return a, fmt.Errorf("a %s value must be a string", f.Type)
		}
	case Number, Rating:
		var x float64
		if err = json.Unmarshal(raw, &x); err != nil {
			return a, fmt.Errorf("a %s value must be a number or null", f.Type)
		}
		if f.Type == Rating && (x < 1 || x != math.Trunc(x) || f.Scale > 0 && x > float64(f.Scale)) {
			return a, fmt.Errorf("rating %v is not a point of the scale 1–%d", x, max(f.Scale, 1))
		}
		a.number = &x
	case Checkbox:
		if err = json.Unmarshal(raw, &a.yes); err != nil {
			return a, errors.New("a checkbox value must be true or false")
		}
	case Checklist:
		if err = json.Unmarshal(raw, &a.ids); err != nil {
			return a, errors.New("a checklist value must be a list of option ids")
		}
	case Table:
		if err = json.Unmarshal(raw, &a.rows); err != nil {
			return a, errors.New("a table value must be a list of rows, each {column id: text}")
		}
	}
	return a, nil
}

// Summarize writes a Markdown report of several exports of one template, such as the feedback
// of a training group: the number of responses; for each rating the count per point and the
// average; for each select, radio and checklist the count per option; for checkboxes the yes
// and no counts; for numbers the average; text answers listed. files maps a file name to its
// contents. Labels come from the first export (in name order) filled in lang, or from the first
// export. A bad file makes Summarize write nothing and return an error per bad file, each
// "NAME: error: …", joined by newlines.
func Summarize(w io.Writer, files map[string][]byte, lang string) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return errors.New("no export files to summarize")
	}
	var errs []error
	var exports []*Export
	var good []string
	firstType := map[string]string{} // field id → type, and the file it was first seen in
	firstFile := map[string]string{}
	for _, name := range names {
		e, err := ReadExport(files[name])
		if err == nil && len(exports) > 0 && e.Template != exports[0].Template {
			err = fmt.Errorf("template %q here but %q in %s; summarize the exports of one template at a time",
				e.Template, exports[0].Template, good[0])
		}
		if err == nil {
			for _, f := range e.Fields {
				if t, ok := firstType[f.ID]; ok && t != f.Type {
					err = fmt.Errorf("field %q has type %s here but %s in %s", f.ID, f.Type, t, firstFile[f.ID])
					break
				}
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: error: %v", name, err))
			continue
		}
		for _, f := range e.Fields {
			if _, ok := firstType[f.ID]; !ok {
				firstType[f.ID], firstFile[f.ID] = f.Type, name
			}
		}
		exports = append(exports, e)
		good = append(good, name)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	_, err := io.WriteString(w, summary(exports, lang))
	return err
}

// summary builds the report of exports that passed ReadExport and agree on template and types.
func summary(exports []*Export, lang string) string {
	labels := exports[0]
	for _, e := range exports {
		if e.Lang == lang {
			labels = e
			break
		}
	}
	// Fields in the order of the label export, then any only in others, in order of appearance.
	var order []ExportField
	index := map[string]int{}
	add := func(f ExportField) {
		if i, ok := index[f.ID]; ok {
			o := &order[i]
			o.Scale = max(o.Scale, f.Scale)
			o.Options = mergeLabels(o.Options, f.Options)
			o.Columns = mergeLabels(o.Columns, f.Columns)
			return
		}
		index[f.ID] = len(order)
		order = append(order, f)
	}
	for _, f := range labels.Fields {
		add(f)
	}
	for _, e := range exports {
		for _, f := range e.Fields {
			add(f)
		}
	}
	answers := map[string][]answer{} // by field id, one per export that has the field
	for _, e := range exports {
		for _, f := range e.Fields {
			a, _ := f.answer() // checked by ReadExport
			answers[f.ID] = append(answers[f.ID], a)
		}
	}

	var b strings.Builder
	title := "Summary"
	if labels.Kind == KindFeedback {
		title = "Feedback summary"
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", title, labels.Template)
	fmt.Fprintf(&b, "%s.\n", plural(len(exports), "response", "responses"))
	for _, f := range order {
		as := answers[f.ID]
		label := strings.TrimSpace(f.Label)
		if label == "" {
			label = f.ID
		}
		fmt.Fprintf(&b, "\n## %s\n\n", oneLine(label))
		switch f.Type {
		case Rating:
			scale := f.Scale
			counts := map[int]int{}
			var sum float64
			n := 0
			for _, a := range as {
				if a.number != nil {
					p := int(*a.number)
					counts[p]++
					scale = max(scale, p)
					sum += *a.number
					n++
				}
			}
			b.WriteString("| Rating | Responses |\n|---:|---:|\n")
			for p := 1; p <= scale; p++ {
				fmt.Fprintf(&b, "| %d | %d |\n", p, counts[p])
			}
			b.WriteString("\n")
			if n == 0 {
				b.WriteString("No answers.\n")
			} else {
				fmt.Fprintf(&b, "Average: %.2f of %d (%s).\n", sum/float64(n), scale, plural(n, "answer", "answers"))
			}
			writeUnanswered(&b, len(exports)-n)
		case Number:
			var sum float64
			n := 0
			for _, a := range as {
				if a.number != nil {
					sum += *a.number
					n++
				}
			}
			if n == 0 {
				b.WriteString("No answers.\n")
			} else {
				fmt.Fprintf(&b, "Average: %.2f (%s).\n", sum/float64(n), plural(n, "answer", "answers"))
			}
			writeUnanswered(&b, len(exports)-n)
		case Select, Radio, Checklist:
			counts := map[string]int{}
			answered := 0
			for _, a := range as {
				ids := a.ids
				if f.Type != Checklist && a.text != "" {
					ids = []string{a.text}
				}
				seen := map[string]bool{}
				for _, id := range ids {
					if !seen[id] {
						seen[id] = true
						counts[id]++
					}
				}
				if len(ids) > 0 {
					answered++
				}
			}
			opts := append([]ExportLabel{}, f.Options...)
			known := map[string]bool{}
			for _, o := range opts {
				known[o.ID] = true
			}
			var extra []string
			for id := range counts {
				if !known[id] {
					extra = append(extra, id)
				}
			}
			sort.Strings(extra)
			for _, id := range extra {
				opts = append(opts, ExportLabel{ID: id, Label: id})
			}
			b.WriteString("| Option | Responses |\n|---|---:|\n")
			for _, o := range opts {
				l := o.Label
				if strings.TrimSpace(l) == "" {
					l = o.ID
				}
				fmt.Fprintf(&b, "| %s | %d |\n", cell(l), counts[o.ID])
			}
			if answered < len(exports) {
				b.WriteString("\n")
				writeUnanswered(&b, len(exports)-answered)
			}
		case Checkbox:
			yes := 0
			for _, a := range as {
				if a.yes {
					yes++
				}
			}
			fmt.Fprintf(&b, "Yes: %d, no: %d.\n", yes, len(exports)-yes)
		case Table:
			cols := f.Columns
			var items []string
			for _, a := range as {
				for _, row := range a.rows {
					if s := rowText(row, cols); s != "" {
						items = append(items, s)
					}
				}
			}
			writeList(&b, items)
		default: // text, textarea, date
			var items []string
			for _, a := range as {
				if s := strings.TrimSpace(a.text); s != "" {
					items = append(items, s)
				}
			}
			writeList(&b, items)
		}
	}
	return b.String()
}

func mergeLabels(a, b []ExportLabel) []ExportLabel {
	have := map[string]bool{}
	for _, l := range a {
		have[l.ID] = true
	}
	for _, l := range b {
		if !have[l.ID] {
			have[l.ID] = true
			a = append(a, l)
		}
	}
	return a
}

func writeUnanswered(b *strings.Builder, n int) {
	if n > 0 {
		fmt.Fprintf(b, "No answer: %d.\n", n)
	}
}

// writeList lists text answers; a multi-line answer stays inside its list item.
func writeList(b *strings.Builder, items []string) {
	if len(items) == 0 {
		b.WriteString("No answers.\n")
		return
	}
	for _, s := range items {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		b.WriteString("- " + strings.ReplaceAll(s, "\n", "\n  ") + "\n")
	}
}

// rowText is a table row as "Label: value; Label: value", columns in order, empty cells left out.
func rowText(row map[string]string, cols []ExportLabel) string {
	var parts []string
	done := map[string]bool{}
	for _, c := range cols {
		done[c.ID] = true
		if v := strings.TrimSpace(row[c.ID]); v != "" {
			l := c.Label
			if l == "" {
				l = c.ID
			}
			parts = append(parts, l+": "+oneLine(v))
		}
	}
	var rest []string
	for id := range row {
		if !done[id] && strings.TrimSpace(row[id]) != "" {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		parts = append(parts, id+": "+oneLine(strings.TrimSpace(row[id])))
	}
	return strings.Join(parts, "; ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cell keeps a label inside its Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
