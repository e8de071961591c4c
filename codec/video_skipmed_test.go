package codec

import "testing"

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
	steps := []struct{ skipCtx, skipMed, mix2, sse bool }{
		{true, false, false, false},
		{false, true, false, false},
		{true, true, false, false},
		{true, true, true, false},
		{true, true, true, true},
	}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {55179, 55208, 54980, 55123, 54755},
		"vtest bgr": {75168, 74574, 74316, 74609, 73866},
		"pan":       {147455, 147187, 147136, 147311, 146997},
	}
	sizes := codeKnobSteps(t, knobClips(t), len(steps), func(p *VideoParams, i int) {
		s := steps[i]
		p.Model.SkipCtx, p.Model.SkipMed, p.Model.Mix2, p.Model.SSE = s.skipCtx, s.skipMed, s.mix2, s.sse
	}, want)
	for name, s := range sizes {
		if s[2] >= s[0] {
			t.Errorf("%s: skip_ctx + skip_med %d bytes, not below skip_ctx alone (%d)", name, s[2], s[0])
		}
	}
}
