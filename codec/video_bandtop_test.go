package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
)

// TestBandTop codes the knob clips (two tiles) with the rows above the second band stood in
// by P (model.band_top) off and on: both sample loops give the same bytes, every file decodes
// to the frames (both decoders), the header gives back the knob, and the sizes are anchored.
// It then codes the pan in four tiles and segments of three frames (so that band tops meet
// frames without a previous one) with one and two threads: the bytes are the same, and two
// decoding threads give back the frames, with B frames too (a B frame's P is its own, from
// both directions; the tops read it all the same); with one tile the knob changes nothing
// but the header's key.
func TestBandTop(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54954},
		"vtest bgr": {74316, 74323},
		"pan":       {147136, 147071},
	}
	checkBandKnob(t, "band_top", func(m *predict.VideoConfig, on bool) { m.BandTop = on }, want)
}
