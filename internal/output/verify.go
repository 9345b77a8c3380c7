package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A ProblemKind says how a file differs from the checksum manifest.
type ProblemKind int

const (
	Missing  ProblemKind = iota // listed but absent
	Changed                     // listed, but its content differs or it is not a regular file
	Unlisted                    // present but not listed
)

func (k ProblemKind) String() string {
	switch k {
	case Missing:
		return "missing"
	case Changed:
		return "changed"
	}
	return "not listed"
}

// A Problem is one file that does not match the checksum manifest.
type Problem struct {
	Path string // relative, slash-separated
	Kind ProblemKind
}

func (p Problem) String() string { return p.Path + ": " + p.Kind.String() }

// Verify checks dir against its checksums.sha256 and returns the relative paths that are
// missing, changed or not listed, sorted. err is for a missing or malformed manifest or an
// unreadable tree. Check says which kind each problem is.
func Verify(dir string) (problems []string, err error) {
	ps, err := Check(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		problems = append(problems, p.Path)
	}
	return problems, nil
}

// Check is Verify with the kind of each problem, sorted by path.
func Check(dir string) ([]Problem, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(root, ChecksumsName))
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	want, err := parseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("verify: %s: %w", filepath.Join(dir, ChecksumsName), err)
	}
	var problems []Problem
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ChecksumsName {
			return nil
		}
		sum, listed := want[rel]
		if !listed {
			problems = append(problems, Problem{rel, Unlisted})
			return nil
		}
		seen[rel] = true
		if !d.Type().IsRegular() {
			problems = append(problems, Problem{rel, Changed})
			return nil
		}
		got, err := hashFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, sum) {
			problems = append(problems, Problem{rel, Changed})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	for rel := range want {
		if !seen[rel] {
			problems = append(problems, Problem{rel, Missing})
		}
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Path < problems[j].Path })
	return problems, nil
}

// parseManifest reads sha256sum lines ("<hex>  <path>" or "<hex> *<path>").
func parseManifest(data []byte) (map[string][]byte, error) {
	want := map[string][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		hexSum, rel, ok := strings.Cut(line, " ")
		if !ok || len(hexSum) != 2*sha256.Size || (!strings.HasPrefix(rel, " ") && !strings.HasPrefix(rel, "*")) {
			return nil, fmt.Errorf("line %d: not in sha256sum format", n)
		}
		rel = rel[1:]
		sum, err := hex.DecodeString(hexSum)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		// Never look outside the tree, whatever the manifest says.
		if !fs.ValidPath(rel) || rel == "." || strings.Contains(rel, `\`) {
			return nil, fmt.Errorf("line %d: invalid path %q", n, rel)
		}
		if _, dup := want[rel]; dup {
			return nil, fmt.Errorf("line %d: %s listed twice", n, rel)
		}
		want[rel] = sum
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(want) == 0 {
		return nil, errors.New("no entries")
	}
	return want, nil
}

// hashFile returns the sha256 of the file at p.
func hashFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
