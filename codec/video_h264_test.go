package codec

import "testing"

// TestH264FilterKnob codes the knob tests' clips with H.264's filters as a third motion
// filter (model.h264_filter) on top of the default model, alone, with the split motion field
// (SearchSplit's filter trials) and with B frames (the backward fields): both sample loops
// give the same bytes, every file decodes to the frames (with both decoders), the header
// gives back the knob, and the sizes are anchored (step 0 is the default model's). These
// synthetic and Xvid-decoded clips hold no H.264 copies: the knob alone costs them about
// its header key (+21 or +22 bytes).
func TestH264FilterKnob(t *testing.T) {
	steps := []struct{ h264, split, bframes bool }{
		{false, false, false},
		{true, false, false},
		{true, true, false},
		{true, false, true},
	}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {54980, 55002, 54807, 55044},
		"vtest bgr": {74316, 74337, 74311, 74323},
		"pan":       {147136, 147157, 147174, 148073},
	}
	codeKnobSteps(t, knobClips(t), len(steps), func(p *VideoParams, i int) {
		s := steps[i]
		p.Model.H264Filter = s.h264
		if s.split {
			p.Model.MotionSplit, p.Model.SplitGate = true, true
		}
		if s.bframes {
			p.Model.BFrames, p.Model.BiPred = true, false
			p.Model.Warp2, p.Model.Warp3 = false, false // not stored with B frames
		}
	}, want)
}
