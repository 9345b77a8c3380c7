//go:build ignore

// gen writes the search-index fixture of the search.js browser test
// (internal/e2e/search_client_test.go): a tiny index per language in the exact format of the
// search index contract (v2; see README.md), from the hand-written corpus below. Run it from
// the repository root after changing the corpus:
//
//	go run ./testdata/search-fixture/gen.go
//
// It is not the real indexer (internal/search): words are stemmed by a table and a few
// suffix rules, shards are cut by a fixed list of keys, and the term "data" is forced into
// big files, so that the client meets every part of the format: several shards, the catch-all
// shard, a term whose postings span two files, and fragments that are really deflated and
// written seven bits a character.
// The output is deterministic (sorted keys, content hashes).
// It also writes expected-<lang>.json: the contract's ranking of a few queries (reference),
// which the test compares SHSearch.query with.
package main

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A page of the corpus: its kind (as in the index's kinds), URL relative to the language
// root, title, breadcrumb and sections; the first section is the page top (anchor "").
type page struct {
	kind byte
	u, t string
	b    []string
	docs [][3]string // anchor, heading, text
}

var english = []page{
	{'p', "about/", "About SecureHealth", nil, [][3]string{
		{"", "About SecureHealth", "SecureHealth trains the data protection officer of a hospital and the staff who handle patient records."},
		{"partners", "Partners", "Partners from Slovenia, Croatia, Greece, Belgium and Cyprus wrote the training together."},
	}},
	{'m', "dpo-curriculum/breach/", "Personal data breach", []string{"DPO curriculum"}, [][3]string{
		{"", "Personal data breach", "A personal data breach is a breach of security leading to the destruction, loss or disclosure of personal data."},
		{"notify", "Notification", "Notify the supervisory authority within 72 hours of becoming aware of the breach."},
		{"document", "Documenting breaches", "Keep a register of all breaches, with the facts, the effects and the remedial action taken."},
		{"examples", "Examples in a hospital", "A lost laptop with patient records; an email with health data sent to the wrong recipient."},
	}},
	{'g', "gdpr/article-33/", "Article 33 – Notification of a personal data breach to the supervisory authority", []string{"GDPR reference"}, [][3]string{
		{"", "Article 33 – Notification of a personal data breach to the supervisory authority", "In the case of a personal data breach, the controller shall without undue delay notify the supervisory authority."},
		{"33-1", "Paragraph 1", "Where the notification is not made within 72 hours, it shall be accompanied by reasons for the delay."},
	}},
	{'g', "gdpr/article-9/", "Article 9 – Processing of special categories of personal data", []string{"GDPR reference"}, [][3]string{
		{"", "Article 9 – Processing of special categories of personal data", "Processing of health data is prohibited unless an exception applies."},
		{"9-2-h", "Health care", "Data concerning health may be processed for medical diagnosis and the provision of health care."},
	}},
	{'q', "quizzes/breach-quiz/", "Quiz: breaches and notification", []string{"Quizzes"}, [][3]string{
		{"", "Quiz: breaches and notification", "Test what you know about notification deadlines."},
	}},
	{'t', "toolbox/breach-register/", "Breach register template", []string{"Toolbox"}, [][3]string{
		{"", "Breach register template", "A template to record every incident: its date, facts, effects and remedial action."},
		{"fields", "Fields", "Date of the incident, categories of data subjects and the number of records concerned."},
	}},
	{'p', "resources/glossary/", "Glossary", []string{"Resources"}, [][3]string{
		{"", "Glossary", "Terms used on this site."},
		{"consent", "Consent", "Consent of the data subject means any freely given, specific, informed and unambiguous indication of wishes."},
		{"controller", "Controller", "The controller determines the purposes and means of the processing of personal data."},
	}},
	{'m', "awareness/passwords/", "Passwords and access control", []string{"Awareness"}, [][3]string{
		{"", "Passwords and access control", "Strong passwords protect patient records and data from unauthorised access."},
		{"sharing", "Sharing accounts", "Never share an account with a colleague, even on a busy ward."},
	}},
	{'m', "dpo-curriculum/officer/", "Officer training", []string{"DPO curriculum"}, [][3]string{
		{"", "Officer training", "Training for the officer: protection of patient data at every step, from admission to discharge."},
	}},
	// Three more pages with "data", so that it matches more than one screen of results.
	{'p', "resources/minimisation/", "Data minimisation", []string{"Resources"}, [][3]string{
		{"", "Data minimisation", "Collect only the data you need for the purpose."},
	}},
	{'p', "resources/rights/", "Data subject rights", []string{"Resources"}, [][3]string{
		{"", "Data subject rights", "Patients may see, correct and erase their data."},
	}},
	{'p', "resources/retention/", "Keeping records", []string{"Resources"}, [][3]string{
		{"", "Keeping records", "How long to keep patient data."},
	}},
}

var slovenian = []page{
	{'m', "dpo-curriculum/breach/", "Kršitev varstva osebnih podatkov", []string{"Učni načrt za DPO"}, [][3]string{
		{"", "Kršitev varstva osebnih podatkov", "Kršitev varstva osebnih podatkov je kršitev varnosti, ki povzroči izgubo ali razkritje podatkov."},
		{"uradna-obvestila", "Uradna obvestila", "Nadzorni organ obvestite v 72 urah."},
	}},
	{'g', "gdpr/article-9/", "Člen 9 – Obdelava posebnih vrst osebnih podatkov", []string{"Referenca GDPR"}, [][3]string{
		{"", "Člen 9 – Obdelava posebnih vrst osebnih podatkov", "Obdelava podatkov o zdravju je prepovedana, razen če velja izjema."},
	}},
}

var stopEnglish = []string{"a", "about", "all", "an", "and", "any", "are", "at", "be", "by", "every", "for", "from", "has", "in", "is", "it", "its", "of", "on", "or", "the", "to", "used", "what", "who", "with", "you"}
var stopSlovenian = []string{"ali", "in", "je", "ki", "o", "v", "za", "če"}

// fold is the folding of the index contract: NFD, no combining marks, lower case, ς → σ.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == 'ς' {
			r = 'σ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// words splits folded text into maximal runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// stem is the fixture's stemmer: a table, then "ies" → "i" and a final "s" dropped (not "ss").
func stem(lang, w string) string {
	if lang != "en" {
		return w
	}
	table := map[string]string{"notify": "notif", "notification": "notif", "notified": "notif", "processing": "process", "processed": "process", "documenting": "document", "training": "train", "trains": "train"}
	if t, ok := table[w]; ok {
		return t
	}
	switch {
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "i"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

type lang struct {
	code     string
	pages    []page
	stop     []string
	keys     []string       // shard keys, sorted; "" is the catch-all
	big      []string       // terms whose postings go into big files (two each)
	fallback map[string]any // the index's fallback, or nil
	queries  []query        // ranked by reference() into expected-<code>.json
}

// A query for expected-<lang>.json: text and kind filter ("" for all).
type query struct {
	Q    string `json:"q"`
	Kind string `json:"kind,omitempty"`
}

func main() {
	root := filepath.Join("testdata", "search-fixture", "www")
	if _, err := os.Stat(root); err != nil {
		log.Fatalf("run from the repository root: %v", err)
	}
	langs := []lang{
		{code: "en", pages: english, stop: stopEnglish, keys: []string{"", "br", "d", "notifi", "p"}, big: []string{"data"},
			queries: []query{{Q: "breach"}, {Q: "brea"}, {Q: "the breach"}, {Q: "breach notification"}, {Q: "breach passwords"},
				{Q: "data"}, {Q: "Data protection officer"}, {Q: "notification"}, {Q: "health data"}, {Q: "breach", Kind: "g"},
				{Q: "pro"}, {Q: "records patient"}}},
		{code: "sl", pages: slovenian, stop: stopSlovenian, keys: []string{"", "k", "o"},
			fallback: map[string]any{"lang": "en", "index": "../../en/search/index.js", "pages": []int{6, 7}},
			queries:  []query{{Q: "KRŠITEV"}, {Q: "člen 9"}, {Q: "osebnih podatkov"}, {Q: "obv"}}},
	}
	for _, l := range langs {
		if err := write(filepath.Join(root, l.code, "search"), l); err != nil {
			log.Fatal(err)
		}
	}
}

// field weights and BM25 parameters of the contract.
const k1, b = 1.2, 0.75

var weights = [3]float64{3, 2, 1} // title, headings, body

func write(dir string, l lang) error {
	// Remove the previous output: every name but index.js and the hand-written HTML is hashed.
	var old []string
	for _, pattern := range []string{"t-*.js", "t~*.js", "f-*", "i-*"} {
		m, _ := filepath.Glob(filepath.Join(dir, pattern))
		old = append(old, m...)
	}
	for _, f := range old {
		if err := os.RemoveAll(f); err != nil {
			return err
		}
	}
	stop := map[string]bool{}
	var stopList []string // folded, as the contract wants them
	for _, w := range l.stop {
		stop[fold(w)] = true
		stopList = append(stopList, fold(w))
	}

	// Documents: three fields each, as folded words without stop words. The page title is
	// the title field of the page's first document only.
	type doc struct{ fields [3][]string }
	var docs []doc
	var counts []int
	var kinds []byte
	forms := map[string]string{} // folded surface form → term
	for _, p := range l.pages {
		counts = append(counts, len(p.docs))
		kinds = append(kinds, p.kind)
		for i, d := range p.docs {
			var dd doc
			texts := [3]string{"", d[1], d[2]}
			if i == 0 {
				texts = [3]string{p.t, "", d[2]}
			}
			for f, text := range texts {
				for _, w := range words(text) {
					if stop[w] {
						continue
					}
					t := stem(l.code, w)
					forms[w] = t
					dd.fields[f] = append(dd.fields[f], t)
				}
			}
			docs = append(docs, dd)
		}
	}
	var avg [3]float64
	for _, d := range docs {
		for f := range 3 {
			avg[f] += float64(len(d.fields[f]))
		}
	}
	for f := range avg {
		avg[f] /= float64(len(docs))
	}
	// postings[term] = doc, score level pairs in doc order.
	postings := map[string][]int{}
	for id, d := range docs {
		var terms []string
		tf := map[string]*[3]int{}
		for f := range 3 {
			for _, t := range d.fields[f] {
				if tf[t] == nil {
					tf[t] = new([3]int)
					terms = append(terms, t)
				}
				tf[t][f]++
			}
		}
		for _, t := range terms {
			s := 0.0
			for f := range 3 {
				if n := float64(tf[t][f]); n > 0 {
					s += weights[f] * n * (k1 + 1) / (n + k1*(1-b+b*float64(len(d.fields[f]))/avg[f]))
				}
			}
			postings[t] = append(postings[t], id, level(s))
		}
	}

	// Shards by key: a form goes to the shard of the longest key that prefixes it, a term's
	// postings to the shard of the term's own key.
	shardOf := func(w string) string {
		best := ""
		for _, k := range l.keys {
			if strings.HasPrefix(w, k) && len(k) > len(best) {
				best = k
			}
		}
		return best
	}
	type shard struct {
		F map[string]any `json:"f"`
		T map[string]any `json:"t"`
	}
	shards := map[string]*shard{}
	for _, k := range l.keys {
		shards[k] = &shard{F: map[string]any{}, T: map[string]any{}}
	}
	for w, t := range forms {
		// A term that begins the form is written as its length in characters.
		if strings.HasPrefix(w, t) {
			shards[shardOf(w)].F[w] = len([]rune(t))
		} else {
			shards[shardOf(w)].F[w] = t
		}
	}
	files := map[string]string{} // shards and big files, by name in the index folder
	bigFiles := map[string][2]int{}
	for t, ps := range postings {
		df := len(ps) / 2
		if !slices.Contains(l.big, t) {
			shards[shardOf(t)].T[t] = []any{df, encode(ps)}
			continue
		}
		// A big term: [df, 0] in its shard, the postings in two files, delta coding restarting.
		shards[shardOf(t)].T[t] = []any{df, 0}
		half := (df / 2) * 2
		n := len(bigFiles)
		for i, part := range [][]int{ps[:half], ps[half:]} {
			key := fmt.Sprintf("~%s~%d", t, i)
			body := fmt.Sprintf("SHSearch.shard(%s,%s,%s);\n", js(l.code), js(key), js(map[string]any{"t": map[string]any{t: []any{df, encode(part)}}}))
			files[fmt.Sprintf("b%d-%d.js", n, i)] = body
		}
		bigFiles[t] = [2]int{n, 2}
	}
	var pageOf []int
	for p, pg := range l.pages {
		for range pg.docs {
			pageOf = append(pageOf, p)
		}
	}
	var expected []map[string]any
	for _, q := range l.queries {
		expected = append(expected, map[string]any{"q": q.Q, "kind": q.Kind,
			"results": reference(q, stop, forms, postings, len(docs), pageOf, kinds)})
	}
	if err := os.WriteFile(filepath.Join(dir, "..", "..", "..", "expected-"+l.code+".json"), []byte(js(expected)+"\n"), 0o644); err != nil {
		return err
	}

	for i, k := range l.keys {
		files[fmt.Sprintf("t%d.js", i)] = fmt.Sprintf("SHSearch.shard(%s,%s,%s);\n", js(l.code), js(k), js(shards[k]))
	}
	// The shards and big files go into one folder named by the hash of them all.
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	isum := sha256.New()
	for _, name := range names {
		fmt.Fprintf(isum, "%s %d\n%s", name, len(files[name]), files[name])
	}
	idir := "i-" + hex.EncodeToString(isum.Sum(nil))[:10]
	if err := os.MkdirAll(filepath.Join(dir, idir), 0o755); err != nil {
		return err
	}
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, idir, name), []byte(files[name]), 0o644); err != nil {
			return err
		}
	}

	// Fragments: one file per page, the page's JSON deflated and written seven bits a
	// character, in a folder named by the hash of them all.
	var frags []string
	sum := sha256.New()
	for i, p := range l.pages {
		var ds [][3]string
		ds = append(ds, p.docs...)
		raw := js(map[string]any{"u": p.u, "t": p.t, "b": cmpNil(p.b), "k": string(p.kind), "d": ds})
		var z bytes.Buffer
		zw, _ := flate.NewWriter(&z, flate.BestCompression)
		zw.Write([]byte(raw))
		zw.Close()
		body := fmt.Sprintf("SHSearch.frag(%s,%d,\"%s\");\n", js(l.code), i, sevenBits(z.Bytes()))
		frags = append(frags, body)
		sum.Write([]byte(body))
	}
	fdir := "f-" + hex.EncodeToString(sum.Sum(nil))[:8]
	if err := os.MkdirAll(filepath.Join(dir, fdir), 0o755); err != nil {
		return err
	}
	for i, body := range frags {
		if err := os.WriteFile(filepath.Join(dir, fdir, fmt.Sprintf("%d.js", i)), []byte(body), 0o644); err != nil {
			return err
		}
	}

	idx := map[string]any{
		"v": 3, "lang": l.code, "analyzer": l.code, "stemmer": "fixture table",
		"N": len(docs), "k1": k1, "b": b, "q": []float64{levelBase, levelRatio},
		"stop": stopList, "dir": idir, "shards": l.keys, "big": bigFiles,
		"pages": varints(counts), "kinds": string(kinds), "frags": fdir,
		"fallback": l.fallback,
	}
	return os.WriteFile(filepath.Join(dir, "index.js"), []byte("SHSearch.index("+js(idx)+");\n"), 0o644)
}

