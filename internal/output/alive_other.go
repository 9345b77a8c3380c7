//go:build !unix

package output

// processAlive cannot tell here; removeStale falls back to the temp dir's age.
func processAlive(pid int) (alive, known bool) { return false, false }
