package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"testing"
)

// TestLaterHash: pieces hashed on goroutines (later) between pieces hashed at once (Write)
// give the SHA-256 of them all in order; Sum waits for the last piece.
func TestLaterHash(t *testing.T) {
	data := make([]byte, 3*laterPiece+12345)
	for i := range data {
		data[i] = byte(i*7 + i>>9)
	}
	l := laterHash{h: sha256.New()}
	cuts := []int{0, 100, laterPiece, laterPiece + 1, 2*laterPiece + 500, 2*laterPiece + 500, len(data)}
	for k := 1; k < len(cuts); k++ {
		if k%2 == 1 {
			l.later(data[cuts[k-1]:cuts[k]])
		} else {
			l.Write(data[cuts[k-1]:cuts[k]])
		}
	}
	want := sha256.Sum256(data)
	if got := l.Sum(nil); !bytes.Equal(got, want[:]) {
		t.Fatalf("sum %x, want %x", got, want)
	}
}

// TestSensorDecodeHashLater: a decoder of two threads hashes its rows on a goroutine
// (laterHash) and of one thread at once; both read the log back exactly, in reads of any
// size, and check the trailer's SHA-256; a damaged block is still found. Run it under
// -race: the decoder reuses its output buffer while pieces may be hashed.
func TestSensorDecodeHashLater(t *testing.T) {
	log := readIMU(t)
	vlm := encodeSensorDefault(t, log)
	for _, threads := range []int{1, 2} {
		for _, step := range []int{1 << 20, 4093} {
			d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts(), WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			if d.sensor.async != (threads > 1) {
				t.Fatalf("threads %d: async %v", threads, d.sensor.async)
			}
			var out bytes.Buffer
			buf := make([]byte, step)
			for {
				n, err := d.Read(buf)
				out.Write(buf[:n])
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("threads %d, reads of %d: %v", threads, step, err)
				}
			}
			if !bytes.Equal(out.Bytes(), log) {
				t.Fatalf("threads %d, reads of %d: the decoded log differs", threads, step)
			}
			if len(d.SensorStats()) < 2 {
				t.Fatalf("%d blocks: the test wants two or more", len(d.SensorStats()))
			}
		}
	}
	// A flipped bit in the middle of the file: an error, never the log with a false check.
	bad := bytes.Clone(vlm)
	bad[len(bad)/2] ^= 0x10
	d, err := NewDecoder(bytes.NewReader(bad), WithoutCosts(), WithThreads(2))
	if err == nil {
		_, err = io.Copy(io.Discard, d)
	}
	var ce *CorruptError
	if err == nil || !errors.As(err, &ce) {
		t.Fatalf("damaged file: %v, want a CorruptError", err)
	}
}
