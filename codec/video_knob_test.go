package codec

import (
	"bytes"
	"fmt"
	"slices"
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

// codeKnobSteps codes each clip once per step with codeKnobStep (set turns a copy of the
// clip's parameters into step i's), logs the sizes and checks them against the anchors in
// want (bytes by clip name, one per step): a change of the model's bytes shows there first.
// It returns the sizes by clip name for the test's own assertions.
func codeKnobSteps(t *testing.T, clips []knobClip, steps int, set func(p *VideoParams, step int), want map[string][]int) map[string][]int {
	t.Helper()
	got := make(map[string][]int, len(clips))
	for _, c := range clips {
		sizes := make([]int, steps)
		for i := range sizes {
			p := c.p
			set(&p, i)
			sizes[i] = codeKnobStep(t, fmt.Sprintf("%s step %d", c.name, i), p, c.frames)
		}
		t.Logf("%s: %v bytes", c.name, sizes)
		if !slices.Equal(sizes, want[c.name]) {
			t.Errorf("%s: %v bytes, the anchor says %v", c.name, sizes, want[c.name])
		}
		got[c.name] = sizes
	}
	return got
}
