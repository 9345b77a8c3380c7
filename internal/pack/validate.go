package pack

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// CheckSCORM checks a SCORM 1.2 zip: imsmanifest.xml at the root in the ADL namespaces, with
// schema "ADL SCORM" 1.2; a default organization whose items point at SCO resources; mastery
// scores between 0 and 100; every file of the zip listed in a resource and every listed file
// present; and every href and src of its HTML pages resolving to a file inside the zip. It
// returns the problems found, sorted; none means the package is sound.
func CheckSCORM(data []byte) ([]string, error) {
	files, err := readZip(data)
	if err != nil {
		return nil, err
	}
	return checkSCORMFiles(files), nil
}

// readZip returns the files of a zip by name.
func readZip(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("pack: %s: %w", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("pack: %s: %w", f.Name, err)
		}
		files[f.Name] = b
	}
	return files, nil
}

type readManifest struct {
	XMLName  xml.Name `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 manifest"`
	ID       string   `xml:"identifier,attr"`
	Metadata struct {
		Schema        string `xml:"schema"`
		SchemaVersion string `xml:"schemaversion"`
	} `xml:"metadata"`
	Organizations struct {
		Default string `xml:"default,attr"`
		Orgs    []struct {
			ID    string `xml:"identifier,attr"`
			Title string `xml:"title"`
			Items []struct {
				ID      string `xml:"identifier,attr"`
				Ref     string `xml:"identifierref,attr"`
				Title   string `xml:"title"`
				Mastery string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 masteryscore"`
			} `xml:"item"`
		} `xml:"organization"`
	} `xml:"organizations"`
	Resources []struct {
		ID        string `xml:"identifier,attr"`
		Type      string `xml:"type,attr"`
		SCORMType string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
		Href      string `xml:"href,attr"`
		Files     []struct {
			Href string `xml:"href,attr"`
		} `xml:"file"`
		Deps []struct {
			Ref string `xml:"identifierref,attr"`
		} `xml:"dependency"`
	} `xml:"resources>resource"`
}

func checkSCORMFiles(files map[string][]byte) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	raw, ok := files["imsmanifest.xml"]
	if !ok {
		return []string{"imsmanifest.xml: missing at the root of the package"}
	}
	var m readManifest
	if err := xml.Unmarshal(raw, &m); err != nil {
		return []string{"imsmanifest.xml: " + err.Error()}
	}
	if m.Metadata.Schema != "ADL SCORM" || m.Metadata.SchemaVersion != "1.2" {
		bad("imsmanifest.xml: schema %q %q, want ADL SCORM 1.2", m.Metadata.Schema, m.Metadata.SchemaVersion)
	}
	res := map[string]int{}
	for i, r := range m.Resources {
		if _, dup := res[r.ID]; dup || r.ID == "" {
			bad("imsmanifest.xml: resource identifier %q empty or repeated", r.ID)
		}
		res[r.ID] = i
	}
	listed := map[string]bool{}
	for _, r := range m.Resources {
		if r.Type != "webcontent" || (r.SCORMType != "sco" && r.SCORMType != "asset") {
			bad("imsmanifest.xml: resource %s: type %q, scormtype %q", r.ID, r.Type, r.SCORMType)
		}
		if r.SCORMType == "sco" {
			if _, ok := files[r.Href]; !ok {
				bad("imsmanifest.xml: resource %s: launch page %q not in the package", r.ID, r.Href)
			}
		}
		for _, f := range r.Files {
			if _, ok := files[f.Href]; !ok {
				bad("imsmanifest.xml: resource %s lists %q, which is not in the package", r.ID, f.Href)
			}
			listed[f.Href] = true
		}
		for _, d := range r.Deps {
			if _, ok := res[d.Ref]; !ok {
				bad("imsmanifest.xml: resource %s depends on unknown %q", r.ID, d.Ref)
			}
		}
	}
	orgOK := false
	for _, o := range m.Organizations.Orgs {
		if o.ID == m.Organizations.Default {
			orgOK = true
		}
		if len(o.Items) == 0 {
			bad("imsmanifest.xml: organization %s has no item", o.ID)
		}
		for _, it := range o.Items {
			i, ok := res[it.Ref]
			if !ok || m.Resources[i].SCORMType != "sco" {
				bad("imsmanifest.xml: item %s: identifierref %q is not a SCO resource", it.ID, it.Ref)
			}
			if it.Mastery != "" {
				if n, err := strconv.Atoi(it.Mastery); err != nil || n < 0 || n > 100 {
					bad("imsmanifest.xml: item %s: masteryscore %q is not an integer from 0 to 100", it.ID, it.Mastery)
				}
			}
		}
	}
	if !orgOK {
		bad("imsmanifest.xml: default organization %q not found", m.Organizations.Default)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name != "imsmanifest.xml" && !listed[name] {
			bad("%s: not listed in imsmanifest.xml", name)
		}
		if strings.HasSuffix(name, ".html") {
			problems = append(problems, CheckRefs(name, files[name], func(t string) bool { _, ok := files[t]; return ok })...)
		}
	}
	sort.Strings(problems)
	return problems
}

// CheckRefs lists the references of an HTML page that leave the set of files for which
// exists returns true; external URLs are allowed when they open in a new window.
func CheckRefs(pagePath string, page []byte, exists func(string) bool) []string {
	var problems []string
	for _, r := range Refs(pagePath, page) {
		switch {
		case r.Outside:
			problems = append(problems, fmt.Sprintf("%s: <%s %s=%q> leaves the package", pagePath, r.Tag, r.Attr, r.Value))
		case r.Target != "" && !exists(r.Target):
			problems = append(problems, fmt.Sprintf("%s: <%s %s=%q>: %s is not in the package", pagePath, r.Tag, r.Attr, r.Value, r.Target))
		}
	}
	return problems
}
