package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"sort"
	"sync"

	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/site"
)

// webAppSink prepares the web-app files of a build for web hosting (render/webapp.go): it
// wraps sink so that every file written is recorded with its hash, and returns the function
// that, once every other file is written, writes the manifests, each language's list of files
// to save for offline use, and the service worker, versioned by the hash of all the rest. An
// --offline build has no web-app files: sink is returned as it is.
func webAppSink(sink Sink, r *render.Renderer, s *site.Site) (Sink, func() error) {
	if !r.WebApp() {
		return sink, func() error { return nil }
	}
	rec := &recordingSink{Sink: sink, sums: map[string][sha256.Size]byte{}}
	return rec, func() error { return rec.finishWebApp(r, s) }
}

// A recordingSink is a Sink that remembers the SHA-256 of every file written through it.
type recordingSink struct {
	Sink
	mu   sync.Mutex
	sums map[string][sha256.Size]byte
}

// Unwrap returns the sink it writes into, for a stage that needs more than the Sink methods.
func (s *recordingSink) Unwrap() Sink { return s.Sink }

func (s *recordingSink) WriteFile(rel string, data []byte) error {
	if err := s.Sink.WriteFile(rel, data); err != nil {
		return err
	}
	s.record(rel, sha256.Sum256(data))
	return nil
}

func (s *recordingSink) CopyFile(rel string, fsys fs.FS, name string) error {
	if err := s.Sink.CopyFile(rel, fsys, name); err != nil {
		return err
	}
	// Read again to hash it: copied files are the site's images and documents, few and small
	// next to the pages.
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	s.record(rel, sum)
	return nil
}

func (s *recordingSink) record(rel string, sum [sha256.Size]byte) {
	s.mu.Lock()
	s.sums[rel] = sum
	s.mu.Unlock()
}

// version hashes the names and contents of every file recorded: the same output gives the
// same version, any change a new one.
func (s *recordingSink) version() (string, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.sums))
	for n := range s.sums {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := s.sums[n]
		io.WriteString(h, n+"\x00"+hex.EncodeToString(sum[:])+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))[:16], names
}

// finishWebApp writes the manifests (part of the version), then the offline lists and the
// service worker, which carry the version.
func (s *recordingSink) finishWebApp(r *render.Renderer, st *site.Site) error {
	for _, l := range st.Languages {
		b, err := r.WebManifest(l.Code)
		if err != nil {
			return err
		}
		if err := s.WriteFile(l.Code+"/"+render.ManifestFile, b); err != nil {
			return err
		}
	}
	version, files := s.version()
	for _, l := range st.Languages {
		b, err := r.OfflineList(l.Code, version, files)
		if err != nil {
			return err
		}
		if err := s.Sink.WriteFile(l.Code+"/"+render.OfflineListFile, b); err != nil {
			return err
		}
	}
	return s.Sink.WriteFile(render.ServiceWorkerFile, r.ServiceWorkerJS(version))
}
