package render

import (
	"encoding/json"
	"html/template"
	"strconv"

	"github.com/securehealth/securehealth/internal/toolbox"
)

// Toolbox templates are rendered as plain HTML forms that work without JavaScript: every
// control native and labelled, so that a blank page prints as a paper worksheet. toolbox.js
// adds saving (opt-in), named copies, export, import and erase; nothing it does leaves the
// browser. The DOM hooks are a contract (DESIGN §6): form[data-template=ID], each control
// named by its field id, the opt-in to save a checkbox with data-template-save. A table's
// cells are named "<field id>.<row>.<column id>", rows counted from 0 and kept contiguous by
// toolbox.js when rows are added or removed.

// defaultScale is the number of points of a rating field that gives none.
const defaultScale = 5

// printRows is the number of blank ruled rows a table prints below its rows, for writing by hand.
const printRows = 3

// A templateView is a toolbox template as the layouts see it.
type templateView struct {
	ID string
	// DOMID is the form's id and the prefix of the ids of its parts: "--" separates the
	// parts, so that no field id can make an id that another part has.
	DOMID    string
	Kind     string // "" or "feedback"
	Lang     string
	Sections []templateSection
	Required bool // some field is required: the form explains the mark
	// Data is the JSON of the data block toolbox.js reads: its UI strings and file names.
	Data template.JS
}

// A templateSection is a run of consecutive fields with the same Section; Title is "" for the
// fields before the first section heading.
type templateSection struct {
	Title string
	DOMID string
	Field []fieldView
}

// A fieldView is one field of a templateView.
type fieldView struct {
	ID, Type, DOMID string
	Label           string
	Help            template.HTML // plain text with its GDPR citations linked
	HelpID          string        // id of the help text, for aria-describedby; "" without help
	Required        bool
	Group           bool   // radio, checklist, rating, table: a fieldset whose legend is the label
	Input           string // input type of text, date, number, checkbox; radio or checkbox of a group
	Min, Max        string // number
	Options         []optionView
	Columns         []columnView
	Rows            []rowView // table: the one empty row of the page
	PrintRows       []int     // table: blank rows printed for handwriting
}

// An optionView is a choice of a select, radio, checklist or rating field.
type optionView struct {
	ID, DOMID, Label string
}

// A columnView is a column of a table field.
type columnView struct {
	ID, Label, Type string
	Input           string // input type; "" for a textarea
}

// A rowView is one row of a table field: a cell per column.
type rowView struct {
	Index  int
	Number int // Index+1, for labels
	Cells  []cellView
}

// A cellView is one cell of a table row: its control's name is "<field>.<row>.<column>".
type cellView struct {
	Name, DOMID, Label string
	Column             columnView
}

// Template returns the toolbox template of the page (front matter type: template), rendered
// in the page's language; nil when the page is not one.
func (v *view) Template() *templateView {
	if v.Page == nil || v.r.templates == nil {
		return nil
	}
	t := v.r.templates[v.Page.Source]
	if t == nil {
		return nil
	}
	return v.templateView(t)
}

