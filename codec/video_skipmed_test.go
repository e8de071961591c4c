package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestSkipMed codes the vtest crop (y4m and BGR) and a zooming pan with the skip flag's
// counter of P against the spatial median (model.skip_med), from the model before it (skip_ctx
// only): skip_med without skip_ctx, skip_ctx and skip_med, the two with mix2, and the two with
// mix2 and SSE. The two sample loops (the fast one and
// codeSample's, WithPixelCosts) give the same bytes, every file decodes to the frames, the
// header gives back the knobs, skip_med makes every file smaller than skip_ctx alone, and the
// sizes are anchored: a change of the model's bytes shows here first.
//
// The anchors are the default's since res_sets joined it (vres3): every step has it.
func TestSkipMed(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pan := panClip(t, 192, 144, 8)
	pp := testParams(pan[0].Layout)
	steps := []struct{ skipCtx, skipMed, mix2, sse bool }{
		{true, false, false, false},
		{false, true, false, false},
		{true, true, false, false},
		{true, true, true, false},
		{true, true, true, true},
	}
	clips := []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
		want   [5]int // bytes by step
	}{
		{"vtest y4m", py, yuv, [5]int{55163, 55191, 54961, 55104, 54741}},
		{"vtest bgr", pb, bgr, [5]int{75092, 74497, 74240, 74529, 73790}},
		{"pan", pp, pan, [5]int{147217, 146950, 146902, 147084, 146762}},
	}
	for _, c := range clips {
		var sizes [5]int
		for i, s := range steps {
			p := c.p
			p.Model.SkipCtx, p.Model.SkipMed, p.Model.Mix2, p.Model.SSE = s.skipCtx, s.skipMed, s.mix2, s.sse
			fast := encodeFrames(t, p, c.frames)
			slow := encodeFrames(t, p, c.frames, WithPixelCosts())
			if !bytes.Equal(fast, slow) {
				t.Fatalf("%s step %d: the fast loop codes %d bytes, codeSample %d", c.name, i, len(fast), len(slow))
			}
			vp := roundTripParams(t, fast, c.frames)
			if vp.Model.SkipCtx != p.Model.SkipCtx || vp.Model.SkipMed != p.Model.SkipMed || vp.Model.Mix2 != p.Model.Mix2 {
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
		if sizes[2] >= sizes[0] {
			t.Errorf("%s: skip_ctx + skip_med %d bytes, not below skip_ctx alone (%d)", c.name, sizes[2], sizes[0])
		}
		if sizes != c.want {
			t.Errorf("%s: %v bytes, the anchor says %v", c.name, sizes, c.want)
		}
	}
}
