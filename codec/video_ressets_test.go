package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestResSets codes the vtest crop (y4m and BGR) and a zooming pan with the residual mixer's
// weight set chosen by activity × gradient (model.res_sets) on top of the default model,
// alone, with mix2, and with mix2 and SSE. The two sample loops (the fast one and
// codeSample's, WithPixelCosts) give the same bytes, every file decodes to the frames (with
// both decoders), the header gives back the knob, and the sizes are anchored (step 0 is the
// default preset before res_sets joined it): a change of the model's bytes shows here first. On these
// 8-frame crops the knob costs 0.25 to 0.32 % (four times the weight sets to train; on 30
// frames of real clips it saves: MODEL.md).
func TestResSets(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pan := panClip(t, 192, 144, 8)
	pp := testParams(pan[0].Layout)
	steps := []struct{ sets, mix2, sse bool }{
		{false, false, false},
		{true, false, false},
		{true, true, false},
		{true, true, true},
	}
	clips := []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
		want   [4]int // bytes by step
	}{
		{"vtest y4m", py, yuv, [4]int{54788, 54961, 55104, 54741}},
		{"vtest bgr", pb, bgr, [4]int{74020, 74240, 74529, 73790}},
		{"pan", pp, pan, [4]int{146535, 146902, 147084, 146762}},
	}
	for _, c := range clips {
		var sizes [4]int
		for i, s := range steps {
			p := c.p
			p.Model.ResSets, p.Model.Mix2, p.Model.SSE = s.sets, s.mix2, s.sse
			fast := encodeFrames(t, p, c.frames)
			slow := encodeFrames(t, p, c.frames, WithPixelCosts())
			if !bytes.Equal(fast, slow) {
				t.Fatalf("%s step %d: the fast loop codes %d bytes, codeSample %d", c.name, i, len(fast), len(slow))
			}
			vp := roundTripParams(t, fast, c.frames)
			if vp.Model.ResSets != p.Model.ResSets || vp.Model.Mix2 != p.Model.Mix2 || vp.Model.SSE != p.Model.SSE {
				t.Fatalf("%s step %d: the header gives back %+v", c.name, i, vp.Model)
			}
			got, err := decodeAll(fast, WithPixelCosts())
			if err != nil {
				t.Fatalf("%s step %d: per-pixel decoder: %v", c.name, i, err)
			}
			sameFrames(t, got, c.frames)
			sizes[i] = len(fast)
		}
		t.Logf("%s: %v bytes", c.name, sizes)
		if sizes != c.want {
			t.Errorf("%s: %v bytes, the anchor says %v", c.name, sizes, c.want)
		}
	}
}
