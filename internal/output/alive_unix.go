//go:build unix

package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

// processAlive reports whether process pid exists; known is false when that cannot be told.
func processAlive(pid int) (alive, known bool) {
	if pid <= 0 {
		return false, false
	}
	err := unix.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, unix.EPERM):
		return true, true
	case errors.Is(err, unix.ESRCH):
		return false, true
	}
	return false, false
}