// templateView builds the view of t.
func (v *view) templateView(t *toolbox.Template) *templateView {
	tv := &templateView{ID: t.ID, DOMID: "template-" + t.ID, Kind: t.Kind, Lang: v.Lang.Code}
	var sec *templateSection
	for _, f := range t.Fields {
		if sec == nil || (f.Section != sec.Title) {
			tv.Sections = append(tv.Sections, templateSection{Title: f.Section,
				DOMID: tv.DOMID + "--section-" + strconv.Itoa(len(tv.Sections)+1)})
			sec = &tv.Sections[len(tv.Sections)-1]
		}
		fv := fieldView{ID: f.ID, Type: f.Type, DOMID: tv.DOMID + "--f-" + f.ID, Label: f.Label, Help: v.PlainWithCitations(f.Help),
			Required: f.Required}
		if fv.Label == "" {
			fv.Label = f.ID
		}
		if f.Help != "" {
			fv.HelpID = tv.DOMID + "--help-" + f.ID
		}
		tv.Required = tv.Required || f.Required
		switch f.Type {
		case toolbox.Text, toolbox.Date, toolbox.Number:
			fv.Input = f.Type
			if f.Min != nil {
				fv.Min = strconv.FormatFloat(*f.Min, 'f', -1, 64)
			}
			if f.Max != nil {
				fv.Max = strconv.FormatFloat(*f.Max, 'f', -1, 64)
			}
		case toolbox.Checkbox:
			fv.Input = "checkbox"
		case toolbox.Radio, toolbox.Checklist:
			fv.Group = true
			fv.Input = "radio"
			if f.Type == toolbox.Checklist {
				fv.Input = "checkbox"
			}
			for _, o := range f.Options {
				fv.Options = append(fv.Options, optionView{ID: o.ID, DOMID: fv.DOMID + "--" + o.ID, Label: o.Label})
			}
		case toolbox.Select:
			for _, o := range f.Options {
				fv.Options = append(fv.Options, optionView{ID: o.ID, DOMID: fv.DOMID + "--" + o.ID, Label: o.Label})
			}
		case toolbox.Rating:
			fv.Group = true
			fv.Input = "radio"
			scale := f.Scale
			if scale <= 0 {
				scale = defaultScale
			}
			for i := 1; i <= scale; i++ {
				label := v.Number(float64(i))
				switch i {
				case 1:
					label = v.T("quiz_likert_low", "n", i)
				case scale:
					label = v.T("quiz_likert_high", "n", i)
				}
				id := strconv.Itoa(i)
				fv.Options = append(fv.Options, optionView{ID: id, DOMID: fv.DOMID + "--" + id, Label: label})
			}
		case toolbox.Table:
			fv.Group = true
			for _, c := range f.Columns {
				cv := columnView{ID: c.ID, Label: c.Label, Type: c.Type, Input: c.Type}
				if cv.Label == "" {
					cv.Label = c.ID
				}
				switch c.Type {
				case "", toolbox.Text:
					cv.Type, cv.Input = toolbox.Text, "text"
				case toolbox.Textarea:
					cv.Input = ""
				}
				fv.Columns = append(fv.Columns, cv)
			}
			fv.Rows = []rowView{v.tableRow(fv, 0)}
			for i := range printRows {
				fv.PrintRows = append(fv.PrintRows, i)
			}
		}
		sec.Field = append(sec.Field, fv)
	}
	data := struct {
		ID      string            `json:"id"`
		Kind    string            `json:"kind"`
		Site    string            `json:"site"`
		Strings map[string]string `json:"strings"`
	}{ID: t.ID, Kind: t.Kind, Site: v.r.site.Config.SiteID, Strings: map[string]string{}}
	for _, k := range templateStrings {
		data.Strings[k[len("template_"):]] = v.T(k)
	}
	b, err := json.Marshal(data) // escapes <, > and &: the block cannot end early
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	tv.Data = template.JS(b)
	return tv
}

// tableRow is row i of table field f: toolbox.js clones the first row for new ones and
// renames its cells, so the names here are the pattern it follows.
func (v *view) tableRow(f fieldView, i int) rowView {
	r := rowView{Index: i, Number: i + 1}
	for _, c := range f.Columns {
		idx := strconv.Itoa(i)
		r.Cells = append(r.Cells, cellView{
			Name:   f.ID + "." + idx + "." + c.ID,
			DOMID:  f.DOMID + "--" + idx + "--" + c.ID,
			Label:  v.T("template_cell", "column", c.Label, "row", i+1),
			Column: c,
		})
	}
	return r
}

// templateStrings are the UI strings toolbox.js words its messages with; the data block
// holds them without their "template_" prefix. {name}, {copy}, {file} and {row} are filled in
// by the script.
var templateStrings = []string{
	"template_cell", "template_remove_row_n", "template_copy_default", "template_copy_name_taken",
	"template_saving_on", "template_saving_off", "template_saved_copies", "template_date",
	"template_exported", "template_imported", "template_import_error", "template_import_wrong",
	"template_erased", "template_nothing_to_erase", "template_no_storage", "template_renamed",
	"template_new_copy_made", "template_switched", "template_yes", "template_no", "template_copy",
	"template_saved",
}
