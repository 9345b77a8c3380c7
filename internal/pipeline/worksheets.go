package pipeline

import (
	"bytes"
	"fmt"

	"github.com/securehealth/securehealth/internal/render"
	"github.com/securehealth/securehealth/internal/toolbox"
)

// writeWorksheets writes the blank worksheet of every toolbox template page, an editable
// OpenDocument text, into the page's own folder as <template id>.odt, where the page's
// download link finds it. A fallback page shows its original's content, so its worksheet is
// the original's, in the original's language.
func writeWorksheets(tree Sink, loaded *Loaded, r *render.Renderer) error {
	var buf bytes.Buffer
	for _, l := range loaded.Site.Languages {
		for _, p := range l.Pages {
			t := loaded.Templates[p.Source]
			if t == nil || p.Generated() {
				continue
			}
			content := p
			if p.Original != nil {
				content = p.Original
			}
			lang := content.Lang
			buf.Reset()
			labels := func(key string) string { return r.T(lang, key) }
			if err := toolbox.ODT(&buf, t, lang, content.FM.Title, content.FM.Description, labels); err != nil {
				return fmt.Errorf("%s%s.odt: %w", p.URL, t.ID, err)
			}
			if err := tree.WriteFile(p.URL+t.ID+".odt", buf.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}
