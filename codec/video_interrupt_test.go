package codec

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// TestVideoInterruptInsideFrame: WithInterrupt reaches a video frame's tiles: a check that
// never fires is called inside every frame (not only between frames) and changes no byte; one
// that fires inside a frame stops WriteFrame (or ReadFrame) with ErrInterrupted, sticky,
// before the frame's chunk is written (or the frame returned), the check not called again
// once fired; for one thread and two, with and without B frames.
func TestVideoInterruptInsideFrame(t *testing.T) {
	l := vision.Layout{Width: 96, Height: 64, Format: vision.FormatYUV420, Depth: 8}
	frames := synthFrames(l, 4, 3)
	for _, bframes := range []bool{false, true} {
		p := testParams(l)
		p.Model.BFrames = bframes
		if bframes {
			p.Model.BiPred = false
		}
		plain := encodeFrames(t, p, frames)
		for _, threads := range []int{1, 2} {
			var never checkAfter
			with := encodeFrames(t, p, frames, WithThreads(threads), WithInterrupt(never.check))
			if !bytes.Equal(plain, with) {
				t.Fatalf("B frames %v, %d threads: WithInterrupt changed the file", bframes, threads)
			}
			// 2 tiles of 32 luma rows and 2×16 chroma rows: a check every 4 rows is 16 a tile,
			// 32 a frame; the encoder's motion searches add theirs (a row of blocks, and after)
			calls := never.calls.Load()
			if calls < 32*int64(len(frames)) {
				t.Fatalf("B frames %v, %d threads: the check was called %d times in %d frames", bframes, threads, calls, len(frames))
			}
			for _, n := range []int64{1, 40, calls / 2, calls} { // in frame 0, inside frame 1, later, in the last
				var buf bytes.Buffer
				c := &checkAfter{}
				c.n.Store(n)
				var atFire int
				c.onFire = func() { atFire = buf.Len() }
				e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID), WithThreads(threads), WithInterrupt(c.check))
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range frames {
					if err = e.WriteFrame(f); err != nil {
						break
					}
				}
				if err == nil {
					err = e.Close()
				}
				if !errors.Is(err, ErrInterrupted) {
					t.Fatalf("B frames %v, %d threads, check fires at call %d of %d: %v", bframes, threads, n, calls, err)
				}
				if buf.Len() != atFire {
					t.Errorf("B frames %v, %d threads, n %d: %d bytes written when interrupted, %d after", bframes, threads, n, atFire, buf.Len())
				}
				if got := c.calls.Load(); got > n+1 { // (+1: the other tile's goroutine)
					t.Errorf("B frames %v, %d threads, n %d: the check was called %d times", bframes, threads, n, got)
				}
				if err := e.WriteFrame(frames[0]); !errors.Is(err, ErrInterrupted) {
					t.Errorf("WriteFrame after the interruption: %v", err)
				}
				if err := e.Close(); !errors.Is(err, ErrInterrupted) {
					t.Errorf("Close after the interruption: %v", err)
				}
			}

			// decoding
			var neverD checkAfter
			got, err := decodeAll(plain, WithThreads(threads), WithInterrupt(neverD.check))
			if err != nil {
				t.Fatal(err)
			}
			sameFrames(t, got, frames)
			callsD := neverD.calls.Load()
			if callsD != 32*int64(len(frames)) {
				t.Fatalf("decode: the check was called %d times in %d frames", callsD, len(frames))
			}
			for _, n := range []int64{1, 40, callsD} {
				c := &checkAfter{}
				c.n.Store(n)
				d, err := NewDecoder(bytes.NewReader(plain), WithThreads(threads), WithInterrupt(c.check))
				if err != nil {
					t.Fatal(err)
				}
				read := 0
				for ; ; read++ {
					if _, err = d.ReadFrame(); err != nil {
						break
					}
				}
				// n counts from 1, 32 checks a frame: the check fires inside frame (n-1)/32,
				// so that many frames came before it (B frames: the anchor is decoded first)
				if want := int((n - 1) / 32); !errors.Is(err, ErrInterrupted) || !bframes && read != want || read > want {
					t.Errorf("decode, B frames %v, %d threads, n %d: %d frames, then %v", bframes, threads, n, read, err)
				}
				if _, err := d.ReadFrame(); !errors.Is(err, ErrInterrupted) {
					t.Errorf("ReadFrame after the interruption: %v", err)
				}
			}
		}
	}
}

// cancelAt is a FrameReaderAt that cancels a context when frame at is read.
type cancelAt struct {
	sliceFrames
	at     int
	cancel func()
}

func (c *cancelAt) FrameAt(i int) (*vision.Frame, error) {
	if i == c.at {
		c.cancel()
	}
	return c.sliceFrames.FrameAt(i)
}

// TestEncodeSegmentInterruptInsideFrame: a segment worker of EncodeSegments checks its
// context inside a frame too: cancelled once frame 1 has been read (after the check before
// it), the worker stops inside frame 1, reports context.Canceled (not ErrInterrupted, which
// EncodeSegments's callers do not look for), and frame 1 is neither counted nor written.
func TestEncodeSegmentInterruptInsideFrame(t *testing.T) {
	l := vision.Layout{Width: 96, Height: 64, Format: vision.FormatYUV420, Depth: 8}
	p := testParams(l)
	p.SegmentFrames = 2
	p.fillDefaults()
	p.normalize() // as EncodeSegments does
	for _, threads := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		src := &cancelAt{sliceFrames: sliceFrames{frames: synthFrames(l, 2, 5), failAt: -1}, at: 1, cancel: cancel}
		done := 0
		sw := newSegmentWorkers(options{threads: threads}, 1, func() { done++ })
		c := sw.coder(&p)
		var buf bytes.Buffer
		var payload []byte
		err := encodeSegment(ctx, c, src, 0, 2, 2, &buf, &payload, sw)
		if err != context.Canceled || done != 1 {
			t.Errorf("%d threads: %v after %d frames; want context.Canceled inside frame 1", threads, err, done)
		}
		// the one record written is frame 0's: its size, flags and payload
		size, n := binary.Uvarint(buf.Bytes())
		if n <= 0 || int(size)+n+1 != buf.Len() {
			t.Errorf("%d threads: %d bytes written, not one frame's record", threads, buf.Len())
		}
		cancel()
	}
}
