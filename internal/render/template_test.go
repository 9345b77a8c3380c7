package render

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/toolbox"
)

// testTemplate has a field of every type, in three sections (the first without a heading).
func testTemplate() *toolbox.Template {
	one, ten := 1.0, 10.0
	return &toolbox.Template{
		ID: "plan", Kind: "", Source: "content/el/toolbox/plan.md",
		Fields: []toolbox.Field{
			{ID: "name", Type: toolbox.Text, Label: "Mentee", Required: true},
			{ID: "start", Type: toolbox.Date, Label: "Start"},
			{ID: "goals", Type: toolbox.Textarea, Label: "Goals", Help: "Three <goals>.", Required: true, Section: "Goals"},
			{ID: "count", Type: toolbox.Number, Label: "Sessions", Min: &one, Max: &ten, Section: "Goals"},
			{ID: "rhythm", Type: toolbox.Select, Label: "Rhythm", Section: "Goals",
				Options: []toolbox.Option{{ID: "weekly", Label: "Weekly"}, {ID: "monthly", Label: "Monthly"}}},
			{ID: "mode", Type: toolbox.Radio, Label: "Mode", Required: true, Section: "Goals",
				Options: []toolbox.Option{{ID: "onsite", Label: "On site"}, {ID: "online", Label: "Online"}}},
			{ID: "agree", Type: toolbox.Checkbox, Label: "Agreed", Help: "Both sign.", Section: "Goals"},
			{ID: "topics", Type: toolbox.Checklist, Label: "Topics", Required: true, Section: "Goals",
				Options: []toolbox.Option{{ID: "dpia", Label: "DPIA"}, {ID: "rights", Label: "Rights"}}},
			{ID: "actions", Type: toolbox.Table, Label: "Actions", Help: "One per row.", Section: "Actions",
				Columns: []toolbox.Column{{ID: "what", Label: "What"}, {ID: "who", Label: "Who"}, {ID: "due", Label: "Due", Type: toolbox.Date}}},
			{ID: "confidence", Type: toolbox.Rating, Label: "Confidence", Scale: 4, Section: "Actions"},
		},
	}
}

func newTemplateRenderer(t *testing.T, tpl *toolbox.Template) (*Renderer, *site.Page) {
	t.Helper()
	r, _ := newQuizRenderer(t, nil)
	p := &site.Page{Lang: "el", URL: "el/toolbox/plan/", Rel: "toolbox/plan.md", Source: tpl.Source,
		FM: frontmatter.FrontMatter{Title: "Plan", Type: frontmatter.TypeTemplate}}
	r.templates = map[string]*toolbox.Template{tpl.Source: tpl}
	return r, p
}

