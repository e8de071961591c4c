package codec

import "testing"

// TestResSets codes the vtest crop (y4m and BGR) and a zooming pan with the residual mixer's
// weight set chosen by activity × gradient (model.res_sets) on top of the default model,
// alone, with mix2, and with mix2 and SSE. The two sample loops (the fast one and
// codeSample's, WithPixelCosts) give the same bytes, every file decodes to the frames (with
// both decoders), the header gives back the knob, and the sizes are anchored (step 0 is the
// default preset before res_sets joined it): a change of the model's bytes shows here first. On these
// 8-frame crops the knob costs 0.25 to 0.32 % (four times the weight sets to train; on 30
// frames of real clips it saves: MODEL.md).
func TestResSets(t *testing.T) {
	steps := []struct{ sets, mix2, sse bool }{
		{false, false, false},
		{true, false, false},
		{true, true, false},
		{true, true, true},
	}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {54805, 54980, 55123, 54755},
		"vtest bgr": {74093, 74316, 74609, 73866},
		"pan":       {146784, 147136, 147311, 146997},
	}
	codeKnobSteps(t, knobClips(t), len(steps), func(p *VideoParams, i int) {
		s := steps[i]
		p.Model.ResSets, p.Model.Mix2, p.Model.SSE = s.sets, s.mix2, s.sse
	}, want)
}
