package output

import (
	"os"
	"path/filepath"
	"sync"
)

// removeTree removes dir like os.RemoveAll, with several removals in flight: deleting a
// previous output of thousands of page folders one unlink at a time can take longer than
// building the new one, since each unlink waits on the disk.
func removeTree(dir string) {
	var paths []string
	top, _ := os.ReadDir(dir)
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			paths = append(paths, p)
			continue
		}
		children, _ := os.ReadDir(p)
		for _, c := range children {
			paths = append(paths, filepath.Join(p, c.Name()))
		}
	}
	const workers = 8
	next := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				os.RemoveAll(p)
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	os.RemoveAll(dir)
}
