package toolbox

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strconv"
	"strings"
)

// The blank worksheet is an OpenDocument Text file written by hand: the format needs only a
// zip of four small XML files, and no maintained Go library writes ODT without pulling in
// far more than that. The file is the paper form of the template, to fill in with an office
// program or by hand: labels, help, blank answer lines, ☐ boxes for choices and empty table
// rows. Its bytes depend only on the inputs (fixed zip times, no dates in meta.xml), so
// builds stay reproducible.

// odtMime is the media type of an OpenDocument text; it is also the whole of the "mimetype"
// entry, which must come first in the zip, stored, so that the type can be read at offset 38.
const odtMime = "application/vnd.oasis.opendocument.text"

// odtDate is 1980-01-01 in MS-DOS date format, the earliest a zip can hold: every entry gets
// it, with no extended-time extra field, so the bytes do not depend on when they were built.
const odtDate = (0 << 9) | (1 << 5) | 1

// defaultRows is the number of empty rows a table field gets on the worksheet when it gives none.
const defaultRows = 3

// ODT writes the blank worksheet of t as an OpenDocument text in language lang (a BCP 47
// code such as "en" or "sl"): the title as a heading, the guidance as paragraphs (plain
// text; blank lines separate paragraphs), then each section and field with lines to write on.
// labels returns a UI string of the site (template_required, template_required_note,
// template_print_options); a key it returns unchanged or empty is worded in English.
func ODT(w io.Writer, t *Template, lang, title, guidance string, labels func(key string) string) error {
	label := func(key, fallback string) string {
		if labels != nil {
			if s := labels(key); s != "" && s != key {
				return s
			}
		}
		return fallback
	}
	content := odtContent(t, title, guidance, label)
	files := []struct{ name, data string }{
		{"content.xml", content},
		{"styles.xml", odtStyles(lang)},
		{"meta.xml", odtMeta(lang, title)},
		{"META-INF/manifest.xml", odtManifest},
	}
	zw := zip.NewWriter(w)
	// CreateRaw, not CreateHeader: a stored entry written through CreateHeader gets a data
	// descriptor, and readers that sniff the type expect the sizes in the local header.
	mh := &zip.FileHeader{Name: "mimetype", Method: zip.Store, ModifiedDate: odtDate,
		CRC32: crc32.ChecksumIEEE([]byte(odtMime)), CompressedSize64: uint64(len(odtMime)),
		UncompressedSize64: uint64(len(odtMime))}
	mw, err := zw.CreateRaw(mh)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mw, odtMime); err != nil {
		return err
	}
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, ModifiedDate: odtDate})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

const odtNS = ` xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
	` xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"` +
	` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"` +
	` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
	` xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"` +
	` office:version="1.2"`

const odtManifest = xmlDecl +
	`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` + "\n" +
	` <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="` + odtMime + `"/>` + "\n" +
	` <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` + "\n" +
	` <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` + "\n" +
	` <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` + "\n" +
	`</manifest:manifest>` + "\n"

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writes to a buffer: cannot fail
	return b.String()
}

// odtLang splits a language code into ODF's fo:language and fo:country ("pt-BR" → pt, BR).
func odtLang(lang string) (language, country string) {
	language, country, _ = strings.Cut(strings.ReplaceAll(lang, "_", "-"), "-")
	if language == "" {
		language = "zxx"
	}
	if country == "" {
		country = "none"
	}
	return strings.ToLower(language), strings.ToUpper(country)
}

func odtMeta(lang, title string) string {
	return xmlDecl +
		`<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
		` xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"` +
		` office:version="1.2"><office:meta>` +
		`<meta:generator>SecureHealth</meta:generator>` +
		`<dc:title>` + esc(title) + `</dc:title>` +
		`<dc:language>` + esc(lang) + `</dc:language>` +
		`</office:meta></office:document-meta>` + "\n"
}

