package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
)

// site writes a small site into a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"config.yaml":              "title: Test\nlanguages:\n  - code: en\n    name: English\n",
		"content/en/_index.md":     "---\ntitle: Home\n---\nWelcome.\n",
		"content/en/breach.md":     "---\ntitle: Breaches\n---\nNotify within 72 hours.\n",
		"content/en/img/x.svg":     `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"content/en/img/_index.md": "---\ntitle: Images\n---\n![A diagram](x.svg)\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// start builds the site and serves it, watching for changes, until the test ends.
func start(t *testing.T, root string) (*Server, *httptest.Server) {
	t.Helper()
	s := New(pipeline.Options{Source: root})
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	hs := httptest.NewUnstartedServer(s)
	hs.Start()
	done := make(chan struct{})
	go func() {
		s.Watch(ctx, root, nil)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		hs.CloseClientConnections()
		hs.Close()
	})
	time.Sleep(50 * time.Millisecond) // the watcher has added its folders
	return s, hs
}

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func TestServe(t *testing.T) {
	root := site(t)
	_, hs := start(t, root)
	for _, tc := range []struct {
		path, ctype string
		status      int
		has         string
	}{
		{"/", "text/html; charset=utf-8", 200, "English"},
		{"/en/breach/", "text/html; charset=utf-8", 200, `<script src="/__securehealth/live.js" defer></script>`},
		{"/en/img/x.svg", "image/svg+xml", 200, "<svg"},
		{"/__securehealth/live.js", "text/javascript; charset=utf-8", 200, "EventSource"},
		{"/en/nowhere/", "text/html; charset=utf-8", 404, ""},
		{"/en/breach", "", 301, ""},
	} {
		status, ctype, body := get(t, hs.URL+tc.path)
		if status != tc.status || tc.ctype != "" && ctype != tc.ctype || !strings.Contains(body, tc.has) {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", tc.path, status, ctype, tc.status, tc.ctype, tc.has)
		}
	}
	// The built files themselves never hold the reload script.
	s := New(pipeline.Options{Source: root})
	s.Rebuild()
	if strings.Contains(string(s.files["en/breach/index.html"]), "__securehealth") {
		t.Error("the reload script is in the built page, not only in the served one")
	}
}

// TestTraversal: no spelling of a path outside the output reaches a file.
func TestTraversal(t *testing.T) {
	root := site(t)
	os.Symlink("/etc", filepath.Join(root, "content", "en", "etc"))
	s := New(pipeline.Options{Source: root})
	s.Rebuild() // the symlink leaving the site is a build error; the server serves what it has
	s.files = map[string][]byte{"index.html": []byte("<html></html>"), "404.html": []byte("<html>not found</html>")}
	hs := httptest.NewServer(s)
	defer hs.Close()
	for _, p := range []string{"/../config.yaml", "/%2e%2e/config.yaml", "/en/%2E%2E/%2e%2e/config.yaml",
		"/..%2fconfig.yaml", "/en/etc/passwd", "/en/etc/", "/config.yaml", "/content/en/breach.md", "/.%2e/config.yaml"} {
		req, _ := http.NewRequest("GET", hs.URL+"/", nil)
		req.URL.Opaque = p // sent as written, not cleaned by the client
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || strings.Contains(string(b), "root:") || strings.Contains(string(b), "title: Test") {
			t.Errorf("GET %s: %d %.40q, want 404", p, resp.StatusCode, b)
		}
	}
}

// events opens the event stream and returns a function that waits for the next event.
func events(t *testing.T, url string) func(timeout time.Duration) (string, string) {
	t.Helper()
	resp, err := http.Get(url + Prefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return func(timeout time.Duration) (name, data string) {
		deadline := time.After(timeout)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return "", ""
				}
				switch {
				case strings.HasPrefix(l, "event: "):
					name = strings.TrimPrefix(l, "event: ")
				case strings.HasPrefix(l, "data: "):
					data = strings.TrimPrefix(l, "data: ")
				case l == "" && name != "":
					return name, data
				}
			case <-deadline:
				return "timeout", ""
			}
		}
	}
}

// TestReload: saving a page sends a reload; a broken page sends its errors and keeps the
// last good page; the fix sends a reload.
func TestReload(t *testing.T) {
	root := site(t)
	_, hs := start(t, root)
	next := events(t, hs.URL)
	if name, _ := next(2 * time.Second); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}
	page := filepath.Join(root, "content", "en", "breach.md")
	save := func(body string) {
		// As editors do: write a temporary file, rename it over the page.
		tmp := page + ".tmp"
		if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, page); err != nil {
			t.Fatal(err)
		}
	}
	save("---\ntitle: Breaches\n---\nNotify within 72 hours, not later.\n")
	if name, _ := next(5 * time.Second); name != "reload" {
		t.Fatalf("after a save: event %q, want reload", name)
	}
	if _, _, body := get(t, hs.URL+"/en/breach/"); !strings.Contains(body, "not later") {
		t.Error("the page does not show the saved text")
	}
	save("---\ntitle: [Breaches\n---\nBroken.\n")
	name, data := next(5 * time.Second)
	if name != "errors" || !strings.Contains(data, `content/en/breach.md:2:`) {
		t.Fatalf("after a broken save: event %q %s, want errors naming content/en/breach.md:2", name, data)
	}
	if _, _, body := get(t, hs.URL+"/en/breach/"); !strings.Contains(body, "not later") {
		t.Error("the last good page is not served after a broken save")
	}
	// A browser that connects now hears about the errors at once.
	if n := events(t, hs.URL); true {
		n(2 * time.Second) // hello
		if name, _ := n(2 * time.Second); name != "errors" {
			t.Errorf("a new listener gets %q, want errors", name)
		}
	}
	save("---\ntitle: Breaches\n---\nFixed.\n")
	if name, _ := next(5 * time.Second); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
	// Editors' temporary files do not trigger builds.
	os.WriteFile(filepath.Join(root, "content", "en", ".#breach.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "content", "en", "breach.md~"), []byte("x"), 0o644)
	if name, _ := next(300 * time.Millisecond); name != "timeout" {
		t.Errorf("an editor's backup file caused %q", name)
	}
}
