package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// ShardTarget is the size a term shard aims at: small enough that a query loads little, large
// enough that the manifest stays short.
const ShardTarget = 24 << 10

// ManifestName is the file under <lang>/search/ that pages load first; it is the one index
// file without a content hash in its name, since pages are written before the index.
const ManifestName = "index.js"

// A Fallback tells a language's index where the default language's index is and which of its
// pages this language shows as fallbacks, for "also search in English".
type Fallback struct {
	Lang  string `json:"lang"`
	Index string `json:"index"` // relative to this language's search folder
	Pages []int  `json:"pages"` // page indices in the default language's index
}

// Stats describe a written index, for the build log and benchmarks.
type Stats struct {
	Lang, Analyzer, Stemmer string
	FallbackAnalyzer        bool
	Pages, Docs, Terms      int
	Forms, Shards, Bytes    int
}

// Files returns the index files, by path relative to <lang>/search/.
func (b *Built) Files(fb *Fallback) (map[string][]byte, Stats) {
	files := map[string][]byte{}
	st := Stats{Lang: b.Lang, Analyzer: b.Analyzer.Name, Stemmer: b.Analyzer.Stemmer, FallbackAnalyzer: b.Analyzer.Fallback,
		Pages: len(b.Pages), Docs: b.N, Terms: len(b.Terms), Forms: len(b.Forms)}
	langJS, _ := json.Marshal(b.Lang)

	encoded := make(map[string][]byte, len(b.Terms))
	terms := make([]string, 0, len(b.Terms))
	for t, ps := range b.Terms {
		terms = append(terms, t)
		encoded[t] = encodePostings(ps)
	}
	sort.Strings(terms)

	// The shards and big-term files go into one folder named by their combined hash: any
	// change of the content changes the scores of most terms anyway, so names per file
	// would buy nothing but a longer manifest.
	index := map[string][]byte{}

	// Terms too large for a shard get files of their own.
	big := map[string][2]int{} // term → its number, its number of files
	for _, t := range terms {
		if len(encoded[t]) <= ShardTarget/2 {
			continue
		}
		n := len(big)
		ps := b.Terms[t]
		per := max(1, len(ps)*ShardTarget/len(encoded[t]))
		parts := 0
		for ; parts*per < len(ps); parts++ {
			chunk := ps[parts*per : min(len(ps), (parts+1)*per)]
			key := "~" + t + "~" + strconv.Itoa(parts)
			index[bigName(n, parts)] = []byte(fmt.Sprintf("SHSearch.shard(%s,%s,{\"t\":{%s:[%d,\"%s\"]}});\n",
				langJS, jsonString(key), jsonString(t), len(ps), encodePostings(chunk)))
		}
		big[t] = [2]int{n, parts}
	}

	// Shard keys: prefixes of the folded forms, split until each shard is near the target.
	keys := splitKeys(b.Forms, terms, encoded, big)
	b.keys = keys
	formsByKey := map[string][]string{}
	for f := range b.Forms {
		k := longestKey(keys, f)
		formsByKey[k] = append(formsByKey[k], f)
	}
	termsByKey := map[string][]string{}
	for _, t := range terms {
		k := longestKey(keys, t)
		termsByKey[k] = append(termsByKey[k], t)
	}
	for i, k := range keys {
		fs := formsByKey[k]
		sort.Strings(fs)
		var body bytes.Buffer
		body.WriteString(`{"f":{`)
		for j, f := range fs {
			if j > 0 {
				body.WriteByte(',')
			}
			body.WriteString(jsonString(f) + ":" + formValue(f, b.Forms[f]))
		}
		body.WriteString(`},"t":{`)
		for j, t := range termsByKey[k] {
			if j > 0 {
				body.WriteByte(',')
			}
			if _, ok := big[t]; ok {
				fmt.Fprintf(&body, "%s:[%d,0]", jsonString(t), len(b.Terms[t]))
				continue
			}
			fmt.Fprintf(&body, "%s:[%d,\"%s\"]", jsonString(t), len(b.Terms[t]), encoded[t])
		}
		body.WriteString("}}")
		index[shardName(i)] = []byte("SHSearch.shard(" + string(langJS) + "," + jsonString(k) + "," + body.String() + ");\n")
	}
	st.Shards = len(keys)
	for _, v := range big {
		st.Shards += v[1]
	}
	dir := "i-" + treeHash(index)
	for name, data := range index {
		files[dir+"/"+name] = data
	}

	// Fragments: one per page, deflated JSON seven bits a character, in a folder named by their
	// combined hash.
	scripts := make([][]byte, len(b.Pages))
	all := sha256.New()
	var deflated []byte
	for i, p := range b.Pages {
		if i < len(b.frags) {
			deflated = b.store.get(b.frags[i], deflated)
		} else {
			deflated = fragment(p)
		}
		all.Write(deflated)
		scripts[i] = fragmentFile(langJS, i, deflated)
	}
	fdir := "f-" + hex.EncodeToString(all.Sum(nil))[:10]
	for i, script := range scripts {
		files[fdir+"/"+strconv.Itoa(i)+".js"] = script
	}

	// The manifest.
	var counts []byte
	var kinds strings.Builder
	for i, p := range b.Pages {
		counts = appendVarint(counts, int(b.PageStart[i+1]-b.PageStart[i]))
		kinds.WriteByte(p.Kind)
	}
	manifest := map[string]any{
		"v": FormatVersion, "lang": b.Lang, "analyzer": b.Analyzer.Name, "stemmer": b.Analyzer.Stemmer,
		"N": b.N, "k1": K1, "b": B, "q": []float64{ScoreBase, ScoreRatio}, "stop": nonNil(b.Stop),
		"dir": dir, "shards": keys, "big": big,
		"pages": string(counts), "kinds": kinds.String(), "frags": fdir, "fallback": fb,
	}
	mj, _ := json.Marshal(manifest) // map keys are sorted: deterministic
	files[ManifestName] = []byte("SHSearch.index(" + string(mj) + ");\n")
	for _, f := range files {
		st.Bytes += len(f)
	}
	return files, st
}

