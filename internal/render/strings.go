package render

// T returns the UI string key in language lang, for files written outside the layouts (the
// toolbox templates' blank worksheets); a key the catalogue lacks comes back unchanged.
func (r *Renderer) T(lang, key string) string { return r.strings.T(lang, key) }
