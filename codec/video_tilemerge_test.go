package codec

import (
	"bytes"
	"testing"
)

// TestTileMerge codes the knob clips (two tiles) with the tiles' models merged at each
// frame's end (model.tile_merge) off and on: both sample loops give the same bytes, every
// file decodes to the frames (both decoders), the header gives back the knob, and the sizes
// are anchored. It then codes the pan (four tiles, segments of three frames, so that the
// merge meets segment starts) under the merge with one and two threads: the bytes are the
// same, and two decoding threads give back the frames, with B frames too; with one tile the
// merge changes nothing but the header's key.
func TestTileMerge(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54800},
		"vtest bgr": {74316, 74084},
		"pan":       {147136, 147022},
	}
	clips := knobClips(t)
	codeKnobSteps(t, clips, 2, func(p *VideoParams, i int) { p.Model.TileMerge = i == 1 }, want)
	pan := clips[2]
	p := pan.p
	p.Model.TileMerge, p.Tiles, p.SegmentFrames = true, 4, 3
	a, b := encodeFrames(t, p, pan.frames, WithThreads(1)), encodeFrames(t, p, pan.frames, WithThreads(2))
	if !bytes.Equal(a, b) {
		t.Fatal("the pan under tile_merge: one and two threads code different bytes")
	}
	got, err := decodeAll(a, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	// B frames: coded out of display order, merged at the same points on both sides
	pb := p
	pb.Model.BFrames, pb.SegmentFrames = true, 0
	got, err = decodeAll(encodeFrames(t, pb, pan.frames), WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	p.Tiles = 1
	on := encodeFrames(t, p, pan.frames)
	p.Model.TileMerge = false
	off := encodeFrames(t, p, pan.frames)
	if d := len(on) - len(off); d < 0 || d > 24 {
		t.Fatalf("one tile: %d bytes with the merge, %d without", len(on), len(off))
	}
}