// fragmentFile is the script of page i's fragment: SHSearch.frag(lang, i, "deflated JSON,
// seven bits a character").
func fragmentFile(langJS []byte, i int, deflated []byte) []byte {
	const tail = "\");\n"
	out := make([]byte, 0, len("SHSearch.frag(,,\"")+len(langJS)+10+b7Len(len(deflated))+len(tail))
	out = append(out, "SHSearch.frag("...)
	out = append(out, langJS...)
	out = append(out, ',')
	out = strconv.AppendInt(out, int64(i), 10)
	out = append(out, ",\""...)
	out = appendB7(out, deflated)
	return append(out, tail...)
}

// FormatVersion is the version of the index format (docs/search-format.md), the manifest's v.
const FormatVersion = 3

func shardName(i int) string     { return "t" + strconv.Itoa(i) + ".js" }
func bigName(n, part int) string { return "b" + strconv.Itoa(n) + "-" + strconv.Itoa(part) + ".js" }

// treeHash is a short hash over files' names and contents.
func treeHash(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %d\n", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// formValue is a form's entry in a shard's forms map: the number of characters of the form
// that are its term when the term is a prefix of it (most are, as stemming trims suffixes),
// else the term.
func formValue(form, term string) string {
	if strings.HasPrefix(form, term) {
		return strconv.Itoa(utf8.RuneCountInString(term))
	}
	return jsonString(term)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func countParts(big map[string][]string) int {
	n := 0
	for _, p := range big {
		n += len(p)
	}
	return n
}

// digits are the base-64 digits of postings and page counts.
const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// appendVarint writes n in base-64 digits, five bits a digit, low bits first; a digit of 32
// or more says that another follows.
func appendVarint(b []byte, n int) []byte {
	for ; n >= 32; n >>= 5 {
		b = append(b, digits[n&31|32])
	}
	return append(b, digits[n])
}

// encodePostings writes postings as base-64 digits: each document id as a varint of its
// difference from the previous one (the first absolute), then its score level as one digit.
func encodePostings(ps []posting) []byte {
	b := make([]byte, 0, 2*len(ps)+len(ps)/8)
	prev := int32(0)
	for _, p := range ps {
		b = appendVarint(b, int(p.doc-prev))
		b = append(b, digits[p.level])
		prev = p.doc
	}
	return b
}

// splitKeys chooses the shard keys: starting from each form's first letter, a key whose shard
// would exceed ShardTarget is replaced by its one-letter-longer extensions (the key itself
// stays for forms and terms equal to it).
func splitKeys(forms map[string]string, terms []string, encoded map[string][]byte, big map[string][2]int) []string {
	type item struct {
		s    string
		size int
	}
	var items []item
	for f, t := range forms {
		items = append(items, item{f, len(f) + len(formValue(f, t)) + 4})
	}
	for _, t := range terms {
		size := len(t) + 12
		if _, ok := big[t]; !ok {
			size += len(encoded[t])
		}
		items = append(items, item{t, size})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].s < items[j].s })
	var keys []string
	var split func(prefix string, its []item)
	split = func(prefix string, its []item) {
		total := 0
		for _, it := range its {
			total += it.size
		}
		if total <= ShardTarget || len(prefix) >= 24 {
			keys = append(keys, prefix)
			return
		}
		// Items equal to the prefix stay with it; the rest group by their next letter.
		var own []item
		groups := map[string][]item{}
		var order []string
		for _, it := range its {
			if it.s == prefix {
				own = append(own, it)
				continue
			}
			_, size := utf8.DecodeRuneInString(it.s[len(prefix):])
			next := it.s[:len(prefix)+size]
			if groups[next] == nil {
				order = append(order, next)
			}
			groups[next] = append(groups[next], it)
		}
		if len(own) > 0 || prefix == "" {
			keys = append(keys, prefix)
		}
		for _, k := range order {
			split(k, groups[k])
		}
	}
	split("", items)
	sort.Strings(keys)
	return keys
}

