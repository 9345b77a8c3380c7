package output

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// snapshot describes every entry under dir: type, mode, content and, if withTimes, the
// modification time of files. Two equal snapshots mean the trees are identical.
func snapshot(t *testing.T, dir string, withTimes bool) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		desc := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += " " + string(data)
			if withTimes {
				desc += " " + fi.ModTime().String()
			}
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			desc += " -> " + target
		}
		snap[filepath.ToSlash(rel)] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// siblings lists the names in dir's parent.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// mkfiles writes files (rel → content) under dir.
func mkfiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withSwap runs f once with RENAME_EXCHANGE and once with the portable fallback.
func withSwap(t *testing.T, f func(t *testing.T)) {
	for _, exch := range []bool{true, false} {
		t.Run(fmt.Sprintf("renameat2=%v", exch), func(t *testing.T) {
			old := useRenameat2
			useRenameat2 = exch
			defer func() { useRenameat2 = old }()
			f(t)
		})
	}
}

var newFiles = map[string]string{
	"index.html":               "<!doctype html>home",
	"en/gdpr/art-9/index.html": "special categories",
	"assets/site.css":          "body{}",
}

func TestBeginCommit(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) // nil: dir absent
		force bool
	}{
		{"new dir", nil, false},
		{"new nested dir", func(t *testing.T, dir string) { os.RemoveAll(filepath.Dir(dir)) }, false},
		{"empty existing dir", func(t *testing.T, dir string) { os.Mkdir(dir, 0o755) }, false},
		{"owned dir", func(t *testing.T, dir string) {
			mkfiles(t, dir, map[string]string{MarkerName: markerContent, "old.html": "old", "en/old/index.html": "old"})
		}, false},
		{"foreign dir with force", func(t *testing.T, dir string) {
			mkfiles(t, dir, map[string]string{"notes.txt": "mine", "sub/x": "y"})
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withSwap(t, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "site", "build")
				os.MkdirAll(filepath.Dir(dir), 0o755)
				if tt.setup != nil {
					tt.setup(t, dir)
				}
				tr, err := Begin(dir, tt.force)
				if err != nil {
					t.Fatal(err)
				}
				defer tr.Abort()
				for rel, c := range newFiles {
					if err := tr.WriteFile(rel, []byte(c)); err != nil {
						t.Fatal(err)
					}
				}
				if err := tr.Commit(); err != nil {
					t.Fatal(err)
				}
				tr.Abort() // no-op after Commit
				got := snapshot(t, dir, false)
				for rel, c := range newFiles {
					if !strings.HasSuffix(got[rel], " "+c) {
						t.Errorf("%s = %q, want content %q", rel, got[rel], c)
					}
				}
				for _, rel := range []string{"old.html", "en/old", "notes.txt", "sub"} {
					if _, ok := got[rel]; ok {
						t.Errorf("%s from the previous output survived", rel)
					}
				}
				if _, ok := got[MarkerName]; !ok {
					t.Errorf("no marker")
				}
				if s := siblings(t, dir); !reflect.DeepEqual(s, []string{"build"}) {
					t.Errorf("parent holds %v, want only build", s)
				}
				if ps, err := Verify(dir); err != nil || len(ps) != 0 {
					t.Errorf("Verify = %v, %v", ps, err)
				}
				// The output is now owned: a second build replaces it without force.
				tr2, err := Begin(dir, false)
				if err != nil {
					t.Fatalf("rebuilding own output: %v", err)
				}
				tr2.WriteFile("index.html", []byte("v2"))
				if err := tr2.Commit(); err != nil {
					t.Fatal(err)
				}
				if got := snapshot(t, dir, false); len(got) != 4 { // ., marker, checksums, index.html
					t.Errorf("after rebuild: %v", got)
				}
			})
		})
	}
}

func TestNotOwned(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"foreign files", map[string]string{"important.doc": "x", "d/e": "f"}},
		{"hidden file only", map[string]string{".git/HEAD": "ref"}},
		{"marker is a directory", map[string]string{MarkerName + "/x": "x"}},
		{"temp-looking content", map[string]string{".build.tmp-1-1/x": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "build")
			mkfiles(t, dir, tt.files)
			before := snapshot(t, dir, true)
			sibs := siblings(t, dir)
			tr, err := Begin(dir, false)
			if !errors.Is(err, ErrNotOwned) {
				tr.Abort()
				t.Fatalf("Begin = %v, want ErrNotOwned", err)
			}
			if after := snapshot(t, dir, true); !reflect.DeepEqual(before, after) {
				t.Errorf("dir changed:\n%v\n%v", before, after)
			}
			if s := siblings(t, dir); !reflect.DeepEqual(s, sibs) {
				t.Errorf("siblings %v, want %v", s, sibs)
			}
			tr, err = Begin(dir, true)
			if err != nil {
				t.Fatalf("with force: %v", err)
			}
			tr.Abort()
		})
	}
}

