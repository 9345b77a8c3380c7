package main

import (
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the cmp files of testdata/script/*.txtar from the actual output")

// TestMain makes the test binary double as the securehealth command, so scripts run the real
// CLI (flags, exit status, stderr) without a separate build.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"securehealth": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script: each script is a tiny site, a build
// and the exact diagnostics, exit status and output files it must give.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "../../testdata/script",
		UpdateScripts: *update,
		Cmds:          map[string]func(ts *testscript.TestScript, neg bool, args []string){"writebytes": writeBytes},
		Condition: func(cond string) (bool, error) {
			// [eurlex]: the official GDPR texts of ../shared/eurlex are beside the repository.
			if cond == "eurlex" {
				_, err := os.Stat(filepath.Join("..", "..", "..", "shared", "eurlex", "gdpr-el.fmx.xml"))
				return err == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			// $REPO lets a script start from a copy of the bundled site.
			repo, err := filepath.Abs("../..")
			env.Setenv("REPO", repo)
			return err
		},
	})
}

// writeBytes implements "writebytes FILE PART...": it writes the concatenated parts to FILE,
// each part either hex digits (c3a9ff) or a Go string literal in double quotes ("a\xffb\n").
// A txtar section cannot hold invalid UTF-8, so scripts build such files with it.
func writeBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! writebytes")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: writebytes FILE PART...")
	}
	var data []byte
	for _, a := range args[1:] {
		if strings.HasPrefix(a, `"`) {
			s, err := strconv.Unquote(a)
			ts.Check(err)
			data = append(data, s...)
			continue
		}
		b, err := hex.DecodeString(a)
		ts.Check(err)
		data = append(data, b...)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}
