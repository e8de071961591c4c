package codec

import (
	"bytes"
	"io"
	"testing"
)

// TestSpillBuffer: without a directory a segment stays in memory however large; with one it
// moves to a file there once past spillLimit, and reads back the same either way.
func TestSpillBuffer(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), spillLimit/16+1000)
	for _, dir := range []string{"", t.TempDir()} {
		s := &spillBuffer{dir: dir}
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 100_000)
			if _, err := s.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if (s.file != nil) != (dir != "") {
			t.Errorf("dir %q: spilled to a file: %v", dir, s.file != nil)
		}
		r, err := s.reader()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("dir %q: read back %d bytes, not the %d written", dir, len(got), len(data))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
