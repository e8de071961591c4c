package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// Verifier is a writer that compares everything written to it with an original, byte for
// byte, without holding either in memory.
type Verifier struct {
	orig     *bufio.Reader
	buf      []byte
	off      int64 // bytes compared so far
	mismatch int64 // offset of the first differing byte, or -1
}

// NewVerifier compares what is written with what orig holds.
func NewVerifier(orig io.Reader) *Verifier {
	return &Verifier{orig: bufio.NewReaderSize(orig, 1<<20), mismatch: -1}
}

// Write compares p with the next len(p) bytes of the original. It never fails, so that a
// decoder piping into it runs to its end; Check reports the outcome.
func (v *Verifier) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && v.mismatch < 0 {
		k := min(len(p), 1<<16)
		if cap(v.buf) < k {
			v.buf = make([]byte, 1<<16)
		}
		got, _ := io.ReadFull(v.orig, v.buf[:k])
		if i := firstDiff(p[:got], v.buf[:got]); i >= 0 {
			v.mismatch = v.off + int64(i)
			break
		}
		v.off += int64(got)
		if got < k {
			v.mismatch = v.off // the copy is longer than the original
			break
		}
		p = p[k:]
	}
	return n, nil
}

func firstDiff(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// Check reports whether the bytes written equal the whole original. unit, when positive,
// names the first difference as "frame N" of unit bytes each rather than as a byte offset.
func (v *Verifier) Check(unit int64) error {
	if v.mismatch < 0 {
		if _, err := v.orig.ReadByte(); err != io.EOF {
			v.mismatch = v.off // the copy is shorter than the original
		}
	}
	if v.mismatch < 0 {
		return nil
	}
	if unit > 0 {
		return fmt.Errorf("differs from frame %d", v.mismatch/unit)
	}
	return fmt.Errorf("differs from byte %d", v.mismatch)
}
