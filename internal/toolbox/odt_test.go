package toolbox

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func odtTemplate() *Template {
	return &Template{ID: "mentoring-plan", Fields: []Field{
		{ID: "name", Type: Text, Label: "Mentee & mentor", Required: true, Section: "The pair"},
		{ID: "start", Type: Date, Label: "Start date", Section: "The pair"},
		{ID: "count", Type: Number, Label: "Sessions", Section: "The pair"},
		{ID: "goals", Type: Textarea, Label: "Goals", Help: "Three <concrete> goals.", Section: "Goals"},
		{ID: "rhythm", Type: Select, Label: "Rhythm", Section: "Goals", Options: []Option{{ID: "w", Label: "Every week"}, {ID: "m", Label: "Every month"}}},
		{ID: "mode", Type: Radio, Label: "Where", Section: "Goals", Options: []Option{{ID: "on", Label: "At the hospital"}, {ID: "off", Label: "Online"}}},
		{ID: "ok", Type: Checkbox, Label: "We agree", Required: true, Section: "Goals"},
		{ID: "topics", Type: Checklist, Label: "Topics", Options: []Option{{ID: "b", Label: "Data breaches"}, {ID: "d", Label: "Impact assessments"}}},
		{ID: "useful", Type: Rating, Label: "Useful?", Scale: 4, Low: "Not at all", High: "Very much"},
		{ID: "actions", Type: Table, Label: "Actions", Rows: 4, Columns: []Column{{ID: "what", Label: "What"}, {ID: "who", Label: "Who"}, {ID: "when", Label: "By when", Type: Date}}},
		{ID: "more", Type: Table, Label: "More", Columns: []Column{{ID: "x", Label: "X"}}},
	}}
}

func odtLabels(key string) string {
	return map[string]string{"template_required": "obvezno", "template_print_options": "Izberi eno:"}[key]
}

func writeODT(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ODT(&buf, odtTemplate(), "sl", "Načrt <mentorstva>", "First paragraph\nstill first.\n\nSecond.", odtLabels); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestODT(t *testing.T) {
	b := writeODT(t)
	// The type sniffed by file(1) and office programs: "mimetype" stored at offset 30.
	if string(b[30:38]) != "mimetype" || string(b[38:38+len(odtMime)]) != odtMime {
		t.Fatalf("mimetype is not the first, stored entry: % x", b[:80])
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mimetype", "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"}
	files := map[string]string{}
	for i, f := range zr.File {
		if i >= len(want) || f.Name != want[i] {
			t.Fatalf("entry %d is %q, want order %q", i, f.Name, want)
		}
		if i == 0 && (f.Method != zip.Store || len(f.Extra) != 0) {
			t.Errorf("mimetype: method %d, extra %d bytes; want stored, no extra field", f.Method, len(f.Extra))
		}
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: modified %v, want 1980-01-01", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = string(data)
	}
	if len(files) != len(want) {
		t.Fatalf("got %d entries, want %d", len(files), len(want))
	}
	if files["mimetype"] != odtMime {
		t.Errorf("mimetype = %q", files["mimetype"])
	}
	for name, data := range files {
		if name == "mimetype" {
			continue
		}
		d := xml.NewDecoder(strings.NewReader(data))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, data)
			}
		}
	}
	content := plainText(t, files["content.xml"])
	for _, s := range []string{
		"Načrt <mentorstva>", "First paragraph still first.", "Second.",
		"The pair", "Goals", "Mentee & mentor (obvezno)", "We agree (obvezno)", "Start date", "Sessions",
		"Three <concrete> goals.", "Izberi eno:", "☐ Every week", "☐ Every month", "☐ At the hospital",
		"☐ Online", "☐ Data breaches", "☐ Impact assessments", "Not at all  1 ☐  2 ☐  3 ☐  4 ☐  Very much",
		"What", "Who", "By when", "More",
	} {
		if !strings.Contains(content, s) {
			t.Errorf("content.xml lacks %q", s)
		}
	}
	raw := files["content.xml"]
	// Rows: 4 given + 1 header for the first table, 3 by default + 1 header for the second.
	if n := strings.Count(raw, "<table:table-row "); n != 5+4 {
		t.Errorf("%d table rows, want 9", n)
	}
	if n := strings.Count(raw, `text:style-name="Answer_20_Line"`); n != 1+5 {
		t.Errorf("%d answer lines, want 6 (text 1, textarea 5)", n)
	}
	if n := strings.Count(raw, `text:style-name="Answer_20_Short"`); n != 2 {
		t.Errorf("%d short lines, want 2 (date, number)", n)
	}
	if !strings.Contains(files["styles.xml"], `fo:language="sl"`) || !strings.Contains(files["meta.xml"], "<dc:language>sl</dc:language>") {
		t.Error("language not set in styles.xml and meta.xml")
	}
	if strings.Contains(files["meta.xml"], "date") {
		t.Error("meta.xml holds a date")
	}
}

// plainText is the character data of an XML document, with each paragraph on its own line.
func plainText(t *testing.T, doc string) string {
	t.Helper()
	var b strings.Builder
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			b.Write(tok)
		case xml.EndElement:
			b.WriteByte('\n')
		}
	}
}

func TestODTFallbackLabels(t *testing.T) {
	var buf bytes.Buffer
	// A catalogue returns an unknown key unchanged: the English wording is used instead.
	echo := func(key string) string { return key }
	tpl := &Template{ID: "x", Fields: []Field{{ID: "a", Type: Radio, Label: "A", Required: true, Options: []Option{{ID: "o"}}}}}
	if err := ODT(&buf, tpl, "en", "T", "", echo); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("content.xml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	got := plainText(t, string(data))
	for _, s := range []string{"A (required)", "Tick one:", "☐ o", "Fields marked “required” must be filled in."} {
		if !strings.Contains(got, s) {
			t.Errorf("content lacks %q:\n%s", s, got)
		}
	}
}

func TestODTDeterministic(t *testing.T) {
	a, b := writeODT(t), writeODT(t)
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same worksheet differ")
	}
}

// TestODTLibreOffice opens the worksheet with a real reader: LibreOffice converts it to PDF.
func TestODTLibreOffice(t *testing.T) {
	var bin string
	for _, p := range []string{"/usr/bin/soffice", "/usr/bin/libreoffice"} {
		if _, err := os.Stat(p); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("LibreOffice not installed (/usr/bin/soffice, /usr/bin/libreoffice): not opening the ODT with a real reader")
	}
	if testing.Short() {
		t.Skip("-short: not starting LibreOffice")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "worksheet.odt")
	if err := os.WriteFile(src, writeODT(t), 0o644); err != nil {
		t.Fatal(err)
	}
	// A profile of its own, so a running LibreOffice of the user does not take the job.
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "pdf", "--outdir", dir, src)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	fi, err := os.Stat(filepath.Join(dir, "worksheet.pdf"))
	if err != nil {
		t.Fatalf("no PDF: %v\n%s", err, out)
	}
	if fi.Size() == 0 {
		t.Fatal("empty PDF")
	}
}
