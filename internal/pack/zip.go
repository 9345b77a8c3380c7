// Package pack turns a built site into the downloads that go beside it: offline zips for
// learners and SCORM 1.2 packages for learning management systems. It runs after rendering
// and before the output is swapped in (DESIGN.md §1), and its output is deterministic: the
// same files give byte-identical zips.
package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// zipDate is 1980-01-01, the earliest date MS-DOS time can hold, in MS-DOS date format
// ((year-1980)<<9 | month<<5 | day); every entry carries it with time 00:00:00, so that a
// zip depends on nothing but its files.
const zipDate = 0<<9 | 1<<5 | 1

// fileMode is the permission every entry gets, whatever the files had on disk.
const fileMode fs.FileMode = 0o644

// A Zip collects files and writes them as a deterministic zip archive: entries sorted by
// name, one fixed timestamp, mode 0644, Deflate, and no extra fields. The zero value is empty
// and ready to use; it is not safe for concurrent use.
type Zip struct {
	files map[string][]byte
}

// Add puts data at name (slash-separated, relative, without . or .. elements). Adding a name
// twice is an error: two sources for one file is a bug in the caller.
func (z *Zip) Add(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return fmt.Errorf("pack: invalid zip entry name %q", name)
	}
	if z.files == nil {
		z.files = map[string][]byte{}
	}
	if _, dup := z.files[name]; dup {
		return fmt.Errorf("pack: %s added twice", name)
	}
	z.files[name] = data
	return nil
}

// Has reports whether name was added.
func (z *Zip) Has(name string) bool {
	_, ok := z.files[name]
	return ok
}

// Get returns the data added at name, or nil.
func (z *Zip) Get(name string) []byte { return z.files[name] }

// Names returns the names added, sorted bytewise.
func (z *Zip) Names() []string {
	names := make([]string, 0, len(z.files))
	for n := range z.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Len is the number of files added.
func (z *Zip) Len() int { return len(z.files) }

// WriteTo writes the archive to w.
func (z *Zip) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	// Best compression: a zip is written once and downloaded many times. compress/flate is
	// deterministic for a given level.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, name := range z.Names() {
		h := &zip.FileHeader{
			Name:         name,
			Method:       zip.Deflate,
			ModifiedDate: zipDate,
			// Modified stays zero: set, it would add an extended-timestamp extra field.
		}
		h.SetMode(fileMode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return cw.n, fmt.Errorf("pack: %s: %w", name, err)
		}
		if _, err := fw.Write(z.files[name]); err != nil {
			return cw.n, fmt.Errorf("pack: %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return cw.n, fmt.Errorf("pack: %w", err)
	}
	return cw.n, nil
}

// Bytes returns the archive.
func (z *Zip) Bytes() ([]byte, error) {
	var b bytes.Buffer
	_, err := z.WriteTo(&b)
	return b.Bytes(), err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
