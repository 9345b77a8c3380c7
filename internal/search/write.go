package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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

	// Postings as JSON arrays, delta-coded.
	encoded := make(map[string][]byte, len(b.Terms))
	terms := make([]string, 0, len(b.Terms))
	for t, ps := range b.Terms {
		terms = append(terms, t)
		encoded[t] = encodePostings(ps)
	}
	sort.Strings(terms)

	// Terms too large for a shard get files of their own.
	big := map[string][]string{}
	for _, t := range terms {
		if len(encoded[t]) <= ShardTarget/2 {
			continue
		}
		n := len(big) // this big term's number, in file names
		ps := b.Terms[t]
		per := max(1, len(ps)*ShardTarget/len(encoded[t]))
		for part := 0; part*per < len(ps); part++ {
			chunk := ps[part*per : min(len(ps), (part+1)*per)]
			key := "~" + t + "~" + strconv.Itoa(part)
			body := fmt.Sprintf(`{"t":{%s:[%d,%s]}}`, jsonString(t), len(ps), encodePostings(chunk))
			name := hashed(fmt.Sprintf("b%d-%d", n, part), []byte(body))
			files[name] = []byte("SHSearch.shard(" + string(langJS) + "," + jsonString(key) + "," + body + ");\n")
			big[t] = append(big[t], name)
		}
	}

	// Shard keys: prefixes of the folded forms, split until each shard is near the target.
	formsByKey := map[string][]string{}
	keys := splitKeys(b.Forms, terms, encoded, big)
	b.keys = keys
	keyOf := func(s string) string { return longestKey(keys, s) }
	for f := range b.Forms {
		k := keyOf(f)
		formsByKey[k] = append(formsByKey[k], f)
	}
	termsByKey := map[string][]string{}
	for _, t := range terms {
		k := keyOf(t)
		termsByKey[k] = append(termsByKey[k], t)
	}
	var shardList [][2]string
	for i, k := range keys {
		fs := formsByKey[k]
		sort.Strings(fs)
		var body bytes.Buffer
		body.WriteString(`{"f":{`)
		for j, f := range fs {
			if j > 0 {
				body.WriteByte(',')
			}
			body.WriteString(jsonString(f) + ":" + jsonString(b.Forms[f]))
		}
		body.WriteString(`},"t":{`)
		for j, t := range termsByKey[k] {
			if j > 0 {
				body.WriteByte(',')
			}
			if big[t] != nil {
				fmt.Fprintf(&body, "%s:[%d,0]", jsonString(t), len(b.Terms[t]))
				continue
			}
			fmt.Fprintf(&body, "%s:[%d,%s]", jsonString(t), len(b.Terms[t]), encoded[t])
		}
		body.WriteString("}}")
		name := hashed("t"+strconv.Itoa(i), body.Bytes())
		files[name] = []byte("SHSearch.shard(" + string(langJS) + "," + jsonString(k) + "," + body.String() + ");\n")
		shardList = append(shardList, [2]string{k, name})
	}
	st.Shards = len(shardList) + countParts(big)

	// Fragments: one per page, gzip-compressed JSON in base64, in a folder named by their
	// combined hash.
	frags := make([][]byte, len(b.Pages))
	all := sha256.New()
	for i, p := range b.Pages {
		frags[i] = fragment(p)
		all.Write(frags[i])
	}
	dir := "f-" + hex.EncodeToString(all.Sum(nil))[:10]
	for i, f := range frags {
		files[dir+"/"+strconv.Itoa(i)+".js"] = []byte("SHSearch.frag(" + string(langJS) + "," + strconv.Itoa(i) + ",\"" + base64.StdEncoding.EncodeToString(f) + "\");\n")
	}

	// The manifest.
	var counts, kinds strings.Builder
	for i, p := range b.Pages {
		if i > 0 {
			counts.WriteByte(' ')
		}
		counts.WriteString(strconv.Itoa(int(b.PageStart[i+1] - b.PageStart[i])))
		kinds.WriteByte(p.Kind)
	}
	bigNames := map[string][]string{}
	for t, names := range big {
		bigNames[t] = names
	}
	manifest := map[string]any{
		"v": 1, "lang": b.Lang, "analyzer": b.Analyzer.Name, "stemmer": b.Analyzer.Stemmer,
		"N": b.N, "k1": K1, "b": B, "stop": nonNil(b.Stop), "shards": shardList, "big": bigNames,
		"pages": counts.String(), "kinds": kinds.String(), "frags": dir, "fallback": fb,
	}
	mj, _ := json.Marshal(manifest) // map keys are sorted: deterministic
	files[ManifestName] = []byte("SHSearch.index(" + string(mj) + ");\n")
	for _, f := range files {
		st.Bytes += len(f)
	}
	return files, st
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

// encodePostings writes postings as a JSON array: document ids delta-coded, each followed by
// its score.
func encodePostings(ps []posting) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		d := p.doc
		if i > 0 {
			d -= prev
		}
		prev = p.doc
		b.WriteString(strconv.Itoa(int(d)))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(int(p.score)))
	}
	b.WriteByte(']')
	return b.Bytes()
}

// splitKeys chooses the shard keys: starting from each form's first letter, a key whose shard
// would exceed ShardTarget is replaced by its one-letter-longer extensions (the key itself
// stays for forms and terms equal to it).
func splitKeys(forms map[string]string, terms []string, encoded map[string][]byte, big map[string][]string) []string {
	type item struct {
		s    string
		size int
	}
	var items []item
	for f, t := range forms {
		items = append(items, item{f, len(f) + len(t) + 8})
	}
	for _, t := range terms {
		size := len(t) + 12
		if big[t] == nil {
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

// fragment is the gzip-compressed JSON of one page's texts.
func fragment(p Page) []byte {
	type frag struct {
		U string     `json:"u"`
		T string     `json:"t"`
		B []string   `json:"b"`
		K string     `json:"k"`
		D [][]string `json:"d"`
	}
	f := frag{U: p.URL, T: p.Title, B: nonNil(p.Breadcrumb), K: string(p.Kind)}
	for _, s := range p.Sections {
		f.D = append(f.D, []string{s.Anchor, s.Heading, s.Text})
	}
	j, _ := json.Marshal(f)
	var b bytes.Buffer
	// The default level: BestCompression costs three times the time for a few per cent.
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(j)
	w.Close()
	return b.Bytes()
}

// hashed names a file by its content.
func hashed(stem string, body []byte) string {
	sum := sha256.Sum256(body)
	return stem + "." + hex.EncodeToString(sum[:])[:8] + ".js"
}

// jsonString is s as a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
