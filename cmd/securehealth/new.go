package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/securehealth/securehealth/internal/config"
	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/quiz"
	"github.com/securehealth/securehealth/internal/source"
)

var newCmd = &command{
	Name:      "new",
	UsageLine: "new quiz ID [-s DIR]",
	Short:     "write a valid skeleton to start from: content/quizzes/ID.quiz.json",
}

func init() { newCmd.Run = runNew }

func runNew(args []string, stdout, stderr io.Writer) int {
	if !subcommand(newCmd, "quiz", args, stderr) {
		return exitUsage
	}
	fs := newFlagSet(newCmd, stderr)
	var root string
	siteFlags(fs, &root)
	// The id comes first (new quiz ID -s DIR), as people type it; flags may follow.
	rest := args[1:]
	var id string
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		id, rest = rest[0], rest[1:]
	}
	if code, ok := parseArgs(fs, rest); !ok {
		return code
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "securehealth new: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if id == "" {
		fmt.Fprintf(stderr, "usage: securehealth %s\n", newCmd.UsageLine)
		return exitUsage
	}
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
	path := filepath.Join(dir, id+pipeline.QuizSuffix)
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "securehealth new: %s exists; choose another id or edit it\n", filepath.ToSlash(path))
		return exitContent
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "securehealth new: error: %v\n", err)
		return exitContent
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.Write(quiz.Skeleton(id, langs))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "securehealth new: error: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "wrote %s; embed it in a module with quiz: %s in its front matter\n", filepath.ToSlash(path), id)
	return exitOK
}
