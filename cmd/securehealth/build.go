package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/pipeline"
)

var buildCmd = &command{
	Name:      "build",
	UsageLine: "build [-s DIR] [-o DIR] [--base-url URL] [--offline] [--drafts] [--force]",
	Short:     "build the site into DIR (default build/ under the site root)",
}

func init() { buildCmd.Run = runBuild }

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(buildCmd, stderr)
	var opts pipeline.Options
	outputFlags(fs, &opts)
	fs.BoolVar(&opts.Offline, "offline", false, "link to …/index.html files so the output works opened from disk (file://)")
	if code, ok := parseOutputFlags(fs, args, &opts, "build", stderr); !ok {
		return code
	}
	start := time.Now()
	res, err := pipeline.Build(opts)
	out, code, ok := buildOutcome("build", res, err, stderr)
	if !ok {
		return code
	}
	fmt.Fprintf(stdout, "built %d pages into %s in %s\n", res.Pages, out, time.Since(start).Round(time.Millisecond))
	for _, st := range res.Search {
		stemmer := st.Stemmer
		if st.FallbackAnalyzer {
			stemmer = "none: lower-case and folding only"
		}
		fmt.Fprintf(stdout, "search %s: analyzer %s, stemmer %s; %d pages, %d sections, %d terms, %d shards, %s\n",
			st.Lang, st.Analyzer, stemmer, st.Pages, st.Docs, st.Terms, st.Shards, humanBytes(st.Bytes))
	}
	return exitOK
}

// outputFlags are the flags of the commands that write a site: build and package.
func outputFlags(fs *flag.FlagSet, opts *pipeline.Options) {
	siteFlags(fs, &opts.Source)
	fs.StringVar(&opts.Out, "o", "", "output folder (default: build/ under the site root, or config output)")
	fs.StringVar(&opts.Out, "out", "", "same as -o")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute URL the site is served from; makes sitemap and canonical links absolute")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages marked draft: true")
	fs.BoolVar(&opts.Force, "force", false, "replace an output folder that this tool did not create")
}

// parseOutputFlags parses the flags of outputFlags and checks --base-url.
func parseOutputFlags(fs *flag.FlagSet, args []string, opts *pipeline.Options, cmd string, stderr io.Writer) (int, bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return code, false
	}
	if opts.BaseURL != "" && !strings.HasPrefix(opts.BaseURL, "https://") && !strings.HasPrefix(opts.BaseURL, "http://") {
		fmt.Fprintf(stderr, "securehealth %s: --base-url %q is not an absolute http(s) URL; write it as https://example.org/path/\n", cmd, opts.BaseURL)
		return exitUsage, false
	}
	return 0, true
}

// buildOutcome prints a build's diagnostics and their summary. It returns the output folder as
// the user should read it, or the exit status of a failed build.
func buildOutcome(cmd string, res *pipeline.Result, err error, stderr io.Writer) (out string, code int, ok bool) {
	printDiags(stderr, res.Diags)
	switch {
	case errors.Is(err, pipeline.ErrContent):
		fmt.Fprintln(stderr, res.Diags.Summary())
		return "", exitContent, false
	case err != nil:
		fmt.Fprintf(stderr, "securehealth %s: error: %s\n", cmd, strings.TrimPrefix(err.Error(), "output: "))
		return "", exitContent, false
	}
	if len(res.Diags) > 0 {
		fmt.Fprintln(stderr, res.Diags.Summary())
	}
	out, _ = filepath.Rel(".", res.Out)
	if out == "" || filepath.IsAbs(res.Out) && len(out) > len(res.Out) {
		out = res.Out
	}
	return out, 0, true
}

func printDiags(w io.Writer, l diag.List) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
}

// humanBytes writes a size the way people read it: 812 B, 34.5 KB, 1.2 MB.
func humanBytes(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
