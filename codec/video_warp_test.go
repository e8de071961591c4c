package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// TestGlobalWarp codes a zooming pan with the global-warp sub-predictors: the frames round
// trip, the decoder reads the knob back, the encoder codes a warp in every band of every
// frame after the first (the pan zooms throughout) and makes it the P of some blocks, and the
// file is smaller than without.
func TestGlobalWarp(t *testing.T) {
	frames := panClip(t, 192, 144, 8)
	sizes := map[bool]int{}
	for _, on := range []bool{false, true} {
		p := testParams(frames[0].Layout)
		p.Model.GlobalWarp = on
		var buf bytes.Buffer
		e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID))
		if err != nil {
			t.Fatal(err)
		}
		coded, warpBlocks, blocks := 0, 0, 0
		for i, f := range frames {
			if err := e.WriteFrame(f); err != nil {
				t.Fatal(err)
			}
			for _, tc := range e.tiles {
				if (tc.wc != nil) != on {
					t.Fatalf("global_warp %v: tile warp coder %v", on, tc.wc != nil)
				}
				if on && i > 0 && tc.wc.cur {
					coded++
					for _, b := range tc.wc.blocks[:len(tc.field.V)] {
						warpBlocks += int(b)
						blocks++
					}
				}
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		if vp := roundTripParams(t, data, frames); vp.Model.GlobalWarp != on {
			t.Fatalf("global_warp %v: the header gives back %+v", on, vp)
		}
		if want := (len(frames) - 1) * p.Tiles; on && coded != want {
			t.Errorf("a warp coded in %d bands of %d", coded, want)
		}
		if on && (warpBlocks == 0 || warpBlocks == blocks) {
			t.Errorf("the warp is P in %d blocks of %d", warpBlocks, blocks)
		}
		sizes[on] = len(data)
		t.Logf("pan 192x144, %d frames, global_warp %v: %d bytes (the warp is P in %d blocks of %d)", len(frames), on, len(data), warpBlocks, blocks)
	}
	if sizes[true] >= sizes[false] {
		t.Errorf("with the global warp %d bytes, without %d", sizes[true], sizes[false])
	}
}

// TestGlobalWarpBGR codes the pan as BGR (YCoCg-R: the chroma planes full size and one bit
// deeper) with the global warp: warps are coded and the frames round trip.
func TestGlobalWarpBGR(t *testing.T) {
	s, err := samples.LoadStill(samples.DefaultStill)
	if err != nil {
		t.Fatalf("%v (scripts/setup.sh installs opencv-doc)", err)
	}
	pan, err := samples.NewPan(s, 128, 96)
	if err != nil {
		t.Fatal(err)
	}
	var frames []*vision.Frame
	for i := 0; i < 5; i++ {
		frames = append(frames, pan.Frame(i))
	}
	p := testParams(frames[0].Layout)
	p.Source = SourceOpenCV
	p.Model.GlobalWarp = true
	var buf bytes.Buffer
	e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID))
	if err != nil {
		t.Fatal(err)
	}
	coded := 0
	for _, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		for _, tc := range e.tiles {
			if tc.wc.cur {
				coded++
			}
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := decodeAll(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
	if coded == 0 {
		t.Error("no warp coded")
	}
	t.Logf("BGR pan 128x96, %d frames: %d bytes, warps in %d bands", len(frames), buf.Len(), coded)
}
