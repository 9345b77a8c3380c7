package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/site"
	"github.com/securehealth/securehealth/internal/translation"
)

var checkCmd = &command{
	Name:      "check",
	UsageLine: "check [-s DIR] [--format text|json] [--strict] | check [-s DIR] --stamp FILE...",
	Short:     "check the site without building it and report the translation status of each language",
}

func init() { checkCmd.Run = runCheck }

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(checkCmd, stderr)
	var opts pipeline.Options
	var format string
	var stamp bool
	siteFlags(fs, &opts.Source)
	fs.StringVar(&format, "format", "text", "output format: text or json")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings, missing, outdated and orphaned translations as errors")
	fs.BoolVar(&stamp, "stamp", false, "record in each translated FILE the hash of its current original (translation_of)")
	if code, ok := parseArgs(fs, args); !ok {
		return code
	}
	if stamp {
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "securehealth check: --stamp needs the translated files to stamp, such as content/sl/about.md")
			return exitUsage
		}
		return runStamp(opts, fs.Args(), stdout, stderr)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "securehealth check: unexpected argument %q (files are only taken with --stamp)\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "securehealth check: unknown --format %q; use text or json\n", format)
		return exitUsage
	}
	loaded, diags, err := pipeline.Check(opts)
	if err != nil {
		fmt.Fprintf(stderr, "securehealth check: error: %v\n", err)
		return exitContent
	}
	var reports []translation.Report
	if loaded != nil {
		reports = loaded.Reports
	}
	failed := diags.HasErrors()
	if opts.Strict {
		for _, r := range reports {
			if r.Count(translation.Missing)+r.Count(translation.Outdated)+r.Count(translation.Orphaned) > 0 {
				failed = true
			}
		}
	}
	if format == "json" {
		writeCheckJSON(stdout, diags, reports)
	} else {
		printDiags(stderr, diags)
		if len(diags) > 0 {
			fmt.Fprintln(stderr, diags.Summary())
		}
		writeStatusText(stdout, reports)
	}
	if failed {
		return exitContent
	}
	return exitOK
}

func writeStatusText(w io.Writer, reports []translation.Report) {
	var b strings.Builder
	for _, r := range reports {
		fmt.Fprintf(&b, "%s: %d translated, %d missing, %d outdated, %d orphaned\n", r.Lang,
			r.Count(translation.Translated), r.Count(translation.Missing), r.Count(translation.Outdated), r.Count(translation.Orphaned))
		for _, e := range r.Entries {
			if e.Page.FM.Type == frontmatter.TypeQuiz {
				switch e.Status {
				case translation.Missing:
					fmt.Fprintf(&b, "  missing   %s: %s texts shown in %s (%s)\n", e.Page.Source, r.Lang, e.Original.Lang, strings.Join(e.Page.TextsMissing, ", "))
				case translation.Outdated:
					fmt.Fprintf(&b, "  outdated  %s: texts older than %s (%s)\n", quizOverlay(e.Page.Source, r.Lang), e.Page.Source, strings.Join(e.Page.TextsOutdated, ", "))
				}
				continue
			}
			switch e.Status {
			case translation.Missing:
				fmt.Fprintf(&b, "  missing   %s (shown from %s)\n", translatedPath(r.Lang, e.Original.Source), e.Original.Source)
			case translation.Outdated:
				was := e.Page.FM.TranslationOf
				if was == "" {
					was = "none"
				}
				fmt.Fprintf(&b, "  outdated  %s (translation_of: %s; %s is now %s)\n", e.Page.Source, was, e.Original.Source, e.Original.Hash)
			case translation.Orphaned:
				fmt.Fprintf(&b, "  orphaned  %s (no original in the default language)\n", e.Page.Source)
			}
		}
	}
	io.WriteString(w, b.String())
}

// quizOverlay is the overlay of a quiz in lang (<id>.<lang>.quiz.json beside the quiz, the
// only place the loader accepts it): where outdated texts are, and translation_of.
func quizOverlay(quizFile, lang string) string {
	return strings.TrimSuffix(quizFile, pipeline.QuizSuffix) + "." + lang + pipeline.QuizSuffix
}

// translatedPath is where the translation of a default-language file would go.
func translatedPath(lang, src string) string {
	_, rest, _ := strings.Cut(strings.TrimPrefix(src, "content/"), "/")
	return "content/" + lang + "/" + rest
}

// checkFormat names the shape of check --format json (docs/check.schema.json); it changes
// only when a key is removed or changes meaning.
const checkFormat = "securehealth-check/1"

