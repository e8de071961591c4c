package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
)

// TestTileMerge codes the knob clips (two tiles) with the tiles' models merged at each
// frame's end (model.tile_merge) off and on: both sample loops give the same bytes, every
// file decodes to the frames (both decoders), the header gives back the knob, and the sizes
// are anchored. It then codes the pan (four tiles, segments of three frames, so that the
// merge meets segment starts) under the merge with one and two threads: the bytes are the
// same, and two decoding threads give back the frames, with B frames too (coded out of
// display order, merged at the same points on both sides); with one tile the merge changes
// nothing but the header's key.
func TestTileMerge(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54800},
		"vtest bgr": {74316, 74084},
		"pan":       {147136, 147022},
	}
	checkBandKnob(t, "tile_merge", func(m *predict.VideoConfig, on bool) { m.TileMerge = on }, want)
}
