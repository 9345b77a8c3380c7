package deps

import (
	_ "github.com/alecthomas/chroma/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/yuin/goldmark"
	_ "github.com/yuin/goldmark-highlighting/v2"
	_ "github.com/yuin/goldmark-meta"
	_ "golang.org/x/sys/unix"
	_ "golang.org/x/tools/txtar"
	_ "gopkg.in/yaml.v3"
)
