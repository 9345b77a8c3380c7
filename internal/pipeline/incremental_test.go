package pipeline

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/testutil"
)

// fullBuild builds the site at once into memory, as the reference an incremental build must
// equal.
func fullBuild(t *testing.T, fsys fstest.MapFS) map[string][]byte {
	t.Helper()
	sink := &mapSink{files: map[string][]byte{}}
	if res, err := BuildTo(Options{FS: fsys, Preview: true}, func(string) (Sink, error) { return sink, nil }); err != nil {
		t.Fatalf("full build: %v\n%v", err, res.Diags)
	}
	return sink.files
}

// sameOutput compares an incremental build's output with a full build's, search index aside
// (Index makes it after the build).
func sameOutput(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for name, w := range want {
		if IsIndexFile(name) {
			continue
		}
		if g, ok := got[name]; !ok {
			diffs = append(diffs, name+": missing")
		} else if !bytes.Equal(g, w) {
			diffs = append(diffs, name+": differs")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok && !IsIndexFile(name) {
			diffs = append(diffs, name+": not in the full build")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("incremental output differs from a full build:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestIncremental(t *testing.T) {
	f := testutil.LoadFixture(t, "../../testdata/sites/translations.txtar")
	fsys := fstest.MapFS{}
	for name, file := range f.Input {
		fsys[name] = &fstest.MapFile{Data: bytes.Clone(file.Data)}
	}
	// The Slovenian consent page is up to date with the English one, so that an edit of the
	// English makes it outdated.
	en := "content/en/guide/consent.md"
	set := func(name, text string) { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	upToDate := func() {
		t.Helper()
		var d diag.List
		loaded, _ := Load(fsys, Options{FS: fsys}, &d)
		for _, p := range loaded.Site.Default.Pages {
			if p.Source == en {
				set("content/sl/guide/consent.md", "---\ntitle: Privolitev\nweight: 1\ntranslation_of: "+p.Hash+"\n---\n## Veljavna privolitev {#valid}\n\nPrivolitev mora biti prostovoljna.\n")
			}
		}
	}
	upToDate()

	inc := NewIncremental(Options{FS: fsys})
	build := func(wantFull bool, wantRendered int) *Rebuilt {
		t.Helper()
		rb, err := inc.Build()
		if err != nil {
			t.Fatalf("build: %v\n%v", err, rb.Diags)
		}
		if rb.Full != wantFull || (wantRendered >= 0 && rb.Rendered != wantRendered) {
			t.Errorf("full %v, rendered %d; want full %v, rendered %d", rb.Full, rb.Rendered, wantFull, wantRendered)
		}
		sameOutput(t, rb.Files, fullBuild(t, fsys))
		return rb
	}
	first := build(true, -1)
	if !strings.Contains(string(first.Files["sl/guide/consent/index.html"]), "Privolitev mora biti") {
		t.Fatal("the Slovenian page is not there")
	}

	// A body edit renders the page and its translations (its fallbacks too), nothing else.
	set(en, strings.Replace(string(fsys[en].Data), "freely given", "freely given and specific", 1))
	rb := build(false, 2)
	if !strings.Contains(string(rb.Files["en/guide/consent/index.html"]), "freely given and specific") {
		t.Error("the edit is not in the page")
	}
	if !strings.Contains(string(rb.Files["sl/guide/consent/index.html"]), "class=\"notice") {
		t.Error("the Slovenian translation is not marked outdated")
	}

	// Nothing changed: nothing rendered.
	build(false, 0)

	// A title is shown on other pages (menus, lists, previous/next): everything.
	set(en, strings.Replace(string(fsys[en].Data), "title: Consent", "title: Consent rules", 1))
	build(true, -1)

	// A new heading is an anchor other pages may link to: everything.
	set(en, string(fsys[en].Data)+"\n## Records {#records}\n\nKeep them.\n")
	build(true, -1)

	// An error keeps the last good build; fixing it builds from there.
	good := string(fsys[en].Data)
	set(en, strings.Replace(good, "[withdrawal](withdrawal.md#how)", "[withdrawal](missing.md)", 1))
	if rb, err := inc.Build(); !errors.Is(err, ErrContent) || !strings.Contains(fmtDiags(rb.Diags), "missing.md") {
		t.Fatalf("broken link: %v\n%v", err, rb.Diags)
	}
	set(en, strings.Replace(good, "Keep them.", "Keep them for as long as needed.", 1))
	build(false, 2)

	// A theme file changes every page.
	set("themes/default/layouts/partials/footer.html", `{{define "partials/footer.html"}}<footer class="site-footer"><p>Local footer</p></footer>{{end}}`)
	rb = build(true, -1)
	if !strings.Contains(string(rb.Files["en/guide/withdrawal/index.html"]), "Local footer") {
		t.Error("the theme override is not used")
	}

	// The search index of a build, made afterwards.
	ix, err := inc.Index(rb)
	if err != nil || ix["en/search/index.js"] == nil {
		t.Fatalf("index: %v, %d files", err, len(ix))
	}
	for name := range ix {
		if !IsIndexFile(name) {
			t.Errorf("%s is not an index file", name)
		}
	}
	full := fullBuild(t, fsys)
	for name, data := range full {
		if IsIndexFile(name) && !bytes.Equal(ix[name], data) {
			t.Errorf("%s: the index made after the build differs from the full build's", name)
		}
	}
}

func fmtDiags(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}
