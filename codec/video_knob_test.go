package codec

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
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

// checkBandKnob is the test of a knob that acts where the bands meet (tile_merge,
// band_top): the knob clips (two tiles) off and on against the anchors in want, then the pan
// in four tiles and segments of three frames (so that the knob meets segment starts) coded
// with one and two threads to the same bytes and decoded by two threads, with B frames too
// (coded out of display order), and with one tile the knob costing nothing but its header
// key. set turns the knob on or off in a model's configuration; name is the knob's.
func checkBandKnob(t *testing.T, name string, set func(m *predict.VideoConfig, on bool), want map[string][]int) {
	t.Helper()
	clips := knobClips(t)
	codeKnobSteps(t, clips, 2, func(p *VideoParams, i int) { set(&p.Model, i == 1) }, want)
	pan := clips[2]
	p := pan.p
	set(&p.Model, true)
	p.Tiles, p.SegmentFrames = 4, 3
	a, b := encodeFrames(t, p, pan.frames, WithThreads(1)), encodeFrames(t, p, pan.frames, WithThreads(2))
	if !bytes.Equal(a, b) {
		t.Fatalf("the pan under %s: one and two threads code different bytes", name)
	}
	got, err := decodeAll(a, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	pb := p
	pb.Model.BFrames, pb.SegmentFrames = true, 0
	got, err = decodeAll(encodeFrames(t, pb, pan.frames), WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	p.Tiles = 1
	on := encodeFrames(t, p, pan.frames)
	set(&p.Model, false)
	off := encodeFrames(t, p, pan.frames)
	if d := len(on) - len(off); d < 0 || d > 24 {
		t.Fatalf("one tile: %d bytes with %s, %d without", len(on), name, len(off))
	}
}
