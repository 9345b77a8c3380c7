package render

import (
	"sort"
	"strings"
)

// A filterOption is one checkbox of the card filters.
type filterOption struct{ ID, Label string }

// cardFilters lists what the children of a section can be filtered by: the audiences and topics
// their front matter names. Both are empty when no child names any, and no filter is shown.
type cardFilters struct {
	Audiences []filterOption
	Topics    []filterOption
}

// CardFilters gathers the filters of the page's children (the toolbox index).
func (v *view) CardFilters() *cardFilters {
	aud, top := map[string]bool{}, map[string]bool{}
	for _, c := range v.Page.Children {
		for _, a := range c.FM.Audience {
			aud[a] = true
		}
		for _, t := range c.FM.Topics {
			top[t] = true
		}
	}
	if len(aud) == 0 && len(top) == 0 {
		return nil
	}
	f := &cardFilters{}
	for a := range aud {
		f.Audiences = append(f.Audiences, filterOption{a, v.AudienceLabel(a)})
	}
	for t := range top {
		f.Topics = append(f.Topics, filterOption{t, t})
	}
	sort.Slice(f.Audiences, func(i, j int) bool { return f.Audiences[i].ID < f.Audiences[j].ID })
	sort.Slice(f.Topics, func(i, j int) bool { return f.Topics[i].ID < f.Topics[j].ID })
	return f
}

// AudienceLabel names an audience (dpo, mentor…) in the page's language.
func (v *view) AudienceLabel(id string) string {
	if v.r.strings.Has(v.Lang.Code, "audience_"+id) {
		return v.T("audience_" + id)
	}
	return id
}

// AudienceLabels names a list of audiences, comma-separated.
func (v *view) AudienceLabels(ids []string) string {
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = v.AudienceLabel(id)
	}
	return strings.Join(labels, ", ")
}

// Join joins words for data attributes and lists.
func (v *view) Join(words []string, sep string) string { return strings.Join(words, sep) }
