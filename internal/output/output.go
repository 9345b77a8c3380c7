// Package output writes a build's output directory atomically and owns it.
//
// A build writes into a sibling temp directory (same parent, so renames stay on one file
// system), then swaps it into place in one step; a failed or aborted build leaves the previous
// output exactly as it was. The output carries a marker file: a non-empty directory without it
// is someone else's and is only replaced when the caller forces it. The last file written is
// checksums.sha256 (sha256sum format), which Verify checks.
package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MarkerName is the file that marks a directory as a securehealth build output.
const MarkerName = ".securehealth-build"

// ChecksumsName is the manifest written last into every output; it lists every other file.
const ChecksumsName = "checksums.sha256"

// markerContent is fixed so that two builds of the same files are byte-identical.
const markerContent = "This directory is written by `securehealth build` and replaced on every build.\n"

// Modes are set explicitly (not left to the umask) so that the tree is deterministic.
const (
	fileMode fs.FileMode = 0o644
	dirMode  fs.FileMode = 0o755
)

// ErrNotOwned is returned (wrapped) by Begin, and by Commit if the directory changed meanwhile,
// when the output directory is non-empty and carries no marker.
var ErrNotOwned = errors.New("directory is not empty and was not written by securehealth (no " + MarkerName + " marker); use --force to replace it")

// useRenameat2 lets tests exercise the portable swap on Linux too.
var useRenameat2 = true

// tmpSeq numbers temp names within this process.
var tmpSeq atomic.Uint64

// live holds the temp dirs this process is using, so that stale-temp cleanup never removes
// one of them (they carry this process's pid, which is alive).
var live sync.Map // string (abs path) → struct{}

// A Tree is an output being written; its methods are safe for concurrent use.
// Call Abort in a defer: it is a no-op after a successful Commit.
type Tree struct {
	dir   string // final location, absolute, symlinks in its parent resolved
	tmp   string // the sibling temp dir written into
	force bool
	chmod bool // the umask would alter our modes: set each one explicitly

	mu      sync.Mutex
	sums    map[string][]byte // rel → sha256; nil while a Create writer is open
	dirs    sync.Map          // rel dirs already created in tmp
	err     error             // first write failure; Commit refuses to swap after one
	done    bool              // committed or aborted
	pending int               // open Create writers
}

// Begin checks that dir may be replaced — absent, empty, carrying the marker, or force — and
// creates a sibling temp dir (same parent, named ".<base>.tmp-<pid>-<n>") to write into.
// It always refuses a file-system root, and any dir that is one of the protect paths (such as
// the site source root) or an ancestor of one, force or not. A dir that is a symlink is
// followed: the output goes where it points. Stale temp dirs left by a crashed build of the same
// dir are removed.
func Begin(dir string, force bool, protect ...string) (*Tree, error) {
	final, err := resolve(dir)
	if err != nil {
		return nil, err
	}
	if err := checkProtected(final, protect); err != nil {
		return nil, err
	}
	if err := checkReplaceable(final, force); err != nil {
		return nil, err
	}
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, dirMode); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	removeStale(final)
	tmp, err := makeTemp(final)
	if err != nil {
		return nil, err
	}
	return &Tree{chmod: modesNeedChmod(),
		dir:   final,
		tmp:   tmp,
		force: force,
		sums:  map[string][]byte{},
	}, nil
}

