package link

import (
	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/site"
)

// checkAnchors reports explicit heading ids used twice on one page: a link to either would be
// ambiguous. Automatic ids are made unique by the Markdown stage, so only {#id} can collide.
func checkAnchors(p *site.Page, diags *diag.List) {
	first := map[string]int{}
	for _, h := range p.Meta.Headings {
		if line, dup := first[h.ID]; dup {
			diags.Errorf(diag.Pos{File: p.Source, Line: h.Line, Col: 1}, "give one of them another {#id}",
				"duplicate heading id %q (first used on line %d)", h.ID, line)
			continue
		}
		first[h.ID] = h.Line
	}
}
