package search

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Read loads a written index back from a language's search folder, so that tests can run the
// reference search on exactly what the browser loads.
func Read(dir string) (*Built, error) {
	var m struct {
		Lang   string              `json:"lang"`
		N      int                 `json:"N"`
		Stop   []string            `json:"stop"`
		Shards [][2]string         `json:"shards"`
		Big    map[string][]string `json:"big"`
		Pages  string              `json:"pages"`
		Kinds  string              `json:"kinds"`
		Frags  string              `json:"frags"`
	}
	if err := readCall(filepath.Join(dir, ManifestName), "SHSearch.index(", &m); err != nil {
		return nil, err
	}
	b := &Built{Lang: m.Lang, N: m.N, Stop: m.Stop, Forms: map[string]string{}, Terms: map[string][]posting{}}
	counts := strings.Fields(m.Pages)
	b.PageStart = make([]int32, len(counts)+1)
	for i, c := range counts {
		n, err := strconv.Atoi(c)
		if err != nil {
			return nil, fmt.Errorf("manifest pages: %v", err)
		}
		b.PageStart[i+1] = b.PageStart[i] + int32(n)
	}
	type shard struct {
		F map[string]string            `json:"f"`
		T map[string][]json.RawMessage `json:"t"`
	}
	addPostings := func(term string, raw json.RawMessage) error {
		var flat []int32
		if err := json.Unmarshal(raw, &flat); err != nil {
			return fmt.Errorf("postings of %q: %v", term, err)
		}
		prev := int32(0)
		for i := 0; i+1 < len(flat); i += 2 {
			d := flat[i]
			if i > 0 {
				d += prev
			}
			prev = d
			b.Terms[term] = append(b.Terms[term], posting{doc: d, score: flat[i+1]})
		}
		return nil
	}
	for _, sh := range m.Shards {
		b.keys = append(b.keys, sh[0])
		var s shard
		if err := readShard(filepath.Join(dir, sh[1]), &s); err != nil {
			return nil, err
		}
		for f, t := range s.F {
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
	for t, names := range m.Big {
		for _, name := range names {
			var s shard
			if err := readShard(filepath.Join(dir, name), &s); err != nil {
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

// readFragment decodes SHSearch.frag(lang, page, "base64 gzip JSON");
func readFragment(name string) (Page, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return Page{}, err
	}
	s := strings.TrimSpace(string(data))
	if !strings.HasPrefix(s, "SHSearch.frag(") || !strings.HasSuffix(s, ");") {
		return Page{}, fmt.Errorf("%s: not a fragment", name)
	}
	var args []json.RawMessage
	if err := json.Unmarshal([]byte("["+s[len("SHSearch.frag("):len(s)-2]+"]"), &args); err != nil || len(args) != 3 {
		return Page{}, fmt.Errorf("%s: not a fragment: %v", name, err)
	}
	var b64 string
	if err := json.Unmarshal(args[2], &b64); err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	gz, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	js, err := io.ReadAll(r)
	if err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	var f struct {
		U string     `json:"u"`
		T string     `json:"t"`
		B []string   `json:"b"`
		D [][]string `json:"d"`
	}
	if err := json.Unmarshal(js, &f); err != nil {
		return Page{}, fmt.Errorf("%s: %v", name, err)
	}
	p := Page{URL: f.U, Title: f.T, Breadcrumb: f.B}
	for _, d := range f.D {
		if len(d) == 3 {
			p.Sections = append(p.Sections, Section{Anchor: d[0], Heading: d[1], Text: d[2]})
		}
	}
	return p, nil
}
