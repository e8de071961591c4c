package codec

import "testing"

// TestLSPred codes the knob tests' clips (the vtest crop as y4m and BGR, a zooming pan) with
// the least-squares sub-predictor (model.ls_pred) off and under its three taps sets, on top of
// the default model: the two sample loops give the same bytes, every file decodes to the
// frames, the header gives back the knob, and the sizes are anchored. On these 8-frame crops
// the effect is not reliable, so no size is compared with the knob off: the fits, on an
// eighth of a small band's samples, hardly pay against an untrained blend (the vtest crop
// grows 0.05-0.09 %, its small motion field read as a moving camera; the pan shrinks with
// taps set 1, not with 2 or 3); on 30 frames of real clips the knob saves: MODEL.md.
func TestLSPred(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, taps sets 1, 2, 3
		"vtest y4m": {54980, 55022, 55011, 55033},
		"vtest bgr": {74316, 74356, 74366, 74366},
		"pan":       {147136, 147082, 147133, 147174},
	}
	codeKnobSteps(t, knobClips(t), 4, func(p *VideoParams, i int) {
		p.Model.LSPred = i
	}, want)
}
