package codec

import "testing"

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
	want := map[string][]int{ // bytes: default, skip_ctx, skip_ctx+mix2, skip_ctx+mix2+sse
		"vtest y4m": {55451, 55179, 55325, 54971},
		"vtest bgr": {75580, 75168, 75446, 74734},
		"pan":       {147630, 147455, 147642, 147280},
	}
	sizes := codeKnobSteps(t, knobClips(t), 4, func(p *VideoParams, i int) {
		p.Model.SkipCtx, p.Model.Mix2, p.Model.SSE = i >= 1, i >= 2, i >= 3
		p.Model.SkipMed = false // the model before skip_med (TestSkipMed has it)
	}, want)
	for name, s := range sizes {
		if s[1] >= s[0] {
			t.Errorf("%s: skip_ctx %d bytes, not below the default without it (%d)", name, s[1], s[0])
		}
	}
}
