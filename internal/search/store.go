package search

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
)

// A store keeps bytes that an index holds from Add to Files — each page's compressed fragment
// and its entries — out of the Go heap, in a temporary file. A 12,000-page build holds about
// 85 MB of them while the pages render; in the heap they would leave the collector that much
// less room under the build's memory limit, and it would run a fifth more often (measured:
// docs/benchmarks.md). The file is read back only once rendering is over, from the page cache.
// Without a temporary file (none can be made, or a write failed) the bytes stay in memory.
type store struct {
	mu      sync.Mutex
	temp    tempFile // file nil without one
	closed  bool
	pending []byte // bytes from offset written, not yet in the file
	written int64  // bytes in the file
	// mem holds the bytes from memStart on when there is no file (memStart 0) or a write
	// to it failed.
	mem      []byte
	memStart int64
	inMemory bool
	err      error // the first read error, reported by Err
	cleanup  runtime.Cleanup
}

// A span is where put left a run of bytes.
type span struct {
	off int64
	n   int32
}

// storeFlush is the size of the writes to the file.
const storeFlush = 1 << 20

// tempFile is what a store's cleanup closes and, where an open file cannot be removed
// (Windows), removes.
type tempFile struct {
	file *os.File
	name string
}

func (t tempFile) release() {
	t.file.Close()
	if t.name != "" {
		os.Remove(t.name)
	}
}

func newStore() *store {
	s := &store{}
	f, err := os.CreateTemp("", "securehealth-search-*")
	if err != nil {
		s.inMemory = true
		return s
	}
	t := tempFile{file: f}
	if os.Remove(f.Name()) != nil {
		t.name = f.Name() // removed once closed
	}
	s.temp = t
	s.cleanup = runtime.AddCleanup(s, tempFile.release, t)
	return s
}

// put stores b, which the caller may reuse, and returns where.
func (s *store) put(b []byte) span {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inMemory {
		sp := span{s.memStart + int64(len(s.mem)), int32(len(b))}
		s.mem = append(s.mem, b...)
		return sp
	}
	sp := span{s.written + int64(len(s.pending)), int32(len(b))}
	s.pending = append(s.pending, b...)
	if len(s.pending) >= storeFlush {
		s.flush()
	}
	return sp
}

// flush writes the pending bytes; s.mu is held. If the file cannot take them, they and all
// later ones stay in memory.
func (s *store) flush() {
	if s.inMemory || len(s.pending) == 0 {
		return
	}
	if _, err := s.temp.file.WriteAt(s.pending, s.written); err != nil {
		s.inMemory = true
		s.memStart = s.written
		s.mem = s.pending
		s.pending = nil
		return
	}
	s.written += int64(len(s.pending))
	s.pending = s.pending[:0]
}

// get returns the bytes at sp, in dst's memory when it is large enough; after a read error,
// which Err reports, nil.
func (s *store) get(sp span, dst []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.fail(errors.New("search: index read after Close"))
		return nil
	}
	if s.inMemory && sp.off >= s.memStart {
		i := sp.off - s.memStart
		return append(dst[:0], s.mem[i:i+int64(sp.n)]...)
	}
	if sp.off >= s.written {
		i := sp.off - s.written
		return append(dst[:0], s.pending[i:i+int64(sp.n)]...)
	}
	if cap(dst) < int(sp.n) {
		dst = make([]byte, sp.n)
	}
	dst = dst[:sp.n]
	if _, err := s.temp.file.ReadAt(dst, sp.off); err != nil {
		s.fail(fmt.Errorf("search: reading the index's temporary file: %w", err))
		return nil
	}
	return dst
}

func (s *store) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// Err returns the first error reading the store back.
func (s *store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// close frees the store's memory and removes its file now rather than when the store is
// collected; it must not be read after.
func (s *store) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.mem, s.pending = nil, nil
	if s.temp.file != nil {
		s.cleanup.Stop()
		s.temp.release()
	}
}
