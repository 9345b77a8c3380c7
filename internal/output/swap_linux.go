package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errExchangeUnsupported says the kernel or file system cannot exchange, so swap falls back.
var errExchangeUnsupported = errors.New("RENAME_EXCHANGE not supported")

// exchange atomically swaps the directories a and b.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
		// Old kernels (ENOSYS) and file systems without exchange support (EINVAL).
		return errExchangeUnsupported
	}
	return err
}
