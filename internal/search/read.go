package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Read loads a written index back from a language's search folder, so that tests can run the
// reference search on exactly what the browser loads.
func Read(dir string) (*Built, error) {
	var m struct {
		V      int               `json:"v"`
		Lang   string            `json:"lang"`
		N      int               `json:"N"`
		Q      []float64         `json:"q"`
		Stop   []string          `json:"stop"`
		Dir    string            `json:"dir"`
		Shards []string          `json:"shards"`
		Big    map[string][2]int `json:"big"`
		Pages  string            `json:"pages"`
		Kinds  string            `json:"kinds"`
		Frags  string            `json:"frags"`
	}
	if err := readCall(filepath.Join(dir, ManifestName), "SHSearch.index(", &m); err != nil {
		return nil, err
	}
	if m.V != FormatVersion {
		return nil, fmt.Errorf("%s: index format %d, want %d", dir, m.V, FormatVersion)
	}
	if len(m.Q) != 2 || m.Q[0] != ScoreBase || m.Q[1] != ScoreRatio {
		return nil, fmt.Errorf("%s: score levels %v, want [%v %v]", dir, m.Q, ScoreBase, ScoreRatio)
	}
	b := &Built{Lang: m.Lang, N: m.N, Stop: m.Stop, Forms: map[string]string{}, Terms: map[string][]posting{}}
	counts, err := decodeVarints(m.Pages)
	if err != nil {
		return nil, fmt.Errorf("manifest pages: %v", err)
	}
	b.PageStart = make([]int32, len(counts)+1)
	for i, n := range counts {
		b.PageStart[i+1] = b.PageStart[i] + int32(n)
	}
	type shard struct {
		F map[string]json.RawMessage   `json:"f"`
		T map[string][]json.RawMessage `json:"t"`
	}
	addPostings := func(term string, raw json.RawMessage) error {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("postings of %q: %v", term, err)
		}
		ns, err := decodeVarintsLevels(s)
		if err != nil {
			return fmt.Errorf("postings of %q: %v", term, err)
		}
		prev := int32(0)
		for i := 0; i+1 < len(ns); i += 2 {
			prev += int32(ns[i])
			b.Terms[term] = append(b.Terms[term], posting{doc: prev, level: uint8(ns[i+1])})
		}
		return nil
	}
	for i, key := range m.Shards {
		b.keys = append(b.keys, key)
		var s shard
		if err := readShard(filepath.Join(dir, m.Dir, shardName(i)), &s); err != nil {
			return nil, err
		}
		for f, v := range s.F {
			var n int
			if json.Unmarshal(v, &n) == nil {
				b.Forms[f] = string([]rune(f)[:min(n, utf8.RuneCountInString(f))])
				continue
			}
			var t string
			if err := json.Unmarshal(v, &t); err != nil {
				return nil, fmt.Errorf("form %q: %v", f, err)
			}
			b.Forms[f] = t
		}
		for t, v := range s.T {
			if len(v) == 2 && string(v[1]) != "0" {
				if err := addPostings(t, v[1]); err != nil {
					return nil, err
				}
			}
		}
	}
	for t, nb := range m.Big {
		for part := 0; part < nb[1]; part++ {
			var s shard
			if err := readShard(filepath.Join(dir, m.Dir, bigName(nb[0], part)), &s); err != nil {
				return nil, err
			}
			if err := addPostings(t, s.T[t][1]); err != nil {
				return nil, err
			}
		}
	}
	for i := range counts {
		p, err := readFragment(filepath.Join(dir, m.Frags, strconv.Itoa(i)+".js"))
		if err != nil {
			return nil, err
		}
		if i < len(m.Kinds) {
			p.Kind = m.Kinds[i]
		}
		b.Pages = append(b.Pages, p)
	}
	return b, nil
}

// digitValue is the value of a base-64 digit, or -1.
func digitValue(c byte) int {
	return strings.IndexByte(digits, c)
}

// decodeVarints reads a string of base-64 varints (appendVarint).
func decodeVarints(s string) ([]int, error) {
	var out []int
	for i := 0; i < len(s); {
		n, shift := 0, 0
		for {
			if i >= len(s) {
				return nil, fmt.Errorf("a number is cut off at %d", i)
			}
			d := digitValue(s[i])
			i++
			if d < 0 {
				return nil, fmt.Errorf("%q is not a base-64 digit", s[i-1])
			}
			n |= (d & 31) << shift
			if d < 32 {
				break
			}
			shift += 5
		}
		out = append(out, n)
	}
	return out, nil
}

// decodeVarintsLevels reads postings: a varint, then one digit, in turn.
func decodeVarintsLevels(s string) ([]int, error) {
	var out []int
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && digitValue(s[j]) >= 32 {
			j++
		}
		if j+1 >= len(s) {
			return nil, fmt.Errorf("a posting is cut off at %d", i)
		}
		n, err := decodeVarints(s[i : j+1])
		if err != nil {
			return nil, err
		}
		l := digitValue(s[j+1])
		if l < 0 {
			return nil, fmt.Errorf("%q is not a base-64 digit", s[j+1])
		}
		out = append(out, n[0], l)
		i = j + 2
	}
	return out, nil
}

// readCall reads a file that is one call prefix(JSON); and decodes the JSON.
func readCall(name, prefix string, v any) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	s := strings.TrimSpace(string(data))
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, ");") {
		return fmt.Errorf("%s: not a %s…); call", name, prefix)
	}
	return json.Unmarshal([]byte(s[len(prefix):len(s)-2]), v)
}

// readShard decodes SHSearch.shard(lang, key, {...});
func readShard(name string, v any) error {
	var args []json.RawMessage
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	s := strings.TrimSpace(string(data))
	if !strings.HasPrefix(s, "SHSearch.shard(") {
		return fmt.Errorf("%s: not a shard", name)
	}
	s = "[" + strings.TrimSuffix(strings.TrimPrefix(s, "SHSearch.shard("), ");") + "]"
	if err := json.Unmarshal([]byte(s), &args); err != nil || len(args) != 3 {
		return fmt.Errorf("%s: not a shard: %v", name, err)
	}
	return json.Unmarshal(args[2], v)
}

// readFragment decodes SHSearch.frag(lang, page, "deflated JSON, seven bits a character").
func readFragment(name string) (Page, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return Page{}, err
	}
	s := strings.TrimSpace(string(data))
	if !strings.HasPrefix(s, "SHSearch.frag(") || !strings.HasSuffix(s, "\");") {
		return Page{}, fmt.Errorf("%s: not a fragment", name)
	}
	// The string has no quotation mark or backslash, and characters JSON would not take.
	args, text, ok := strings.Cut(s[len("SHSearch.frag("):len(s)-len("\");")], ",\"")
	var head []any
	if !ok || json.Unmarshal([]byte("["+args+"]"), &head) != nil || len(head) != 2 {
		return Page{}, fmt.Errorf("%s: not a fragment", name)
	}
	deflated, err := decodeB7(text)
	if err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	p, err := decodeFragment(deflated)
	if err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	p.Kind = 0 // the manifest's kinds are the ones the browser reads
	return p, nil
}
