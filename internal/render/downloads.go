package render

import (
	"io"
	"strconv"

	"github.com/securehealth/securehealth/internal/site"
)

// DownloadsDir is where each language's "Download for offline use" page is written, under the
// language; only builds made by securehealth package have it.
const DownloadsDir = "download/"

// A DownloadKind says what a file of downloads/ holds.
type DownloadKind int

const (
	OfflineLanguage DownloadKind = iota // the site in one language, for file://
	OfflineAll                          // the site in every language
	SCORMCurriculum                     // a SCORM 1.2 package of a curriculum, one SCO per module
	SCORMModule                         // a SCORM 1.2 package of one module
)

// A Download is one file of downloads/, as the downloads page lists it.
type Download struct {
	File  string // path under the output root, such as downloads/securehealth-en.zip
	Size  int64  // bytes
	Kind  DownloadKind
	Lang  string // the package's language; "" for every language
	Title string // the curriculum or module, for SCORM packages
}

// A downloadLink is a Download as one page sees it.
type downloadLink struct {
	Download
	URL, Name, SizeText string
}

// DownloadsURL is the relative URL of the language's downloads page; "" in builds without
// downloads.
func (v *view) DownloadsURL() string {
	if !v.r.opts.Downloads || v.r.layouts["downloads"] == nil || v.Lang == nil {
		return ""
	}
	return Relative(v.here, v.Lang.Code+"/"+DownloadsDir, v.r.opts.Offline)
}

func (v *view) downloadLinks(keep func(d Download) bool) []downloadLink {
	var out []downloadLink
	for _, d := range v.dls {
		if !keep(d) {
			continue
		}
		name := d.File
		for i := len(name) - 1; i >= 0; i-- {
			if name[i] == '/' {
				name = name[i+1:]
				break
			}
		}
		out = append(out, downloadLink{Download: d, URL: Relative(v.here, d.File, false), Name: name, SizeText: v.size(d.Size)})
	}
	return out
}

// OfflineDownloads are the offline zips: this language's first, then the one with every
// language.
func (v *view) OfflineDownloads() []downloadLink {
	mine := v.downloadLinks(func(d Download) bool { return d.Kind == OfflineLanguage && d.Lang == v.Lang.Code })
	return append(mine, v.downloadLinks(func(d Download) bool { return d.Kind == OfflineAll })...)
}

// SCORMDownloads are this language's SCORM packages, each curriculum before its modules.
func (v *view) SCORMDownloads() []downloadLink {
	return v.downloadLinks(func(d Download) bool {
		return (d.Kind == SCORMCurriculum || d.Kind == SCORMModule) && d.Lang == v.Lang.Code
	})
}

// LanguageName is the native name of a language of the site.
func (v *view) LanguageName(code string) string {
	if l := v.r.site.Language(code); l != nil {
		return l.Name
	}
	return code
}

// size writes a file size the way people read it, with the language's decimal separator.
func (v *view) size(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return v.Number(float64(n/100)/10) + " kB"
	}
	return v.Number(float64(n/100000)/10) + " MB"
}

// HasDownloads reports whether the theme has a downloads page.
func (r *Renderer) HasDownloads() bool { return r.layouts["downloads"] != nil }

// DownloadsPage renders a language's "Download for offline use" page, listing list. It is
// not a content page (not in menus, sitemap or the search index).
func (r *Renderer) DownloadsPage(w io.Writer, lang string, list []Download) error {
	url := lang + "/" + DownloadsDir
	v := r.view(lang, url)
	v.dls = list
	v.Page = &site.Page{Lang: lang, URL: url, FM: v.Lang.Home.FM, Kind: site.KindSection}
	v.Page.FM.Title = v.T("downloads_title")
	v.Page.FM.Description = ""
	return r.execute(w, "downloads", v)
}

// IsCurriculum reports whether the link is a curriculum's SCORM package.
func (d downloadLink) IsCurriculum() bool { return d.Kind == SCORMCurriculum }