// sevenBits writes bytes as the contract's fragment strings: the bits, most significant
// first, in groups of seven (the last padded with zeros); a group is its ASCII character but
// for the unsafe values 0, \n, \r, " and \, which with the group after them make the character
// U+0100 + 128·(their index) + (that group), or U+0100 + 128·5 + (their index) at the end.
func sevenBits(b []byte) string {
	var bits strings.Builder
	for _, c := range b {
		fmt.Fprintf(&bits, "%08b", c)
	}
	for bits.Len()%7 != 0 {
		bits.WriteByte('0')
	}
	unsafe := []int{0, '\n', '\r', '"', '\\'}
	var groups []int
	for s := bits.String(); s != ""; s = s[7:] {
		v, _ := strconv.ParseInt(s[:7], 2, 0)
		groups = append(groups, int(v))
	}
	var out []rune
	for i := 0; i < len(groups); i++ {
		k := slices.Index(unsafe, groups[i])
		switch {
		case k < 0:
			out = append(out, rune(groups[i]))
		case i+1 < len(groups):
			out = append(out, rune(0x100+128*k+groups[i+1]))
			i++
		default:
			out = append(out, rune(0x100+128*5+k))
		}
	}
	return string(out)
}

// Score levels of the contract: a posting's score is levelBase·levelRatio^level, level 0–63.
const levelBase, levelRatio = 0.05, 1.0926

