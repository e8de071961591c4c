package codec

import "testing"

// TestSkipBlend codes the vtest crop (y4m and BGR) and a zooming pan with the skip flag's
// counter of the residual's prediction against P (model.skip_blend) on top of the default
// model, alone, with mix2, and with mix2 and SSE (the three skip paths that take the knob
// through SkipP). The two sample loops (the fast one and codeSample's, WithPixelCosts) give
// the same bytes, every file decodes to the frames (with both decoders), the header gives back
// the knob, the moving pan is smaller with it, and the sizes are anchored (step 0 is
// TestSkipMed's skip_ctx + skip_med): a change of the model's bytes shows here first. On these
// 8-frame crops the knob is about neutral on vtest (−4 B y4m, +8 B BGR).
func TestSkipBlend(t *testing.T) {
	steps := []struct{ blend, mix2, sse bool }{
		{false, false, false},
		{true, false, false},
		{true, true, false},
		{true, true, true},
	}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {54980, 54972, 55114, 54740},
		"vtest bgr": {74316, 74325, 74615, 73846},
		"pan":       {147136, 147094, 147224, 146919},
	}
	sizes := codeKnobSteps(t, knobClips(t), len(steps), func(p *VideoParams, i int) {
		s := steps[i]
		p.Model.SkipBlend, p.Model.Mix2, p.Model.SSE = s.blend, s.mix2, s.sse
	}, want)
	if pan := sizes["pan"]; pan[1] >= pan[0] {
		t.Errorf("pan: skip_blend %d bytes, not below the default's %d", pan[1], pan[0])
	}
}
