package iocount

import (
	"bytes"
	"errors"
	"testing"
)

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, errors.New("disk full") }

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := &Writer{W: &b}
	w.Write([]byte("abc"))
	w.Write([]byte("de"))
	if w.N != 5 || b.String() != "abcde" {
		t.Errorf("N %d, wrote %q", w.N, b.String())
	}
	s := &Writer{W: shortWriter{}}
	if _, err := s.Write([]byte("abcd")); err == nil || s.N != 2 {
		t.Errorf("short write: N %d, err %v (counts what was taken)", s.N, err)
	}
}

func TestReader(t *testing.T) {
	r := &Reader{R: bytes.NewReader([]byte("abcdef"))}
	buf := make([]byte, 4)
	r.Read(buf)
	r.Read(buf)
	if r.N != 6 {
		t.Errorf("N %d, want 6", r.N)
	}
}
