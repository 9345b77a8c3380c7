package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// firefoxUA is the user agent of Firefox on Linux, which keeps a separate localStorage for
// every page opened from a file.
const firefoxUA = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"

// visibleStorageNotices counts the notices that say results stay on their page.
const visibleStorageNotices = `Array.from(document.querySelectorAll('[data-storage-separate]')).filter(e => !e.hidden && !e.closest('[hidden]')).length`

func setUserAgent(t *testing.T, ctx context.Context, ua string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua}); err != nil {
		t.Fatalf("setting the user agent: %v", err)
	}
}

// TestOfflineStorageNotice checks the notice for browsers that keep each local page's storage
// apart (Firefox on file://): a Gecko browser that has not shown the pages share storage sees
// it on the quiz and on the progress page, and it passes axe-core; once a page finds another
// page's probe (storage is shared, as in Chromium), it goes; over HTTP and in Chromium it never
// shows. Chromium plays Firefox here by its user agent.
func TestOfflineStorageNotice(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	file := mode{name: "file", dir: s.off, base: fileURL(s.off), offline: true}
	web := mode{name: "http", dir: s.out, base: serve(t, s.out)}
	count := func(ctx context.Context, url string) int {
		t.Helper()
		mustLoad(t, ctx, url)
		return evaluate[int](t, ctx, visibleStorageNotices)
	}

	t.Run("firefox, quiz first", func(t *testing.T) {
		ctx, w := newTab(t)
		setUserAgent(t, ctx, firefoxUA)
		if n := count(ctx, file.page(quizPage)); n != 1 {
			t.Errorf("quiz page from file:// in Firefox: %d notices, want 1", n)
		}
		axeClean(t, ctx, w, "quiz page with the storage notice")
		if n := count(ctx, web.page(quizPage)); n != 0 {
			t.Errorf("quiz page over HTTP in Firefox: %d notices, want none", n)
		}
		noProblems(t, w)
	})

	t.Run("firefox, progress first", func(t *testing.T) {
		ctx, w := newTab(t)
		setUserAgent(t, ctx, firefoxUA)
		if n := count(ctx, file.page(progress)); n != 1 {
			t.Errorf("progress page from file:// in Firefox: %d notices, want 1", n)
		}
		axeClean(t, ctx, w, "progress page with the storage notice")
		// This browser does share storage between local pages: the quiz page finds the
		// progress page's probe and says nothing.
		if n := count(ctx, file.page(quizPage)); n != 0 {
			t.Errorf("quiz page after the progress page, storage shared: %d notices, want none", n)
		}
		noProblems(t, w)
	})

	t.Run("chromium", func(t *testing.T) {
		ctx, w := newTab(t)
		if n := count(ctx, file.page(quizPage)); n != 0 {
			t.Errorf("quiz page from file:// in Chromium: %d notices, want none", n)
		}
		noProblems(t, w)
	})
}
