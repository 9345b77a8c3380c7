package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/securehealth/securehealth/internal/output"
	"github.com/securehealth/securehealth/internal/pack"
)

// TestPackageContents runs securehealth package on testdata/package-site and opens every zip:
// the offline zips open at index.html with a README and keep every reference inside them; the
// SCORM packages pass pack.CheckSCORM (manifest structure, every file listed, every href and
// src resolving inside the package); and the output verifies against its checksums.
func TestPackageContents(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "-s", filepath.Join("..", "..", "testdata", "package-site"), "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("package: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if problems, err := output.Check(out); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
	read := func(name string) map[string][]byte {
		t.Helper()
		files, err := unzipFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return files
	}

	for _, tc := range []struct {
		zip, root string
		langs     []string
		not       string
	}{
		{"downloads/packtest-en.zip", "packtest-en/", []string{"en"}, "packtest-en/el/"},
		{"downloads/packtest-el.zip", "packtest-el/", []string{"el"}, "packtest-el/en/"},
		{"downloads/packtest.zip", "packtest/", []string{"en", "el"}, "packtest/404.html"},
	} {
		t.Run(tc.zip, func(t *testing.T) {
			files := read(tc.zip)
			for name := range files {
				if !strings.HasPrefix(name, tc.root) {
					t.Errorf("%s: outside the zip's folder %s", name, tc.root)
				}
				if strings.HasPrefix(name, tc.not) {
					t.Errorf("%s: should not be in %s", name, tc.zip)
				}
			}
			for _, want := range []string{"index.html", "README.txt", "assets/"} {
				found := false
				for name := range files {
					found = found || strings.HasPrefix(name, tc.root+want)
				}
				if !found {
					t.Errorf("no %s%s", tc.root, want)
				}
			}
			for _, l := range tc.langs {
				if _, ok := files[tc.root+l+"/course/m1/l2/index.html"]; !ok {
					t.Errorf("no %s/course/m1/l2/index.html", l)
				}
			}
			readme := string(files[tc.root+"README.txt"])
			if !strings.Contains(readme, "index.html") || !strings.Contains(readme, "\r\n") {
				t.Errorf("README.txt:\n%s", readme)
			}
			if len(tc.langs) == 2 && !strings.Contains(readme, "Αποσυμπιέστε") {
				t.Errorf("README.txt of every language lacks the Greek text:\n%s", readme)
			}
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				rel := strings.TrimPrefix(name, tc.root)
				for _, p := range pack.CheckRefs(rel, data, func(target string) bool { _, ok := files[tc.root+target]; return ok }) {
					t.Error(p)
				}
			}
			if len(tc.langs) == 1 {
				idx := string(files[tc.root+"index.html"])
				if !strings.Contains(idx, `<meta http-equiv="refresh" content="0; url=`+tc.langs[0]+`/index.html">`) {
					t.Errorf("index.html does not open the language's home:\n%s", idx)
				}
			}
		})
	}

	for _, name := range []string{"packtest-en-course", "packtest-en-course-m1", "packtest-en-course-m2", "packtest-el-course", "packtest-el-course-m1", "packtest-el-course-m2"} {
		t.Run(name, func(t *testing.T) {
			data, err := readFileBytes(filepath.Join(out, "downloads", "scorm", name+".zip"))
			if err != nil {
				t.Fatal(err)
			}
			problems, err := pack.CheckSCORM(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
			files := read("downloads/scorm/" + name + ".zip")
			manifest := string(files["imsmanifest.xml"])
			if strings.HasSuffix(name, "course") {
				if strings.Count(manifest, `adlcp:scormtype="sco"`) != 2 {
					t.Errorf("a curriculum of two modules should have two SCOs:\n%s", manifest)
				}
			} else if strings.Count(manifest, `adlcp:scormtype="sco"`) != 1 {
				t.Errorf("a module package should have one SCO:\n%s", manifest)
			}
			if !strings.Contains(manifest, "<adlcp:masteryscore>80</adlcp:masteryscore>") && !strings.Contains(manifest, "<adlcp:masteryscore>60</adlcp:masteryscore>") {
				t.Errorf("no mastery score from the quiz's pass mark:\n%s", manifest)
			}
			for fname, data := range files {
				if strings.HasSuffix(fname, ".html") && !strings.HasPrefix(fname, "launch-") {
					page := string(data)
					if !strings.Contains(page, `scorm/bridge.js" defer></script>`) {
						t.Errorf("%s: no bridge script", fname)
					}
					if strings.Contains(page, `role="search"`) {
						t.Errorf("%s: keeps the search form, whose results are outside the package", fname)
					}
				}
				if strings.Contains(fname, "/toolbox/") || strings.Contains(fname, "/course/index.html") {
					t.Errorf("%s: outside the module, should not be packaged", fname)
				}
			}
		})
	}
}

func readFileBytes(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func unzipFile(name string) (map[string][]byte, error) {
	data, err := readFileBytes(name)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		files[f.Name] = b
	}
	return files, nil
}
