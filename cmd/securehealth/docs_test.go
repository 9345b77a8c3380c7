package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// The author docs show whole example sites as ```txtar blocks (docs/authoring.md explains the
// convention to readers): "-- path --" lines start the files of the site, and a
// "-- $ securehealth … --" line shows a command run in the site's root and, below it, what the
// command prints. TestDocExamples builds every such block, exactly as the docs show it, so
// that the docs cannot drift from the code.
//
// An HTML comment just before a block, starting with "<!-- example", holds what the test checks
// beyond a clean build (readers of the rendered page do not see it), one claim per line:
//
//	uses content/_data/gdpr/structure.yaml      copy this file of the repository into the site
//	build/en/about/index.html                   the site has this file (after the commands)
//	! build/en/about/index.html                 … does not have it
//	build/en/about/index.html ~ REGEXP          … has it, and it matches REGEXP
//	build/en/about/index.html !~ REGEXP         … has it, and it does not match REGEXP
//
// A block without command sections must build with no error and no warning. Command sections
// run in order, each with its standard error and then its standard output compared with the
// text below it: "…" in a line stands for any text, and a line holding only "…" for any
// number of lines. The expected exit status is 1 when that text has an error line and 0
// otherwise, unless the command ends with "# exit status N"; the output of
// check --format json must also match docs/check.schema.json. When the comment claims output
// files (build/…) and no command built the site, it is built at the end, again with no error
// and no warning. Failures name the doc line of the example, the section or the claim, and of
// each diagnostic's line in the example's files.

// docsWithExamples are the author docs that must each hold at least one built example.
var docsWithExamples = []string{"authoring.md", "quizzes.md", "toolbox.md", "translation.md", "gdpr.md", "cli.md"}

// A docExample is one ```txtar block of a doc page.
type docExample struct {
	File    string // docs/name.md
	Line    int    // line of the opening fence
	Archive *txtar.Archive
	Lines   map[string]int // doc line of each section's first line, by section name (the first such section)
	Markers []int          // doc line of each section's "-- name --" line, in the order of Archive.Files
	Claims  []docClaim
	Uses    []string // repository files copied into the site

	schema map[string]any // docs/check.schema.json, which check --format json output must match
}

// A docClaim is one line of an example's comment about its output.
type docClaim struct {
	Line    int // in the doc
	Path    string
	Absent  bool           // "! PATH"
	Match   *regexp.Regexp // "PATH ~ RE" or "PATH !~ RE"
	NoMatch bool
}

// claimsOutput reports whether a claim is about the output in build/.
func (ex *docExample) claimsOutput() bool {
	for _, c := range ex.Claims {
		if strings.HasPrefix(c.Path, "build/") {
			return true
		}
	}
	return false
}

func (ex *docExample) pos() string { return fmt.Sprintf("%s:%d", ex.File, ex.Line) }

func TestDocExamples(t *testing.T) {
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	count := map[string]int{}
	var examples []*docExample
	for _, doc := range docs {
		exs, err := parseDocExamples(doc)
		if err != nil {
			t.Fatal(err)
		}
		count[filepath.Base(doc)] += len(exs)
		examples = append(examples, exs...)
	}
	for _, name := range docsWithExamples {
		if count[name] == 0 {
			t.Errorf("docs/%s has no ```txtar example that the test builds", name)
		}
	}
	schema := loadCheckSchema(t) // before the examples change directory
	for _, ex := range examples {
		ex.schema = schema
		t.Run(strings.TrimPrefix(ex.pos(), "docs/"), func(t *testing.T) { runDocExample(t, ex) })
	}
}

var (
	fenceRE  = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)")
	markerRE = regexp.MustCompile(`^-- (.+) --$`) // as txtar reads a file marker
	errorRE  = regexp.MustCompile(`(?m)(^|: )error: |^[1-9][0-9]* errors?, `)
	exitRE   = regexp.MustCompile(`^(.*?)\s+#\s*exit status (\d+)$`)
)

