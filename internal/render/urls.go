package render

import (
	"net/url"
	"strings"
)

// Relative returns the URL of target as seen from the output directory from. Both are relative
// to the output root; from is a directory ("en/about/" or "" for the root). A target ending in
// "/" is a page directory: offline builds point at its index.html explicitly, because a browser
// opening files from disk shows a directory listing, not its index.
func Relative(from, target string, offline bool) string {
	target, fragment, hasFragment := strings.Cut(target, "#")
	fromSegs := splitDir(from)
	toSegs := strings.Split(target, "/")
	common := 0
	for common < len(fromSegs) && common < len(toSegs)-1 && fromSegs[common] == toSegs[common] {
		common++
	}
	var b strings.Builder
	for range len(fromSegs) - common {
		b.WriteString("../")
	}
	for i, s := range toSegs[common:] {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(s))
	}
	if strings.HasSuffix(target, "/") || target == "" {
		if offline {
			b.WriteString("index.html")
		} else if b.Len() == 0 {
			b.WriteString("./")
		}
	}
	out := b.String()
	if first, _, _ := strings.Cut(out, "/"); strings.Contains(first, ":") {
		out = "./" + out // "a:b.png" would otherwise read as a URL with scheme "a"
	}
	if hasFragment {
		out += "#" + fragment
	}
	return out
}

func splitDir(dir string) []string {
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return nil
	}
	return strings.Split(dir, "/")
}
