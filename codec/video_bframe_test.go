package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// bframeChunks returns each frame chunk's flags and payload offset in data.
func bframeChunks(t *testing.T, data []byte) (flags []byte, offsets []int64) {
	t.Helper()
	cr, err := newContainerReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for {
		ch, err := cr.next()
		if err == io.EOF {
			return flags, offsets
		}
		if err != nil {
			t.Fatal(err)
		}
		if int(ch.Seq) != len(flags) {
			t.Fatalf("chunk %d holds frame %d: the file is not in display order", len(flags), ch.Seq)
		}
		flags = append(flags, ch.Flags)
		offsets = append(offsets, ch.Offset+chunkHeadSize)
	}
}

// mayB reports which of n frames may be coded as B frames with segments of seg frames (0:
// one): the odd positions of a segment with a frame after them in it.
func mayB(n, seg, i int) bool {
	pos, end := i, n
	if seg > 0 {
		pos = i % seg
		end = min(n, (i/seg+1)*seg)
	}
	return pos%2 == 1 && i+1 < end
}

// TestBFrames codes a pan with B frames wherever they may stand (bframesAlways; each way of
// predicting them, several segment lengths, odd and even frame counts): the file holds the frames in display order with the B
// frames flagged where they belong, the sequential and the parallel encoders write the same
// bytes, and the decoder, the parallel decoder and the salvager give back every frame.
func TestBFrames(t *testing.T) {
	bframesAlways = true
	defer func() { bframesAlways = false }()
	frames := panClip(t, 128, 96, 11)
	for _, k := range []struct{ back, modes int }{{0, 0}, {0, 1}, {1, 1}} {
		segs := []int{0, 4, 5}
		if testing.Short() {
			segs = []int{5} // a B frame at each end of a segment, and a trailing frame
		}
		for _, seg := range segs {
			for _, n := range []int{10, 11} {
				t.Run(fmt.Sprintf("back%d/modes%d/segment%d/frames%d", k.back, k.modes, seg, n), func(t *testing.T) {
					p := testParams(frames[0].Layout)
					p.SegmentFrames = seg
					p.Model.BFrames, p.Model.BFrameBackward, p.Model.BFrameModes = true, k.back, k.modes == 1
					data := encodeFrames(t, p, frames[:n])
					flags, _ := bframeChunks(t, data)
					bs := 0
					for i, f := range flags {
						if f&FlagBFrame != 0 {
							bs++
							if !mayB(n, seg, i) {
								t.Fatalf("frame %d: flags %b", i, f)
							}
						}
					}
					if bs == 0 {
						t.Fatal("no B frame in the pan")
					}
					got, err := decodeAll(data)
					if err != nil {
						t.Fatal(err)
					}
					sameFrames(t, got, frames[:n])
					par, err := encodeSegments(t, p, &sliceFrames{frames: frames[:n], failAt: -1}, 2)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(par, data) {
						t.Fatalf("parallel encoder: %d bytes, sequential %d; they differ", len(par), len(data))
					}
					got, _ = decodeSegments(t, data, 2)
					sameFrames(t, got, frames[:n])
					got, s, err := salvageAll(t, data)
					if err != nil || !s.Verified() {
						t.Fatalf("salvage of an intact file: %v, verified %v", err, s.Verified())
					}
					sameFrames(t, got, frames[:n])
					d, err := NewDecoder(bytes.NewReader(data))
					if err != nil {
						t.Fatal(err)
					}
					if m := d.Video().Model; !m.BFrames || m.BFrameBackward != k.back || m.BFrameModes != (k.modes == 1) {
						t.Fatalf("the header gives back %+v", m)
					}
				})
			}
		}
	}
}

