package codec

import (
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
)

// liveHeap returns the bytes of live heap objects after a full collection. (HeapInuse counts
// whole spans and swings by hundreds of KiB with fragmentation as models are rebuilt at
// segment starts.)
func liveHeap() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestMemoryFlat: the encoder and the decoder hold a bounded number of frames, so their live
// heap after 200 frames is what it was after 20 (scripts/memtest.sh measures the same on an
// hour of 640x480 video through the CLI).
func TestMemoryFlat(t *testing.T) {
	_, clip := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	frames := cropFrames(clip, 32, 24, 96, 64)
	frameBytes := int64(frames[0].FrameBytes())
	const early, late = 20, 200
	for _, segment := range []int{0, 15} {
		p := testParams(frames[0].Layout)
		p.SegmentFrames = segment
		// The stream goes to a file, so that only the coders' own memory is on the heap.
		stream, err := os.CreateTemp(t.TempDir(), "mem-*.vlm")
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Close()
		e, err := NewVideoEncoder(stream, p)
		if err != nil {
			t.Fatal(err)
		}
		var encEarly, encLate int64
		for i := 0; i < late; i++ {
			// Play the clip forwards and backwards, so that it keeps moving.
			k := i % (2*len(frames) - 2)
			if k >= len(frames) {
				k = 2*len(frames) - 2 - k
			}
			if err := e.WriteFrame(frames[k]); err != nil {
				t.Fatal(err)
			}
			switch i + 1 {
			case early:
				encEarly = liveHeap()
			case late:
				encLate = liveHeap()
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		size, _ := stream.Seek(0, io.SeekCurrent)
		if _, err := stream.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		d, err := NewDecoder(stream)
		if err != nil {
			t.Fatal(err)
		}
		var decEarly, decLate int64
		for i := 0; ; i++ {
			_, err := d.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch i + 1 {
			case early:
				decEarly = liveHeap()
			case late:
				decLate = liveHeap()
			}
		}
		t.Logf("segment %d: %d frames of %d bytes in %d bytes; live heap after %d and %d frames: encoder %d → %d, decoder %d → %d",
			segment, late, frameBytes, size, early, late, encEarly, encLate, decEarly, decLate)
		// Keeping frames would add 180 frames' worth. Allow a few frames' worth: the coders'
		// buffers grow to the largest frame seen, the index by a few bytes per segment.
		for _, c := range []struct {
			what        string
			early, late int64
		}{{"encoder", encEarly, encLate}, {"decoder", decEarly, decLate}} {
			if grew := c.late - c.early; grew > 4*frameBytes {
				t.Errorf("segment %d: %s's live heap grew by %d bytes from frame %d to %d (a frame is %d bytes)",
					segment, c.what, grew, early, late, frameBytes)
			}
		}
	}
}
