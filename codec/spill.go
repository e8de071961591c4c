package codec

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// spillLimit is how much of a coded segment spillBuffer keeps in memory before it moves the
// segment to a temporary file, when it has a directory for one (WithTempDir): a segment of
// noise can be as large as its raw frames, hundreds of MB, and several are in flight at once.
const spillLimit = 8 << 20

// spillBuffer holds a segment coded ahead of its turn to be written: in memory while small
// or when dir is empty, else in an unlinked temporary file in dir once larger than spillLimit.
type spillBuffer struct {
	dir  string
	mem  bytes.Buffer
	file *os.File
	w    *bufio.Writer
}

func (s *spillBuffer) Write(p []byte) (int, error) {
	if s.file == nil && (s.dir == "" || s.mem.Len()+len(p) <= spillLimit) {
		return s.mem.Write(p)
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.dir, "vidlm-segment-*")
		if err != nil {
			return 0, err
		}
		// Unlinked at once: the data lives only as long as the open file, so nothing is left
		// behind whatever happens to the process.
		os.Remove(f.Name())
		s.file, s.w = f, bufio.NewWriterSize(f, 1<<20)
		if _, err := s.w.Write(s.mem.Bytes()); err != nil {
			return 0, err
		}
		s.mem = bytes.Buffer{}
	}
	return s.w.Write(p)
}

// reader returns the buffered bytes from the start; call it once, after the last Write.
func (s *spillBuffer) reader() (io.Reader, error) {
	if s.file == nil {
		return &s.mem, nil
	}
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(s.file, 1<<20), nil
}

// Close releases the buffer's memory or file.
func (s *spillBuffer) Close() error {
	s.mem = bytes.Buffer{}
	if s.file != nil {
		return s.file.Close()
	}
	return nil
}