// odtStyles holds the named styles the content uses, an A4 page with 2 cm margins (17 cm of
// text width) and the document language, set on the default style so that spelling and
// hyphenation follow it.
func odtStyles(lang string) string {
	language, country := odtLang(lang)
	langAttrs := fmt.Sprintf(` fo:language="%s" fo:country="%s"`, esc(language), esc(country))
	// join-border="false": consecutive answer lines would otherwise share one border, and only
	// the last line would be drawn.
	line := `<style:paragraph-properties fo:margin-top="0.55cm" fo:margin-bottom="0cm" fo:border-bottom="0.5pt solid #000000" fo:padding="0cm" style:join-border="false"`
	return xmlDecl + `<office:document-styles` + odtNS + `>` + "\n" +
		`<office:styles>` + "\n" +
		`<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/>` +
		`<style:text-properties fo:font-size="11pt"` + langAttrs + `/></style:default-style>` + "\n" +
		`<style:style style:name="Standard" style:family="paragraph" style:class="text"/>` + "\n" +
		`<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm"/></style:style>` + "\n" +
		`<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/>` +
		`<style:text-properties fo:font-weight="bold"/></style:style>` + "\n" +
		`<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">` +
		`<style:text-properties fo:font-size="18pt"/></style:style>` + "\n" +
		`<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0.6cm"/><style:text-properties fo:font-size="14pt"/></style:style>` + "\n" +
		`<style:style style:name="Field_20_Label" style:display-name="Field Label" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.05cm" fo:keep-with-next="always"/>` +
		`<style:text-properties fo:font-weight="bold"/></style:style>` + "\n" +
		`<style:style style:name="Field_20_Help" style:display-name="Field Help" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-bottom="0.05cm" fo:keep-with-next="always"/>` +
		`<style:text-properties fo:font-size="9pt" fo:font-style="italic" fo:color="#404040"/></style:style>` + "\n" +
		`<style:style style:name="Answer_20_Line" style:display-name="Answer Line" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		line + `/></style:style>` + "\n" +
		`<style:style style:name="Answer_20_Short" style:display-name="Answer Short Line" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		line + ` fo:margin-right="11cm"/></style:style>` + "\n" +
		`<style:style style:name="Option" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-left="0.3cm" fo:margin-top="0.1cm" fo:margin-bottom="0.05cm"/></style:style>` + "\n" +
		`<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>` + "\n" +
		`<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">` +
		`<style:text-properties fo:font-weight="bold"/></style:style>` + "\n" +
		`</office:styles>` + "\n" +
		`<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"` +
		` style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>` + "\n" +
		`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>` + "\n" +
		`</office:document-styles>` + "\n"
}