// resolve makes dir absolute and resolves symlinks in it as far as it exists, so that the
// protection checks compare real paths and the swap renames a real directory.
func resolve(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("output: empty output directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	// dir does not exist (or is a dangling link, which checkReplaceable refuses): resolve the
	// longest existing ancestor.
	rest := []string{}
	p := abs
	for {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		up := filepath.Dir(p)
		if up == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = up
	}
}

// isRoot reports whether p is a file-system root ("/" or "C:\").
func isRoot(p string) bool { return filepath.Dir(p) == p }

// checkProtected refuses roots and any output that is, or contains, a protected path.
func checkProtected(final string, protect []string) error {
	if isRoot(final) {
		return fmt.Errorf("output: refusing to use the file-system root %s as the output directory", final)
	}
	for _, p := range protect {
		if p == "" {
			continue
		}
		cands := []string{}
		if abs, err := filepath.Abs(p); err == nil {
			cands = append(cands, abs)
		}
		if real, err := resolve(p); err == nil {
			cands = append(cands, real)
		}
		for _, c := range cands {
			if within(c, final) {
				return fmt.Errorf("output: refusing to use %s as the output directory: it is or contains %s, which must not be replaced", final, p)
			}
		}
	}
	return nil
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// checkReplaceable reports whether final may be replaced: absent, an empty directory, a
// directory carrying the marker, or any directory when force.
func checkReplaceable(final string, force bool) error {
	fi, err := os.Lstat(final)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if !fi.IsDir() {
		// A file (or a dangling symlink) is never replaced, force or not: it is not an output.
		return fmt.Errorf("output: %s exists and is not a directory", final)
	}
	if force {
		return nil
	}
	owned, err := owned(final)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if !owned {
		return fmt.Errorf("output: refusing to replace %s: %w", final, ErrNotOwned)
	}
	return nil
}

// owned reports whether dir is empty or carries the marker as a regular file.
func owned(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if errors.Is(err, io.EOF) || (err == nil && len(names) == 0) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	fi, err := os.Lstat(filepath.Join(dir, MarkerName))
	if err == nil && fi.Mode().IsRegular() {
		return true, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return false, nil
}

// tmpPattern returns the exact pattern of temp names for final; nothing else is ever removed
// as stale.
func tmpPattern(final string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(filepath.Base(final)) + `\.tmp-([0-9]+)-([0-9]+)$`)
}

// tmpName returns a fresh sibling temp name for final.
func tmpName(final string) string {
	name := fmt.Sprintf(".%s.tmp-%d-%d", filepath.Base(final), os.Getpid(), tmpSeq.Add(1))
	return filepath.Join(filepath.Dir(final), name)
}

// makeTemp creates a fresh sibling temp dir for final and registers it as live.
func makeTemp(final string) (string, error) {
	for range 100 {
		tmp := tmpName(final)
		err := os.Mkdir(tmp, dirMode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("output: creating temp dir: %w", err)
		}
		if err := os.Chmod(tmp, dirMode); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("output: %w", err)
		}
		live.Store(tmp, struct{}{})
		return tmp, nil
	}
	return "", fmt.Errorf("output: cannot create a temp dir next to %s", final)
}

// How old a temp dir of another process must be before it counts as stale: deadAge when its
// process is known to be gone, staleAge where liveness cannot be checked.
const (
	deadAge  = 10 * time.Minute
	staleAge = 24 * time.Hour
)

// removeStale removes temp dirs of final left by builds that crashed: directories (not
// symlinks) whose name matches the temp pattern exactly, whose process is gone (or, for this
// process, that no Tree uses) and that are old enough. Errors are ignored: it is best effort.
func removeStale(final string) {
	parent := filepath.Dir(final)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	re := tmpPattern(final)
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || e.Type()&fs.ModeType != fs.ModeDir {
			continue
		}
		p := filepath.Join(parent, e.Name())
		pid, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		if pid == os.Getpid() {
			if _, ok := live.Load(p); ok {
				continue
			}
		} else {
			// A dead pid alone is not enough: a build in another pid namespace (a container
			// sharing the volume) may be writing it, so it must also have sat a while.
			minAge := deadAge
			if alive, known := processAlive(pid); known && alive {
				continue
			} else if !known {
				minAge = staleAge
			}
			fi, err := e.Info()
			if err != nil || time.Since(fi.ModTime()) < minAge {
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// checkRel validates a slash-separated relative output path.
func checkRel(rel string) error {
	if !fs.ValidPath(rel) || rel == "." {
		return fmt.Errorf("output: invalid output path %q: must be relative, slash-separated, without . or .. elements", rel)
	}
	// Backslashes and line breaks would need escaping in checksums.sha256, and backslashes
	// are separators on Windows hosts.
	if strings.ContainsAny(rel, "\\\n\r\x00") {
		return fmt.Errorf("output: invalid output path %q: contains a backslash, line break or NUL", rel)
	}
	if rel == MarkerName || rel == ChecksumsName {
		return fmt.Errorf("output: %q is reserved for the build's own bookkeeping", rel)
	}
	return nil
}

// reserve claims rel for writing and creates its parent directories.
func (t *Tree) reserve(rel string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	t.mu.Lock()
	if t.done {
		t.mu.Unlock()
		return fmt.Errorf("output: write of %s after Commit or Abort", rel)
	}
	if _, dup := t.sums[rel]; dup {
		t.mu.Unlock()
		return fmt.Errorf("output: %s written twice", rel)
	}
	t.sums[rel] = nil
	t.mu.Unlock()
	// Directories are made outside the lock: on slow disks mkdir costs as much as writing a
	// page, and the writers must not queue behind each other for it.
	if err := t.mkdirs(path.Dir(rel)); err != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.fail(err)
	}
	return nil
}

// mkdirs creates dir (slash-separated, relative to tmp) and its parents. Two writers may race
// to create the same folder; the loser sees it exist, which is fine.
func (t *Tree) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, made := t.dirs.Load(dir); made {
		return nil
	}
	if err := t.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	p := filepath.Join(t.tmp, filepath.FromSlash(dir))
	if err := os.Mkdir(p, dirMode); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("output: %w", err)
	}
	if t.chmod {
		if err := os.Chmod(p, dirMode); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	t.dirs.Store(dir, true)
	return nil
}

// fail records the first write failure so that Commit refuses to swap in a broken tree.
// t.mu is held.
func (t *Tree) fail(err error) error {
	if t.err == nil {
		t.err = err
	}
	return err
}

// finish records rel's checksum, or the failure of its write.
func (t *Tree) finish(rel string, sum []byte, err error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending--
	if err != nil {
		return t.fail(err)
	}
	t.sums[rel] = sum
	return nil
}

// open reserves rel and opens its file in the temp dir.
func (t *Tree) open(rel string) (*os.File, error) {
	if err := t.reserve(rel); err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.pending++
	t.mu.Unlock()
	f, err := os.OpenFile(filepath.Join(t.tmp, filepath.FromSlash(rel)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err == nil && t.chmod {
		if err = f.Chmod(fileMode); err != nil {
			f.Close()
		}
	}
	if err != nil {
		return nil, t.finish(rel, nil, fmt.Errorf("output: %w", err))
	}
	return f, nil
}

// WriteFile writes data to rel (slash-separated, relative, no "." or ".." elements), creating
// directories. Writing the same rel twice is an error: the pipeline reports duplicate URLs
// before this, so it guards against bugs. MarkerName and ChecksumsName are reserved.
func (t *Tree) WriteFile(rel string, data []byte) error {
	f, err := t.open(rel)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		err = fmt.Errorf("output: %w", err)
	}
	sum := sha256.Sum256(data)
	return t.finish(rel, sum[:], err)
}

// Create returns a writer for streaming rel (same rules as WriteFile); Close finishes it.
// Commit fails while a writer is still open.
func (t *Tree) Create(rel string) (io.WriteCloser, error) {
	f, err := t.open(rel)
	if err != nil {
		return nil, err
	}
	return &writer{t: t, rel: rel, f: f, h: sha256.New()}, nil
}

// A writer streams one file and hashes it on the way.
type writer struct {
	t      *Tree
	rel    string
	f      *os.File
	h      hash.Hash
	err    error
	closed bool
}

func (w *writer) Write(p []byte) (int, error) {
	if w.closed {
		return 0, fmt.Errorf("output: write to %s after Close", w.rel)
	}
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.Write(p)
	w.h.Write(p[:n])
	if err != nil {
		w.err = fmt.Errorf("output: %w", err)
		return n, w.err
	}
	return n, nil
}

func (w *writer) Close() error {
	if w.closed {
		return fmt.Errorf("output: %s closed twice", w.rel)
	}
	w.closed = true
	err := w.err
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("output: %w", cerr)
	}
	return w.t.finish(w.rel, w.h.Sum(nil), err)
}

// CopyFile copies the file name from fsys into rel.
func (t *Tree) CopyFile(rel string, fsys fs.FS, name string) error {
	src, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer src.Close()
	if fi, err := src.Stat(); err != nil {
		return fmt.Errorf("output: %w", err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("output: copying %s: not a regular file", name)
	}
	w, err := t.Create(rel)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, src); err != nil {
		w.Close()
		return fmt.Errorf("output: copying %s to %s: %w", name, rel, err)
	}
	return w.Close()
}

// Files returns the relative paths written so far (finished writes only), sorted.
func (t *Tree) Files() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]string, 0, len(t.sums))
	for rel, sum := range t.sums {
		if sum != nil {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// Dir returns the absolute path the output will be swapped into.
func (t *Tree) Dir() string { return t.dir }

// TempDir returns the temp dir being written; later stages (such as packing) may read it
// before Commit.
func (t *Tree) TempDir() string { return t.tmp }

// Commit writes the marker and checksums.sha256, then swaps the temp dir into place and removes
// the previous output. It refuses if any write failed, a Create writer is still open, or the
// output directory stopped being replaceable since Begin. On failure the previous output is
// untouched and the caller should Abort.
func (t *Tree) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errors.New("output: Commit after Commit or Abort")
	}
	if t.err != nil {
		return fmt.Errorf("output: not committing after a failed write: %w", t.err)
	}
	if t.pending > 0 {
		return fmt.Errorf("output: not committing: %d file(s) still open", t.pending)
	}
	if err := t.writeBookkeeping(); err != nil {
		return err
	}
	// Re-check: someone may have put files into the output dir while we built.
	if err := checkReplaceable(t.dir, t.force); err != nil {
		return err
	}
	if err := swap(t.tmp, t.dir); err != nil {
		return err
	}
	t.done = true
	live.Delete(t.tmp)
	syncDir(filepath.Dir(t.dir))
	return nil
}

