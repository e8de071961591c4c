package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestSkipBlend codes the vtest crop (y4m and BGR) and a zooming pan with the skip flag's
// counter of the residual's prediction against P (model.skip_blend) on top of the default
// model, alone, with mix2, and with mix2 and SSE (the three skip paths that take the knob
// through SkipP). The two sample loops (the fast one and codeSample's, WithPixelCosts) give
// the same bytes, every file decodes to the frames (with both decoders), the header gives back
// the knob, the moving pan is smaller with it, and the sizes are anchored (step 0 is
// TestSkipMed's skip_ctx + skip_med): a change of the model's bytes shows here first. On these
// 8-frame crops the knob is about neutral on vtest (−4 B y4m, +8 B BGR).
func TestSkipBlend(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pan := panClip(t, 192, 144, 8)
	pp := testParams(pan[0].Layout)
	steps := []struct{ blend, mix2, sse bool }{
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
		{"vtest y4m", py, yuv, [4]int{54961, 54957, 55098, 54725}},
		{"vtest bgr", pb, bgr, [4]int{74240, 74248, 74537, 73771}},
		{"pan", pp, pan, [4]int{146902, 146864, 147006, 146692}},
	}
	for _, c := range clips {
		var sizes [4]int
		for i, s := range steps {
			p := c.p
			p.Model.SkipBlend, p.Model.Mix2, p.Model.SSE = s.blend, s.mix2, s.sse
			fast := encodeFrames(t, p, c.frames)
			slow := encodeFrames(t, p, c.frames, WithPixelCosts())
			if !bytes.Equal(fast, slow) {
				t.Fatalf("%s step %d: the fast loop codes %d bytes, codeSample %d", c.name, i, len(fast), len(slow))
			}
			vp := roundTripParams(t, fast, c.frames)
			if vp.Model.SkipBlend != p.Model.SkipBlend || vp.Model.Mix2 != p.Model.Mix2 || vp.Model.SSE != p.Model.SSE {
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
		if c.name == "pan" && sizes[1] >= sizes[0] {
			t.Errorf("pan: skip_blend %d bytes, not below the default's %d", sizes[1], sizes[0])
		}
		if sizes != c.want {
			t.Errorf("%s: %v bytes, the anchor says %v", c.name, sizes, c.want)
		}
	}
}