// parseDocExamples finds the ```txtar blocks of a Markdown file and the example comments
// just before them.
func parseDocExamples(path string) ([]*docExample, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file := "docs/" + filepath.Base(path)
	var (
		examples     []*docExample
		fence        string // the open fence, "" outside a code block
		block        *docExample
		body         []string
		comment      []string // the last example comment, while only blank lines follow it
		commentLine  int
		inComment    bool
		commentStart int
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if fence != "" {
			if m := fenceRE.FindStringSubmatch(line); m != nil && m[2] == "" && m[1][0] == fence[0] && len(m[1]) >= len(fence) {
				fence = ""
				if block != nil {
					if err := finishExample(block, body); err != nil {
						return nil, err
					}
					examples = append(examples, block)
					block = nil
				}
				continue
			}
			if block != nil {
				body = append(body, line)
			}
			continue
		}
		if inComment {
			comment = append(comment, line)
			if strings.Contains(line, "-->") {
				inComment = false
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			fence = m[1]
			if m[2] == "txtar" {
				block = &docExample{File: file, Line: n, Lines: map[string]int{}}
				body = nil
				if comment != nil {
					if err := parseClaims(block, comment, commentLine); err != nil {
						return nil, err
					}
				}
			}
			comment = nil
			continue
		}
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "<!-- example"):
			comment, commentLine, commentStart = []string{line}, n, n
			inComment = !strings.Contains(line, "-->")
		case strings.TrimSpace(line) == "":
		default:
			comment = nil
		}
	}
	if fence != "" || inComment {
		return nil, fmt.Errorf("%s: unclosed code block or comment (started by line %d)", file, max(commentStart, 1))
	}
	return examples, sc.Err()
}

// parseClaims reads the claims of an example comment whose first line is doc line first.
func parseClaims(ex *docExample, comment []string, first int) error {
	for i, line := range comment {
		n := first + i
		line = strings.TrimSpace(line)
		if i == 0 {
			continue // the rest of the first line is a title for readers of the source
		}
		line, _, _ = strings.Cut(line, "-->")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %s: %q", ex.File, n, why, line) }
		if rest, ok := strings.CutPrefix(line, "uses "); ok {
			ex.Uses = append(ex.Uses, strings.TrimSpace(rest))
			continue
		}
		c := docClaim{Line: n}
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			c.Absent, line = true, strings.TrimSpace(rest)
		}
		p, rest, _ := strings.Cut(line, " ")
		c.Path, rest = p, strings.TrimSpace(rest)
		if !filepath.IsLocal(filepath.FromSlash(c.Path)) {
			return bad("a claim names a file inside the site, such as build/en/index.html")
		}
		switch {
		case rest == "":
		case c.Absent:
			return bad("! PATH takes no pattern")
		case strings.HasPrefix(rest, "~ "), strings.HasPrefix(rest, "!~ "):
			c.NoMatch = rest[0] == '!'
			re, err := regexp.Compile(strings.TrimSpace(rest[strings.Index(rest, "~")+1:]))
			if err != nil {
				return bad(err.Error())
			}
			c.Match = re
		default:
			return bad("write PATH, ! PATH, PATH ~ REGEXP or PATH !~ REGEXP")
		}
		ex.Claims = append(ex.Claims, c)
	}
	return nil
}

// finishExample parses the body of a txtar block and records where each section starts.
func finishExample(ex *docExample, body []string) error {
	text := strings.Join(body, "\n") + "\n"
	ex.Archive = txtar.Parse([]byte(text))
	if len(ex.Archive.Files) == 0 {
		return fmt.Errorf("%s: a txtar example has no -- file -- sections", ex.pos())
	}
	for i, line := range body {
		if m := markerRE.FindStringSubmatch(line); m != nil {
			ex.Markers = append(ex.Markers, ex.Line+1+i)
			if _, seen := ex.Lines[m[1]]; !seen {
				ex.Lines[m[1]] = ex.Line + 1 + i + 1
			}
		}
	}
	if len(ex.Markers) != len(ex.Archive.Files) {
		return fmt.Errorf("%s: %d sections, but txtar reads %d", ex.pos(), len(ex.Markers), len(ex.Archive.Files))
	}
	return nil
}

