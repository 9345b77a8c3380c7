package markdown

// This file links citations of the GDPR in prose ("Article 9(2)(h) GDPR",
// "točka (h) člena 9(2)") to the reference pages. The scanner is
// gdpr.FindCitations; this file only finds the prose it runs on and
// rewrites the tree. It is opt-in: without RenderOptions.Citations the tree
// is not touched, so pages render exactly as before.

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/securehealth/securehealth/internal/gdpr"
)

// A CitationLinker decides where a GDPR citation points. nil: citations stay plain text.
type CitationLinker interface {
	// Link returns the href and title for a citation ref, ok=false to leave it plain.
	// The href is written as is: it is not passed to the Resolver.
	Link(ref gdpr.CitRef, kind string) (href, title string, ok bool)
}

// A CitationRef is one citation of the GDPR found in a page, with its position in the file,
// so that later stages can report citations of provisions that do not exist and build
// backlinks.
type CitationRef struct {
	Line, Col int           // of the first byte of the citation (1-based, rune columns)
	Text      string        // the citation as written; line breaks become spaces
	Kind      string        // "article" or "recital"
	Act       string        // "gdpr" when the GDPR is named, "" for a bare citation
	Refs      []gdpr.CitRef // one per cited provision
}

// A textPiece is one ast.Text of a run, placed in the run's joined string.
type textPiece struct {
	t          *ast.Text
	start, end int // offsets in the joined string
}

// A textRun is a sequence of adjacent plain Text siblings read as one string. goldmark splits
// prose into several Text nodes (at spaces where Linkify may start, at soft line breaks), so a
// citation like "Articles 15 to\n22 GDPR" spans several nodes.
type textRun struct {
	s      []byte // the joined source text; a soft line break is "\n"
	pieces []textPiece
}

// srcOff maps an offset in r.s to an offset in the source, or -1 for a joining line break.
func (r *textRun) srcOff(off int) int {
	for _, p := range r.pieces {
		if off >= p.start && off < p.end || off == p.end && off == p.start {
			return p.t.Segment.Start + off - p.start
		}
	}
	if n := len(r.pieces); n > 0 && off == r.pieces[n-1].end {
		return r.pieces[n-1].t.Segment.Stop
	}
	return -1
}

// citationRuns calls fn for each run of plain text in doc outside links, images, code and
// raw HTML. fn may rewrite the run's nodes (they stay among their parent's children).
func citationRuns(doc ast.Node, src []byte, fn func(r *textRun)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink, *ast.CodeSpan, *ast.RawHTML,
			*ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		// Collect the runs first: fn inserts nodes among the children.
		var runs []*textRun
		var cur *textRun
		var prev *ast.Text
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if !ok || t.IsRaw() {
				cur, prev = nil, nil
				continue
			}
			joined := prev != nil && (prev.SoftLineBreak() || prev.Segment.Stop == t.Segment.Start) &&
				!prev.HardLineBreak()
			if !joined {
				cur = &textRun{}
				runs = append(runs, cur)
			} else if prev.SoftLineBreak() {
				cur.s = append(cur.s, '\n')
			}
			v := t.Segment.Value(src)
			cur.pieces = append(cur.pieces, textPiece{t: t, start: len(cur.s), end: len(cur.s) + len(v)})
			cur.s = append(cur.s, v...)
			prev = t
		}
		for _, r := range runs {
			fn(r)
		}
		return ast.WalkContinue, nil
	})
}

// findCitations returns the citations of run r, and the offsets in r.s of the backslashes
// that escape a citation.
func findCitations(r *textRun, lang string) (cits []gdpr.Citation, escapes []int) {
	s := string(r.s)
	cits = gdpr.FindCitations(s, lang)
	if !bytes.ContainsRune(r.s, '\\') {
		return cits, nil
	}
	// goldmark keeps a backslash before a letter or digit as text, and FindCitations drops
	// a citation right after one. Scan again with backslashes blanked (same offsets) to know
	// which backslashes escaped a citation: those must not reach the page.
	blank := bytes.ReplaceAll(r.s, []byte{'\\'}, []byte{' '})
	for _, c := range gdpr.FindCitations(string(blank), lang) {
		if c.Start > 0 && r.s[c.Start-1] == '\\' && !overlaps(cits, c.Start-1, c.End) {
			escapes = append(escapes, c.Start-1)
		}
	}
	return cits, escapes
}

func overlaps(cits []gdpr.Citation, s, e int) bool {
	for _, c := range cits {
		if c.Start < e && s < c.End {
			return true
		}
	}
	return false
}

