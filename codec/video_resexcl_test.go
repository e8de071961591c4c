package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
)

// TestExclResidual checks that predict.ExclResidual maps the residuals other than d one to
// one onto the integers, leaving no code unused, and that UnexclResidual undoes it.
func TestExclResidual(t *testing.T) {
	for d := int32(-9); d <= 9; d++ {
		seen := map[int32]int32{}
		for r := int32(-40); r <= 40; r++ {
			if r == d && d != 0 {
				continue
			}
			x := predict.ExclResidual(r, d)
			if o, ok := seen[x]; ok {
				t.Fatalf("d %d: %d and %d both map to %d", d, o, r, x)
			}
			seen[x] = r
			if back := predict.UnexclResidual(x, d); back != r {
				t.Fatalf("d %d: %d maps to %d, back to %d", d, r, x, back)
			}
			if x < 0 && -x > max(r, -r) || x > 0 && x > max(r, -r) || (x == 0) != (r == 0) {
				t.Fatalf("d %d: %d maps to %d, not nearer zero or not keeping zero", d, r, x)
			}
		}
		for x := int32(-30); x <= 30; x++ { // every code is some residual's
			if _, ok := seen[x]; !ok {
				t.Fatalf("d %d: no residual maps to %d", d, x)
			}
		}
	}
}

// TestResExcl codes the knob clips with model.res_excl off and on (both sample loops, both
// decoders, the header; sizes anchored), then the pan with B frames and with the knob sets
// whose decisions take the generic paths (mix2, sse, skip_blend), each decoded to its frames.
func TestResExcl(t *testing.T) {
	checkSampleKnob(t, func(m *predict.VideoConfig, on bool) { m.ResExcl = on }, map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 53416},
		"vtest bgr": {74316, 72611},
		"pan":       {147136, 144451},
	})
}

// TestSkipFull is TestResExcl for model.skip_full (the skip flag's mixed model also where the
// reference plane was unchanged).
func TestSkipFull(t *testing.T) {
	checkSampleKnob(t, func(m *predict.VideoConfig, on bool) { m.SkipFull = on }, map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54909},
		"vtest bgr": {74316, 74262},
		"pan":       {147136, 147166},
	})
}

// checkSampleKnob is the test of a knob of the per-sample coding: the knob clips off and on
// against the anchors in want (codeKnobSteps), then the pan with the knob and B frames, and
// with the knob sets whose decisions take the generic paths (mix2 and sse, skip_blend), each
// coded to the same bytes by both sample loops and decoded by two threads and by the
// per-pixel decoder.
func checkSampleKnob(t *testing.T, set func(m *predict.VideoConfig, on bool), want map[string][]int) {
	t.Helper()
	clips := knobClips(t)
	codeKnobSteps(t, clips, 2, func(p *VideoParams, i int) { set(&p.Model, i == 1) }, want)
	pan := clips[2]
	for _, v := range []struct {
		name string
		set  func(m *predict.VideoConfig)
	}{
		{"B frames", func(m *predict.VideoConfig) { m.BFrames = true }},
		{"mix2 and sse", func(m *predict.VideoConfig) { m.Mix2, m.SSE = true, true }},
		{"skip_blend", func(m *predict.VideoConfig) { m.SkipBlend = true }},
	} {
		p := pan.p
		set(&p.Model, true)
		v.set(&p.Model)
		data := encodeFrames(t, p, pan.frames)
		if slow := encodeFrames(t, p, pan.frames, WithPixelCosts()); !bytes.Equal(data, slow) {
			t.Fatalf("%s: the fast loop codes %d bytes, codeSample %d", v.name, len(data), len(slow))
		}
		for _, opts := range [][]Option{{WithThreads(2)}, {WithPixelCosts()}} {
			got, err := decodeAll(data, opts...)
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			sameFrames(t, got, pan.frames)
		}
	}
}

// TestResAPM is TestResExcl for model.res_apm (secondary estimation of the residual's first
// decisions by the expected error, selected and P − the prediction), with sse too among the
// generic paths (where it takes the place of sse's residual APM).
func TestResAPM(t *testing.T) {
	checkSampleKnob(t, func(m *predict.VideoConfig, on bool) { m.ResAPM = on }, map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54782},
		"vtest bgr": {74316, 73985},
		"pan":       {147136, 146642},
	})
	// sse without mix2: its residual APM in the kernels too (fast loop against codeSample,
	// decoded).
	pan := knobClips(t)[2]
	ps := pan.p
	ps.Model.SSE = true
	codeKnobStep(t, "pan with sse", ps, pan.frames)
	// Without error_ctx, whose eMin res_apm's context takes (computed for it alone where a
	// sub-predictor is selected).
	p := pan.p
	p.Model.ResAPM, p.Model.ErrorCtx = true, false
	data := encodeFrames(t, p, pan.frames)
	if slow := encodeFrames(t, p, pan.frames, WithPixelCosts()); !bytes.Equal(data, slow) {
		t.Fatalf("without error_ctx: the fast loop codes %d bytes, codeSample %d", len(data), len(slow))
	}
	for _, opts := range [][]Option{{WithThreads(2)}, {WithPixelCosts()}} {
		got, err := decodeAll(data, opts...)
		if err != nil {
			t.Fatalf("without error_ctx: %v", err)
		}
		sameFrames(t, got, pan.frames)
	}
}

// TestSkipHist is TestResExcl for model.skip_hist (the skip flag's bit histories: the
// location's and the two hashed contexts', value 7), whose skip flag takes the Go path; the
// anchors change if the histories' states or maps are updated otherwise.
func TestSkipHist(t *testing.T) {
	checkSampleKnob(t, func(m *predict.VideoConfig, on bool) {
		m.SkipHist = 0
		if on {
			m.SkipHist = 7
		}
	}, map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54955},
		"vtest bgr": {74316, 74236},
		"pan":       {147136, 147109},
	})
}
