package codec

import "testing"

// TestLSPred codes the knob tests' clips (the vtest crop as y4m and BGR, a zooming pan) with
// the least-squares sub-predictor (model.ls_pred) off and under its three taps sets, on top of
// the default model: the two sample loops give the same bytes, every file decodes to the
// frames, the header gives back the knob, and the sizes are anchored. On these 8-frame crops
// the fits hardly pay (the coefficients of 8 frames against an untrained blend): the vtest
// crop grows by 0.06-0.08 % (its small motion field reads as a moving camera), the pan
// shrinks with taps sets 1 and 3 (set 3 asserted) and not with set 2; on 30 frames of real
// clips: MODEL.md.
func TestLSPred(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, taps sets 1, 2, 3
		"vtest y4m": {54980, 55023, 55027, 55021},
		"vtest bgr": {74316, 74356, 74374, 74363},
		"pan":       {147136, 147071, 147144, 147110},
	}
	got := codeKnobSteps(t, knobClips(t), 4, func(p *VideoParams, i int) {
		p.Model.LSPred = i
	}, want)
	if got["pan"][3] >= got["pan"][0] {
		t.Errorf("pan, taps set 3: %d bytes, not below %d without", got["pan"][3], got["pan"][0])
	}
}
