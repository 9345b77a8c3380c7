package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCardFilters checks the toolbox index: without JavaScript every card is listed (the filters
// stay hidden); with it, ticking an audience hides the cards for others, and "Show all" brings
// them back. Related pages named in front matter are linked from the card.
func TestCardFilters(t *testing.T) {
	requireBrowser(t)
	t.Parallel()
	s, err := testSite()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range modes(t, s) {
		t.Run(m.name, func(t *testing.T) {
			ctx, _ := newTab(t)
			if _, _, err := load(ctx, m.page("en/toolbox/")); err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithTimeout(ctx, pageTimeout)
			defer cancel()
			type cardState struct {
				FormHidden bool     `json:"formHidden"`
				Cards      int      `json:"cards"`
				Related    []string `json:"related"`
			}
			state, err := chromedp.Run(cctx, chromedp.Evaluate[cardState](`({
				formHidden: document.querySelector('form[data-card-filters]').hidden,
				cards: document.querySelectorAll('nav.children li.card').length,
				related: Array.from(document.querySelectorAll('.card-related a')).map(a => a.textContent)
			})`))
			if err != nil {
				t.Fatal(err)
			}
			if state.FormHidden || state.Cards == 0 {
				t.Fatalf("filters hidden %v, %d cards: want visible filters and cards", state.FormHidden, state.Cards)
			}
			if len(state.Related) == 0 {
				t.Errorf("no related link on the template card")
			}
			visible, err := chromedp.Run(cctx, chromedp.Evaluate[[]int](`(() => {
					const count = () => Array.from(document.querySelectorAll('nav.children li.card')).filter(li => !li.hidden).length;
					const form = document.querySelector('form[data-card-filters]');
					const before = count();
					const box = form.querySelector('input[name="audience"][value="trainer"]') ||
						form.querySelector('input[name="audience"]:not([value="mentor"]):not([value="mentee"])');
					let other = -1;
					if (box) { box.click(); other = count(); box.click(); }
					form.querySelector('input[name="audience"][value="mentor"]').click();
					const mentors = count();
					form.reset();
					return new Promise(r => setTimeout(() => r([before, mentors, other, count()]), 50));
				})()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			before, mentors, other, after := visible[0], visible[1], visible[2], visible[3]
			if mentors != before || after != before {
				t.Errorf("cards shown: %d, with mentor ticked %d, after reset %d; want all %d each time", before, mentors, after, before)
			}
			if other > 0 {
				t.Errorf("with an audience no card has, %d cards still shown", other)
			}
		})
	}
}
