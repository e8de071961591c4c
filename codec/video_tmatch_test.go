package codec

import (
	"bytes"
	"testing"
)

// TestTMatch codes the knob clips with the level of P − the prediction in the residual's
// third context (model.pres_ctx) and the template matching (model.tmatch) off, each alone and
// both, on top of the default model: both sample loops give the same bytes, every file
// decodes to the frames (both decoders), the header gives back the knobs, and the sizes are
// anchored. It then codes the pan under both again and checks that the bytes are the same
// (determinism) and that two decoding threads give back the frames.
func TestTMatch(t *testing.T) {
	steps := []struct{ pres, tm bool }{
		{false, false},
		{true, false},
		{false, true},
		{true, true},
	}
	want := map[string][]int{ // bytes by step
		"vtest y4m": {54980, 54860, 54994, 54837},
		"vtest bgr": {74316, 74159, 74297, 74143},
		"pan":       {147136, 146900, 146936, 146779},
	}
	clips := knobClips(t)
	codeKnobSteps(t, clips, len(steps), func(p *VideoParams, i int) {
		p.Model.PResCtx, p.Model.TMatch = steps[i].pres, steps[i].tm
	}, want)
	pan := clips[2]
	p := pan.p
	p.Model.PResCtx, p.Model.TMatch = true, true
	a, b := encodeFrames(t, p, pan.frames), encodeFrames(t, p, pan.frames)
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of the pan under tmatch differ")
	}
	got, err := decodeAll(a, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
}
