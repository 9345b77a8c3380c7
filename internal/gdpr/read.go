package gdpr

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Formats of the official text.
const (
	FormatFormex = "Formex XML"
	FormatEURLex = "EUR-Lex HTML"
)

// Read reads the official text in either format, telling them apart by the file name's
// extension, then by content; it returns the format it read.
func Read(name string, data []byte, lang string) (*Regulation, string, error) {
	if IsHTML(name, data) {
		r, err := ReadEURLexHTML(bytes.NewReader(data), lang)
		return r, FormatEURLex, err
	}
	r, err := ReadFormex(bytes.NewReader(data), lang)
	return r, FormatFormex, err
}

// IsHTML tells EUR-Lex HTML pages from Formex XML by name, then by content.
func IsHTML(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return true
	case ".xml":
		return false
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	return strings.Contains(head, "<!doctype html") || strings.Contains(head, "<html")
}

// FileNames are the names an official-text folder may hold for lang, in order of preference:
// Formex first, as the EUR-Lex HTML page of the act may be the 2016 text without the 2018
// corrigendum.
func FileNames(lang string) []string {
	return []string{"gdpr-" + lang + ".fmx.xml", "gdpr-" + lang + ".xml", "gdpr-" + lang + ".html", "gdpr-" + lang + ".eurlex.html"}
}
