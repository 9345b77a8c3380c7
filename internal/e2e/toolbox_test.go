package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The test site's toolbox template (testdata/e2e-site/content/en/toolbox/mentoring-plan.md).
const (
	templateID   = "mentoring-plan"
	templatePage = "en/toolbox/mentoring-plan/"
)

// templateEntries fills every field of the template, two table rows among them, by control
// name (table cells are "<field>.<row>.<column>"); several values are joined by commas. The
// name is a marker that no request may carry.
var templateEntries = map[string]string{
	"mentee_name":      "Zorbamarker Papadopoulou",
	"start_date":       "2024-03-01",
	"sessions":         "6",
	"mentee_goals":     "Run a DPIA on the ward's new app\nLead a breach drill",
	"meeting_rhythm":   "fortnightly",
	"meeting_mode":     "online",
	"confidentiality":  "yes",
	"topics":           "dpia,rights",
	"actions.0.action": "Read Article 35",
	"actions.0.owner":  "Mentee",
	"actions.0.due":    "2024-04-01",
	"actions.1.action": "Shadow a DPIA",
	"actions.1.owner":  "Mentor",
	"confidence":       "4",
}

// fillTemplateScript adds the table rows the entries need, then sets every control as a person
// would (clicks for boxes and radios, input events for the rest).
const fillTemplateScript = `((id, entries) => {
	const form = document.querySelector('form[data-template="' + id + '"]');
	for (const name of Object.keys(entries)) {
		const m = /^([^.]+)\.(\d+)\./.exec(name);
		if (!m) continue;
		const add = form.querySelector('[data-field="' + m[1] + '"] [data-row-add]');
		while (form.querySelectorAll('[data-field="' + m[1] + '"] tbody[data-rows] > tr').length <= Number(m[2])) add.click();
	}
	for (const [name, value] of Object.entries(entries)) {
		const els = Array.from(form.elements).filter(e => e.name === name);
		if (!els.length) throw new Error('no control named ' + name);
		if (els[0].type === 'radio' || els[0].type === 'checkbox') {
			const want = value.split(',');
			for (const e of els) if (e.checked !== want.includes(e.value)) e.click();
		} else {
			els[0].value = value;
			els[0].dispatchEvent(new Event('input', {bubbles: true}));
		}
	}
	return true;
})`

// readTemplateScript reads the form's controls by name, as fillTemplateScript writes them.
const readTemplateScript = `((id) => {
	const form = document.querySelector('form[data-template="' + id + '"]');
	const out = {};
	for (const e of form.elements) {
		if (!e.name) continue;
		if (e.type === 'radio' || e.type === 'checkbox') {
			if (e.checked) out[e.name] = out[e.name] ? out[e.name] + ',' + e.value : e.value;
		} else if (e.value !== '') {
			out[e.name] = e.value;
		}
	}
	return out;
})`

// A sentRequest is what a tab asked the network for.
type sentRequest struct {
	URL, Method string
	Post        bool
}

