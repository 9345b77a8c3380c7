package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// The environment variables that control the browser tests.
const (
	envE2E         = "SECUREHEALTH_E2E"         // "1": a missing browser or axe-core is an error, not a skip
	envAxe         = "SECUREHEALTH_AXE"         // path of axe.min.js
	envScreenshots = "SECUREHEALTH_SCREENSHOTS" // directory to save screenshots into
	envBinary      = "SECUREHEALTH_BIN"         // a securehealth binary to test instead of building one
)

// chromiumPath is Debian's Chromium, the browser that .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

var (
	repoRoot   string          // the directory that holds go.mod
	missing    string          // why the browser tests cannot run here; "" when they can
	axeSource  string          // the text of axe.min.js
	tmpDir     string          // binary, built sites and the browser profile
	browserCtx context.Context // the one browser that every test opens its tabs in
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	var err error
	if repoRoot, err = findRepoRoot(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	if missing = findPrerequisites(); missing != "" {
		return m.Run()
	}
	if tmpDir, err = os.MkdirTemp("", "securehealth-e2e-"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmpDir)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		allocatorOptions(filepath.Join(tmpDir, "profile"))...)
	var cancelBrowser context.CancelFunc
	browserCtx, cancelBrowser = chromedp.NewContext(allocCtx)

	code := m.Run()

	// Close the browser gracefully and wait for the process to exit, so that removing
	// its profile directory does not race with its last writes.
	if startBrowser() == nil {
		_ = chromedp.Cancel(browserCtx)
	}
	cancelBrowser()
	cancelAlloc()
	if c := chromedp.FromContext(allocCtx); c != nil && c.Allocator != nil {
		c.Allocator.Wait()
	}
	return code
}

// allocatorOptions are the flags Chromium needs on a machine with a closed network: without
// the background-networking flags it keeps trying to reach Google's hosts, and those
// requests would also pollute the privacy test.
func allocatorOptions(profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(profile),
	}
}

// startBrowser starts Chromium once, on first use, so that tests that do not need it
// (or a -run that selects none) do not pay for it.
var startBrowser = sync.OnceValue(func() error {
	return chromedp.Do(browserCtx)
})

// findRepoRoot walks up from the working directory (the package directory under go test)
// to the directory that holds go.mod.
func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// findPrerequisites reads axe-core and looks for Chromium; it returns what is missing.
func findPrerequisites() string {
	var why []string
	if fi, err := os.Stat(chromiumPath); err != nil || fi.IsDir() {
		why = append(why, chromiumPath+" not found (apt-get install chromium)")
	}
	axePath := os.Getenv(envAxe)
	if axePath == "" {
		axePath = filepath.Join(repoRoot, ".ci", "node_modules", "axe-core", "axe.min.js")
	}
	if b, err := os.ReadFile(axePath); err != nil {
		why = append(why, fmt.Sprintf("axe-core not found at %s (npm install --prefix .ci axe-core@4, or set %s)", axePath, envAxe))
	} else {
		axeSource = string(b)
	}
	return strings.Join(why, "; ")
}

// requireBrowser skips the test when Chromium or axe-core is missing, or fails it when
// SECUREHEALTH_E2E=1 says they must be there; then it makes sure the browser runs.
func requireBrowser(t *testing.T) {
	t.Helper()
	if missing != "" {
		if os.Getenv(envE2E) == "1" {
			t.Fatalf("%s=1, but %s", envE2E, missing)
		}
		t.Skipf("skipping browser test: %s; .ci/run installs both (set %s=1 to make this an error)", missing, envE2E)
	}
	if err := startBrowser(); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
}

// binary builds the securehealth command once, unless SECUREHEALTH_BIN names one.
var binary = sync.OnceValues(func() (string, error) {
	if bin := os.Getenv(envBinary); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(tmpDir, "securehealth")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/securehealth")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/securehealth: %v\n%s", err, out)
	}
	return bin, nil
})

// A site is a source tree built twice with the securehealth command: for a web server
// and --offline for file://.
type site struct {
	name string // name of the subtests
	src  string // the site root: config.yaml and content/
	out  string // securehealth build
	off  string // securehealth build --offline
}

// The two sites under test: the repository's own and the small one in testdata/e2e-site,
// each built once, on first use.
var (
	repoSite = sync.OnceValues(func() (*site, error) {
		src, err := withOfficialText(repoRoot)
		if err != nil {
			return nil, err
		}
		return buildSite("repo", src)
	})
	testSite = sync.OnceValues(func() (*site, error) {
		return buildSite("e2e-site", filepath.Join(repoRoot, "testdata", "e2e-site"))
	})
)

// officialTextDir holds the official GDPR texts beside the repository (DESIGN §7: the tests
// point gdpr.official_text at ../shared/eurlex).
func officialTextDir() string {
	dir := filepath.Join(repoRoot, "..", "shared", "eurlex")
	if _, err := os.Stat(filepath.Join(dir, "gdpr-en.fmx.xml")); err != nil {
		return ""
	}
	return dir
}

// withOfficialText returns a site root that is root with gdpr.official_text pointing at the
// official texts, when they are there: its content and themes are links to root's, and its
// config.yaml is root's with that one value set. Without the texts it returns root.
func withOfficialText(root string) (string, error) {
	dir := officialTextDir()
	if dir == "" {
		return root, nil
	}
	cfg, err := os.ReadFile(filepath.Join(root, "config.yaml"))
	if err != nil {
		return "", err
	}
	const unset = "  official_text: \"\""
	if !bytes.Contains(cfg, []byte(unset)) {
		return "", fmt.Errorf("config.yaml has no %q line to point at %s", unset, dir)
	}
	cfg = bytes.Replace(cfg, []byte(unset), []byte("  official_text: "+strconv.Quote(dir)), 1)
	src := filepath.Join(tmpDir, "repo-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	for _, name := range []string{"content", "themes"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			if err := os.Symlink(filepath.Join(root, name), filepath.Join(src, name)); err != nil {
				return "", err
			}
		}
	}
	return src, os.WriteFile(filepath.Join(src, "config.yaml"), cfg, 0o644)
}

func buildSite(name, src string) (*site, error) {
	bin, err := binary()
	if err != nil {
		return nil, err
	}
	s := &site{
		name: name,
		src:  src,
		out:  filepath.Join(tmpDir, name, "out"),
		off:  filepath.Join(tmpDir, name, "off"),
	}
	for _, args := range [][]string{
		{"build", "-s", src, "-o", s.out},
		{"build", "--offline", "-s", src, "-o", s.off},
	} {
		cmd := exec.Command(bin, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("securehealth %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return s, nil
}

// forEachSite runs f as a subtest for each site, after building it. The tests that use it
// run in parallel, each in its own tab: axe-core and page loads keep one core busy each.
func forEachSite(t *testing.T, f func(t *testing.T, s *site)) {
	t.Helper()
	requireBrowser(t)
	t.Parallel()
	for _, build := range []func() (*site, error){testSite, repoSite} {
		s, err := build()
		if err != nil {
			t.Errorf("building a site: %v", err)
			continue
		}
		t.Run(s.name, func(t *testing.T) { f(t, s) })
	}
}