func TestNotADirectory(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	dangling := filepath.Join(base, "dangling")
	os.Symlink(filepath.Join(base, "nowhere", "deeper"), dangling)
	for _, dir := range []string{file, dangling} {
		for _, force := range []bool{false, true} {
			if tr, err := Begin(dir, force); err == nil {
				tr.Abort()
				t.Errorf("Begin(%s, %v) succeeded", dir, force)
			}
		}
	}
}

func TestAbort(t *testing.T) {
	withSwap(t, func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "build")
		tr, _ := Begin(dir, false)
		tr.WriteFile("a.html", []byte("previous"))
		tr.WriteFile("x/y.html", []byte("previous"))
		if err := tr.Commit(); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, dir, true)

		tr, err := Begin(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		tr.WriteFile("a.html", []byte("half"))
		w, _ := tr.Create("big.bin")
		w.Write([]byte("partial"))
		tr.Abort()
		tr.Abort()
		if err := tr.Commit(); err == nil {
			t.Errorf("Commit after Abort succeeded")
		}
		if err := tr.WriteFile("late", nil); err == nil {
			t.Errorf("WriteFile after Abort succeeded")
		}
		if after := snapshot(t, dir, true); !reflect.DeepEqual(before, after) {
			t.Errorf("previous output changed:\n%v\n%v", before, after)
		}
		if s := siblings(t, dir); !reflect.DeepEqual(s, []string{"build"}) {
			t.Errorf("siblings %v", s)
		}
	})
}

func TestFailedWriteBlocksCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	tr.WriteFile("a", []byte("file"))
	if err := tr.WriteFile("a/b", []byte("under a file")); err == nil {
		t.Fatal("writing under a file succeeded")
	}
	if err := tr.Commit(); err == nil {
		t.Fatal("Commit after a failed write succeeded")
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output appeared: %v", err)
	}
}

func TestCommitWithOpenWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	w, _ := tr.Create("stream")
	if err := tr.Commit(); err == nil {
		t.Fatal("Commit with an open writer succeeded")
	}
	w.Close()
	if err := w.Close(); err == nil {
		t.Error("second Close succeeded")
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitRechecksOwnership(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, err := Begin(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Abort()
	tr.WriteFile("index.html", []byte("x"))
	// Someone else fills the directory while we build.
	mkfiles(t, dir, map[string]string{"theirs.txt": "keep"})
	before := snapshot(t, dir, true)
	if err := tr.Commit(); !errors.Is(err, ErrNotOwned) {
		t.Fatalf("Commit = %v, want ErrNotOwned", err)
	}
	tr.Abort()
	if after := snapshot(t, dir, true); !reflect.DeepEqual(before, after) {
		t.Errorf("dir changed")
	}
	if s := siblings(t, dir); !reflect.DeepEqual(s, []string{"build"}) {
		t.Errorf("siblings %v", s)
	}
}

func TestProtect(t *testing.T) {
	base := t.TempDir()
	site := filepath.Join(base, "work", "site")
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	link := filepath.Join(base, "link")
	os.Symlink(site, link)
	tests := []struct {
		name    string
		dir     string
		protect []string
		ok      bool
	}{
		{"root", "/", nil, false},
		{"root via dots", "/tmp/..", nil, false},
		{"site itself", site, []string{site}, false},
		{"ancestor of site", filepath.Join(base, "work"), []string{site}, false},
		{"relative protect", site, []string{mustRel(t, site)}, false},
		{"symlink to site", link, []string{site}, false},
		{"site given via symlink", site, []string{link}, false},
		{"trailing slash", site + "/", []string{site}, false},
		{"inside the site", filepath.Join(site, "build"), []string{site}, true},
		{"sibling with common prefix", site + "-build", []string{site}, true},
		{"empty protect ignored", filepath.Join(base, "out"), []string{""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Begin(tt.dir, true, tt.protect...)
			if (err == nil) != tt.ok {
				t.Errorf("Begin(%s, force, %v) = %v, want ok=%v", tt.dir, tt.protect, err, tt.ok)
			}
			if err == nil {
				tr.Abort()
			}
		})
	}
	if _, err := os.Stat(filepath.Join(site, "content")); err != nil {
		t.Errorf("site damaged: %v", err)
	}
}

func mustRel(t *testing.T, p string) string {
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, p)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func TestPathValidation(t *testing.T) {
	tests := []struct {
		rel string
		ok  bool
	}{
		{"index.html", true},
		{"en/gdpr/art-9/index.html", true},
		{".well-known/security.txt", true},
		{"a..b", true},
		{"../x", false},
		{"/x", false},
		{"a/../../b", false},
		{"a/../b", false},
		{"./a", false},
		{".", false},
		{"", false},
		{"a//b", false},
		{"a/", false},
		{`a\b`, false},
		{"a\nb", false},
		{MarkerName, false},
		{ChecksumsName, false},
	}
	dir := filepath.Join(t.TempDir(), "build")
	tr, err := Begin(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Abort()
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.rel), func(t *testing.T) {
			for name, write := range map[string]func(string) error{
				"WriteFile": func(rel string) error { return tr.WriteFile(rel, []byte("x")) },
				"Create": func(rel string) error {
					w, err := tr.Create(rel)
					if err == nil {
						err = w.Close()
					}
					return err
				},
				"CopyFile": func(rel string) error {
					return tr.CopyFile(rel, fstest.MapFS{"f": {Data: []byte("x")}}, "f")
				},
			} {
				rel := tt.rel
				if tt.ok {
					rel += "." + name // each method writes its own file
				}
				err := write(rel)
				if (err == nil) != tt.ok {
					t.Errorf("%s(%q) = %v, want ok=%v", name, tt.rel, err, tt.ok)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "x")); err == nil {
		t.Error("a write escaped the output")
	}
}

func TestDuplicate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	src := fstest.MapFS{"f": {Data: []byte("x")}}
	if err := tr.WriteFile("a/b.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := tr.WriteFile("a/b.html", []byte("2")); err == nil {
		t.Error("duplicate WriteFile succeeded")
	}
	if _, err := tr.Create("a/b.html"); err == nil {
		t.Error("duplicate Create succeeded")
	}
	if err := tr.CopyFile("a/b.html", src, "f"); err == nil {
		t.Error("duplicate CopyFile succeeded")
	}
	// A duplicate is a caller bug, not a write failure: the first file stands.
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a/b.html")); string(data) != "1" {
		t.Errorf("a/b.html = %q", data)
	}
}

func TestCopyFile(t *testing.T) {
	src := fstest.MapFS{
		"img/logo.svg": {Data: []byte("<svg/>")},
		"dir":          {Mode: fs.ModeDir},
	}
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	if err := tr.CopyFile("assets/logo.svg", src, "img/logo.svg"); err != nil {
		t.Fatal(err)
	}
	if err := tr.CopyFile("missing", src, "nope"); err == nil {
		t.Error("copying a missing file succeeded")
	}
	if err := tr.CopyFile("d", src, "dir"); err == nil {
		t.Error("copying a directory succeeded")
	}
	if got := tr.Files(); !reflect.DeepEqual(got, []string{"assets/logo.svg"}) {
		t.Errorf("Files = %v", got)
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "assets/logo.svg")); string(data) != "<svg/>" {
		t.Errorf("copy = %q", data)
	}
}

