package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"sync/atomic"
	"testing"
)

// imuShared is testdata's IMU log (two blocks) coded once per test binary.
func imuShared(t testing.TB) (log, vlm []byte) {
	log, vlm, _ = sharedSensorFile(t, "imu_fusion", func() []byte {
		b, err := os.ReadFile("../testdata/imu_fusion.csv")
		if err != nil {
			return nil
		}
		return b
	}, 2)
	if len(log) == 0 {
		t.Fatal("no ../testdata/imu_fusion.csv")
	}
	return log, vlm
}

// readAllSteps reads d to its end in reads of step bytes and returns what it gave before the
// first error (nil at io.EOF). With settle, each read waits for the chunk decoded ahead before
// the next (as a slow writer would).
func readAllSteps(d *Decoder, step int, settle bool) ([]byte, error) {
	var out bytes.Buffer
	buf := make([]byte, step)
	for {
		n, err := d.Read(buf)
		if settle {
			d.sensor.settle()
		}
		out.Write(buf[:n])
		if err == io.EOF {
			return out.Bytes(), nil
		}
		if err != nil {
			return out.Bytes(), err
		}
	}
}

// TestSensorDecodeAhead: a decoder of two threads decodes each chunk on a goroutine while the
// one before is read (sensor_ahead.go), one of one thread serially; both give the log byte for
// byte, in reads of any size (and with each read waiting for the chunk decoded ahead, so that
// a goroutine writing into the buffer being read shows), with the same statistics, and the read-ahead is used for every
// chunk (the header row and the two blocks). A damaged file gives a CorruptError after a
// prefix of the log, never the whole log; a truncated one an error; an interruption
// ErrInterrupted, sticky. Run it under -race: the goroutine and the reader share the decoder.
func TestSensorDecodeAhead(t *testing.T) {
	log, vlm := imuShared(t)
	var serialStats []SensorBlockStats
	for _, threads := range []int{1, 2} {
		for _, step := range []int{4093, 1 << 20, -4093} {
			settle := step < 0
			step = max(step, -step)
			d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts(), WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			if d.sensor.ahead != (threads > 1) {
				t.Fatalf("threads %d: read-ahead %v", threads, d.sensor.ahead)
			}
			out, err := readAllSteps(d, step, settle)
			if err != nil {
				t.Fatalf("threads %d, reads of %d: %v", threads, step, err)
			}
			if !bytes.Equal(out, log) {
				t.Fatalf("threads %d, reads of %d: the decoded log differs (%d bytes, want %d)", threads, step, len(out), len(log))
			}
			// After io.EOF: io.EOF again, nothing more.
			if n, err := d.Read(make([]byte, 10)); n != 0 || err != io.EOF {
				t.Fatalf("threads %d: a read after the end gives %d, %v", threads, n, err)
			}
			stats := d.SensorStats()
			if len(stats) < 2 {
				t.Fatalf("%d blocks: the test wants two or more", len(stats))
			}
			if want := len(stats) + 1; threads > 1 && d.sensor.aheadChunks != want {
				t.Fatalf("threads %d: %d chunks read ahead, want %d (the header and every block)", threads, d.sensor.aheadChunks, want)
			}
			if threads == 1 {
				if d.sensor.aheadChunks != 0 {
					t.Fatalf("one thread: %d chunks read ahead", d.sensor.aheadChunks)
				}
				serialStats = stats
			} else if !reflect.DeepEqual(stats, serialStats) {
				t.Fatalf("threads %d: the blocks' statistics differ from the serial decoder's", threads)
			}
		}
	}

	// Damage in the second block and in the first: an error, after a prefix of the log.
	for _, at := range []int{len(vlm) * 3 / 4, len(vlm) / 4} {
		bad := bytes.Clone(vlm)
		bad[at] ^= 0x10
		d, err := NewDecoder(bytes.NewReader(bad), WithoutCosts(), WithThreads(2))
		if err != nil {
			continue // the head or the index: found before any row
		}
		out, err := readAllSteps(d, 4093, false)
		var ce *CorruptError
		if err == nil || !errors.As(err, &ce) {
			t.Fatalf("damage at %d: %v, want a CorruptError", at, err)
		}
		if len(out) >= len(log) || !bytes.Equal(out, log[:len(out)]) {
			t.Fatalf("damage at %d: %d bytes read before the error, not a proper prefix of the log", at, len(out))
		}
		if _, err2 := d.Read(make([]byte, 10)); err2 != err {
			t.Fatalf("damage at %d: the next read gives %v, want the same error", at, err2)
		}
	}
	// Truncated: an error, never io.EOF.
	if d, err := NewDecoder(bytes.NewReader(vlm[:len(vlm)*2/3]), WithoutCosts(), WithThreads(2)); err == nil {
		if _, err := readAllSteps(d, 1<<16, false); err == nil {
			t.Fatal("a truncated file decodes without an error")
		}
	}
	// Interrupted once the header row is read: ErrInterrupted, and again on the next read.
	var stop atomic.Bool
	d, err := NewDecoder(bytes.NewReader(vlm), WithoutCosts(), WithThreads(2), WithInterrupt(stop.Load))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	if _, err := d.Read(buf); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	var n int
	for err == nil {
		var k int
		k, err = d.Read(buf)
		n += k
	}
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted: %v after %d bytes", err, n)
	}
	if _, err2 := d.Read(buf); !errors.Is(err2, ErrInterrupted) {
		t.Fatalf("interrupted: the next read gives %v", err2)
	}
}