// extractCitations lists the citations of doc.
func (c *Converter) extractCitations(doc ast.Node, src []byte, lines *lineIndex) []CitationRef {
	var out []CitationRef
	citationRuns(doc, src, func(r *textRun) {
		if !hasDigit(r.s) {
			return // every citation has a number: most prose is skipped cheaply
		}
		cits, _ := findCitations(r, c.lang)
		for _, ct := range cits {
			l, col := lines.pos(r.srcOff(ct.Start))
			out = append(out, CitationRef{
				Line: l, Col: col,
				Text: string(bytes.ReplaceAll(r.s[ct.Start:ct.End], []byte{'\n'}, []byte{' '})),
				Kind: ct.Kind, Act: ct.Act, Refs: ct.Refs,
			})
		}
	})
	return out
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

// linkCitations wraps each citation of doc that linker links in an ast.Link, and drops the
// backslash of escaped citations.
func (c *Converter) linkCitations(doc ast.Node, src []byte, linker CitationLinker) {
	citationRuns(doc, src, func(r *textRun) {
		if !hasDigit(r.s) {
			return
		}
		cits, escapes := findCitations(r, c.lang)
		type edit struct {
			s, e int
			link *ast.Link // nil: remove [s, e)
		}
		var edits []edit
		ei := 0
		for _, ct := range cits {
			for ; ei < len(escapes) && escapes[ei] < ct.Start; ei++ {
				edits = append(edits, edit{s: escapes[ei], e: escapes[ei] + 1})
			}
			if len(ct.Refs) == 0 {
				continue
			}
			href, title, ok := linker.Link(ct.Refs[0], ct.Kind)
			if !ok {
				continue
			}
			l := ast.NewLink()
			l.Destination = []byte(href)
			if title != "" {
				l.Title = []byte(title)
			}
			edits = append(edits, edit{s: ct.Start, e: ct.End, link: l})
		}
		for ; ei < len(escapes); ei++ {
			edits = append(edits, edit{s: escapes[ei], e: escapes[ei] + 1})
		}
		// From the last edit back, so the offsets of earlier ones stay valid.
		for i := len(edits) - 1; i >= 0; i-- {
			ed := edits[i]
			r.split(ed.e)
			r.split(ed.s)
			nodes := r.between(ed.s, ed.e)
			if len(nodes) == 0 {
				continue
			}
			parent := nodes[0].Parent()
			if ed.link == nil {
				for _, t := range nodes {
					parent.RemoveChild(parent, t)
				}
				continue
			}
			parent.InsertBefore(parent, nodes[0], ed.link)
			last := nodes[len(nodes)-1]
			for _, t := range nodes {
				ed.link.AppendChild(ed.link, t)
			}
			// A line break after the citation belongs after the link, not inside it.
			if last.SoftLineBreak() || last.HardLineBreak() {
				br := ast.NewTextSegment(text.NewSegment(last.Segment.Stop, last.Segment.Stop))
				br.SetSoftLineBreak(last.SoftLineBreak())
				br.SetHardLineBreak(last.HardLineBreak())
				last.SetSoftLineBreak(false)
				last.SetHardLineBreak(false)
				parent.InsertAfter(parent, ed.link, br)
			}
		}
	})
}

// split makes off (an offset in r.s) fall on a boundary between pieces, splitting the Text
// that contains it in two.
func (r *textRun) split(off int) {
	for i, p := range r.pieces {
		if off <= p.start || off >= p.end {
			continue
		}
		cut := p.t.Segment.Start + off - p.start
		right := ast.NewTextSegment(text.NewSegment(cut, p.t.Segment.Stop))
		right.SetSoftLineBreak(p.t.SoftLineBreak())
		right.SetHardLineBreak(p.t.HardLineBreak())
		p.t.Segment = p.t.Segment.WithStop(cut)
		p.t.SetSoftLineBreak(false)
		p.t.SetHardLineBreak(false)
		p.t.Parent().InsertAfter(p.t.Parent(), p.t, right)
		r.pieces[i].end = off
		r.pieces = append(r.pieces[:i+1], append([]textPiece{{t: right, start: off, end: p.end}}, r.pieces[i+1:]...)...)
		return
	}
}

// between returns the Texts of r inside [s, e), in order.
func (r *textRun) between(s, e int) []*ast.Text {
	var ts []*ast.Text
	for _, p := range r.pieces {
		if p.start >= s && p.end <= e && p.end > p.start {
			ts = append(ts, p.t)
		}
	}
	return ts
}
