package pack

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

func build(t *testing.T, add func(z *Zip)) []byte {
	t.Helper()
	var z Zip
	add(&z)
	b, err := z.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestZipDeterministic builds the same files twice, added in different orders, and expects
// byte-identical archives with sorted entries, one timestamp, mode 0644 and no extra fields.
func TestZipDeterministic(t *testing.T) {
	files := map[string]string{
		"site/index.html":           "<!DOCTYPE html><title>x</title>",
		"site/en/index.html":        "English",
		"site/assets/site.css":      "body{}",
		"site/README.txt":           "Open index.html.\n",
		"site/el/οδηγός/index.html": "Ελληνικά",
	}
	order1 := []string{"site/index.html", "site/en/index.html", "site/assets/site.css", "site/README.txt", "site/el/οδηγός/index.html"}
	order2 := []string{"site/el/οδηγός/index.html", "site/README.txt", "site/assets/site.css", "site/en/index.html", "site/index.html"}
	a := build(t, func(z *Zip) {
		for _, n := range order1 {
			if err := z.Add(n, []byte(files[n])); err != nil {
				t.Fatal(err)
			}
		}
	})
	b := build(t, func(z *Zip) {
		for _, n := range order2 {
			z.Add(n, []byte(files[n]))
		}
	})
	if !bytes.Equal(a, b) {
		t.Fatalf("two zips of the same files differ (%d and %d bytes)", len(a), len(b))
	}
	r, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var prev string
	for _, f := range r.File {
		if f.Name <= prev {
			t.Errorf("entry %s after %s: not sorted", f.Name, prev)
		}
		prev = f.Name
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want Deflate", f.Name, f.Method)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s: extra field %x", f.Name, f.Extra)
		}
		if got := f.Mode().Perm(); got != 0o644 {
			t.Errorf("%s: mode %v, want 0644", f.Name, got)
		}
		if y, m, d := f.Modified.Date(); y != 1980 || m != 1 || d != 1 || f.Modified.Hour() != 0 {
			t.Errorf("%s: modified %v, want 1980-01-01 00:00", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if string(data) != files[f.Name] {
			t.Errorf("%s: content %q, want %q", f.Name, data, files[f.Name])
		}
	}
	if len(r.File) != len(files) {
		t.Errorf("%d entries, want %d", len(r.File), len(files))
	}
}

func TestZipAddErrors(t *testing.T) {
	for _, name := range []string{"", ".", "../x", "/abs", "a//b", `a\b`, "a/./b", "a/"} {
		var z Zip
		if err := z.Add(name, nil); err == nil {
			t.Errorf("Add(%q): no error", name)
		}
	}
	var z Zip
	z.Add("a", nil)
	if err := z.Add("a", nil); err == nil {
		t.Error("adding a name twice: no error")
	}
}
