package reference

import (
	"io/fs"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/securehealth/securehealth/internal/diag"
)

// Levels of checking of a national fact, as in country-notes.md.
const (
	Official   = "official"   // seen in an official text or on the authority's own site
	Secondary  = "secondary"  // law-firm or tracker summaries: published, marked as such
	Unverified = "unverified" // kept in the file for the record, never published
)

// Topics of national facts; a topic's article is the GDPR article whose page shows the fact
// too (0: only the country-notes page).
var Topics = map[string]int{"authority": 51, "law": 0, "age": 8, "health": 9, "citation": 0}

// TopicOrder is the order facts are shown in.
var TopicOrder = []string{"authority", "law", "age", "health", "citation"}

// A Country holds the national notes of one Member State.
type Country struct {
	Code  string // ISO 3166-1 alpha-2, lower case
	Name  Text
	Facts []Fact // published facts only, in file order
	Left  int    // unverified facts left out
}

// A Fact is one national fact with its source.
type Fact struct {
	Topic  string
	Text   Text
	URL    string
	Source string
	Level  string
}

// Article returns the GDPR article whose page shows the fact, or 0.
func (f Fact) Article() int { return Topics[f.Topic] }

// loadCountries reads countries.yaml.
func (r *Reference) loadCountries(fsys fs.FS, langs []string, def string, diags *diag.List) {
	doc, root, ok := readYAML(fsys, Dir+"/countries.yaml", diags)
	if !ok {
		return
	}
	type rawFact struct {
		Topic  string            `yaml:"topic"`
		Text   map[string]string `yaml:"text"`
		URL    string            `yaml:"url"`
		Source string            `yaml:"source"`
		Level  string            `yaml:"level"`
	}
	type rawCountry struct {
		Code  string            `yaml:"code"`
		Name  map[string]string `yaml:"name"`
		Facts []rawFact         `yaml:"facts"`
	}
	var file struct {
		Countries []rawCountry `yaml:"countries"`
	}
	var local diag.List
	doc.Decode(root, &file, nil, "countries.yaml", &local)
	diags.Add(local)
	if local.HasErrors() {
		return
	}
	// Positions of each country and fact, for the checks below.
	var cNodes []*yaml.Node
	pairs(root, func(k, v *yaml.Node) {
		if k.Value == "countries" && v.Kind == yaml.SequenceNode {
			cNodes = v.Content
		}
	})
	factNodes := func(ci int) []*yaml.Node {
		var out []*yaml.Node
		if ci < len(cNodes) {
			pairs(cNodes[ci], func(k, v *yaml.Node) {
				if k.Value == "facts" && v.Kind == yaml.SequenceNode {
					out = v.Content
				}
			})
		}
		return out
	}
	at := func(nodes []*yaml.Node, i int) diag.Pos {
		if i < len(nodes) {
			return doc.Pos(nodes[i])
		}
		return doc.Pos(root)
	}
	seen := map[string]bool{}
	// A language without translations gets one warning, not one per fact.
	untranslated, firstUntranslated := map[string]int{}, map[string]diag.Pos{}
	defer func() {
		for _, l := range langs {
			if n := untranslated[l]; n > 0 {
				diags.Warnf(firstUntranslated[l], "add text: "+l+" entries; the "+def+" text is shown meanwhile",
					"%d published facts have no %s text (the first is here)", n, l)
			}
		}
	}()
	for ci, rc := range file.Countries {
		pos := at(cNodes, ci)
		if len(rc.Code) != 2 || strings.ToLower(rc.Code) != rc.Code {
			diags.Errorf(pos, "use the two-letter ISO code in lower case, such as si", "country code %q", rc.Code)
			continue
		}
		if seen[rc.Code] {
			diags.Errorf(pos, "keep one entry per country", "country %s is listed twice", rc.Code)
			continue
		}
		seen[rc.Code] = true
		if rc.Name[def] == "" {
			diags.Errorf(pos, "give name: a "+def+" entry", "country %s has no name in %s", rc.Code, def)
		}
		c := Country{Code: rc.Code, Name: Text(rc.Name)}
		fnodes := factNodes(ci)
		for fi, rf := range rc.Facts {
			fpos := at(fnodes, fi)
			if _, ok := Topics[rf.Topic]; !ok {
				diags.Errorf(fpos, "topic is one of "+strings.Join(TopicOrder, ", "), "unknown topic %q", rf.Topic)
				continue
			}
			switch rf.Level {
			case Official, Secondary:
			case Unverified:
				c.Left++
				continue
			default:
				diags.Errorf(fpos, "level is official, secondary or unverified (unverified facts are not published)",
					"unknown level %q", rf.Level)
				continue
			}
			if strings.TrimSpace(rf.Source) == "" {
				diags.Errorf(fpos, "say where the fact comes from: a published fact needs its source", "fact without a source")
				continue
			}
			if rf.Text[def] == "" {
				diags.Errorf(fpos, "give text: a "+def+" entry", "fact without text in %s", def)
				continue
			}
			if rf.URL != "" {
				if u, err := url.Parse(rf.URL); err != nil || u.Scheme != "https" || u.Host == "" {
					diags.Errorf(fpos, "write the full address, such as https://www.ip-rs.si/", "url %q is not an https address", rf.URL)
					continue
				}
			}
			for _, l := range langs {
				if rf.Text[l] == "" && l != def {
					if untranslated[l] == 0 {
						firstUntranslated[l] = fpos
					}
					untranslated[l]++
				}
			}
			c.Facts = append(c.Facts, Fact{Topic: rf.Topic, Text: Text(rf.Text), URL: rf.URL, Source: rf.Source, Level: rf.Level})
		}
		r.Countries = append(r.Countries, c)
	}
}