// writeMany writes n files from many goroutines, through all three write methods, into
// shared and private directories.
func writeMany(t *testing.T, tr *Tree, n int) {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			rel := fmt.Sprintf("lang%d/section%d/page-%03d/index.html", i%3, i%7, i)
			data := []byte(strings.Repeat(fmt.Sprintf("page %d\n", i), i%50+1))
			var err error
			switch i % 3 {
			case 0:
				err = tr.WriteFile(rel, data)
			case 1:
				var w interface {
					Write([]byte) (int, error)
					Close() error
				}
				w, err = tr.Create(rel)
				if err == nil {
					for _, line := range bytes.SplitAfter(data, []byte("\n")) {
						w.Write(line)
					}
					err = w.Close()
				}
			case 2:
				err = tr.CopyFile(rel, fstest.MapFS{"src": {Data: data}}, "src")
			}
			if err != nil {
				errs <- err
			}
			tr.Files() // concurrent readers too
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestConcurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	const n = 300
	writeMany(t, tr, n)
	if got := len(tr.Files()); got != n {
		t.Errorf("Files has %d entries, want %d", got, n)
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	if ps, err := Verify(dir); err != nil || len(ps) != 0 {
		t.Errorf("Verify = %v, %v", ps, err)
	}
}

func TestChecksums(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	defer tr.Abort()
	files := map[string]string{"a/b": "1", "a.b": "2", "B": "3", "a/a": "4", "z": ""}
	for rel, c := range files {
		tr.WriteFile(rel, []byte(c))
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	files[MarkerName] = markerContent
	// Bytewise order: '.' < 'B' < 'a', and "a.b" < "a/a" because '.' < '/'.
	order := []string{MarkerName, "B", "a.b", "a/a", "a/b", "z"}
	var want strings.Builder
	for _, rel := range order {
		fmt.Fprintf(&want, "%x  %s\n", sha256.Sum256([]byte(files[rel])), rel)
	}
	got, err := os.ReadFile(filepath.Join(dir, ChecksumsName))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("checksums.sha256 =\n%s\nwant\n%s", got, want.String())
	}
	if strings.Contains(string(got), ChecksumsName) {
		t.Error("the manifest lists itself")
	}
	// The real tool agrees, where it is installed.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "--check", "--strict", "--quiet", ChecksumsName)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum --check: %v\n%s", err, out)
		}
	}
}

func TestDeterminism(t *testing.T) {
	var snaps []map[string]string
	for range 2 {
		dir := filepath.Join(t.TempDir(), "build")
		tr, _ := Begin(dir, false)
		writeMany(t, tr, 100) // goroutine scheduling varies the write order
		if err := tr.Commit(); err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snapshot(t, dir, false))
	}
	if !reflect.DeepEqual(snaps[0], snaps[1]) {
		t.Error("two builds of the same files differ")
	}
	for rel, desc := range snaps[0] {
		mode := strings.Fields(desc)[0]
		if want := "-rw-r--r--"; !strings.HasPrefix(desc, "d") && mode != want {
			t.Errorf("%s: mode %s, want %s", rel, mode, want)
		}
		if want := "drwxr-xr-x"; strings.HasPrefix(desc, "d") && mode != want {
			t.Errorf("%s: mode %s, want %s", rel, mode, want)
		}
	}
}

func TestVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	tr, _ := Begin(dir, false)
	for _, rel := range []string{"keep.html", "change.html", "gone.html", "sub/gone.css", "link"} {
		tr.WriteFile(rel, []byte(rel))
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "change.html"), []byte("tampered"), 0o644)
	os.Remove(filepath.Join(dir, "gone.html"))
	os.RemoveAll(filepath.Join(dir, "sub"))
	os.WriteFile(filepath.Join(dir, "extra.js"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(dir, "new"), 0o755)
	os.WriteFile(filepath.Join(dir, "new/extra.html"), []byte("x"), 0o644)
	os.Remove(filepath.Join(dir, "link"))
	os.Symlink("keep.html", filepath.Join(dir, "link")) // same content through a link
	got, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{"change.html", Changed},
		{"extra.js", Unlisted},
		{"gone.html", Missing},
		{"link", Changed},
		{"new/extra.html", Unlisted},
		{"sub/gone.css", Missing},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check =\n%v\nwant\n%v", got, want)
	}
	paths, err := Verify(dir)
	wantPaths := []string{"change.html", "extra.js", "gone.html", "link", "new/extra.html", "sub/gone.css"}
	if err != nil || !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("Verify = %v, %v; want %v", paths, err, wantPaths)
	}
}

func TestVerifyBadManifest(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	tests := []struct {
		name     string
		manifest string // "" : no manifest at all
	}{
		{"missing", ""},
		{"empty", "\n"},
		{"one space", sum + " a\n"},
		{"short hash", "abcd  a\n"},
		{"not hex", strings.Repeat("zz", 32) + "  a\n"},
		{"escapes", sum + "  ../../etc/passwd\n"},
		{"absolute", sum + "  /etc/passwd\n"},
		{"listed twice", sum + "  a\n" + sum + "  a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.manifest != "" {
				os.WriteFile(filepath.Join(dir, ChecksumsName), []byte(tt.manifest), 0o644)
			}
			if ps, err := Verify(dir); err == nil {
				t.Errorf("Verify = %v, nil; want an error", ps)
			}
		})
	}
	// The binary-mode marker of sha256sum is accepted.
	dir := t.TempDir()
	mkfiles(t, dir, map[string]string{"a": "x", ChecksumsName: fmt.Sprintf("%x *a\n", sha256.Sum256([]byte("x")))})
	if ps, err := Verify(dir); err != nil || len(ps) != 0 {
		t.Errorf("binary mode: %v, %v", ps, err)
	}
}

