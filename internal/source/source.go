// Package source walks a site's content/ tree and classifies its files: pages and their
// resources per language, language-neutral data and quizzes. It reads no file contents.
package source

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/securehealth/securehealth/internal/diag"
)

// ContentDir is the folder of the site that holds all content.
const ContentDir = "content"

// Reserved language-neutral folders under content/.
const (
	DataDir    = "_data"
	QuizzesDir = "quizzes"
)

// A Kind says what a file is for.
type Kind int

const (
	Page     Kind = iota // Markdown page in a language tree
	Resource             // any other file in a language tree: images, PDFs, copied as they are
	Data                 // YAML under content/_data/
	Quiz                 // JSON under content/quizzes/
)

// A File is one input file.
type File struct {
	Path string // relative to the site root, slash-separated: content/en/about.md
	Lang string // language code for pages and resources
	Rel  string // path inside its tree: about.md, guide/bundle/diagram.png
	Kind Kind
}

// Scan walks content/ in fsys. root is the site's directory on disk, used to check that
// symbolic links stay inside the site; it is empty for in-memory file systems.
func Scan(fsys fs.FS, root string, langs []string, diags *diag.List) []File {
	known := map[string]bool{}
	for _, l := range langs {
		known[l] = true
	}
	var files []File
	visit := func(p string, isDir bool) error {
		rel := strings.TrimPrefix(p, ContentDir+"/")
		top, rest, nested := strings.Cut(rel, "/")
		switch {
		case isDir:
			if !nested && !known[top] && top != DataDir && top != QuizzesDir {
				diags.Errorf(diag.Pos{File: p}, "put pages under content/<language>/ (configured: "+strings.Join(langs, ", ")+")",
					"folder %s is not a configured language tree", p)
				return fs.SkipDir
			}
			return nil
		case !nested:
			diags.Errorf(diag.Pos{File: p}, "move it into content/<language>/ (configured: "+strings.Join(langs, ", ")+")",
				"file outside a language tree")
			return nil
		case top == DataDir:
			files = append(files, File{Path: p, Rel: rest, Kind: Data})
		case top == QuizzesDir:
			files = append(files, File{Path: p, Rel: rest, Kind: Quiz})
		case strings.HasSuffix(rest, ".md"):
			files = append(files, File{Path: p, Lang: top, Rel: rest, Kind: Page})
		default:
			files = append(files, File{Path: p, Lang: top, Rel: rest, Kind: Resource})
		}
		return nil
	}
	walk(fsys, root, ContentDir, visit, map[string]bool{}, diags)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

func walk(fsys fs.FS, root, dir string, visit func(string, bool) error, seen map[string]bool, diags *diag.List) {
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ContentDir {
				diags.Errorf(diag.Pos{File: p}, "create content/<language>/_index.md for each language", "no content folder")
				return fs.SkipDir
			}
			diags.Errorf(diag.Pos{File: p}, "", "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == dir && p == ContentDir {
			return nil
		}
		isDir := d.IsDir()
		if d.Type()&fs.ModeSymlink != 0 {
			target, ok := insideRoot(root, p, diags)
			if !ok {
				return nil
			}
			info, err := fs.Stat(fsys, p)
			if err != nil {
				diags.Errorf(diag.Pos{File: p}, "fix or remove the link", "broken symbolic link")
				return nil
			}
			if info.IsDir() {
				if seen[target] {
					return nil
				}
				seen[target] = true
				if err := visit(p, true); err == fs.SkipDir {
					return nil
				}
				walk(fsys, root, p, visit, seen, diags)
				return nil
			}
			isDir = false
		}
		return visit(p, isDir)
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: dir}, "", "cannot read: %v", err)
	}
}

// insideRoot resolves a symbolic link on disk and reports whether it stays inside the site.
func insideRoot(root, p string, diags *diag.List) (string, bool) {
	if root == "" {
		return p, true
	}
	absRoot, err := filepath.Abs(root)
	if err == nil {
		absRoot, err = filepath.EvalSymlinks(absRoot)
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "", "cannot resolve the site root: %v", err)
		return "", false
	}
	target, err := filepath.EvalSymlinks(filepath.Join(absRoot, filepath.FromSlash(p)))
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "fix or remove the link", "broken symbolic link")
		return "", false
	}
	if target != absRoot && !strings.HasPrefix(target, absRoot+string(os.PathSeparator)) {
		diags.Errorf(diag.Pos{File: p}, "copy the file into the site instead of linking to it",
			"symbolic link points outside the site root")
		return "", false
	}
	return target, true
}

// IsSection reports whether a page file is a section's own page (_index.md).
func IsSection(rel string) bool { return path.Base(rel) == "_index.md" }

// IsBundle reports whether a page file is a bundle's page (index.md), whose folder holds its
// resources.
func IsBundle(rel string) bool { return path.Base(rel) == "index.md" }
