package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/markdown"
	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/quizexport"
)

var exportCmd = &command{
	Name:      "export",
	UsageLine: "export quiz --format gift|moodlexml|qti [-s DIR] [-o DIR]",
	Short:     "write the site's quizzes for Moodle (GIFT, Moodle XML) or other LMSs (IMS QTI 2.1)",
}

func init() { exportCmd.Run = runExport }

func runExport(args []string, stdout, stderr io.Writer) int {
	if !subcommand(exportCmd, "quiz", args, stderr) {
		return exitUsage
	}
	fs := newFlagSet(exportCmd, stderr)
	var opts pipeline.Options
	var format, out string
	siteFlags(fs, &opts.Source)
	fs.StringVar(&out, "o", "", "output folder (default: quiz-export/ under the site root)")
	fs.StringVar(&out, "out", "", "same as -o")
	fs.StringVar(&format, "format", "", "gift (one file per quiz and language), moodlexml (one file per quiz, all languages) or qti (one zip per quiz and language)")
	if code, ok := parseArgs(fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "securehealth export: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	switch format {
	case "gift", "moodlexml", "qti":
	case "":
		fmt.Fprintln(stderr, "securehealth export: --format is required: gift, moodlexml or qti")
		return exitUsage
	default:
		fmt.Fprintf(stderr, "securehealth export: unknown --format %q; use gift, moodlexml or qti\n", format)
		return exitUsage
	}
	if out == "" {
		out = filepath.Join(opts.Source, "quiz-export")
	}
	loaded, diags, err := pipeline.Check(opts)
	if err != nil || loaded == nil || diags.HasErrors() {
		printDiags(stderr, diags)
		if len(diags) > 0 {
			fmt.Fprintln(stderr, diags.Summary())
		}
		if err != nil {
			fmt.Fprintf(stderr, "securehealth export: error: %v\n", err)
		}
		return exitContent
	}
	cfg := loaded.Site.Config
	var langs []string
	for _, l := range cfg.Languages {
		langs = append(langs, l.Code)
	}
	converters := map[string]*markdown.Converter{}
	toHTML := func(lang, text string) string {
		c := converters[lang]
		if c == nil {
			c = markdown.New(lang)
			converters[lang] = c
		}
		var b bytes.Buffer
		c.Render(&b, []byte(text), markdown.RenderOptions{})
		return b.String()
	}
	ids := make([]string, 0, len(loaded.Quizzes))
	for id := range loaded.Quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(stderr, "securehealth export: error: %v\n", err)
		return exitContent
	}
	var warnings diag.List
	written := 0
	for _, id := range ids {
		q := loaded.Quizzes[id]
		type file struct {
			name  string
			write func(w io.Writer) ([]string, error)
		}
		var files []file
		switch format {
		case "gift":
			for _, lang := range langs {
				files = append(files, file{id + "." + lang + ".gift", func(w io.Writer) ([]string, error) {
					return quizexport.GIFT(w, q, lang, cfg.DefaultLanguage)
				}})
			}
		case "moodlexml":
			files = append(files, file{id + ".moodle.xml", func(w io.Writer) ([]string, error) {
				return quizexport.MoodleXML(w, q, langs, cfg.DefaultLanguage, toHTML)
			}})
		case "qti":
			for _, lang := range langs {
				files = append(files, file{id + "." + lang + ".qti.zip", func(w io.Writer) ([]string, error) {
					return quizexport.QTI(w, q, lang, cfg.DefaultLanguage, toHTML)
				}})
			}
		}
		seen := map[string]bool{}
		for _, f := range files {
			var b bytes.Buffer
			ws, err := f.write(&b)
			if err == nil {
				err = writeFileAtomic(filepath.Join(out, f.name), b.Bytes())
			}
			if err != nil {
				fmt.Fprintf(stderr, "securehealth export: error: %s: %v\n", f.name, err)
				return exitContent
			}
			written++
			for _, w := range ws {
				if !seen[w] { // the same approximation in every language is reported once
					seen[w] = true
					warnings.Warnf(warningPos(q, w), "", "%s: %s", format, w)
				}
			}
		}
	}
	warnings.Sort()
	printDiags(stderr, warnings)
	if len(warnings) > 0 {
		fmt.Fprintln(stderr, warnings.Summary())
	}
	fmt.Fprintf(stdout, "wrote %d %s files for %d quizzes into %s\n", written, format, len(ids), out)
	return exitOK
}

// warningPos places an exporter's warning at its question when it names one.
func warningPos(q *quiz.Quiz, w string) diag.Pos {
	if rest, ok := strings.CutPrefix(w, `question "`); ok {
		if id, _, ok := strings.Cut(rest, `"`); ok {
			if qu := q.Question(id); qu != nil && qu.Pos.File != "" {
				return qu.Pos
			}
		}
	}
	if q.Pos.File != "" {
		return q.Pos
	}
	return diag.Pos{File: q.Source}
}