func level(s float64) int {
	if s <= levelBase {
		return 0
	}
	return min(63, int(math.Round(math.Log(s/levelBase)/math.Log(levelRatio))))
}

func levelValue(l int) float64 { return levelBase * math.Pow(levelRatio, float64(l)) }

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// varint writes n in base-64 digits, five bits each, low first; 32 and up: more follow.
func varint(n int) string {
	var s []byte
	for ; n >= 32; n >>= 5 {
		s = append(s, digits[n&31|32])
	}
	return string(append(s, digits[n]))
}

func varints(ns []int) string {
	var s strings.Builder
	for _, n := range ns {
		s.WriteString(varint(n))
	}
	return s.String()
}

// encode writes doc, level pairs as the contract's postings string: each doc id as a varint
// of the difference from the previous one (the first absolute), then the level as a digit.
func encode(ps []int) string {
	var s strings.Builder
	prev := 0
	for i := 0; i < len(ps); i += 2 {
		s.WriteString(varint(ps[i] - prev))
		s.WriteByte(digits[ps[i+1]])
		prev = ps[i]
	}
	return s.String()
}

// js encodes v as JSON without HTML escaping (map keys sorted: deterministic).
func js(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		log.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func cmpNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// A result is a page found: the reference ranking of the contract, for the test to compare
// SHSearch.query with.
type result struct {
	Page  int     `json:"page"`
	Score float64 `json:"score"`
	Docs  []int   `json:"docs"`
}

// reference ranks a query as the contract says, without typos and phrases (the browser test
// checks those by their effect): per word, the exact form's term (1) and the terms of the
// first 32 other forms it starts (0.7, from 3 letters); per word and term in sorted order,
// weight × idf × the level's score per document; documents matching every word, else any; pages by their
// best document, ties in page order.
func reference(q query, stop map[string]bool, forms map[string]string, postings map[string][]int, n int, pageOf []int, kinds []byte) []result {
	var sets []map[string]float64
	for _, w := range words(q.Q) {
		if stop[w] {
			continue
		}
		set := map[string]float64{}
		if t, ok := forms[w]; ok {
			set[t] = 1
		}
		if len([]rune(w)) >= 3 {
			var more []string
			for f := range forms {
				if f != w && strings.HasPrefix(f, w) {
					more = append(more, f)
				}
			}
			slices.Sort(more)
			for _, f := range more[:min(len(more), 32)] {
				set[forms[f]] = max(set[forms[f]], 0.7)
			}
		}
		sets = append(sets, set)
	}
	if len(sets) == 0 {
		return []result{}
	}
	scores := make([]float64, n)
	hits := make([]int, n)
	for _, set := range sets {
		var terms []string
		for t := range set {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		seen := map[int]bool{}
		for _, t := range terms {
			ps := postings[t]
			df := float64(len(ps) / 2)
			idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
			for i := 0; i < len(ps); i += 2 {
				scores[ps[i]] += set[t] * idf * levelValue(ps[i+1])
				if !seen[ps[i]] {
					seen[ps[i]] = true
					hits[ps[i]]++
				}
			}
		}
	}
	group := func(and bool) []result {
		out := []result{}
		at := map[int]int{}
		for d := range n {
			if hits[d] == 0 || and && hits[d] < len(sets) || q.Kind != "" && string(kinds[pageOf[d]]) != q.Kind {
				continue
			}
			p := pageOf[d]
			i, ok := at[p]
			if !ok {
				i = len(out)
				at[p] = i
				out = append(out, result{Page: p})
			}
			out[i].Docs = append(out[i].Docs, d)
			out[i].Score = max(out[i].Score, scores[d])
		}
		desc := func(a, b float64) int {
			if a > b {
				return -1
			} else if a < b {
				return 1
			}
			return 0
		}
		for i := range out {
			slices.SortStableFunc(out[i].Docs, func(a, b int) int {
				if c := desc(scores[a], scores[b]); c != 0 {
					return c
				}
				return a - b
			})
		}
		slices.SortStableFunc(out, func(a, b result) int {
			if c := desc(a.Score, b.Score); c != 0 {
				return c
			}
			return a.Page - b.Page
		})
		return out
	}
	if out := group(true); len(out) > 0 {
		return out
	}
	return group(false)
}
