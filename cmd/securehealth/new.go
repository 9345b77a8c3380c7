package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/source"
)

var newCmd = &command{
	Name:      "new",
	UsageLine: "new module|lesson|template PATH [-s DIR] | new quiz ID [-s DIR]",
	Short:     "write a valid, commented skeleton to start from: a module, lesson or toolbox template page in the default language, or a quiz",
}

func init() { newCmd.Run = runNew }

// skeletons holds the page skeletons of new module|lesson|template; @TITLE@, @PATH@, @QUIZ@
// and @ID@ are replaced.
//
//go:embed skeleton/*.md
var skeletons embed.FS

// generatedSections are the folders of each language that the build fills itself, with what
// it puts there: a page written into one would clash with the build's own pages.
var generatedSections = map[string]string{
	pipeline.ReferenceDir:                        "the GDPR reference",
	source.QuizzesDir:                            "the quizzes' pages",
	strings.TrimSuffix(render.SearchDir, "/"):    "the search page and index",
	strings.TrimSuffix(render.ProgressDir, "/"):  "the learner's progress page",
	strings.TrimSuffix(render.StatusDir, "/"):    "the translation status report",
	strings.TrimSuffix(render.DownloadsDir, "/"): "the download page of securehealth package",
}

// pageExamples are the PATHs the usage messages suggest.
var pageExamples = map[string]string{
	"module":   "dpo-curriculum/m3-breaches",
	"lesson":   "dpo-curriculum/m3-breaches/notification",
	"template": "toolbox/mentoring-agreement",
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(newCmd, stderr)
	var root string
	siteFlags(fs, &root)
	if len(args) == 0 {
		fmt.Fprintf(stderr, "usage: securehealth %s\n", newCmd.UsageLine)
		return exitUsage
	}
	kind := args[0]
	switch kind {
	case "quiz", "module", "lesson", "template":
	case "-h", "-help", "--help":
		fs.Usage()
		return exitOK
	default:
		fmt.Fprintf(stderr, "securehealth new: unknown kind %q; use module, lesson, template or quiz\n", kind)
		fmt.Fprintf(stderr, "usage: securehealth %s\n", newCmd.UsageLine)
		return exitUsage
	}
	arg, code, ok := newArg(fs, args[1:])
	if !ok {
		return code
	}
	if kind == "quiz" {
		return newQuiz(root, arg, stdout, stderr)
	}
	return newPage(root, kind, arg, stdout, stderr)
}

// newArg parses the flags around the one positional argument, which comes first as people
// type it (new quiz ID -s DIR) but may also follow the flags.
func newArg(fs *flag.FlagSet, args []string) (arg string, code int, ok bool) {
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		arg, args = args[0], args[1:]
	}
	if code, ok := parseArgs(fs, args); !ok {
		return "", code, false
	}
	if arg == "" && fs.NArg() == 1 {
		arg = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "securehealth new: unexpected argument %q\n", fs.Arg(0))
		return "", exitUsage, false
	}
	if arg == "" {
		fmt.Fprintf(fs.Output(), "usage: securehealth %s\n", newCmd.UsageLine)
		return "", exitUsage, false
	}
	return arg, exitOK, true
}

