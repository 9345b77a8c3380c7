package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/render"
)

var packageCmd = &command{
	Name:      "package",
	UsageLine: "package [-s DIR] [-o DIR] [--base-url URL] [--drafts] [--force]",
	Short:     "build the site with downloads/: offline zips and SCORM 1.2 packages",
}

func init() { packageCmd.Run = runPackage }

func runPackage(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(packageCmd, stderr)
	var opts pipeline.Options
	outputFlags(fs, &opts)
	if code, ok := parseOutputFlags(fs, args, &opts, "package", stderr); !ok {
		return code
	}
	start := time.Now()
	res, dls, err := pipeline.Package(opts)
	out, code, ok := buildOutcome("package", res, err, stderr)
	if !ok {
		return code
	}
	var offline, scorm int
	var size int64
	for _, d := range dls {
		if d.Kind == render.OfflineLanguage || d.Kind == render.OfflineAll {
			offline++
		} else {
			scorm++
		}
		size += d.Size
	}
	fmt.Fprintf(stdout, "built %d pages into %s with %d offline zips and %d SCORM packages (%s) in %s\n",
		res.Pages, out, offline, scorm, humanBytes(int(size)), time.Since(start).Round(time.Millisecond))
	for _, d := range dls {
		fmt.Fprintf(stdout, "  %s  %s\n", filepath.ToSlash(filepath.Join(out, d.File)), humanBytes(int(d.Size)))
	}
	return exitOK
}
