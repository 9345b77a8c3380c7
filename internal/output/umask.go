package output

import (
	"bytes"
	"os"
	"strconv"
)

// modesNeedChmod reports whether the process umask would change the modes we create files and
// folders with, so that each needs an explicit chmod. Reading the umask through umask(2) would
// change it for a moment for the whole process, so it is read from /proc; where that is not
// possible, every mode is set explicitly.
func modesNeedChmod() bool {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return true
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("Umask:")); ok {
			m, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 8, 32)
			return err != nil || (dirMode|fileMode)&os.FileMode(m) != 0
		}
	}
	return true
}
