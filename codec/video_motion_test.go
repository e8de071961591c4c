package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// panClip renders n frames of `vidlm samples pan` at w×h as 4:2:0.
func panClip(t testing.TB, w, h, n int) []*vision.Frame {
	t.Helper()
	s, err := samples.LoadStill(samples.DefaultStill)
	if err != nil {
		t.Fatalf("%v (scripts/setup.sh installs opencv-doc)", err)
	}
	p, err := samples.NewPan(s, w, h)
	if err != nil {
		t.Fatal(err)
	}
	var frames []*vision.Frame
	for i := 0; i < n; i++ {
		frames = append(frames, samples.ToYUV420(p.Frame(i)))
	}
	return frames
}

// TestMotionCandidates codes a pan with each optional motion candidate of the model (the
// two-reference and the overlapped-block sub-predictors, alone and together): each round
// trips and the header carries the knobs back to the decoder. (Sizes: docs/MODEL.md; on these
// 10 small frames bipred is 0.1 % larger, on 30 frames of the full-size pan 1.1 % smaller.)
func TestMotionCandidates(t *testing.T) {
	frames := panClip(t, 128, 96, 10)
	for _, k := range []struct{ bi, ob bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		p := testParams(frames[0].Layout)
		p.Model.BiPred, p.Model.OBMC = k.bi, k.ob
		data := encodeFrames(t, p, frames)
		if vp := roundTripParams(t, data, frames); vp.Model.BiPred != k.bi || vp.Model.OBMC != k.ob {
			t.Fatalf("%+v: the header gives back %+v", k, vp)
		}
		t.Logf("pan 128x96, 10 frames, bipred %v, obmc %v: %d bytes", k.bi, k.ob, len(data))
	}
}

// TestMotionSplit codes the vtest crop (people walking past a still camera) with split motion
// blocks: some blocks are split, the frames round trip, the decoder reads the knob back, and
// with every block kept whole (a huge split bias) the file is the unsplit coder's plus only
// the split flags.
func TestMotionSplit(t *testing.T) {
	r, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	encode := func(split bool, bias int) ([]byte, int) {
		p := testParams(r.Header.Layout)
		p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
		p.Model.MotionSplit = split
		var buf bytes.Buffer
		e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID))
		if err != nil {
			t.Fatal(err)
		}
		splits := 0
		for _, f := range frames {
			for _, tc := range e.tiles {
				tc.search.SplitBias = bias
			}
			if err := e.WriteFrame(f); err != nil {
				t.Fatal(err)
			}
			for _, tc := range e.tiles {
				for _, s := range tc.field.Split {
					splits += int(s)
				}
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), splits
	}
	data, splits := encode(true, motionSplitBias)
	if splits == 0 {
		t.Fatal("no motion block was split")
	}
	if !roundTripParams(t, data, frames).Model.MotionSplit {
		t.Fatal("the header does not give motion_split back")
	}
	whole, n := encode(true, 1<<20)
	plain, _ := encode(false, 0)
	t.Logf("vtest crop: %d bytes with %d split blocks, %d with none split, %d unsplit coder", len(data), splits, len(whole), len(plain))
	if n != 0 {
		t.Fatalf("%d blocks split with a huge bias", n)
	}
	if len(whole) < len(plain) || len(whole) > len(plain)+len(plain)/200 {
		t.Errorf("no split: %d bytes, want the unsplit coder's %d plus at most 0.5 %%", len(whole), len(plain))
	}
}

// TestSetGlobalMotion encodes a pan with a global motion given for every frame and with the
// encoder's own estimate: both round trip (only the vectors the search picks are coded).
func TestSetGlobalMotion(t *testing.T) {
	frames := panClip(t, 128, 96, 6)
	for _, auto := range []bool{false, true} {
		p := testParams(frames[0].Layout)
		var buf bytes.Buffer
		e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID))
		if err != nil {
			t.Fatal(err)
		}
		e.EstimateGlobalMotion(auto)
		for i, f := range frames {
			if !auto {
				e.SetGlobalMotion(&predict.GlobalMotion{TX: int32(2 * i), TY: -1, A: [4]int32{300, 0, 0, 300}, CX: 64, CY: 48})
			}
			if err := e.WriteFrame(f); err != nil {
				t.Fatal(err)
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
	}
}

// roundTripParams decodes data, checks that it gives back frames exactly and returns the
// video parameters its header carries.
func roundTripParams(t *testing.T, data []byte, frames []*vision.Frame) *VideoParams {
	t.Helper()
	got, err := decodeAll(data)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
	d, err := NewDecoder(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	vp := d.Video()
	if vp == nil {
		t.Fatal("the header holds no video parameters")
	}
	return vp
}
