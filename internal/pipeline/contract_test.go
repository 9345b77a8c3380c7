package pipeline

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/testutil"
)

const repoRoot = "../.."

// TestRepoSiteDeterministic builds the bundled site twice into different folders and expects
// byte-identical trees.
func TestRepoSiteDeterministic(t *testing.T) {
	a := buildRepo(t, false)
	b := buildRepo(t, false)
	ta, tb := testutil.ReadTree(t, a), testutil.ReadTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("builds differ in file count: %d and %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	for _, code := range []string{"en", "sl", "hr", "el", "nl", "fr"} {
		if _, ok := ta[code+"/index.html"]; !ok {
			t.Errorf("no %s/index.html", code)
		}
	}
}

var (
	attrURL   = regexp.MustCompile(`<(\w+)[^>]*?\s(href|src)="([^"]*)"`)
	scriptTag = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	eventAttr = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	styleAttr = regexp.MustCompile(`(?i)<[^>]+\sstyle\s*=`)
)

// TestRepoSiteContract checks the output contract of DESIGN.md §4 on the bundled site: relative
// URLs only, no other origins but outbound links, no inline scripts, handlers or styles, and — in
// the offline build — every internal link names a file that exists.
func TestRepoSiteContract(t *testing.T) {
	for _, offline := range []bool{false, true} {
		out := buildRepo(t, offline)
		tree := testutil.ReadTree(t, out)
		for name, data := range tree {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			html := string(data)
			for _, tag := range scriptTag.FindAllString(html, -1) {
				// Data blocks (JSON-LD, quiz answer keys) are not executed, so CSP allows them.
				if !strings.Contains(tag, " src=") && !strings.Contains(tag, `type="application/ld+json"`) && !strings.Contains(tag, `type="application/json"`) {
					t.Errorf("%s: inline script %q", name, tag)
				}
			}
			if m := eventAttr.FindString(html); m != "" {
				t.Errorf("%s: event handler attribute in %q", name, m)
			}
			if m := styleAttr.FindString(html); m != "" {
				t.Errorf("%s: style attribute in %q", name, m)
			}
			for _, m := range attrURL.FindAllStringSubmatch(html, -1) {
				tag, attr, ref := m[1], m[2], m[3]
				switch {
				case strings.HasPrefix(ref, "/"):
					t.Errorf("%s: <%s %s=%q> is root-relative or protocol-relative", name, tag, attr, ref)
				case strings.Contains(ref, "://") || strings.HasPrefix(ref, "mailto:"):
					if tag != "a" {
						t.Errorf("%s: <%s %s=%q> loads from another origin", name, tag, attr, ref)
					}
				case offline:
					checkTarget(t, tree, name, ref)
				}
			}
		}
	}
}

// checkTarget verifies that a relative URL in an offline build names an existing file.
func checkTarget(t *testing.T, tree map[string][]byte, from, ref string) {
	t.Helper()
	ref, _, _ = strings.Cut(ref, "#")
	if ref == "" {
		return
	}
	p, err := url.PathUnescape(ref)
	if err != nil {
		t.Errorf("%s: bad URL %q", from, ref)
		return
	}
	target := path.Join(path.Dir(from), p)
	if _, ok := tree[target]; !ok {
		t.Errorf("%s: link %q names %s, which does not exist", from, ref, target)
	}
}

func buildRepo(t *testing.T, offline bool) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "config.yaml")); err != nil {
		t.Skip("no bundled site")
	}
	out := filepath.Join(t.TempDir(), "out")
	res, err := Build(Options{Source: repoRoot, Out: out, Offline: offline})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	for _, d := range res.Diags {
		t.Errorf("bundled site: %s", d)
	}
	return out
}
