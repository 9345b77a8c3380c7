// Package themes embeds the default theme into the binary, so a partner needs only a
// config.yaml and content/ to build the site.
package themes

import "embed"

// Default holds themes/default: layouts/, assets/ and i18n/.
//
//go:embed default
var Default embed.FS
