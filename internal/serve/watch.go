package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/securehealth/securehealth/internal/diag"
)

// Debounce is how long the watcher waits after a change for more: editors save in several
// steps (write a temporary file, rename it over the original), and one build should follow.
const Debounce = 30 * time.Millisecond

// watched are the site's inputs: content, themes and the configuration.
var watched = []string{"content", "themes", "config.yaml"}

// ignored tells editors' temporary and backup files apart from sources.
func ignored(name string) bool {
	base := filepath.Base(name)
	switch {
	case strings.HasSuffix(base, "~"), strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".tmp"), strings.HasSuffix(base, ".bak"),
		strings.HasPrefix(base, ".#"), strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		base == "4913", // vim's probe that the folder is writable
		base == ".DS_Store", strings.HasPrefix(base, "~$"):
		return true
	}
	return false
}

// Watch rebuilds after every change to the site's inputs under root until ctx ends; changed
// is called after each rebuild with the paths that caused it and the build's outcome.
func (s *Server) Watch(ctx context.Context, root string, changed func(paths []string, diags diag.List, err error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	// fsnotify watches folders, not trees: add every folder, and new ones as they appear.
	add := func(dir string) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				w.Add(p)
			}
			return nil
		})
	}
	w.Add(root) // config.yaml: editors replace it, so its folder is watched
	for _, name := range watched {
		if fi, err := os.Stat(filepath.Join(root, name)); err == nil && fi.IsDir() {
			add(filepath.Join(root, name))
		}
	}
	output := filepath.Clean(s.opts.Out)
	relevant := func(p string) bool {
		if ignored(p) || (output != "." && strings.HasPrefix(filepath.Clean(p), output)) {
			return false
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return false
		}
		first := strings.Split(filepath.ToSlash(rel), "/")[0]
		for _, n := range watched {
			if first == n {
				return true
			}
		}
		return false
	}
	var pending []string
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			if err != nil {
				return err
			}
		case e := <-w.Events:
			if !relevant(e.Name) {
				continue
			}
			if e.Has(fsnotify.Create) {
				if fi, err := os.Stat(e.Name); err == nil && fi.IsDir() {
					add(e.Name)
				}
			}
			pending = append(pending, e.Name)
			timer.Reset(Debounce)
		case <-timer.C:
			paths := pending
			pending = nil
			diags, err := s.Rebuild()
			if changed != nil {
				changed(paths, diags, err)
			}
		}
	}
}
