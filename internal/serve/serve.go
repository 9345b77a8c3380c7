// Package serve is the authors' preview: it builds the site into memory, serves it on a
// loopback address, rebuilds when a source file changes and tells open pages to reload through
// Server-Sent Events. A build with errors keeps the last good pages and shows the errors over
// them; the reload script exists only in served pages, never in built output.
package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/pipeline"
)

// Prefix is the URL path of the server's own files; no site path starts with it.
const Prefix = "/__securehealth/"

// A Server holds the last good build in memory and the browsers listening for changes.
type Server struct {
	opts pipeline.Options
	inc  *pipeline.Incremental

	mu      sync.RWMutex
	files   map[string][]byte // last good output, by slash path relative to the output root
	errs    []string          // the last build's errors; none when it succeeded
	version int               // counts builds that changed what is served
	took    time.Duration     // the last build's duration
	renders int               // pages the last build rendered

	listeners map[chan event]bool
	buildMu   sync.Mutex     // one build at a time
	indexing  sync.WaitGroup // the background indexer, while it runs
	ixMu      sync.Mutex
	ixNext    *indexJob // the build to index next
	ixRunning bool
}

// An event is what browsers are told after a build.
type event struct {
	name string // "reload" or "errors"
	data string
}

// New returns a server for the site opts describe; call Rebuild before serving.
func New(opts pipeline.Options) *Server {
	opts.Offline, opts.BaseURL = false, ""
	return &Server{opts: opts, inc: pipeline.NewIncremental(opts), files: map[string][]byte{}, listeners: map[chan event]bool{}}
}

// Rebuild builds the site into memory, rendering only what the last edits changed where it
// can (pipeline.Incremental). On success the new pages are served and browsers reload, then
// the search index is made again in the background; on author errors the last good pages stay
// and browsers show the errors. It returns the build's diagnostics.
func (s *Server) Rebuild() (diag.List, error) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	rb, err := s.inc.Build()
	res := rb.Result
	took := time.Since(start)
	s.mu.Lock()
	s.took = took
	if err != nil {
		s.errs = s.errs[:0]
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				s.errs = append(s.errs, d.String())
			}
		}
		if !errors.Is(err, pipeline.ErrContent) {
			s.errs = append(s.errs, "securehealth serve: "+err.Error())
		}
		data, _ := json.Marshal(s.errs)
		s.mu.Unlock()
		s.broadcast(event{"errors", string(data)})
		return res.Diags, err
	}
	// The last index stays until the new one is made: a search still finds pages meanwhile.
	files := maps.Clone(rb.Files)
	for name, data := range s.files {
		if pipeline.IsIndexFile(name) {
			files[name] = data
		}
	}
	s.files, s.errs, s.renders = files, nil, rb.Rendered
	s.version++
	v := s.version
	s.mu.Unlock()
	s.broadcast(event{"reload", fmt.Sprint(v)})
	s.queueIndex(rb, v)
	return res.Diags, nil
}

// queueIndex has the search index of a build made in the background: one at a time, and
// of the newest build only, so that quick saves do not pile up indexers.
func (s *Server) queueIndex(rb *pipeline.Rebuilt, version int) {
	s.ixMu.Lock()
	defer s.ixMu.Unlock()
	s.ixNext = &indexJob{rb, version}
	if s.ixRunning {
		return
	}
	s.ixRunning = true
	s.indexing.Add(1)
	go func() {
		defer s.indexing.Done()
		for {
			s.ixMu.Lock()
			job := s.ixNext
			s.ixNext = nil
			if job == nil {
				s.ixRunning = false
				s.ixMu.Unlock()
				return
			}
			s.ixMu.Unlock()
			s.index(job.rb, job.version)
		}
	}()
}

type indexJob struct {
	rb      *pipeline.Rebuilt
	version int
}

// index makes the search index of a build and serves it, unless a newer build is served by
// then (its own index follows).
func (s *Server) index(rb *pipeline.Rebuilt, version int) {
	ix, err := s.inc.Index(rb)
	if err != nil {
		return // the pages are served; search keeps the last index
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.version != version {
		return
	}
	files := maps.Clone(s.files)
	for name := range files {
		if pipeline.IsIndexFile(name) {
			delete(files, name)
		}
	}
	maps.Copy(files, ix)
	s.files = files
}

// WaitIndexed waits until the search index of every build so far is served.
func (s *Server) WaitIndexed() { s.indexing.Wait() }

// Rendered is how many pages the last good build rendered: all of them, or those an edit
// changed.
func (s *Server) Rendered() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.renders
}

// Took is how long the last build took.
func (s *Server) Took() time.Duration {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.took
}

func (s *Server) broadcast(e event) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for ch := range s.listeners {
		select {
		case ch <- e:
		default: // a slow browser misses an event, not the server a build
		}
	}
}

// ServeHTTP serves the last good build, the live-reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js":
		serveBytes(w, r, "text/javascript; charset=utf-8", liveJS)
		return
	case Prefix + "live.css":
		serveBytes(w, r, "text/css; charset=utf-8", liveCSS)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	s.mu.RLock()
	files := s.files
	s.mu.RUnlock()
	var data []byte
	if ok {
		switch {
		case name == "" || strings.HasSuffix(name, "/"):
			name += "index.html"
		default:
			if _, isFile := files[name]; !isFile {
				if _, isDir := files[name+"/index.html"]; isDir {
					// Relative links in the page need the directory's trailing slash.
					http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
					return
				}
			}
		}
		data, ok = files[name]
	}
	status := http.StatusOK
	if !ok {
		status, name = http.StatusNotFound, "404.html"
		if data, ok = files[name]; !ok {
			http.NotFound(w, r)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = injectLive(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// cleanPath turns a request path into a name of the output, or ok=false for a path that tries
// to leave it. Go has already decoded %2e%2e into "..", which is refused here, not cleaned
// away, so that no spelling of a parent directory reaches a file.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "\x00") || strings.Contains(p, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "." {
		name = ""
	}
	if strings.HasSuffix(p, "/") && name != "" {
		name += "/"
	}
	return name, true
}

func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// liveTags load the reload script and the error overlay's style in served pages.
var liveTags = []byte(`<link rel="stylesheet" href="` + Prefix + `live.css"><script src="` + Prefix + `live.js" defer></script>`)

// injectLive adds the live-reload tags before </head> (or at the end of a page without one).
func injectLive(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</head>"))
	if i < 0 {
		return append(append([]byte(nil), page...), liveTags...)
	}
	out := make([]byte, 0, len(page)+len(liveTags))
	out = append(out, page[:i]...)
	out = append(out, liveTags...)
	return append(out, page[i:]...)
}

// events streams build events to one browser, starting with the current state.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan event, 8)
	s.mu.Lock()
	s.listeners[ch] = true
	errs, v := s.errs, s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ch)
		s.mu.Unlock()
	}()
	// The page learns which build it shows, and whether that build has errors now.
	fmt.Fprintf(w, "event: hello\ndata: %d\n\n", v)
	if len(errs) > 0 {
		data, _ := json.Marshal(errs)
		fmt.Fprintf(w, "event: errors\ndata: %s\n\n", data)
	}
	flusher.Flush()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}
