// Package translation tracks whether translations are current: the hash of a default-language
// source that a translation records in translation_of, the status of every page of every
// language, and stamping a translated file with the hash of its source.
package translation

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/frontmatter"
	"github.com/securehealth/securehealth/internal/site"
	"gopkg.in/yaml.v3"
)

// HashLen is the number of hex digits of a source hash: short enough to read in front matter,
// long enough that unrelated edits do not collide in practice.
const HashLen = 12

// Hash identifies what a translator translates in a page: its body with line endings made LF
// and trailing white space of the file ignored, and the translatable front-matter fields
// (title, description, outcomes, competences, field labels, sections and rating ends). Weight, draft or type changes do
// not change it, so they do not mark translations outdated.
func Hash(fm frontmatter.FrontMatter, src []byte) string {
	h := sha256.New()
	body := src
	if _, start, ok, closed := frontmatter.Split(src); ok && closed {
		body = src[start:]
	}
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	body = bytes.TrimRight(body, " \t\n")
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(fm.Title)
	write(fm.Description)
	write(strings.Join(fm.Outcomes, "\x01"))
	write(strings.Join(fm.Competences, "\x01"))
	for _, label := range fieldLabels(&fm.Fields) {
		write(label)
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))[:HashLen]
}

// fieldLabels collects the human-readable texts of a template's field list: every value of a
// key "label", "help", "placeholder", "section" (a group's heading) or "low" and "high" (a
// rating's ends), in document order: what docs/toolbox.md tells translators to translate.
func fieldLabels(n *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				switch n.Content[i].Value {
				case "label", "help", "placeholder", "section", "low", "high":
					if n.Content[i+1].Kind == yaml.ScalarNode {
						out = append(out, n.Content[i+1].Value)
						continue
					}
				}
				walk(n.Content[i+1])
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return out
}

// A Status is where a page of a language stands against its default-language original.
type Status int

const (
	Translated Status = iota // translation_of matches the original's current hash
	Missing                  // no translation: the site shows the original (a fallback page)
	Outdated                 // the original changed since translation_of was recorded
	Orphaned                 // a page with no original in the default language
)

// Statuses lists the statuses in report order.
var Statuses = []Status{Translated, Missing, Outdated, Orphaned}

func (s Status) String() string {
	return [...]string{"translated", "missing", "outdated", "orphaned"}[s]
}

// An Entry is one page of a language with its status.
type Entry struct {
	Page     *site.Page // the page in the language (a fallback page for Missing)
	Original *site.Page // the default-language page; nil for Orphaned
	Status   Status
}

// A Report is the status of one non-default language.
type Report struct {
	Lang    string
	Entries []Entry // by status, then path
}

// Count returns how many entries have status st.
func (r Report) Count(st Status) int {
	n := 0
	for _, e := range r.Entries {
		if e.Status == st {
			n++
		}
	}
	return n
}

// Compute reports on every language but the default one and marks outdated pages
// (Page.Outdated), so that they can show a notice.
func Compute(s *site.Site) []Report {
	var reports []Report
	for _, l := range s.Languages {
		if l == s.Default {
			continue
		}
		r := Report{Lang: l.Code}
		for _, p := range l.Pages {
			if p.Generated() || p.FM.Type == frontmatter.TypeGDPR {
				continue // reference pages: made in every language from data
			}
			if p.IsFallback() {
				r.Entries = append(r.Entries, Entry{Page: p, Original: p.Original, Status: Missing})
				continue
			}
			orig := p.TranslationIn(s.Default.Code)
			switch {
			case p.FM.Type == frontmatter.TypeQuiz:
				// A quiz is one file; its texts are counted one by one.
				st := Translated
				switch {
				case len(p.TextsOutdated) > 0:
					st = Outdated
					p.Outdated = true
				case len(p.TextsMissing) > 0:
					st = Missing
				}
				r.Entries = append(r.Entries, Entry{Page: p, Original: orig, Status: st})
			case orig == nil || orig.Generated():
				r.Entries = append(r.Entries, Entry{Page: p, Status: Orphaned})
			case p.FM.TranslationOf == orig.Hash:
				r.Entries = append(r.Entries, Entry{Page: p, Original: orig, Status: Translated})
			default:
				p.Outdated = true
				r.Entries = append(r.Entries, Entry{Page: p, Original: orig, Status: Outdated})
			}
		}
		sort.SliceStable(r.Entries, func(i, j int) bool {
			a, b := r.Entries[i], r.Entries[j]
			if a.Status != b.Status {
				return a.Status < b.Status
			}
			return a.Page.Rel < b.Page.Rel
		})
		reports = append(reports, r)
	}
	return reports
}

// Stamp returns src with translation_of set to hash in its front matter: the existing line is
// replaced in place, or a new line is added before the closing "---". ok is false when src has
// no closed front matter.
func Stamp(src []byte, hash string) (out []byte, ok bool) {
	yamlSrc, _, found, closed := frontmatter.Split(src)
	if !found || !closed {
		return nil, false
	}
	// The block starts after the opening fence's line and ends where the closing fence starts.
	start := bytes.IndexByte(src, '\n') + 1
	closing := start + len(yamlSrc)
	block := src[start:closing]
	lines := bytes.SplitAfter(block, []byte("\n"))
	eol := "\n"
	if bytes.Contains(block, []byte("\r\n")) {
		eol = "\r\n"
	}
	line := []byte("translation_of: " + hash + eol)
	replaced := false
	var b bytes.Buffer
	b.Write(src[:start])
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("translation_of:")) {
			b.Write(line)
			replaced = true
			continue
		}
		b.Write(l)
	}
	if !replaced {
		if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
			b.WriteString(eol)
		}
		b.Write(line)
	}
	b.Write(src[closing:])
	return b.Bytes(), true
}
