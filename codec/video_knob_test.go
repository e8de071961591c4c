package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// knobClip is one of the three clips the model-knob tests (TestSkipCtxMix2, TestSkipMed,
// TestSkipBlend, TestResSets) code: the vtest crop as y4m and as BGR, and a zooming pan.
type knobClip struct {
	name   string
	p      VideoParams
	frames []*vision.Frame
}

// knobClips returns the knob tests' clips with the default model's parameters.
func knobClips(t *testing.T) []knobClip {
	t.Helper()
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pan := panClip(t, 192, 144, 8)
	return []knobClip{
		{"vtest y4m", py, yuv},
		{"vtest bgr", pb, bgr},
		{"pan", testParams(pan[0].Layout), pan},
	}
}

// codeKnobStep codes frames under p with both sample loops (the fast one and codeSample's,
// WithPixelCosts) and checks that they give the same bytes, that the header gives back p's
// model (its colour transform aside) and that the file decodes to the frames with both decoders; it returns the size.
func codeKnobStep(t *testing.T, what string, p VideoParams, frames []*vision.Frame) int {
	t.Helper()
	fast := encodeFrames(t, p, frames)
	slow := encodeFrames(t, p, frames, WithPixelCosts())
	if !bytes.Equal(fast, slow) {
		t.Fatalf("%s: the fast loop codes %d bytes, codeSample %d", what, len(fast), len(slow))
	}
	got := roundTripParams(t, fast, frames).Model
	got.Colour = p.Model.Colour // a y4m file stores no colour transform
	if got != p.Model {
		t.Fatalf("%s: the header gives back %+v, want %+v", what, got, p.Model)
	}
	decoded, err := decodeAll(fast, WithPixelCosts())
	if err != nil {
		t.Fatalf("%s: per-pixel decoder: %v", what, err)
	}
	sameFrames(t, decoded, frames)
	return len(fast)
}