func newQuiz(root, id string, stdout, stderr io.Writer) int {
	if !quiz.ValidID(id) {
		fmt.Fprintf(stderr, "securehealth new: quiz id %q: use lower-case letters, digits, - and _, such as dpo-m3-breach\n", id)
		return exitUsage
	}
	cfg, diags := config.Load(os.DirFS(root))
	if cfg == nil {
		printDiags(stderr, diags)
		return exitContent
	}
	langs := []string{cfg.DefaultLanguage} // Skeleton takes the default language first
	for _, l := range cfg.Languages {
		if l.Code != cfg.DefaultLanguage {
			langs = append(langs, l.Code)
		}
	}
	dir := filepath.Join(root, source.ContentDir, source.QuizzesDir)
	file := filepath.Join(dir, id+pipeline.QuizSuffix)
	if _, err := os.Stat(file); err == nil {
		fmt.Fprintf(stderr, "securehealth new: %s exists; choose another id or edit it\n", filepath.ToSlash(file))
		return exitContent
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "securehealth new: error: %v\n", err)
		return exitContent
	}
	if err := createFile(file, quiz.Skeleton(id, langs)); err != nil {
		fmt.Fprintf(stderr, "securehealth new: error: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "wrote %s; embed it in a module with quiz: %s in its front matter\n", filepath.ToSlash(file), id)
	return exitOK
}

// newPage writes the skeleton of a module (a bundle: PATH/index.md), a lesson (PATH.md inside
// an existing module bundle) or a toolbox template (PATH.md) into the default language's tree.
func newPage(root, kind, arg string, stdout, stderr io.Writer) int {
	lang, rel, err := pagePath(kind, arg)
	if err != nil {
		fmt.Fprintf(stderr, "securehealth new: %v\n", err)
		return exitUsage
	}
	cfg, diags := config.Load(os.DirFS(root))
	if cfg == nil {
		printDiags(stderr, diags)
		return exitContent
	}
	def := cfg.DefaultLanguage
	if lang != "" && lang != def {
		fmt.Fprintf(stderr, "securehealth new: new writes pages in the default language, %s; give PATH relative to content/%s, such as %s\n",
			def, def, pageExamples[kind])
		return exitUsage
	}
	tree := filepath.Join(root, source.ContentDir, def)
	show := func(rel string) string { return filepath.ToSlash(filepath.Join(tree, filepath.FromSlash(rel))) }
	if top, _, nested := strings.Cut(rel, "/"); generatedSections[top] != "" {
		where := top + "/"
		if nested {
			where = "inside " + where
		}
		fmt.Fprintf(stderr, "securehealth new: %s path %q is %s, which the build fills itself in every language (%s); choose another folder\n",
			kind, arg, where, generatedSections[top])
		return exitUsage
	}

	// Any of these would publish a page at the same address as the new one.
	for _, other := range []string{rel + ".md", rel + "/index.md", rel + "/_index.md"} {
		if _, err := os.Stat(filepath.Join(tree, filepath.FromSlash(other))); err == nil {
			fmt.Fprintf(stderr, "securehealth new: %s exists; choose another path or edit it\n", show(other))
			return exitContent
		}
	}
	name := path.Base(rel)
	quizID := name
	target := rel + ".md"
	next := ""
	switch kind {
	case "module":
		target = rel + "/index.md"
		next = fmt.Sprintf("; add its lessons with securehealth new lesson %s/NAME", rel)
	case "lesson":
		module := path.Dir(rel)
		if msg := checkModule(tree, module, show(module+"/index.md")); msg != "" {
			fmt.Fprintf(stderr, "securehealth new: %s\n", msg)
			return exitContent
		}
		quizID = path.Base(module) + "-" + name
		next = ", a lesson of " + show(module+"/index.md")
	case "template":
		id := strings.TrimSuffix(path.Base(target), ".md")
		next = fmt.Sprintf("; its template id is %s", id)
	}
	if !quiz.ValidID(quizID) {
		quizID = "ID"
	}
	skel, err := skeletons.ReadFile("skeleton/" + kind + ".md")
	if err != nil {
		panic(err) // embedded
	}
	text := strings.NewReplacer("@TITLE@", titleOf(name), "@PATH@", rel, "@QUIZ@", quizID, "@ID@", name).Replace(string(skel))

	file := filepath.Join(tree, filepath.FromSlash(target))
	err = os.MkdirAll(filepath.Dir(file), 0o755)
	if err == nil {
		err = createFile(file, []byte(text))
	}
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "securehealth new: %s exists; choose another path or edit it\n", show(target))
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "securehealth new: error: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "wrote %s%s\n", show(target), next)
	return exitOK
}

// checkModule returns why a lesson cannot go into the folder module, or "" when the folder is
// a module bundle: its index.md exists and has type: module.
func checkModule(tree, module, shown string) string {
	src, err := os.ReadFile(filepath.Join(tree, filepath.FromSlash(module), "index.md"))
	if err != nil {
		return fmt.Sprintf("no module %s; a lesson goes inside a module bundle: start it with securehealth new module %s", shown, module)
	}
	var diags diag.List
	fm := frontmatter.Parse(shown, src, &diags)
	if !diags.HasErrors() && fm.Type != frontmatter.TypeModule {
		return fmt.Sprintf("%s is not a module (type: %s); a lesson goes inside a module bundle, whose index.md has type: module", shown, fm.Type)
	}
	return ""
}

// pagePath checks the PATH of new module|lesson|template and returns it relative to the
// language tree, with forward slashes and without .md; lang is set when PATH was given from
// the site root (content/en/…).
func pagePath(kind, arg string) (lang, rel string, err error) {
	p := strings.Trim(filepath.ToSlash(arg), "/")
	if rest, ok := strings.CutPrefix(p, source.ContentDir+"/"); ok {
		lang, p, _ = strings.Cut(rest, "/")
	}
	p = strings.TrimSuffix(p, ".md")
	if kind == "module" {
		p = strings.TrimSuffix(p, "/index") // the module's own file, given as its path
	}
	bad := func(why string) error {
		return fmt.Errorf("%s path %q: %s, such as %s", kind, arg, why, pageExamples[kind])
	}
	parts := strings.Split(p, "/")
	for _, part := range parts {
		if !validName(part) {
			return "", "", bad("use lower-case letters, digits and hyphens in each part, relative to content/<language>/")
		}
	}
	switch last := parts[len(parts)-1]; {
	case last == "index":
		return "", "", bad("index is the file of a bundle's own page; name the new page")
	case kind == "lesson" && len(parts) < 2:
		return "", "", bad("name the module folder first, then the lesson")
	}
	return lang, p, nil
}

// validName reports whether s is a file or folder name the docs recommend: lower-case letters
// (of any script), digits and inner hyphens; it becomes part of the page's URL.
func validName(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r == '-' || unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsUpper(r)) {
			return false
		}
	}
	return true
}

// titleOf makes a placeholder title from a file name: m3-breaches → M3 breaches.
func titleOf(name string) string {
	t := strings.ReplaceAll(name, "-", " ")
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}
