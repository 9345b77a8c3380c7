package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/securehealth/securehealth/internal/pipeline"
	preview "github.com/securehealth/securehealth/internal/serve"
)

// TestServeOverlay opens a page of the preview server, breaks its source: the build's error
// appears over the page, with its file:line:col; the fix reloads the page without it.
func TestServeOverlay(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		"config.yaml":          "title: Test\nlanguages:\n  - code: en\n    name: English\n",
		"content/en/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
		"content/en/breach.md": "---\ntitle: Breaches\n---\nNotify within 72 hours.\n",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := preview.New(pipeline.Options{Source: root})
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	hs := httptest.NewServer(srv)
	done := make(chan struct{})
	go func() { srv.Watch(ctx, root, nil); close(done) }()
	t.Cleanup(func() { cancel(); <-done; hs.CloseClientConnections(); hs.Close() })
	time.Sleep(50 * time.Millisecond)

	tab, w := newTab(t)
	mustLoad(t, tab, hs.URL+"/en/breach/")
	waitFor(t, tab, `document.documentElement.getAttribute('data-live') === 'open'`, "the event stream")
	page := filepath.Join(root, "content", "en", "breach.md")
	os.WriteFile(page, []byte("---\ntitle: [Breaches\n---\nBroken.\n"), 0o644)
	waitFor(t, tab, `(() => { const e = document.getElementById('securehealth-errors'); return !!e && !e.hidden && e.textContent.includes('content/en/breach.md:2:'); })()`, "the error overlay")
	if got := evaluate[string](t, tab, `document.querySelector('main').textContent`); !strings.Contains(got, "Notify within 72 hours") {
		t.Errorf("the last good page is not shown under the overlay: %q", got)
	}
	violations, err := runAxe(tab)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		t.Errorf("overlay: %s", formatViolation(v))
	}
	os.WriteFile(page, []byte("---\ntitle: Breaches\n---\nFixed: notify within 72 hours.\n"), 0o644)
	waitNavigated(t, tab, `document.readyState === 'complete' && document.querySelector('main').textContent.includes('Fixed') && !document.getElementById('securehealth-errors')`, "the reload after the fix")
	noProblems(t, w)
}
