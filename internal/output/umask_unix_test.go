//go:build unix

package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestModesIgnoreUmask checks that modes are set, not left to the umask, so that trees built
// by users with different umasks are identical.
func TestModesIgnoreUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "build")
	tr, err := Begin(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	tr.WriteFile("a/b/c.html", []byte("x"))
	w, _ := tr.Create("s.txt")
	w.Close()
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		fi, _ := os.Lstat(p)
		want := fs.FileMode(0o644)
		if d.IsDir() {
			want = fs.ModeDir | 0o755
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
		return nil
	})
}
