package render

import (
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"sync"

	"github.com/securehealth/securehealth/internal/site"
)

// A BodyCache keeps pages' rendered Markdown between the preview server's builds, so that a
// theme edit executes the templates again without converting every page. The pipeline gives
// a build a new cache when anything but pages and layouts changed (UI strings name callouts,
// the GDPR data titles citations); an entry is keyed by everything else the HTML depends on.
type BodyCache struct {
	mu   sync.Mutex
	m    map[[32]byte]string
	used map[[32]byte]bool
}

// NewBodyCache returns an empty cache.
func NewBodyCache() *BodyCache {
	return &BodyCache{m: map[[32]byte]string{}, used: map[[32]byte]bool{}}
}

func (c *BodyCache) get(k [32]byte) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	html, ok := c.m[k]
	if ok {
		c.used[k] = true
	}
	return html, ok
}

func (c *BodyCache) put(k [32]byte, html string) {
	c.mu.Lock()
	c.m[k], c.used[k] = html, true
	c.mu.Unlock()
}

// Prune drops the entries no build has used since the last Prune: call it after a build that
// rendered every page.
func (c *BodyCache) Prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if !c.used[k] {
			delete(c.m, k)
		}
	}
	clear(c.used)
}

// bodyKey identifies a page body's HTML: its source, language, place (relative links) and
// resolved links.
func bodyKey(lang string, p *site.Page, offline bool, src []byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	field := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(lang)
	field(p.URL)
	field(map[bool]string{true: "offline", false: "web"}[offline])
	field(string(src))
	dests := make([]string, 0, len(p.Links))
	for d := range p.Links {
		dests = append(dests, d)
	}
	sort.Strings(dests)
	for _, d := range dests {
		field(d)
		field(p.Links[d])
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// getIf is get on a cache that may be nil.
func (c *BodyCache) getIf(k [32]byte) (string, bool) {
	if c == nil {
		return "", false
	}
	return c.get(k)
}
