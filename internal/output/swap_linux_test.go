package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestExchange checks that RENAME_EXCHANGE really is used where the file system has it, so that
// the renameat2=true cases of the other tests do not silently test the fallback twice.
func TestExchange(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	mkfiles(t, a, map[string]string{"fa": "a"})
	mkfiles(t, b, map[string]string{"fb": "b"})
	err := exchange(a, b)
	if errors.Is(err, errExchangeUnsupported) {
		t.Skip("the file system of", base, "cannot exchange")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(a, "fb")); err != nil {
		t.Error("a does not hold b's files:", err)
	}
	if _, err := os.Stat(filepath.Join(b, "fa")); err != nil {
		t.Error("b does not hold a's files:", err)
	}
}
