// Package toolbox holds the peer-mentoring toolbox's templates: the typed field list of a
// template page (front matter "fields:"), validated with positions and compared across
// translations, which must agree on ids, types and options.
package toolbox

import "github.com/securehealth/securehealth/internal/diag"

// Field types.
const (
	Text      = "text"
	Textarea  = "textarea"
	Date      = "date"
	Number    = "number"
	Select    = "select"
	Radio     = "radio"
	Checkbox  = "checkbox"  // one yes/no box
	Checklist = "checklist" // several boxes, from options
	Table     = "table"     // rows of columns, added and removed by the person
	Rating    = "rating"    // a scale 1..Scale, for feedback templates
)

// Audiences a template may be for.
var Audiences = []string{"dpo", "mentor", "mentee", "staff", "trainer"}

// A Template is the form of one template page in one language.
type Template struct {
	ID       string // the page's translation key stem: toolbox/mentoring-plan.md → mentoring-plan
	Kind     string // "" or "feedback": feedback templates' exports are summarised by `feedback summarize`
	Audience []string
	Topics   []string
	Fields   []Field
	Source   string   // the page file
	Pos      diag.Pos // the "fields:" value, for problems with the list as a whole
}

// A Field is one control of a template.
type Field struct {
	ID       string
	Type     string
	Label    string
	Help     string
	Required bool
	Section  string   // heading the field is grouped under; consecutive fields share it
	Options  []Option // select, radio, checklist
	Columns  []Column // table
	Scale    int      // rating: number of points (default 5)
	Low      string   // rating: words for the lowest point ("Not at all"), optional
	High     string   // rating: words for the highest point ("Very much"), optional
	Rows     int      // table: empty rows of a blank printed worksheet (default 3)
	Min, Max *float64 // number
	Pos      diag.Pos
}

// An Option is one choice of a select, radio or checklist field.
type Option struct {
	ID    string
	Label string
	Pos   diag.Pos
}

// A Column is one column of a table field; its Type is text (default), textarea, date or number.
type Column struct {
	ID    string
	Label string
	Type  string
	Pos   diag.Pos
}
