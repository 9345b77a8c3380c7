package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/securehealth/securehealth/internal/toolbox"
)

var feedbackCmd = &command{
	Name:      "feedback",
	UsageLine: "feedback summarize [--lang CODE] FILE...",
	Short:     "summarize exported feedback forms (counts, averages per question, comments) as Markdown",
}

func init() { feedbackCmd.Run = runFeedback }

func runFeedback(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "summarize" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprintf(stdout, "usage: securehealth %s\n\n%s\n", feedbackCmd.UsageLine, feedbackCmd.Short)
			return exitOK
		}
		fmt.Fprintf(stderr, "usage: securehealth %s\n", feedbackCmd.UsageLine)
		return exitUsage
	}
	fs := newFlagSet(feedbackCmd, stderr)
	var lang string
	fs.StringVar(&lang, "lang", "", "take question and option labels from the exports in this language (default: the first file's)")
	if code, ok := parseArgs(fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "securehealth feedback summarize: name the exported .json files to summarize")
		fs.Usage()
		return exitUsage
	}
	files := map[string][]byte{}
	failed := false
	for _, name := range fs.Args() {
		if _, dup := files[name]; dup {
			continue // one response counted once
		}
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: error: %v\n", name, unwrapPathError(err))
			failed = true
			continue
		}
		files[name] = data
	}
	if failed {
		// Still check the files that could be read, so one run reports every bad file.
		if len(files) > 0 {
			if err := toolbox.Summarize(io.Discard, files, lang); err != nil {
				fmt.Fprintln(stderr, strings.TrimRight(err.Error(), "\n"))
			}
		}
		return exitContent
	}
	if err := toolbox.Summarize(stdout, files, lang); err != nil {
		fmt.Fprintln(stderr, strings.TrimRight(err.Error(), "\n"))
		return exitContent
	}
	return exitOK
}

// unwrapPathError drops the file name os adds, which the message already starts with.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
