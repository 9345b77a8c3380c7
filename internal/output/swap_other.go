//go:build !linux

package output

import "errors"

// errExchangeUnsupported says the platform cannot exchange, so swap falls back.
var errExchangeUnsupported = errors.New("RENAME_EXCHANGE not supported")

// exchange is not available outside Linux.
func exchange(a, b string) error { return errExchangeUnsupported }
