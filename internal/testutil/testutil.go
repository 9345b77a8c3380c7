// Package testutil runs fixture sites written as txtar archives: the input files of a site, the
// build flags, and the expected output files and diagnostics, refreshed with -update.
package testutil

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Update makes golden comparisons rewrite the expected files instead of failing.
var Update = flag.Bool("update", false, "rewrite golden files and fixture expectations")

// WantPrefix marks the archive files that are expected output rather than input; "want/stderr"
// holds the expected diagnostics and summary line.
const WantPrefix = "want/"

// A Fixture is one test site.
type Fixture struct {
	Path    string
	Args    []string // from an "args: …" line in the archive comment
	Input   fstest.MapFS
	archive *txtar.Archive
}

// LoadFixture reads a txtar fixture.
func LoadFixture(t testing.TB, path string) *Fixture {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Path: path, Input: fstest.MapFS{}, archive: a}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "args:"); ok {
			f.Args = strings.Fields(rest)
		}
	}
	for _, file := range a.Files {
		if !strings.HasPrefix(file.Name, WantPrefix) {
			f.Input[file.Name] = &fstest.MapFile{Data: file.Data, Mode: 0o644}
		}
	}
	return f
}

// Has reports whether the fixture passes the given flag.
func (f *Fixture) Has(arg string) bool {
	for _, a := range f.Args {
		if a == arg || strings.HasPrefix(a, arg+"=") {
			return true
		}
	}
	return false
}

// Value returns the value of a flag written as name=value.
func (f *Fixture) Value(name string) string {
	for _, a := range f.Args {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

// Wanted lists the expected files by name without the want/ prefix.
func (f *Fixture) Wanted() []string {
	var names []string
	for _, file := range f.archive.Files {
		if name, ok := strings.CutPrefix(file.Name, WantPrefix); ok {
			names = append(names, name)
		}
	}
	return names
}

// Check compares got (by the names Wanted returns) with the expectations, or rewrites the
// archive under -update. A wanted file missing from got is compared as empty.
func (f *Fixture) Check(t *testing.T, got map[string][]byte) {
	t.Helper()
	if *Update {
		for i, file := range f.archive.Files {
			if name, ok := strings.CutPrefix(file.Name, WantPrefix); ok {
				f.archive.Files[i].Data = got[name]
			}
		}
		if err := os.WriteFile(f.Path, txtar.Format(f.archive), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, file := range f.archive.Files {
		name, ok := strings.CutPrefix(file.Name, WantPrefix)
		if !ok {
			continue
		}
		if !bytes.Equal(file.Data, got[name]) {
			t.Errorf("%s: %s differs (run go test -update to accept):\n%s", filepath.Base(f.Path), name, Diff(file.Data, got[name]))
		}
	}
}

// Golden compares got with the file at path, or writes it under -update.
func Golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (run go test -update to accept):\n%s", path, Diff(want, got))
	}
}

// Diff is a small line diff: the first differing lines with a little context.
func Diff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		b.WriteString("  " + w[j] + "\n")
	}
	for j := i; j < len(w) && j < i+6; j++ {
		b.WriteString("- " + w[j] + "\n")
	}
	for j := i; j < len(g) && j < i+6; j++ {
		b.WriteString("+ " + g[j] + "\n")
	}
	return b.String()
}

// ReadTree reads every file under dir, keyed by slash-separated relative path.
func ReadTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// SortedKeys returns the keys of a tree in order.
func SortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
