package codec

import "testing"

// TestLSPred codes the knob tests' clips (the vtest crop as y4m and BGR, a zooming pan) with
// the least-squares sub-predictor (model.ls_pred) off and under its four taps sets, on top of
// the default model: the two sample loops give the same bytes, every file decodes to the
// frames, the header gives back the knob, and the sizes are anchored. On these 8-frame crops
// the effect is not reliable, so no size is compared with the knob off: the vtest crop (its
// small motion field read as a moving camera) pays the header key and the bands' "off" flags
// only (the fits do not pass the rate test), the pan shrinks with taps sets 1 and 2, not with
// 3 or 4, against an untrained blend; on 30 frames of real clips the knob saves: MODEL.md.
func TestLSPred(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, taps sets 1, 2, 3, 4
		"vtest y4m": {54980, 54996, 54996, 54996, 54996},
		"vtest bgr": {74316, 74332, 74332, 74332, 74332},
		"pan":       {147136, 147085, 147109, 147162, 147178},
	}
	codeKnobSteps(t, knobClips(t), 5, func(p *VideoParams, i int) {
		p.Model.LSPred = i
	}, want)
}