// odtContent is content.xml: the worksheet itself.
func odtContent(t *Template, title, guidance string, label func(key, fallback string) string) string {
	var body strings.Builder
	p := func(style, text string) {
		if text == "" {
			fmt.Fprintf(&body, "<text:p text:style-name=%q/>\n", style)
			return
		}
		fmt.Fprintf(&body, "<text:p text:style-name=%q>%s</text:p>\n", style, esc(text))
	}
	h := func(level int, text string) {
		fmt.Fprintf(&body, "<text:h text:style-name=\"Heading_20_%d\" text:outline-level=\"%d\">%s</text:h>\n", level, level, esc(text))
	}
	h(1, title)
	for _, para := range paragraphs(guidance) {
		p("Text_20_body", para)
	}
	required := false
	for _, f := range t.Fields {
		required = required || f.Required
	}
	if required {
		p("Text_20_body", label("template_required_note", "Fields marked “required” must be filled in."))
	}
	tableWidths := map[int]bool{}
	section := ""
	for _, f := range t.Fields {
		if f.Section != section && f.Section != "" {
			h(2, f.Section)
		}
		section = f.Section
		text := f.Label
		if text == "" {
			text = f.ID
		}
		if f.Required {
			text += " (" + label("template_required", "required") + ")"
		}
		p("Field_20_Label", text)
		if f.Help != "" {
			p("Field_20_Help", f.Help)
		}
		switch f.Type {
		case Textarea:
			for range 5 {
				p("Answer_20_Line", "")
			}
		case Date, Number:
			p("Answer_20_Short", "")
		case Select, Radio:
			p("Field_20_Help", label("template_print_options", "Tick one:"))
			for _, o := range f.Options {
				p("Option", "☐ "+optionLabel(o))
			}
		case Checklist:
			for _, o := range f.Options {
				p("Option", "☐ "+optionLabel(o))
			}
		case Checkbox:
			p("Option", "☐")
		case Rating:
			scale := f.Scale
			if scale <= 0 {
				scale = 5
			}
			var parts []string
			if f.Low != "" {
				parts = append(parts, f.Low)
			}
			for i := 1; i <= scale; i++ {
				parts = append(parts, strconv.Itoa(i)+" ☐")
			}
			if f.High != "" {
				parts = append(parts, f.High)
			}
			p("Option", strings.Join(parts, "  "))
		case Table:
			n := max(len(f.Columns), 1)
			tableWidths[n] = true
			rows := f.Rows
			if rows <= 0 {
				rows = defaultRows
			}
			fmt.Fprintf(&body, "<table:table table:name=\"%s\" table:style-name=\"Tbl\">\n", esc("Table_"+f.ID))
			fmt.Fprintf(&body, "<table:table-column table:style-name=\"Col%d\" table:number-columns-repeated=\"%d\"/>\n", n, n)
			body.WriteString("<table:table-header-rows><table:table-row table:style-name=\"Row\">")
			for _, c := range f.Columns {
				l := c.Label
				if l == "" {
					l = c.ID
				}
				fmt.Fprintf(&body, "<table:table-cell table:style-name=\"Cell\" office:value-type=\"string\"><text:p text:style-name=\"Table_20_Heading\">%s</text:p></table:table-cell>", esc(l))
			}
			if len(f.Columns) == 0 {
				body.WriteString(`<table:table-cell table:style-name="Cell"><text:p text:style-name="Table_20_Heading"/></table:table-cell>`)
			}
			body.WriteString("</table:table-row></table:table-header-rows>\n")
			for range rows {
				body.WriteString("<table:table-row table:style-name=\"Row\">")
				for range n {
					body.WriteString(`<table:table-cell table:style-name="Cell"><text:p text:style-name="Table_20_Contents"/></table:table-cell>`)
				}
				body.WriteString("</table:table-row>\n")
			}
			body.WriteString("</table:table>\n")
		default: // text, and any type added later: one line to write on
			p("Answer_20_Line", "")
		}
	}

	// Automatic styles: the tables' widths, borders and row heights; a column style per
	// number of columns in use, in order.
	var auto strings.Builder
	auto.WriteString(`<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/></style:style>` + "\n")
	auto.WriteString(`<style:style style:name="Row" style:family="table-row"><style:table-row-properties style:min-row-height="0.9cm" fo:keep-together="always"/></style:style>` + "\n")
	auto.WriteString(`<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>` + "\n")
	var widths []int
	for n := range tableWidths {
		widths = append(widths, n)
	}
	sort.Ints(widths)
	for _, n := range widths {
		fmt.Fprintf(&auto, "<style:style style:name=\"Col%d\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"%scm\" style:rel-column-width=\"1000*\"/></style:style>\n",
			n, strconv.FormatFloat(17/float64(n), 'f', 3, 64))
	}
	return xmlDecl + `<office:document-content` + odtNS + `>` + "\n" +
		`<office:automatic-styles>` + "\n" + auto.String() + `</office:automatic-styles>` + "\n" +
		`<office:body><office:text>` + "\n" + body.String() + `</office:text></office:body></office:document-content>` + "\n"
}

func optionLabel(o Option) string {
	if o.Label != "" {
		return o.Label
	}
	return o.ID
}

// paragraphs splits plain text into paragraphs at blank lines, joining the lines of each.
func paragraphs(s string) []string {
	var out []string
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if para := strings.Join(strings.Fields(block), " "); para != "" {
			out = append(out, para)
		}
	}
	return out
}
