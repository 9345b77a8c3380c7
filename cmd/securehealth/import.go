package main

import (
	"fmt"
	"io"
	"os"

	"github.com/securehealth/securehealth/internal/gdpr"
)

var importCmd = &command{
	Name:      "import",
	UsageLine: "import gdpr --lang xx FILE",
	Short:     "check an official GDPR text (Formex XML or EUR-Lex HTML) before pointing gdpr.official_text at it",
}

func init() { importCmd.Run = runImport }

func runImport(args []string, stdout, stderr io.Writer) int {
	if !subcommand(importCmd, "gdpr", args, stderr) {
		return exitUsage
	}
	fs := newFlagSet(importCmd, stderr)
	var lang string
	fs.StringVar(&lang, "lang", "", "language of the file, such as sl")
	if code, ok := parseArgs(fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() != 1 || lang == "" {
		fmt.Fprintf(stderr, "usage: securehealth %s\n", importCmd.UsageLine)
		return exitUsage
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: error: %v\n", file, err)
		return exitContent
	}
	reg, format, err := gdpr.Read(file, data, lang)
	if err != nil {
		fmt.Fprintf(stderr, "%s:1:1: error: %v; download the consolidated text of Regulation (EU) 2016/679 from EUR-Lex in this language\n", file, err)
		return exitContent
	}
	fmt.Fprintf(stdout, "%s: %s, language %s: %d chapters, %d articles, %d recitals, %d footnotes\n",
		file, format, reg.Lang, len(reg.Chapters), len(reg.Articles), len(reg.Recitals), len(reg.Footnotes))
	if a := reg.Article(9); a != nil {
		fmt.Fprintf(stdout, "Article 9: %s\n", a.Title)
	}
	fmt.Fprintf(stdout, "To use it, put it in a folder as gdpr-%s%s and set gdpr.official_text to that folder in config.yaml.\n",
		lang, map[bool]string{true: ".html", false: ".fmx.xml"}[format == gdpr.FormatEURLex])
	return exitOK
}