func renderTemplatePartial(t *testing.T, r *Renderer, p *site.Page) string {
	t.Helper()
	v := r.view(p.Lang, p.URL)
	v.Page = p
	var b bytes.Buffer
	if err := r.layouts["page"].ExecuteTemplate(&b, "partials/template.html", v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTemplateViewNone(t *testing.T) {
	r, p := newTemplateRenderer(t, testTemplate())
	r.templates = nil // not wired: no form, no error
	v := r.view(p.Lang, p.URL)
	v.Page = p
	if v.Template() != nil {
		t.Error("Template() without templates is not nil")
	}
	if out := renderTemplatePartial(t, r, p); strings.TrimSpace(out) != "" {
		t.Errorf("partial without a template = %q", out)
	}
	r.templates = map[string]*toolbox.Template{}
	if v.Template() != nil {
		t.Error("Template() of a page that is no template is not nil")
	}
}

func TestTemplateView(t *testing.T) {
	r, p := newTemplateRenderer(t, testTemplate())
	v := r.view(p.Lang, p.URL)
	v.Page = p
	tv := v.Template()
	if tv == nil {
		t.Fatal("Template() = nil")
	}
	var secs []string
	for _, s := range tv.Sections {
		var ids []string
		for _, f := range s.Field {
			ids = append(ids, f.ID)
		}
		secs = append(secs, s.Title+":"+strings.Join(ids, ","))
	}
	if got, want := strings.Join(secs, " | "), ":name,start | Goals:goals,count,rhythm,mode,agree,topics | Actions:actions,confidence"; got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
	if !tv.Required || tv.Lang != "el" || tv.DOMID != "template-plan" {
		t.Errorf("view %+v", tv)
	}
	table := tv.Sections[2].Field[0]
	if len(table.Rows) != 1 || len(table.Rows[0].Cells) != 3 || table.Rows[0].Cells[2].Name != "actions.0.due" ||
		table.Rows[0].Cells[2].Column.Input != "date" || table.Rows[0].Cells[0].Column.Input != "text" {
		t.Errorf("table rows %+v", table.Rows)
	}
	rating := tv.Sections[2].Field[1]
	if len(rating.Options) != 4 || rating.Options[3].ID != "4" {
		t.Errorf("rating options %+v", rating.Options)
	}
	var data struct {
		ID      string            `json:"id"`
		Site    string            `json:"site"`
		Strings map[string]string `json:"strings"`
	}
	if err := json.Unmarshal([]byte(tv.Data), &data); err != nil {
		t.Fatal(err)
	}
	if data.ID != "plan" || data.Site != "test" {
		t.Errorf("data %+v", data)
	}
	for _, k := range templateStrings {
		k = strings.TrimPrefix(k, "template_")
		if s := data.Strings[k]; s == "" || strings.HasPrefix(s, "template_") {
			t.Errorf("data string %s = %q", k, s)
		}
	}
	if !strings.Contains(data.Strings["cell"], "{column}") || !strings.Contains(data.Strings["cell"], "{row}") {
		t.Errorf("cell string %q: the placeholders are for the script", data.Strings["cell"])
	}
}

// TestTemplatePartial checks the DOM contract (DESIGN §6) and the accessibility hooks in the
// rendered HTML.
func TestTemplatePartial(t *testing.T) {
	r, p := newTemplateRenderer(t, testTemplate())
	out := renderTemplatePartial(t, r, p)
	for _, want := range []string{
		`<form class="template-form" id="template-plan" data-template="plan" autocomplete="off" novalidate>`,
		`<input type="checkbox" id="template-plan--save" data-template-save aria-describedby="template-plan--save-warning">`,
		`<input type="text" id="template-plan--f-name" name="name" required>`,
		`<input type="date" id="template-plan--f-start" name="start">`,
		`<textarea id="template-plan--f-goals" name="goals" rows="4" required aria-describedby="template-plan--help-goals"></textarea>`,
		`<p class="template-help" id="template-plan--help-goals">Three &lt;goals&gt;.</p>`,
		`<input type="number" id="template-plan--f-count" name="count" step="any" min="1" max="10">`,
		`<select id="template-plan--f-rhythm" name="rhythm">`,
		`<option value="weekly">Weekly</option>`,
		`<input type="radio" id="template-plan--f-mode--onsite" name="mode" value="onsite" required>`,
		`<input type="checkbox" id="template-plan--f-agree" name="agree" value="yes" aria-describedby="template-plan--help-agree">`,
		`<input type="checkbox" id="template-plan--f-topics--dpia" name="topics" value="dpia">`,
		`<fieldset class="template-field template-table" id="template-plan--f-actions" data-field="actions" data-type="table" data-label="Actions" aria-describedby="template-plan--help-actions">`,
		`<input type="text" id="template-plan--f-actions--0--what" name="actions.0.what">`,
		`<input type="date" id="template-plan--f-actions--0--due" name="actions.0.due">`,
		`<label class="template-cell-label" for="template-plan--f-actions--0--who">Who, γραμμή 1</label>`,
		`<button type="button" data-row-add hidden>`,
		`<input type="radio" id="template-plan--f-confidence--4" name="confidence" value="4">`,
		`<section class="template-section" aria-labelledby="template-plan--section-2">`,
		`<h2 id="template-plan--section-2">Goals</h2>`,
		`<span class="template-req">(υποχρεωτικό)</span>`,
		`data-template-export-json`, `data-template-export-md`, `data-template-import`, `data-template-erase`,
		`<script type="application/json" data-template-data="plan">`,
		`<script src="../../../assets/toolbox.`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the partial lacks %s", want)
		}
	}
	// Every control has a label or sits in a fieldset with a legend; every id is unique.
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %s used %d times", id, n)
		}
	}
	for _, m := range regexp.MustCompile(`<(?:input|select|textarea) [^>]*id="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		if !strings.Contains(out, `for="`+m[1]+`"`) {
			t.Errorf("control %s has no label", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`aria-(?:describedby|controls)="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		if ids[m[1]] != 1 {
			t.Errorf("aria reference to missing id %s", m[1])
		}
	}
	// Strict CSP: no inline handlers or styles.
	if regexp.MustCompile(`\son[a-z]+=|\sstyle=`).MatchString(out) {
		t.Error("the partial has an on* or style attribute")
	}
	// Names follow the contract: a field id, or <field>.<row>.<column> in tables.
	for _, m := range regexp.MustCompile(` name="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		if !regexp.MustCompile(`^[a-z_]+(\.[0-9]+\.[a-z_]+)?$`).MatchString(m[1]) {
			t.Errorf("control name %q", m[1])
		}
	}
}