// writeBookkeeping writes the marker and then the checksum manifest. t.mu is held.
func (t *Tree) writeBookkeeping() error {
	write := func(name string, data []byte) error {
		p := filepath.Join(t.tmp, name)
		if err := os.WriteFile(p, data, fileMode); err != nil {
			return fmt.Errorf("output: %w", err)
		}
		if err := os.Chmod(p, fileMode); err != nil {
			return fmt.Errorf("output: %w", err)
		}
		return nil
	}
	if err := write(MarkerName, []byte(markerContent)); err != nil {
		return err
	}
	ms := sha256.Sum256([]byte(markerContent))
	sums := make(map[string][]byte, len(t.sums)+1)
	for rel, s := range t.sums {
		sums[rel] = s
	}
	sums[MarkerName] = ms[:]
	return write(ChecksumsName, manifest(sums))
}

// manifest formats sums as sha256sum does ("<hex>  <path>\n"), sorted by path bytewise.
func manifest(sums map[string][]byte) []byte {
	rels := make([]string, 0, len(sums))
	for rel := range sums {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	var b strings.Builder
	for _, rel := range rels {
		fmt.Fprintf(&b, "%x  %s\n", sums[rel], rel)
	}
	return []byte(b.String())
}

// swap moves tmp to final, replacing what is there. With RENAME_EXCHANGE the switch is a single
// atomic step; otherwise the old output is renamed aside first, and put back if the new one
// cannot be renamed in.
func swap(tmp, final string) error {
	if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, final); err != nil {
			return fmt.Errorf("output: %w", err)
		}
		return nil
	}
	if useRenameat2 {
		err := exchange(tmp, final)
		if err == nil {
			// tmp now holds the previous output.
			removeTree(tmp)
			return nil
		}
		if !errors.Is(err, errExchangeUnsupported) {
			return fmt.Errorf("output: swapping %s into place: %w", final, err)
		}
	}
	aside := tmpName(final)
	if err := os.Rename(final, aside); err != nil {
		return fmt.Errorf("output: moving the previous output aside: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		if rerr := os.Rename(aside, final); rerr != nil {
			return fmt.Errorf("output: %w; and restoring the previous output from %s failed: %v", err, aside, rerr)
		}
		return fmt.Errorf("output: %w", err)
	}
	// A failure here leaves a temp-named dir that the next Begin removes.
	removeTree(aside)
	return nil
}

// syncDir makes renames in dir durable where the platform allows; failures are ignored.
func syncDir(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	f.Sync()
	f.Close()
}

// Abort removes the temp dir; the previous output is untouched. It is a no-op after Commit
// or a previous Abort.
func (t *Tree) Abort() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return
	}
	t.done = true
	os.RemoveAll(t.tmp)
	live.Delete(t.tmp)
}
