package pipeline

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/testutil"
)

// TestSites builds every fixture site in testdata/sites from memory and compares the chosen
// output files and the diagnostics with the expectations in the archive.
func TestSites(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/sites/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixture sites: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			f := testutil.LoadFixture(t, path)
			out := filepath.Join(t.TempDir(), "out")
			res, err := Build(Options{
				FS: f.Input, Out: out,
				Offline: f.Has("--offline"), Drafts: f.Has("--drafts"), BaseURL: f.Value("--base-url"),
			})
			got := map[string][]byte{}
			var stderr strings.Builder
			for _, d := range res.Diags {
				stderr.WriteString(d.String() + "\n")
			}
			if len(res.Diags) > 0 {
				stderr.WriteString(res.Diags.Summary() + "\n")
			}
			if err != nil && !errors.Is(err, ErrContent) {
				stderr.WriteString("error: " + err.Error() + "\n")
			}
			got["stderr"] = []byte(stderr.String())
			if err == nil {
				for name, data := range testutil.ReadTree(t, out) {
					got[name] = data
				}
			}
			for _, name := range f.Wanted() {
				if _, ok := got[name]; !ok && name != "stderr" {
					t.Errorf("output has no %s", name)
				}
			}
			f.Check(t, got)
		})
	}
}
