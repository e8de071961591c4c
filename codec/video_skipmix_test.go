package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestSkipCtxMix2 codes the vtest crop (y4m and BGR) and a zooming pan with the default model
// without the skip flag's template context, with it (model.skip_ctx), with the second mixer
// weight sets too (model.mix2), and with those under SSE: the two sample loops (the fast one and
// codeSample's, WithPixelCosts) give the same bytes, every file decodes to the frames, the
// header gives back the knobs, and the template makes every file smaller. The sizes are
// anchored: a change of the model's bytes shows here first. (The second weight set does not
// pay on clips this short, 0.2 to 0.3 % larger: its 64 contexts a decision start untrained;
// on the first 30 frames of the real clips it saves 0.2 to 0.6 %, MODEL.md.)
//
// The anchors are the default's since res_sets joined it (vres3): every step has it.
func TestSkipCtxMix2(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pan := panClip(t, 192, 144, 8)
	pp := testParams(pan[0].Layout)
	clips := []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
		want   [4]int // bytes: default, skip_ctx, skip_ctx+mix2, skip_ctx+mix2+sse
	}{
		{"vtest y4m", py, yuv, [4]int{55434, 55163, 55307, 54956}},
		{"vtest bgr", pb, bgr, [4]int{75505, 75092, 75368, 74659}},
		{"pan", pp, pan, [4]int{147392, 147217, 147412, 147050}},
	}
	for _, c := range clips {
		var sizes [4]int
		for i := range 4 {
			p := c.p
			p.Model.SkipCtx, p.Model.Mix2, p.Model.SSE = i >= 1, i >= 2, i >= 3
			p.Model.SkipMed = false // the model before skip_med (TestSkipMed has it)
			fast := encodeFrames(t, p, c.frames)
			slow := encodeFrames(t, p, c.frames, WithPixelCosts())
			if !bytes.Equal(fast, slow) {
				t.Fatalf("%s step %d: the fast loop codes %d bytes, codeSample %d", c.name, i, len(fast), len(slow))
			}
			vp := roundTripParams(t, fast, c.frames)
			if vp.Model.SkipCtx != p.Model.SkipCtx || vp.Model.Mix2 != p.Model.Mix2 {
				t.Fatalf("%s step %d: the header gives back %+v", c.name, i, vp.Model)
			}
			got, err := decodeAll(fast, WithPixelCosts())
			if err != nil {
				t.Fatalf("%s step %d: per-pixel decoder: %v", c.name, i, err)
			}
			sameFrames(t, got, c.frames)
			sizes[i] = len(fast)
			if i == 1 && sizes[i] >= sizes[i-1] {
				t.Errorf("%s step %d: %d bytes, not below the step before (%d)", c.name, i, sizes[i], sizes[i-1])
			}
		}
		t.Logf("%s: %v bytes", c.name, sizes)
		if sizes != c.want {
			t.Errorf("%s: %v bytes, the anchor says %v", c.name, sizes, c.want)
		}
	}
}