// TestTemplate fills the test site's template over HTTP and from file://: with saving
// switched on (by keyboard) the entries, a second table row among them, are back after a
// reload; the JSON export holds them in the stable format; erase removes this template's keys
// only; importing the export brings the entries back; the Markdown export reads them; print
// emulation shows the values and no buttons; a phone-width window does not scroll sideways;
// axe-core finds nothing; and no request carries form data: the tab only loads the site's own
// files, with GET and no body.
func TestTemplate(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	siteID := readSiteID(t, s.src)
	prefix := siteID + ":v1:"
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, w := newTab(t)
			var mu sync.Mutex
			var sent []sentRequest
			if err := chromedp.Listen(ctx, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					mu.Lock()
					sent = append(sent, sentRequest{URL: e.Request.URL, Method: e.Request.Method, Post: e.Request.HasPostData})
					mu.Unlock()
				}
			}); err != nil {
				t.Fatalf("listening to the tab: %v", err)
			}
			downloads := t.TempDir()
			cctx, cancel := context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			events := false
			if _, err := chromedp.CallBrowser(cctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
				DownloadPath: downloads, EventsEnabled: &events,
			}); err != nil {
				t.Fatalf("allowing downloads: %v", err)
			}
			page := m.page(templatePage)
			if _, _, err := load(ctx, page); err != nil {
				t.Fatal(err)
			}
			if !evaluate[bool](t, ctx, fmt.Sprintf(`!!document.querySelector('form[data-template=%q]')`, templateID)) {
				t.Fatalf("%s has no form[data-template=%s]", page, templateID)
			}
			read := func() map[string]string {
				return evaluate[map[string]string](t, ctx, fmt.Sprintf(`%s(%q)`, readTemplateScript, templateID))
			}
			if got := read(); len(got) != 0 {
				t.Errorf("a fresh form holds %v", got)
			}
			if on := evaluate[bool](t, ctx, `document.querySelector('[data-template-save]').checked`); on {
				t.Error("saving is on before the person switched it on")
			}
			axeClean(t, ctx, w, "blank template")

			// Another template's copy and another feature's key, which erase must leave alone.
			evaluate[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, '{"fields":{}}'), localStorage.setItem(%q, 'el'), true)`,
				prefix+"template:other:Copy 1", prefix+"language"))

			// Saving on, by keyboard; then fill in.
			cctx, cancel = context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			if err := chromedp.Do(cctx, chromedp.Focus(chromedp.CSS(`[data-template-save]`)), chromedp.KeyEvent(" ")); err != nil {
				t.Fatalf("switching saving on: %v", err)
			}
			if on := evaluate[bool](t, ctx, `document.querySelector('[data-template-save]').checked`); !on {
				t.Fatal("Space on the save box did not switch saving on")
			}
			b, _ := json.Marshal(templateEntries)
			evaluate[bool](t, ctx, fmt.Sprintf(`%s(%q, %s)`, fillTemplateScript, templateID, b))
			if got := read(); !maps.Equal(got, templateEntries) {
				t.Fatalf("after filling in: %v\nwant %v", got, templateEntries)
			}
			key := prefix + "template:" + templateID + ":Copy 1"
			waitFor(t, ctx, fmt.Sprintf(`(localStorage.getItem(%q) || '').includes('Shadow a DPIA')`, key), "the autosave of the second row")
			axeClean(t, ctx, w, "filled template")

			// Reload: the entries are back.
			if _, _, err := load(ctx, page); err != nil {
				t.Fatal(err)
			}
			if got := read(); !maps.Equal(got, templateEntries) {
				t.Errorf("after reloading: %v\nwant %v", got, templateEntries)
			}
			if on := evaluate[bool](t, ctx, `document.querySelector('[data-template-save]').checked`); !on {
				t.Error("saving is off after reloading")
			}

			// Export JSON.
			evaluate[bool](t, ctx, `(document.querySelector('[data-template-export-json]').click(), true)`)
			jsonFile := filepath.Join(downloads, siteID+"-"+templateID+"-copy-1.json")
			exported := waitForFile(t, jsonFile, json.Valid)
			var export struct {
				Format, Site, Template, Kind, Lang, Copy, Saved string
				Fields                                          []struct {
					ID, Type, Label string
					Value           any
				}
			}
			if err := json.Unmarshal(exported, &export); err != nil {
				t.Fatalf("the export %s: %v\n%s", jsonFile, err, exported)
			}
			if export.Format != "securehealth-template/1" || export.Site != siteID || export.Template != templateID ||
				export.Lang != "en" || export.Copy != "Copy 1" || export.Saved == "" {
				t.Errorf("export header: %+v", export)
			}
			values := map[string]string{}
			for _, f := range export.Fields {
				b, _ := json.Marshal(f.Value)
				values[f.ID] = string(b)
				if f.Label == "" || f.Type == "" {
					t.Errorf("exported field %+v lacks its label or type", f)
				}
			}
			for id, want := range map[string]string{
				"mentee_name":     `"Zorbamarker Papadopoulou"`,
				"sessions":        `6`,
				"confidentiality": `true`,
				"topics":          `["dpia","rights"]`,
				"meeting_rhythm":  `"fortnightly"`,
				"confidence":      `4`,
				"actions":         `[{"action":"Read Article 35","due":"2024-04-01","owner":"Mentee"},{"action":"Shadow a DPIA","due":"","owner":"Mentor"}]`,
			} {
				if values[id] != want {
					t.Errorf("exported %s = %s, want %s", id, values[id], want)
				}
			}
			if len(export.Fields) != 10 {
				t.Errorf("the export has %d fields, want 10", len(export.Fields))
			}

			// Export Markdown.
			evaluate[bool](t, ctx, `(document.querySelector('[data-template-export-md]').click(), true)`)
			md := string(waitForFile(t, filepath.Join(downloads, siteID+"-"+templateID+"-copy-1.md"), func(b []byte) bool { return len(b) > 0 }))
			for _, want := range []string{"# Mentoring plan", "**Mentee**", "Zorbamarker Papadopoulou", "Every two weeks",
				"- [x] Impact assessments", "| Shadow a DPIA | Mentor |", "## Actions"} {
				if !strings.Contains(md, want) {
					t.Errorf("the Markdown export lacks %q:\n%s", want, md)
				}
			}

			// Print: the values, no buttons, no tools.
			cctx, cancel = context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			if err := emulate(cctx, "print"); err != nil {
				t.Fatal(err)
			}
			pr := evaluate[struct {
				Buttons   int    `json:"buttons"`
				Tools     bool   `json:"tools"`
				Name      string `json:"name"`
				NameShown bool   `json:"nameShown"`
				Blank     int    `json:"blank"`
			}](t, ctx, fmt.Sprintf(`(() => {
				const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
				const form = document.querySelector('form[data-template=%q]');
				const name = form.querySelector('[name=mentee_name]');
				return {
					buttons: Array.from(document.querySelectorAll('main button, main input[type=file]')).filter(shown).length,
					tools: shown(document.querySelector('[data-template-tools]')),
					name: name.value, nameShown: shown(name) && getComputedStyle(name).color !== 'rgba(0, 0, 0, 0)',
					blank: Array.from(form.querySelectorAll('tbody.template-print-only tr')).filter(shown).length,
				};
			})()`, templateID))
			if pr.Buttons != 0 || pr.Tools || !pr.NameShown || pr.Name != templateEntries["mentee_name"] || pr.Blank == 0 {
				t.Errorf("printed: %+v; want no buttons or tools, the values, and blank table rows", pr)
			}
			cctx, cancel = context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			if err := emulate(cctx, ""); err != nil {
				t.Fatal(err)
			}

			// Erase, with the confirmation step.
			evaluate[bool](t, ctx, `(document.querySelector('[data-template-erase]').click(), true)`)
			conf := evaluate[struct {
				Shown    bool   `json:"shown"`
				Focus    string `json:"focus"`
				Expanded string `json:"expanded"`
			}](t, ctx, `({shown: !document.querySelector('[data-template-confirm]').hidden, focus: document.activeElement.id,
				expanded: document.querySelector('[data-template-erase]').getAttribute('aria-expanded')})`)
			if !conf.Shown || !strings.HasSuffix(conf.Focus, "--confirm-text") || conf.Expanded != "true" {
				t.Errorf("after Erase: %+v; want the question shown and focused, the button expanded", conf)
			}
			axeClean(t, ctx, w, "erase confirmation")
			evaluate[bool](t, ctx, `(document.querySelector('[data-template-erase-yes]').click(), true)`)
			keys := evaluate[[]string](t, ctx, `Object.keys(localStorage).sort()`)
			if want := []string{prefix + "language", prefix + "template:other:Copy 1"}; !slices.Equal(keys, want) {
				t.Errorf("after erasing, localStorage holds %q; want %q", keys, want)
			}
			if got := read(); len(got) != 0 {
				t.Errorf("after erasing, the form holds %v", got)
			}

			// Import the export: the entries are back.
			cctx, cancel = context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			if err := chromedp.Do(cctx, chromedp.SetUploadFiles(chromedp.CSS(`[data-template-import]`), []string{jsonFile})); err != nil {
				t.Fatalf("importing: %v", err)
			}
			waitFor(t, ctx, fmt.Sprintf(`document.querySelector('[name=mentee_name]').value === %q`, templateEntries["mentee_name"]), "the import")
			if got := read(); !maps.Equal(got, templateEntries) {
				t.Errorf("after importing: %v\nwant %v", got, templateEntries)
			}
			// A file of another template is refused, with a message.
			other := filepath.Join(t.TempDir(), "other.json")
			if err := os.WriteFile(other, []byte(strings.Replace(string(exported), `"template": "`+templateID+`"`, `"template": "other"`, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			cctx, cancel = context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			if err := chromedp.Do(cctx, chromedp.SetUploadFiles(chromedp.CSS(`[data-template-import]`), []string{other})); err != nil {
				t.Fatalf("importing: %v", err)
			}
			waitFor(t, ctx, `document.querySelector('[data-template-status]').textContent.includes('other.json')`, "the refusal of another template's file")

			// A phone: one column, no sideways scrolling.
			if err := setViewport(ctx, 360); err != nil {
				t.Fatal(err)
			}
			if wide := evaluate[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
				t.Error("at 360px the template page scrolls sideways")
			}
			axeClean(t, ctx, w, "template on a phone")

			// No request carried form data: the site's own files only, GET, no body.
			mu.Lock()
			defer mu.Unlock()
			for _, r := range sent {
				if r.Method != "GET" || r.Post || strings.Contains(r.URL, "Zorbamarker") || strings.Contains(r.URL, "?") {
					t.Errorf("request %s %s (body %v) may carry form data", r.Method, r.URL, r.Post)
				}
				if !ownFile(r.URL, m) {
					t.Errorf("request for %s, not one of the site's files", r.URL)
				}
			}
			if len(sent) == 0 {
				t.Error("no requests recorded: is the network domain enabled?")
			}
			noProblems(t, w)
		})
	}
}

// ownFile reports whether raw is a file of the built site (or a blob: the page made itself).
func ownFile(raw string, m mode) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if u.Scheme == "blob" || u.Scheme == "data" {
		return true
	}
	base := m.base.String()
	if !strings.HasPrefix(raw, base) {
		return false
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(u.String(), base), "/")
	if u.Scheme == "http" && strings.HasSuffix(u.Path, "/favicon.ico") {
		return true // Chromium asks for it by itself
	}
	p := filepath.Join(m.dir, filepath.FromSlash(rel))
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		p = filepath.Join(p, "index.html")
	}
	_, err = os.Stat(p)
	return err == nil
}

// waitFor polls a script until it returns true.
func waitFor(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	for deadline := time.Now().Add(pageTimeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if evaluate[bool](t, ctx, expr) {
			return
		}
	}
	t.Fatalf("waited in vain for %s", what)
}

// waitForFile waits until a downloaded file exists and passes ok.
func waitForFile(t *testing.T, path string, ok func([]byte) bool) []byte {
	t.Helper()
	for deadline := time.Now().Add(pageTimeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && ok(b) {
			return b
		}
	}
	t.Fatalf("no download %s", path)
	return nil
}

// emulate makes the tab render for a CSS media type ("print"), or for its own again ("").
func emulate(ctx context.Context, media string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
	return err
}
