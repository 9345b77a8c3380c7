package search

import (
	"bytes"
	"fmt"
	"testing"
)

// TestStore: what is put comes back, from the file, from the bytes not yet written and from
// memory after the file failed or without one.
func TestStore(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(*store)
	}{
		{"file", func(*store) {}},
		{"no temporary file", func(s *store) { s.temp.release(); s.cleanup.Stop(); *s = store{inMemory: true} }},
		{"write fails", func(s *store) { s.temp.file.Close() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore()
			c.setup(s)
			var spans []span
			var want [][]byte
			for i := range 3000 {
				b := bytes.Repeat([]byte(fmt.Sprintf("page %d;", i)), i%700)
				spans = append(spans, s.put(b))
				want = append(want, b)
			}
			var scratch []byte
			for i, sp := range spans {
				scratch = s.get(sp, scratch)
				if !bytes.Equal(scratch, want[i]) {
					t.Fatalf("span %d: got %d bytes, want %d", i, len(scratch), len(want[i]))
				}
			}
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			s.close()
			if s.get(spans[0], nil) != nil || s.Err() == nil {
				t.Error("read after close: no error")
			}
		})
	}
}

// TestStoreReadError: a failed read is reported by Err, not as wrong bytes.
func TestStoreReadError(t *testing.T) {
	s := newStore()
	if s.temp.file == nil {
		t.Skip("no temporary file here")
	}
	sp := s.put(bytes.Repeat([]byte("x"), 2*storeFlush))
	s.temp.file.Close()
	if got := s.get(sp, nil); got != nil {
		t.Errorf("got %d bytes from a closed file", len(got))
	}
	if s.Err() == nil {
		t.Error("no error")
	}
}
