package pack

import (
	"encoding/xml"
	"strings"
	"testing"
)

// testPackage builds a two-SCO package the way the pipeline does.
func testPackage(t *testing.T, mutate func(files map[string][]byte, m *Manifest)) []byte {
	t.Helper()
	files := map[string][]byte{
		"assets/site.css":       []byte("body{}"),
		"en/c/m1/index.html":    []byte(`<html><head><link rel="stylesheet" href="../../../assets/site.css"></head><body><a href="l1/index.html">L1</a><img src="d.png" alt=""></body></html>`),
		"en/c/m1/l1/index.html": []byte(`<html><body><a href="../index.html">back</a></body></html>`),
		"en/c/m1/d.png":         []byte("png"),
		"en/c/m2/index.html":    []byte(`<html><head><link rel="stylesheet" href="../../../assets/site.css"></head><body>M2</body></html>`),
		"launch-m1.html":        nil,
		"launch-m2.html":        nil,
		LaunchScript:            nil,
		BridgeScript:            nil,
		LaunchStyle:             nil,
	}
	for name, data := range SCORMFiles() {
		files[name] = data
	}
	for i, id := range []string{"m1", "m2"} {
		html, err := Launch{Lang: "en", Title: "Module " + id, SiteTitle: "S", Stylesheet: "assets/site.css",
			Pages: []string{"en/c/" + id + "/index.html"}, Mastery: 80 - 20*i, HasQuiz: true, Frame: "Module content", Exit: "Save"}.HTML()
		if err != nil {
			t.Fatal(err)
		}
		files["launch-"+id+".html"] = html
	}
	m := Manifest{ID: "pkg", Title: "Course", Lang: "en", SCOs: []SCO{
		{ID: "m1", Title: "Module 1", Launch: "launch-m1.html", MasteryScore: 80,
			Files: []string{"launch-m1.html", "en/c/m1/index.html", "en/c/m1/l1/index.html", "en/c/m1/d.png", "assets/site.css", LaunchScript, BridgeScript, LaunchStyle}},
		{ID: "m2", Title: "Module 2", Launch: "launch-m2.html", MasteryScore: 60,
			Files: []string{"launch-m2.html", "en/c/m2/index.html", "assets/site.css", LaunchScript, BridgeScript, LaunchStyle}},
	}}
	if mutate != nil {
		mutate(files, &m)
	}
	var z Zip
	for name, data := range files {
		if err := z.Add(name, data); err != nil {
			t.Fatal(err)
		}
	}
	x, err := m.XML()
	if err != nil {
		t.Fatal(err)
	}
	z.Add("imsmanifest.xml", x)
	b, err := z.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestManifestXML(t *testing.T) {
	b := testPackage(t, nil)
	problems, err := CheckSCORM(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// The structure, element by element, in the ADL namespaces.
	files, err := readZip(b)
	if err != nil {
		t.Fatal(err)
	}
	x := string(files["imsmanifest.xml"])
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<manifest identifier="pkg" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`,
		`<schema>ADL SCORM</schema>`,
		`<schemaversion>1.2</schemaversion>`,
		`<organizations default="pkg-org">`,
		`<item identifier="item-m1" identifierref="res-m1" isvisible="true">`,
		`<adlcp:masteryscore>80</adlcp:masteryscore>`,
		`<adlcp:masteryscore>60</adlcp:masteryscore>`,
		`<resource identifier="res-m1" type="webcontent" adlcp:scormtype="sco" href="launch-m1.html">`,
		`<dependency identifierref="shared-files">`,
		`<resource identifier="shared-files" type="webcontent" adlcp:scormtype="asset">`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("imsmanifest.xml lacks %s:\n%s", want, x)
		}
	}
	// Shared files are listed once, in the asset resource; each SCO's own in its resource.
	if n := strings.Count(x, `<file href="assets/site.css">`); n != 1 {
		t.Errorf("assets/site.css listed %d times", n)
	}
	if err := xml.Unmarshal(files["imsmanifest.xml"], new(readManifest)); err != nil {
		t.Error(err)
	}
}

func TestCheckSCORMFindsProblems(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(files map[string][]byte, m *Manifest)
		want   string
	}{
		{"unlisted file", func(f map[string][]byte, m *Manifest) { f["extra.txt"] = []byte("x") }, "extra.txt: not listed in imsmanifest.xml"},
		{"listed but absent", func(f map[string][]byte, m *Manifest) { delete(f, "en/c/m1/d.png") }, "lists \"en/c/m1/d.png\", which is not in the package"},
		{"link leaving", func(f map[string][]byte, m *Manifest) {
			f["en/c/m2/index.html"] = []byte(`<a href="../../../../elsewhere/">x</a>`)
		}, "leaves the package"},
		{"link to a missing page", func(f map[string][]byte, m *Manifest) {
			f["en/c/m2/index.html"] = []byte(`<a href="../m3/index.html">x</a>`)
		}, "en/c/m3/index.html is not in the package"},
		{"mastery 100 is a valid pass mark", func(f map[string][]byte, m *Manifest) { m.SCOs[0].MasteryScore = 100 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, err := CheckSCORM(testPackage(t, tt.mutate))
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(problems, "\n")
			if tt.want == "" {
				if joined != "" {
					t.Errorf("unexpected problems:\n%s", joined)
				}
				return
			}
			if !strings.Contains(joined, tt.want) {
				t.Errorf("problems lack %q:\n%s", tt.want, joined)
			}
		})
	}
}

func TestManifestErrors(t *testing.T) {
	if _, err := (Manifest{ID: "x"}).XML(); err == nil {
		t.Error("a manifest without SCOs: no error")
	}
	m := Manifest{ID: "x", SCOs: []SCO{{ID: "a", Launch: "a.html"}, {ID: "a", Launch: "b.html"}}}
	if _, err := m.XML(); err == nil {
		t.Error("two SCOs with one id: no error")
	}
	m = Manifest{ID: "x", SCOs: []SCO{{ID: "a b", Launch: "a.html"}}}
	if _, err := m.XML(); err == nil {
		t.Error("an id with a space: no error")
	}
}

func TestLaunchHTML(t *testing.T) {
	b, err := Launch{Lang: "el", Title: "Ενότητα <1>", SiteTitle: "S", Stylesheet: "assets/site.css",
		Pages: []string{"el/c/m1/index.html", "el/c/m1/l1/index.html"}, Mastery: 70, HasQuiz: true, Frame: "Περιεχόμενο", Exit: "Αποθήκευση"}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`<html lang="el" dir="ltr">`,
		`<script src="scorm/launch.js" defer></script>`,
		`data-scorm-pages="el/c/m1/index.html el/c/m1/l1/index.html"`,
		`data-scorm-mastery="70"`,
		`<iframe data-scorm-frame src="el/c/m1/index.html" title="Περιεχόμενο: Ενότητα &lt;1&gt;"></iframe>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("launch page lacks %s:\n%s", want, s)
		}
	}
	for _, banned := range []string{"style=", " on", "<script>"} {
		if strings.Contains(s, banned) {
			t.Errorf("launch page has %q (strict CSP)", banned)
		}
	}
	if _, err := (Launch{Title: "x"}).HTML(); err == nil {
		t.Error("a launch page without pages: no error")
	}
}