// longestKey returns the longest key that is a prefix of s ("" is always a key).
func longestKey(keys []string, s string) string {
	for n := len(s); n > 0; n-- {
		if n < len(s) && !utf8.RuneStart(s[n]) {
			continue // not a character boundary
		}
		if i := sort.SearchStrings(keys, s[:n]); i < len(keys) && keys[i] == s[:n] {
			return s[:n]
		}
	}
	return ""
}

// A fragmentJSON is a page's fragment before compression (docs/search-format.md).
type fragmentJSON struct {
	U string     `json:"u"`
	T string     `json:"t"`
	B []string   `json:"b"`
	K string     `json:"k"`
	D [][]string `json:"d"`
}

// fragmentLevel is the Deflate level of the fragments: klauspost/compress's level 2 costs
// 28 % less time than its default (5), for 8 % more bytes; the seven-bit encoding more than
// pays for them (all fragments of the 12,000-page corpus, docs/benchmarks.md: level 5
// 1.69 s, level 2 1.22 s, level 1 1.09 s for 10 % more bytes; the standard library's level 6
// 5.1 s). Compressing every page is most of what the fragments cost the build.
const fragmentLevel = 2

// flateWriters are reused: a new writer allocates as much as a dozen fragments.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, fragmentLevel)
	return w
}}

// fragmentBuffers are the scratch of fragment: a page's JSON and its compressed bytes.
var fragmentBuffers = sync.Pool{New: func() any { return new(fragmentBuffer) }}

type fragmentBuffer struct {
	json     []byte
	deflated bytes.Buffer
}

// fragment is the deflated JSON of one page's texts.
func fragment(p Page) []byte {
	fb := fragmentBuffers.Get().(*fragmentBuffer)
	defer fragmentBuffers.Put(fb)
	return bytes.Clone(fb.compress(p))
}

// putFragment stores the page's fragment.
func putFragment(p Page, st *store) span {
	fb := fragmentBuffers.Get().(*fragmentBuffer)
	defer fragmentBuffers.Put(fb)
	return st.put(fb.compress(p))
}

// compress returns the deflated JSON of one page's texts (fragmentJSON's, written by
// hand because it runs on the text of every page of the build), in fb's memory.
func (fb *fragmentBuffer) compress(p Page) []byte {
	j := append(fb.json[:0], `{"u":`...)
	j = appendJSONString(j, p.URL)
	j = append(j, `,"t":`...)
	j = appendJSONString(j, p.Title)
	j = append(j, `,"b":[`...)
	for i, c := range p.Breadcrumb {
		if i > 0 {
			j = append(j, ',')
		}
		j = appendJSONString(j, c)
	}
	j = append(j, `],"k":`...)
	j = appendJSONString(j, string(rune(p.Kind)))
	j = append(j, `,"d":`...)
	if len(p.Sections) == 0 {
		j = append(j, "null"...)
	} else {
		for i, s := range p.Sections {
			if i == 0 {
				j = append(j, "[["...)
			} else {
				j = append(j, ",["...)
			}
			j = appendJSONString(j, s.Anchor)
			j = append(j, ',')
			j = appendJSONString(j, s.Heading)
			j = append(j, ',')
			j = appendJSONString(j, s.Text)
			j = append(j, ']')
		}
		j = append(j, ']')
	}
	j = append(j, '}')
	fb.json = j
	fb.deflated.Reset()
	w := flateWriters.Get().(*flate.Writer)
	w.Reset(&fb.deflated)
	w.Write(j)
	w.Close()
	flateWriters.Put(w)
	return fb.deflated.Bytes()
}

// appendJSONString appends s as encoding/json writes it (HTML characters escaped, invalid
// UTF-8 as U+FFFD), so that fragments are the bytes json.Marshal would give.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	// In valid UTF-8 (all but broken pages) the only characters above ASCII to escape are
	// U+2028 and U+2029, E2 80 A8/A9: no need to decode the others.
	valid := utf8.ValidString(s)
	for i := 0; i < len(s); {
		if c := s[i]; c >= utf8.RuneSelf && valid && (c != 0xe2 || i+2 >= len(s) || s[i+1] != 0x80 || s[i+2]&^1 != 0xa8) {
			i++
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeFragment reads a fragment back from its deflated JSON.
func decodeFragment(deflated []byte) (Page, error) {
	js, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
	if err != nil {
		return Page{}, err
	}
	var f fragmentJSON
	if err := json.Unmarshal(js, &f); err != nil {
		return Page{}, err
	}
	p := Page{URL: f.U, Title: f.T, Breadcrumb: f.B, Sections: []Section{}}
	if len(f.K) == 1 {
		p.Kind = f.K[0]
	}
	for _, d := range f.D {
		if len(d) == 3 {
			p.Sections = append(p.Sections, Section{Anchor: d[0], Heading: d[1], Text: d[2]})
		}
	}
	return p, nil
}

// jsonString is s as a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