func runDocExample(t *testing.T, ex *docExample) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // commands run in the site root, as a reader types them
	for _, u := range ex.Uses {
		data, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(u)))
		if err != nil {
			t.Fatalf("%s: uses: %v", ex.pos(), err)
		}
		writeExampleFile(t, ex, u, data)
	}
	ranCommand, built := false, false
	for i, f := range ex.Archive.Files {
		cmd, ok := strings.CutPrefix(f.Name, "$ ")
		if !ok {
			writeExampleFile(t, ex, f.Name, f.Data)
			continue
		}
		ranCommand = true
		at := fmt.Sprintf("%s:%d", ex.File, ex.Markers[i])
		if runExampleCommand(t, ex, at, cmd, string(f.Data)) == "build" {
			built = true
		}
	}
	if !ranCommand || ex.claimsOutput() && !built {
		var o, e bytes.Buffer
		code := run([]string{"build"}, &o, &e)
		if code != 0 || e.Len() > 0 {
			t.Fatalf("%s: the example does not build cleanly (exit status %d):\n%s", ex.pos(), code, ex.locate(e.String()))
		}
	}
	for _, c := range ex.Claims {
		data, err := os.ReadFile(filepath.FromSlash(c.Path))
		at := fmt.Sprintf("%s:%d", ex.File, c.Line)
		switch {
		case c.Absent:
			if err == nil {
				t.Errorf("%s: the output has %s, which the example says it does not", at, c.Path)
			}
		case err != nil:
			t.Errorf("%s: the output has no %s", at, c.Path)
		case c.Match != nil && c.Match.Match(data) == c.NoMatch:
			verb := "does not match"
			if c.NoMatch {
				verb = "matches"
			}
			t.Errorf("%s: %s %s %s", at, c.Path, verb, c.Match)
		}
	}
}

// writeExampleFile writes one file of an example into the current directory.
func writeExampleFile(t *testing.T, ex *docExample, name string, data []byte) {
	t.Helper()
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		t.Fatalf("%s: %q is not a path inside the site", ex.pos(), name)
	}
	p := filepath.FromSlash(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runExampleCommand runs the command of a "-- $ securehealth … --" section and compares its
// output and exit status with the section; it returns the subcommand.
// at is the doc line of the section.
func runExampleCommand(t *testing.T, ex *docExample, at, cmd, want string) string {
	t.Helper()
	wantCode := 0
	if errorRE.MatchString(want) {
		wantCode = 1
	}
	if m := exitRE.FindStringSubmatch(cmd); m != nil {
		cmd = m[1]
		wantCode, _ = strconv.Atoi(m[2])
	}
	args := strings.Fields(cmd)
	if len(args) < 2 || args[0] != "securehealth" {
		t.Fatalf("%s: %q: an example runs securehealth COMMAND …", at, cmd)
	}
	var o, e bytes.Buffer
	code := run(args[1:], &o, &e)
	got := e.String() + o.String()
	if !matchOutput(want, got) {
		t.Errorf("%s: $ %s printed something else than the example shows:\n--- the example\n%s--- the output\n%s", at, cmd, want, ex.locate(got))
	}
	if args[1] == "check" && strings.Contains(" "+cmd+" ", " --format json ") {
		var v any
		if err := json.Unmarshal(o.Bytes(), &v); err != nil {
			t.Errorf("%s: $ %s: output is not JSON: %v", at, cmd, err)
		} else if errs := (&validator{root: ex.schema}).validate(ex.schema, v, "$"); len(errs) > 0 {
			t.Errorf("%s: $ %s: output does not match docs/check.schema.json:\n  %s", at, cmd, strings.Join(errs, "\n  "))
		}
	}
	if code != wantCode {
		t.Errorf("%s: $ %s: exit status %d, want %d (write \"# exit status N\" after the command when it is not the status its output suggests)", at, cmd, code, wantCode)
	}
	return args[1]
}

// matchOutput reports whether got is the output want shows, where "…" in a line stands for any
// text and a line holding only "…" for any number of lines.
func matchOutput(want, got string) bool {
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if want == "" {
		w = nil
	}
	if got == "" {
		g = nil
	}
	var match func(w, g []string) bool
	match = func(w, g []string) bool {
		if len(w) == 0 {
			return len(g) == 0
		}
		if w[0] == "…" {
			for i := 0; i <= len(g); i++ {
				if match(w[1:], g[i:]) {
					return true
				}
			}
			return false
		}
		return len(g) > 0 && lineMatches(w[0], g[0]) && match(w[1:], g[1:])
	}
	return match(w, g)
}

func lineMatches(want, got string) bool {
	parts := strings.Split(want, "…")
	var re strings.Builder
	re.WriteString("^")
	for i, p := range parts {
		if i > 0 {
			re.WriteString(".*")
		}
		re.WriteString(regexp.QuoteMeta(p))
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(got)
}

// locate adds, to each diagnostic line about a file of the example, the doc line it is on, so
// that a failure points into the doc.
func (ex *docExample) locate(out string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		b.WriteString(line)
		file, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		start, ok := ex.Lines[file]
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ":")
		if n, err := strconv.Atoi(num); err == nil {
			fmt.Fprintf(&b, "    (that is %s:%d)\n", ex.File, start+n-1)
		}
	}
	return b.String()
}

