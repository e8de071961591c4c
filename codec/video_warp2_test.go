package codec

import "testing"

// TestWarp2 codes the vtest crop (y4m and BGR) and 8 frames of a 320x240 zooming pan with the
// default model, the second warp (model.warp2), the 8-tap Lanczos filter for the warps
// (model.warp_taps), both, the second warp with the 6-tap filter, and the third warp
// (model.warp3) with the cubic and the 8-tap filter. The two sample loops
// give the same bytes, every file decodes to the frames (with both decoders), the header
// gives back the knobs, and the sizes are anchored (a change of the model's bytes shows here
// first). The second warp makes the pan 2 % smaller, the third 1 % more (on the 640x480 pan,
// 30 frames: 5 % and 4.5 %); the 8-tap filter, which saves 1.4 % on
// the first 8 frames of the 640x480 pan, costs 0.03 % on this one (and the 192x144 pan of
// the other knob tests 0.4 %), so only the second warp's gain is asserted.
func TestWarp2(t *testing.T) {
	steps := []struct {
		warp2, warp3 bool
		taps         int
	}{{false, false, 0}, {true, false, 0}, {false, false, 8}, {true, false, 8}, {true, false, 6}, {true, true, 0}, {true, true, 8}}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {54961, 54965, 54974, 54982, 54970, 54980, 54996},
		"vtest bgr": {74240, 74302, 74236, 74310, 74293, 74316, 74324},
		"pan":       {364605, 357154, 364710, 357830, 357343, 353435, 354222},
	}
	clips := knobClips(t)[:2]
	pan := panClip(t, 320, 240, 8)
	clips = append(clips, knobClip{"pan", testParams(pan[0].Layout), pan})
	sizes := codeKnobSteps(t, clips, len(steps), func(p *VideoParams, i int) {
		s := steps[i]
		p.Model.Warp2, p.Model.Warp3, p.Model.WarpTaps = s.warp2, s.warp3, s.taps
	}, want)
	if pan := sizes["pan"]; 100*pan[1] >= 99*pan[0] || 200*pan[5] >= 199*pan[1] {
		t.Errorf("pan: %v bytes, want the second warp at least 1 %% smaller, the third 0.5 %% more", pan)
	}
	// Without the global warp neither knob is stored, and the model codes as without them.
	p := clips[2]
	p.p.Model.GlobalWarp = false
	off := encodeFrames(t, p.p, p.frames)
	p.p.Model.Warp2, p.p.Model.Warp3, p.p.Model.WarpTaps = true, true, 8
	on := encodeFrames(t, p.p, p.frames)
	if string(on) != string(off) {
		t.Errorf("without the warp: %d bytes with the knobs, %d without", len(on), len(off))
	}
}
