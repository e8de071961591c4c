package codec

import (
	"bytes"
	"testing"

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

// TestBiPred codes a pan with and without the two-reference sub-predictors: both round trip
// and the header carries the knob back to the decoder. (Sizes: docs/MODEL.md; on these 10
// small frames bipred is 0.1 % larger, on 30 frames of the full-size pan 1.1 % smaller.)
func TestBiPred(t *testing.T) {
	frames := panClip(t, 128, 96, 10)
	sizes := map[bool]int{}
	for _, bi := range []bool{false, true} {
		p := testParams(frames[0].Layout)
		p.Model.BiPred = bi
		data := encodeFrames(t, p, frames)
		got, err := decodeAll(data)
		if err != nil {
			t.Fatalf("bipred=%v: %v", bi, err)
		}
		sameFrames(t, got, frames)
		d, err := NewDecoder(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if vp := d.Video(); vp == nil || vp.Model.BiPred != bi {
			t.Fatalf("bipred=%v: the header gives back %+v", bi, vp)
		}
		sizes[bi] = len(data)
	}
	t.Logf("pan 128x96, 10 frames: %d bytes, %d with bipred", sizes[false], sizes[true])
}