func TestStaleTemps(t *testing.T) {
	const dead = 999999999 // above any pid_max
	parent := t.TempDir()
	dir := filepath.Join(parent, "build")
	old := time.Now().Add(-time.Hour)
	mk := func(name string, mtime time.Time) {
		p := filepath.Join(parent, name)
		mkfiles(t, p, map[string]string{"f": "x"})
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	mk(fmt.Sprintf(".build.tmp-%d-1", dead), old)                                         // crashed long ago: removed
	mk(fmt.Sprintf(".build.tmp-%d-999999", os.Getpid()), old)                             // this process, no Tree: removed
	mk(fmt.Sprintf(".build.tmp-%d-2", dead), time.Now())                                  // too recent: kept
	mk(fmt.Sprintf(".build.tmp-%d-1", os.Getppid()), old)                                 // live process: kept
	mk(fmt.Sprintf(".build.tmp-%d-1x", dead), old)                                        // pattern mismatch: kept
	mk(fmt.Sprintf(".buildx.tmp-%d-1", dead), old)                                        // another output: kept
	mk(fmt.Sprintf("build.tmp-%d-1", dead), old)                                          // not hidden: kept
	os.WriteFile(filepath.Join(parent, fmt.Sprintf(".build.tmp-%d-3", dead)), nil, 0o644) // a file: kept
	os.Chtimes(filepath.Join(parent, fmt.Sprintf(".build.tmp-%d-3", dead)), old, old)

	running, err := Begin(dir, false) // a live Tree of this process must survive the next Begin
	if err != nil {
		t.Fatal(err)
	}
	defer running.Abort()
	os.Chtimes(running.TempDir(), old, old)
	tr, err := Begin(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Abort()
	want := []string{
		fmt.Sprintf(".build.tmp-%d-1", os.Getppid()),
		fmt.Sprintf(".build.tmp-%d-1x", dead),
		fmt.Sprintf(".build.tmp-%d-2", dead),
		fmt.Sprintf(".build.tmp-%d-3", dead),
		fmt.Sprintf(".buildx.tmp-%d-1", dead),
		filepath.Base(running.TempDir()),
		filepath.Base(tr.TempDir()),
		fmt.Sprintf("build.tmp-%d-1", dead),
	}
	sort.Strings(want)
	if got := siblings(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("after cleanup:\n%v\nwant\n%v", got, want)
	}
}

func TestSymlinkedOutput(t *testing.T) {
	withSwap(t, func(t *testing.T) {
		base := t.TempDir()
		real := filepath.Join(base, "www")
		link := filepath.Join(base, "out")
		os.Mkdir(real, 0o755)
		os.Symlink(real, link)
		for _, content := range []string{"v1", "v2"} {
			tr, err := Begin(link, false)
			if err != nil {
				t.Fatal(err)
			}
			tr.WriteFile("index.html", []byte(content))
			if err := tr.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v", err)
		}
		if data, _ := os.ReadFile(filepath.Join(real, "index.html")); string(data) != "v2" {
			t.Errorf("index.html = %q", data)
		}
	})
}

// TestFallbackRestores checks that the portable swap puts the old output back when the new
// one cannot be renamed in.
func TestFallbackRestores(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "build")
	mkfiles(t, dir, map[string]string{MarkerName: markerContent, "a": "old"})
	before := snapshot(t, dir, true)
	useRenameat2 = false
	defer func() { useRenameat2 = true }()
	if err := swap(filepath.Join(base, ".build.tmp-gone"), dir); err == nil {
		t.Fatal("swap of a missing temp dir succeeded")
	}
	if after := snapshot(t, dir, true); !reflect.DeepEqual(before, after) {
		t.Errorf("old output not restored")
	}
	if s := siblings(t, dir); !reflect.DeepEqual(s, []string{"build"}) {
		t.Errorf("siblings %v", s)
	}
}
