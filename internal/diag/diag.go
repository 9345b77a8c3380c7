// Package diag holds the diagnostics every build stage reports: a position in an author's file,
// a severity, a message and an optional hint, printed as "path:line:col: error: message; hint".
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// A Pos is a place in a source file; Path is relative to the site root, with forward slashes.
// Line and Col count from 1; a problem with a whole file is reported at 1:1, so that every
// diagnostic has the same path:line:col shape for editors and CI annotations.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	line, col := max(p.Line, 1), max(p.Col, 1)
	return fmt.Sprintf("%s:%d:%d", p.File, line, col)
}

// A Severity says whether a diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// A Diagnostic is one problem found in an author's input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
	Hint     string // how to fix it; printed after "; "
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString("; ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// A List collects the diagnostics of a stage. The zero value is ready to use.
type List []Diagnostic

// Errorf records an error at pos; hint may be empty.
func (l *List) Errorf(pos Pos, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf records a warning at pos; hint may be empty.
func (l *List) Warnf(pos Pos, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Add appends every diagnostic of other.
func (l *List) Add(other List) { *l = append(*l, other...) }

// Counts returns the number of errors and of warnings.
func (l List) Counts() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	e, _ := l.Counts()
	return e > 0
}

// Sort orders the list by file, line, column, then message, so output does not depend on the
// order in which parallel stages found the problems.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
}

// Summary is the closing line of a report: "2 errors, 1 warning".
func (l List) Summary() string {
	e, w := l.Counts()
	return plural(e, "error") + ", " + plural(w, "warning")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// LineCol converts a byte offset in src to a 1-based line and a 1-based column counted in
// runes, as editors show it.
func LineCol(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line = 1
	start := 0
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, len([]rune(string(src[start:offset]))) + 1
}