// TestBFramesSize: on the pan, B frames (with their block modes, where the encoder finds
// they pay) make the file smaller than the same model without them. (Sizes of real clips:
// docs/MODEL.md.) The model is the default without the global warp: with it (the default since
// issue 16's warp sub-predictors) B frames cost this pan 0.55 %.
func TestBFramesSize(t *testing.T) {
	frames := panClip(t, 160, 120, 9)
	p := testParams(frames[0].Layout)
	p.Model.GlobalWarp = false
	off := len(encodeFrames(t, p, frames))
	p.Model.BFrames, p.Model.BFrameModes = true, true
	data := encodeFrames(t, p, frames)
	on := len(data)
	flags, _ := bframeChunks(t, data)
	bs := 0
	for _, f := range flags {
		bs += int(f&FlagBFrame) >> 1
	}
	t.Logf("pan 160x120, 9 frames: %d bytes without B frames, %d with (%d B frames; %+.2f %%)", off, on, bs, 100*float64(on-off)/float64(off))
	if on >= off {
		t.Fatalf("B frames: %d bytes, without %d", on, off)
	}
	// The parallel encoder decides as the sequential one.
	par, err := encodeSegments(t, p, &sliceFrames{frames: frames, failAt: -1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(par, data) {
		t.Fatalf("parallel encoder: %d bytes, sequential %d; they differ", len(par), len(data))
	}
	got, err := decodeAll(data)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
}

// TestBFramesSalvage damages the anchor after a B frame, then the B frame itself: the
// salvager loses that frame pair and the rest of its segment, and recovers the others.
func TestBFramesSalvage(t *testing.T) {
	bframesAlways = true
	defer func() { bframesAlways = false }()
	frames := panClip(t, 128, 96, 10)
	p := testParams(frames[0].Layout)
	p.SegmentFrames = 5
	p.Model.BFrames, p.Model.BFrameModes = true, true
	data := encodeFrames(t, p, frames)
	_, offsets := bframeChunks(t, data)
	f := &reliabilityFile{name: "pan", frames: frames}
	// The second segment (frames 5..9) codes 5, then 7 and B frame 6, then 9 and B frame 8.
	for _, c := range []struct {
		frame int // damaged
		lost  [][3]int
	}{
		{7, [][3]int{{1, 6, 9}}}, // the anchor: B frame 6 cannot be decoded either
		{6, [][3]int{{1, 6, 9}}}, // the B frame: its anchor follows it and is lost with it
		{2, [][3]int{{0, 1, 4}}}, // the first segment's anchor 2 (B frame 1 before it)
		{9, [][3]int{{1, 8, 9}}}, // the last pair's anchor
	} {
		bad := append([]byte(nil), data...)
		bad[offsets[c.frame]+3] ^= 0x10
		got, s, err := salvageAll(t, bad)
		if err != nil {
			t.Fatal(err)
		}
		expectSalvage(t, f, got, s, c.lost, fmt.Sprintf("frame %d damaged", c.frame))
	}
}

// TestBFramesWritten: the encoder's Written gives each frame's statistics in display order,
// the same figures (per sample too) as the decoder's Stats frame by frame.
func TestBFramesWritten(t *testing.T) {
	bframesAlways = true
	defer func() { bframesAlways = false }()
	frames := panClip(t, 128, 96, 7)
	p := testParams(frames[0].Layout)
	p.Model.BFrames, p.Model.BFrameModes = true, true
	var buf bytes.Buffer
	e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID), WithPixelCosts())
	if err != nil {
		t.Fatal(err)
	}
	var enc []FrameStats
	var encFrames []*vision.Frame
	keep := func() {
		stats, fr := e.Written()
		for i, s := range stats {
			c := *s
			c.PlaneCost = append([]uint64(nil), s.PlaneCost...)
			c.PixelCost = nil
			for _, p := range s.PixelCost {
				c.PixelCost = append(c.PixelCost, append([]uint32(nil), p...))
			}
			enc = append(enc, c)
			encFrames = append(encFrames, copyFrame(nil, fr[i])) // valid only until the next call
		}
	}
	for i, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		if e.Frames() != i+1 {
			t.Fatalf("Frames %d after %d frames", e.Frames(), i+1)
		}
		keep()
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	keep()
	if len(enc) != len(frames) {
		t.Fatalf("Written gave %d frames, want %d", len(enc), len(frames))
	}
	sameFrames(t, encFrames, frames)
	d, err := NewDecoder(bytes.NewReader(buf.Bytes()), WithPixelCosts())
	if err != nil {
		t.Fatal(err)
	}
	for i := range frames {
		if _, err := d.ReadFrame(); err != nil {
			t.Fatal(err)
		}
		s, w := d.Stats(), enc[i]
		if s.Frame != i || w.Frame != i || s.Bytes != w.Bytes || s.MotionCost != w.MotionCost || fmt.Sprint(s.PlaneCost) != fmt.Sprint(w.PlaneCost) {
			t.Fatalf("frame %d: decoder %d %d %d %v, encoder %d %d %d %v", i, s.Frame, s.Bytes, s.MotionCost, s.PlaneCost, w.Frame, w.Bytes, w.MotionCost, w.PlaneCost)
		}
		for pl := range s.PixelCost {
			if !slices.Equal(s.PixelCost[pl], w.PixelCost[pl]) {
				t.Fatalf("frame %d plane %d: per-sample costs differ", i, pl)
			}
		}
	}
}

