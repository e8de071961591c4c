package codec

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// TestChunkTransplant copies a CRC-valid frame chunk from another file with the same
// parameters (the same clip encoded again under another file identifier, and a different clip
// under the same identifier) into the place of ours: the decoder must report the chunk as
// damaged at that frame, and salvage must never deliver the foreign frame.
func TestChunkTransplant(t *testing.T) {
	for _, f := range reliabilityFiles(t) {
		// other clips of the same geometry and parameters: the frames in reverse order
		// (different content) and the same frames (the same content: only the file
		// identifier tells the two files apart).
		reversed := make([]*vision.Frame, len(f.frames))
		for i, fr := range f.frames {
			reversed[len(f.frames)-1-i] = fr
		}
		donors := map[string][]byte{
			"same frames, another file":     encodeFrames(t, f.params, f.frames, WithFileID(testFileID+1)),
			"reversed frames, another file": encodeFrames(t, f.params, reversed, WithFileID(testFileID+2)),
		}
		for what, donor := range donors {
			dchunks := chunkSpans(t, donor)
			for k := range f.chunks {
				if k >= len(dchunks) {
					break
				}
				bad := transplant(f.data, f.chunks[k], donor, dchunks[k])
				name := fmt.Sprintf("%s, %s, chunk %d", f.name, what, k)
				got, err := decodeAll(bad, WithThreads(2))
				var ce *CorruptError
				if !errors.As(err, &ce) || ce.Frame != k || ce.Segment != f.segment(k) {
					t.Fatalf("%s: decoder gave %d frames and %v, want a CorruptError naming segment %d, frame %d", name, len(got), err, f.segment(k), k)
				}
				if e := framesEqual(got, f.frames[:len(got)]); e != nil {
					t.Fatalf("%s: %v", name, e)
				}
				frames, s, err := salvageAll(t, bad)
				if err != nil {
					t.Fatalf("%s: salvage: %v", name, err)
				}
				// Lost: frame k and the rest of its segment; everything else is ours.
				want := [][3]int{{f.segment(k), k, f.segmentEnd(k)}}
				expectSalvage(t, f, frames, s, want, what)
				for _, l := range s.Lost() {
					if l.Segment < 0 {
						t.Fatalf("%s: salvage reports a lost range without a segment: %v", name, l)
					}
				}
			}
		}
	}
}

// chunkSpans returns [start, end) of every frame chunk of a .vlm.
func chunkSpans(t *testing.T, data []byte) [][2]int64 {
	t.Helper()
	cr, err := newContainerReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var spans [][2]int64
	for {
		c, err := cr.next()
		if err != nil {
			break
		}
		spans = append(spans, [2]int64{c.Offset, cr.off})
	}
	return spans
}

// transplant returns data with the chunk at span replaced by the donor's chunk at dspan.
func transplant(data []byte, span [2]int64, donor []byte, dspan [2]int64) []byte {
	out := append([]byte(nil), data[:span[0]]...)
	out = append(out, donor[dspan[0]:dspan[1]]...)
	return append(out, data[span[1]:]...)
}

// TestFileID: without WithFileID two encodes of the same frames differ only in the file
// identifier and the chunks' CRCs (and both decode); with it they are identical; a decoder
// refuses the option.
func TestFileID(t *testing.T) {
	f := reliabilityFiles(t)[0]
	encode := func(opts ...Option) []byte {
		var buf bytes.Buffer
		e, err := NewVideoEncoder(&buf, f.params, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for _, fr := range f.frames {
			if err := e.WriteFrame(fr); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := encode(), encode()
	if bytes.Equal(a, b) || len(a) != len(b) {
		t.Fatalf("two encodes with random identifiers: equal %v, %d and %d bytes", bytes.Equal(a, b), len(a), len(b))
	}
	for _, data := range [][]byte{a, b} {
		got, err := decodeAll(data, WithThreads(2))
		if err != nil || framesEqual(got, f.frames) != nil {
			t.Fatalf("a randomly identified file does not decode: %v", err)
		}
	}
	if !bytes.Equal(encode(WithFileID(7)), encode(WithFileID(7))) {
		t.Fatal("the same identifier gives different bytes")
	}
	if _, err := NewDecoder(bytes.NewReader(a), WithFileID(7)); err == nil {
		t.Fatal("NewDecoder takes WithFileID")
	}
}
