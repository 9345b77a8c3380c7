package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/securehealth/securehealth/internal/output"
)

var verifyCmd = &command{
	Name:      "verify",
	UsageLine: "verify DIR",
	Short:     "check a build against its checksums.sha256",
}

func init() { verifyCmd.Run = runVerify }

// runVerify lists every file of DIR that is missing, changed or not listed in its
// checksums.sha256, so that a partner can check what they host against what was built.
func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(verifyCmd, stderr)
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "usage: securehealth %s\n", verifyCmd.UsageLine)
		return exitUsage
	}
	dir := fs.Arg(0)
	problems, err := output.Check(dir)
	if err != nil {
		fmt.Fprintf(stderr, "securehealth verify: error: %s; %s\n", strings.TrimPrefix(err.Error(), "verify: "), verifyHint(err))
		return exitContent
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, p.String())
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "%s: %d %s %s\n", dir, len(problems), plural(len(problems), "file does not match", "files do not match"), output.ChecksumsName)
		return exitContent
	}
	fmt.Fprintf(stdout, "%s: every file matches %s\n", dir, output.ChecksumsName)
	return exitOK
}

func verifyHint(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "give the folder a build wrote (securehealth build or package write " + output.ChecksumsName + " into it)"
	}
	return "rebuild the site, or copy " + output.ChecksumsName + " again from the build"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