// TestBFramesInOrder: on a clip where no pair of frames pays as a B frame and its anchor
// (the vtest crop: a still camera, decoded from a codec without B frames), the encoder codes
// every frame in order, and every chunk is the one the coder without B frames writes.
func TestBFramesInOrder(t *testing.T) {
	r, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	p := testParams(r.Header.Layout)
	p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
	p.SegmentFrames = 5
	// B frames take the second reference, so the second and third warps are off with them
	// (VideoConfig.UsesWarp2): the coder without B frames to match has them off too.
	p.Model.Warp2, p.Model.Warp3 = false, false
	plain := encodeFrames(t, p, frames)
	p.Model.BFrames, p.Model.BFrameBackward, p.Model.BFrameModes = true, 1, true
	data := encodeFrames(t, p, frames)
	flags, offsets := bframeChunks(t, data)
	_, plainOffsets := bframeChunks(t, plain)
	if len(flags) != len(frames) {
		t.Fatalf("%d chunks, want %d", len(flags), len(frames))
	}
	for i, f := range flags {
		if f&FlagBFrame != 0 {
			t.Fatalf("frame %d coded as a B frame", i)
		}
		end, plainEnd := int64(len(data)), int64(len(plain))
		if i+1 < len(offsets) {
			end, plainEnd = offsets[i+1], plainOffsets[i+1]
		}
		// The chunk's payload, without the CRC and the next chunk's header.
		got := data[offsets[i] : end-4-chunkHeadSize]
		want := plain[plainOffsets[i] : plainEnd-4-chunkHeadSize]
		if i+1 == len(offsets) {
			break // the index chunk follows; the earlier chunks suffice
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("frame %d: the chunk differs from the coder's without B frames", i)
		}
	}
	got, err := decodeAll(data)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
	t.Logf("vtest crop, %d frames: %d bytes with B frames allowed, %d without", len(frames), len(data), len(plain))
}

// TestBFramesHostile: chunk flags that put a B frame where none may stand, or hide one, are
// reported as damage (a *CorruptError), never a panic or a silently wrong frame.
func TestBFramesHostile(t *testing.T) {
	bframesAlways = true
	defer func() { bframesAlways = false }()
	frames := panClip(t, 64, 48, 6)
	p := testParams(frames[0].Layout)
	p.Model.BFrames, p.Model.BFrameModes = true, true
	data := encodeFrames(t, p, frames)
	p.Model.BFrames = false
	plain := encodeFrames(t, p, frames)
	_, offsets := bframeChunks(t, data)
	_, plainOffsets := bframeChunks(t, plain)
	flag := func(src []byte, offs []int64, frame int, set bool) []byte {
		b := append([]byte(nil), src...)
		i := offs[frame] - chunkHeadSize + 4
		if set {
			b[i] |= FlagBFrame
		} else {
			b[i] &^= FlagBFrame
		}
		refreshCRCs(b)
		return b
	}
	for _, c := range []struct {
		what string
		data []byte
	}{
		{"B flag at an even position", flag(data, offsets, 2, true)},
		{"B flag on the last frame", flag(data, offsets, 5, true)},
		{"B flag cleared", flag(data, offsets, 3, false)},
		{"B flag in a stream without B frames", flag(plain, plainOffsets, 1, true)},
	} {
		_, err := decodeAll(c.data)
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Fatalf("%s: %v, want a *CorruptError", c.what, err)
		}
		t.Logf("%s: %v", c.what, err)
	}
}