// writeCheckJSON writes the diagnostics and the translation status as one JSON document, in
// the shape docs/check.schema.json describes.
func writeCheckJSON(w io.Writer, diags diag.List, reports []translation.Report) {
	type jsonDiag struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Hint     string `json:"hint,omitempty"`
	}
	type jsonEntry struct {
		Status   string   `json:"status"`
		File     string   `json:"file"`
		Original string   `json:"original,omitempty"`
		Recorded string   `json:"translation_of,omitempty"`
		Current  string   `json:"current,omitempty"`
		Texts    []string `json:"texts,omitempty"`
	}
	type jsonLang struct {
		Lang    string         `json:"lang"`
		Counts  map[string]int `json:"counts"`
		Entries []jsonEntry    `json:"pages"`
	}
	errs, warns := diags.Counts()
	out := struct {
		Format      string     `json:"format"`
		Errors      int        `json:"errors"`
		Warnings    int        `json:"warnings"`
		Diagnostics []jsonDiag `json:"diagnostics"`
		Languages   []jsonLang `json:"languages"`
	}{Format: checkFormat, Errors: errs, Warnings: warns, Diagnostics: []jsonDiag{}, Languages: []jsonLang{}}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Pos.File, max(d.Pos.Line, 1), max(d.Pos.Col, 1), d.Severity.String(), d.Message, d.Hint})
	}
	for _, r := range reports {
		l := jsonLang{Lang: r.Lang, Counts: map[string]int{}, Entries: []jsonEntry{}}
		for _, st := range translation.Statuses {
			l.Counts[st.String()] = r.Count(st)
		}
		for _, e := range r.Entries {
			je := jsonEntry{Status: e.Status.String(), File: e.Page.Source}
			quizTexts := e.Page.FM.Type == frontmatter.TypeQuiz
			if e.Status == translation.Missing && !quizTexts {
				je.File = translatedPath(r.Lang, e.Original.Source)
			}
			if e.Original != nil {
				je.Original, je.Current = e.Original.Source, e.Original.Hash
			}
			if e.Status != translation.Missing {
				je.Recorded = e.Page.FM.TranslationOf
			}
			if quizTexts {
				switch e.Status {
				case translation.Missing:
					je.Texts = e.Page.TextsMissing
				case translation.Outdated:
					je.File = quizOverlay(e.Page.Source, r.Lang)
					je.Texts = e.Page.TextsOutdated
				}
			}
			l.Entries = append(l.Entries, je)
		}
		out.Languages = append(out.Languages, l)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// runStamp records in each translated file the hash of its original, after a translator has
// brought the translation up to date.
func runStamp(opts pipeline.Options, files []string, stdout, stderr io.Writer) int {
	loaded, diags, err := pipeline.Check(opts)
	if err != nil || loaded == nil {
		printDiags(stderr, diags)
		fmt.Fprintf(stderr, "securehealth check: error: cannot load the site: %v\n", err)
		return exitContent
	}
	s := loaded.Site
	bySource := map[string]bool{}
	failed := false
	for _, file := range files {
		rel, err := filepath.Rel(opts.Source, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			fmt.Fprintf(stderr, "%s: error: not inside the site %s\n", file, opts.Source)
			failed = true
			continue
		}
		rel = filepath.ToSlash(rel)
		if bySource[rel] {
			continue
		}
		bySource[rel] = true
		if strings.HasSuffix(rel, pipeline.QuizSuffix) {
			if !stampOverlay(loaded, opts.Source, rel, stdout, stderr) {
				failed = true
			}
			continue
		}
		page, orig := findPage(loaded, rel)
		switch {
		case page == nil:
			fmt.Fprintf(stderr, "%s:1:1: error: not a page of the site; name a Markdown file under content/<language>/\n", rel)
			failed = true
			continue
		case page.Lang == s.Default.Code:
			fmt.Fprintf(stderr, "%s:1:1: error: %s is an original in the default language; stamp its translations instead\n", rel, rel)
			failed = true
			continue
		case orig == nil:
			fmt.Fprintf(stderr, "%s:1:1: error: no original in %s to stamp against; give it the translation_key of its original or remove it\n", rel, s.Default.Code)
			failed = true
			continue
		}
		path := filepath.Join(opts.Source, filepath.FromSlash(rel))
		src, err := os.ReadFile(path)
		if err == nil {
			src, ok := translation.Stamp(src, orig.Hash)
			if !ok {
				fmt.Fprintf(stderr, "%s:1:1: error: no front matter to record translation_of in; start the file with --- lines\n", rel)
				failed = true
				continue
			}
			err = writeFileAtomic(path, src)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: error: %v\n", rel, err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "%s: translation_of: %s (%s)\n", rel, orig.Hash, orig.Source)
	}
	if failed {
		return exitContent
	}
	return exitOK
}

func findPage(loaded *pipeline.Loaded, source string) (page, orig *site.Page) {
	for _, l := range loaded.Site.Languages {
		for _, p := range l.Pages {
			if p.Source == source && !p.IsFallback() {
				return p, p.TranslationIn(loaded.Site.Default.Code)
			}
		}
	}
	return nil, nil
}

// stampOverlay records in a quiz overlay (content/quizzes/<id>.<lang>.quiz.json) the hashes of
// its quiz's current default-language texts.
func stampOverlay(loaded *pipeline.Loaded, root, rel string, stdout, stderr io.Writer) bool {
	name := strings.TrimSuffix(path.Base(rel), pipeline.QuizSuffix)
	id, lang, isOverlay := strings.Cut(name, ".")
	q := loaded.Quizzes[id]
	switch {
	case !isOverlay:
		fmt.Fprintf(stderr, "%s:1:1: error: %s is a quiz, not an overlay; stamp its translations, content/quizzes/%s.<lang>.quiz.json\n", rel, rel, id)
		return false
	case q == nil:
		fmt.Fprintf(stderr, "%s:1:1: error: no quiz %q to stamp against\n", rel, id)
		return false
	}
	file := filepath.Join(root, filepath.FromSlash(rel))
	src, err := os.ReadFile(file)
	if err == nil {
		src, err = quiz.StampOverlay(src, q)
	}
	if err == nil {
		err = writeFileAtomic(file, src)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s:1:1: error: %v\n", rel, err)
		return false
	}
	fmt.Fprintf(stdout, "%s: translation_of recorded for %s (%s)\n", rel, lang, q.Source)
	return true
}
