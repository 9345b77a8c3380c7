package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// pageTimeout bounds one page load or one script in a page.
const pageTimeout = 20 * time.Second

// newTab opens a tab in the shared browser, with a watch on everything it loads; the tab
// closes when the test ends. Each tab has its own browser context (as an incognito window
// has), so that cookies and localStorage from one test never reach another.
func newTab(t *testing.T) (context.Context, *watch) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	w := &watch{urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, w.handle); err != nil {
		t.Fatalf("listening to the tab: %v", err)
	}
	return ctx, w
}

// A watch records what a tab requests and what goes wrong in it: failed loads, HTTP
// errors, uncaught exceptions and errors on the console (CSP violations among them).
type watch struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	requests []string
	problems []string
}

// handle runs in chromedp's event loop, so it only records.
func (w *watch) handle(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		w.urls[ev.RequestID] = ev.Request.URL
		w.requests = append(w.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		// A load canceled by the next navigation is not the page's fault.
		if !ev.Canceled {
			w.problems = append(w.problems, fmt.Sprintf("loading %s failed: %s %s", w.urls[ev.RequestID], ev.ErrorText, ev.BlockedReason))
		}
	case *network.EventResponseReceived:
		// Chromium asks for /favicon.ico by itself when a page names no icon.
		if ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
			w.problems = append(w.problems, fmt.Sprintf("loading %s: HTTP %d", ev.Response.URL, ev.Response.Status))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		w.problems = append(w.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			w.problems = append(w.problems, "console.error: "+strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		// Network errors are already reported above, from the network events.
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != "network" {
			w.problems = append(w.problems, fmt.Sprintf("console (%s): %s %s", e.Source, e.Text, e.URL))
		}
	}
}

// take returns what the watch recorded since the last take, and forgets it.
func (w *watch) take() (requests, problems []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	requests, problems = w.requests, w.problems
	w.requests, w.problems = nil, nil
	return requests, problems
}

// A pageInfo is what a test reads from a loaded page.
type pageInfo struct {
	URL   string   `json:"url"`
	Lang  string   `json:"lang"`
	Title string   `json:"title"`
	Links []string `json:"links"` // a.href of every a[href] and the action of every form: the URLs as the browser resolves them
	IDs   []string `json:"ids"`   // every fragment target: id attributes and a[name]
}

const pageInfoScript = `(() => ({
	url: location.href,
	lang: document.documentElement.lang,
	title: document.title,
	links: Array.from(document.querySelectorAll('a[href], form[action]'), e => e.href || e.action),
	ids: Array.from(document.querySelectorAll('[id], a[name]'), e => e.id || e.getAttribute('name')),
}))()`

// load navigates the tab to url and waits for the page to load; it returns the HTTP
// status (0 for file://) and what the page holds.
func load(ctx context.Context, url string) (status int64, info pageInfo, err error) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return 0, info, fmt.Errorf("loading %s: %w", url, err)
	}
	if resp != nil {
		status = resp.Status
	}
	info, err = chromedp.Run(ctx, chromedp.Evaluate[pageInfo](pageInfoScript))
	if err != nil {
		return status, info, fmt.Errorf("reading %s: %w", url, err)
	}
	return status, info, nil
}

// An axeViolation is one failed axe-core rule, with the elements that fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"` // selectors; nested arrays inside shadow DOM
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRunScript runs the rules the site must pass, WCAG 2.1 A and AA, and keeps what a
// report needs.
const axeRunScript = `axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'], // passes and incomplete are not reported: faster
	})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary || ''})),
	})))`

// runAxe injects axe-core into the loaded page and runs it.
func runAxe(ctx context.Context) ([]axeViolation, error) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		return nil, fmt.Errorf("injecting axe-core: %w", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRunScript, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %w", err)
	}
	return v, nil
}

// formatViolation describes a violation and its first few elements for a test failure.
func formatViolation(v axeViolation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s [%s]", v.ID, v.Impact, v.Help, v.HelpURL)
	const max = 3
	for i, n := range v.Nodes {
		if i == max {
			fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-max)
			break
		}
		html := n.HTML
		if r := []rune(html); len(r) > 200 {
			html = string(r[:200]) + "…"
		}
		fmt.Fprintf(&b, "\n\t%v\n\t\t%s", n.Target, html)
		if s := strings.ReplaceAll(n.Summary, "\n", "; "); s != "" {
			fmt.Fprintf(&b, "\n\t\t%s", s)
		}
	}
	return b.String()
}
