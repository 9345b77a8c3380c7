// Command securehealth builds the SecureHealth learning site from Markdown, quizzes and
// templates into a static, multilingual site.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// A command is one subcommand, in the manner of cmd/go.
type command struct {
	Name      string
	UsageLine string
	Short     string
	Run       func(args []string, stdout, stderr io.Writer) int
}

var commands []*command

func init() {
	commands = []*command{buildCmd, checkCmd, serveCmd, exportCmd, feedbackCmd, importCmd, newCmd, packageCmd, verifyCmd, versionCmd}
}

const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func main() {
	// A build allocates briefly per page and keeps little: collecting less often trades a few
	// tens of MiB for a large share of CPU. GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// Past this the collector works harder rather than let a large site's build grow.
		debug.SetMemoryLimit(480 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.Name == args[0] {
			return c.Run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "securehealth: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("SecureHealth builds the data-protection training site for healthcare.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  securehealth %s\n      %s\n", c.UsageLine, c.Short)
	}
	b.WriteString("\nRun 'securehealth COMMAND -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}

// newFlagSet returns a flag set that prints usage to stderr and never exits.
func newFlagSet(c *command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: securehealth %s\n\n%s\n", c.UsageLine, c.Short)
		printFlags(stderr, fs)
	}
	return fs
}

// printFlags lists flags as the docs write them: one-letter names with one dash, long names
// with two, and a long name that only repeats a short one ("same as -s") folded into it.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	aliases := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if short, ok := strings.CutPrefix(f.Usage, "same as -"); ok {
			aliases[short] = f.Name
		}
	})
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, "same as -") {
			return
		}
		name := "--" + f.Name
		if len(f.Name) == 1 {
			name = "-" + f.Name
		}
		if long, ok := aliases[f.Name]; ok {
			name += ", --" + long
		}
		if arg, _ := flag.UnquoteUsage(f); arg != "" { // not a boolean flag
			name += " " + argName(f.Name)
		}
		fmt.Fprintf(&b, "  %s\n      %s\n", name, f.Usage)
	})
	if b.Len() > 0 {
		io.WriteString(w, "\nFlags:\n"+b.String())
	}
}

func argName(flagName string) string {
	switch flagName {
	case "s", "o":
		return "DIR"
	case "base-url":
		return "URL"
	}
	return "VALUE"
}

// siteFlags adds -s and its long form --source, the site root every site command takes.
func siteFlags(fs *flag.FlagSet, root *string) {
	fs.StringVar(root, "s", ".", "site root: the folder with config.yaml and content/")
	fs.StringVar(root, "source", ".", "same as -s")
}

// subcommand reports whether args start with word (export quiz, import gdpr…); otherwise it
// prints the command's usage line.
func subcommand(c *command, word string, args []string, stderr io.Writer) bool {
	if len(args) > 0 && args[0] == word {
		return true
	}
	fmt.Fprintf(stderr, "usage: securehealth %s\n", c.UsageLine)
	return false
}

// parseArgs parses flags and leaves positional arguments to the caller; ok is false after a
// usage error (or -h, which returns code 0).
func parseArgs(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		return exitUsage, false
	}
	return exitOK, true
}

// parseFlags parses args and rejects stray arguments; ok is false after a usage error (or -h,
// which returns code 0).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if code, ok := parseArgs(fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "securehealth %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, false
	}
	return exitOK, true
}
