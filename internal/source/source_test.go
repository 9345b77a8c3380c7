package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/securehealth/securehealth/internal/diag"
)

func show(files []File, diags diag.List) string {
	var b strings.Builder
	kinds := map[Kind]string{Page: "page", Resource: "resource", Data: "data", Quiz: "quiz"}
	for _, f := range files {
		fmt.Fprintf(&b, "%s %s lang=%s rel=%s\n", kinds[f.Kind], f.Path, f.Lang, f.Rel)
	}
	for _, d := range diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestScan(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"classification", []string{
			"content/en/_index.md", "content/en/about.md", "content/en/guide/b/index.md", "content/en/guide/b/diagram.png",
			"content/sl/_index.md", "content/_data/gdpr.yaml", "content/quizzes/q1.quiz.json", "content/quizzes/q1.sl.quiz.json",
			"config.yaml", "themes/default/x.html",
		}, `data content/_data/gdpr.yaml lang= rel=gdpr.yaml
page content/en/_index.md lang=en rel=_index.md
page content/en/about.md lang=en rel=about.md
resource content/en/guide/b/diagram.png lang=en rel=guide/b/diagram.png
page content/en/guide/b/index.md lang=en rel=guide/b/index.md
quiz content/quizzes/q1.quiz.json lang= rel=q1.quiz.json
quiz content/quizzes/q1.sl.quiz.json lang= rel=q1.sl.quiz.json
page content/sl/_index.md lang=sl rel=_index.md
`},
		{"hidden and backup files skipped", []string{
			"content/en/_index.md", "content/en/.DS_Store", "content/en/about.md~", "content/en/.git/config",
			"content/.hidden.md", "content/.cache/x", "content/en/.drafts/y.md",
		}, "page content/en/_index.md lang=en rel=_index.md\n"},
		{"file outside a language tree", []string{"content/en/_index.md", "content/x.md", "content/logo.png"},
			`page content/en/_index.md lang=en rel=_index.md
content/logo.png:1:1: error: file outside a language tree; move it into content/<language>/ (configured: en, sl)
content/x.md:1:1: error: file outside a language tree; move it into content/<language>/ (configured: en, sl)
`},
		{"unconfigured language", []string{"content/en/_index.md", "content/de/_index.md", "content/de/a/b.md"},
			`page content/en/_index.md lang=en rel=_index.md
content/de:1:1: error: folder content/de is not a configured language tree; put pages under content/<language>/ (configured: en, sl)
`},
		{"other top-level folder", []string{"content/images/a.png"},
			"content/images:1:1: error: folder content/images is not a configured language tree; put pages under content/<language>/ (configured: en, sl)\n"},
		{"no content folder", []string{"config.yaml"},
			"content:1:1: error: no content folder; create content/<language>/_index.md for each language\n"},
		{"markdown in data is data", []string{"content/_data/notes.md"}, "data content/_data/notes.md lang= rel=notes.md\n"},
		{"nested quiz folder", []string{"content/quizzes/set/a.quiz.json"}, "quiz content/quizzes/set/a.quiz.json lang= rel=set/a.quiz.json\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("x")}
			}
			var diags diag.List
			files := Scan(fsys, "", []string{"en", "sl"}, &diags)
			if got := show(files, diags); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Symbolic links on disk: inside the site they are followed, out of it they are errors.
func TestScanSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(dir, p string) {
		t.Helper()
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	write(root, "content/en/_index.md")
	write(root, "shared/logo.png")
	write(root, "shared/dir/page.md")
	write(outside, "secret.png")
	write(outside, "dir/page.md")
	link("../../shared/logo.png", "content/en/logo.png")
	link("../../shared/dir", "content/en/linked")
	link(filepath.Join(outside, "secret.png"), "content/en/secret.png")
	link(filepath.Join(outside, "dir"), "content/en/out")
	link("missing.png", "content/en/gone.png")

	var diags diag.List
	files := Scan(os.DirFS(root), root, []string{"en"}, &diags)
	want := `page content/en/_index.md lang=en rel=_index.md
page content/en/linked/page.md lang=en rel=linked/page.md
resource content/en/logo.png lang=en rel=logo.png
content/en/gone.png:1:1: error: broken symbolic link; fix or remove the link
content/en/out:1:1: error: symbolic link points outside the site root; copy the file into the site instead of linking to it
content/en/secret.png:1:1: error: symbolic link points outside the site root; copy the file into the site instead of linking to it
`
	if got := show(files, diags); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestIsSectionIsBundle(t *testing.T) {
	for rel, want := range map[string][2]bool{
		"_index.md":         {true, false},
		"guide/_index.md":   {true, false},
		"guide/b/index.md":  {false, true},
		"index.md":          {false, true},
		"guide/my_index.md": {false, false},
		"about.md":          {false, false},
	} {
		if got := [2]bool{IsSection(rel), IsBundle(rel)}; got != want {
			t.Errorf("%s: IsSection, IsBundle = %v, want %v", rel, got, want)
		}
	}
}