func TestMatchOutput(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		ok        bool
	}{
		{"", "", true},
		{"", "x\n", false},
		{"a\nb\n", "a\nb\n", true},
		{"a\nb\n", "a\n", false},
		{"a.b\n", "axb\n", false}, // no regexp
		{"built 3 pages in …\n", "built 3 pages in 12ms\n", true},
		{"built 3 pages in …\n", "built 4 pages in 12ms\n", false},
		{"![…](x.png)\n", "![…](x.png)\n", true},
		{"first\n…\nlast\n", "first\nlast\n", true},
		{"first\n…\nlast\n", "first\n1\n2\nlast\n", true},
		{"first\n…\n", "first\n1\n2\n", true},
		{"first\n…\nlast\n", "first\n1\n", false},
	} {
		if got := matchOutput(tc.want, tc.got); got != tc.ok {
			t.Errorf("matchOutput(%q, %q) = %v, want %v", tc.want, tc.got, got, tc.ok)
		}
	}
}

// TestParseDocExamples checks the reading of blocks and claims: a txtar block in another code
// block is not an example, and each example keeps its claims and section lines.
func TestParseDocExamples(t *testing.T) {
	doc := "# Doc\n" + // 1
		"\n" + // 2
		"<!-- example: a page\n" + // 3
		"uses content/_data/x.yaml\n" + // 4
		"build/en/index.html ~ <h1>Home</h1>\n" + // 5
		"! build/en/x/index.html\n" + // 6
		"-->\n" + // 7
		"```txtar\n" + // 8
		"-- config.yaml --\n" + // 9
		"title: T\n" + // 10
		"-- $ securehealth check  # exit status 1 --\n" + // 11
		"```\n" + // 12
		"````markdown\n" + // 13
		"```txtar\n" + // 14
		"-- a --\n" + // 15
		"```\n" + // 16
		"````\n" // 17
	path := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	exs, err := parseDocExamples(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 1 {
		t.Fatalf("%d examples, want 1", len(exs))
	}
	ex := exs[0]
	if ex.Line != 8 || len(ex.Archive.Files) != 2 || ex.Markers[0] != 9 || ex.Markers[1] != 11 || ex.Lines["config.yaml"] != 10 {
		t.Errorf("example at line %d, %d files, markers %v, lines %v", ex.Line, len(ex.Archive.Files), ex.Markers, ex.Lines)
	}
	if len(ex.Uses) != 1 || ex.Uses[0] != "content/_data/x.yaml" {
		t.Errorf("uses %q", ex.Uses)
	}
	if len(ex.Claims) != 2 || ex.Claims[0].Line != 5 || ex.Claims[0].Match == nil || !ex.Claims[1].Absent {
		t.Errorf("claims %+v", ex.Claims)
	}
}
