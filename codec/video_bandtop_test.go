package codec

import (
	"bytes"
	"testing"
)

// TestBandTop codes the knob clips (two tiles) with the rows above the second band stood in
// by P (model.band_top) off and on: both sample loops give the same bytes, every file decodes
// to the frames (both decoders), the header gives back the knob, and the sizes are anchored.
// It then codes the pan in four tiles and segments of three frames (so that band tops meet
// frames without a previous one) with one and two threads: the bytes are the same, and two
// decoding threads give back the frames, with B frames too; with one tile the knob changes
// nothing but the header's key.
func TestBandTop(t *testing.T) {
	want := map[string][]int{ // bytes by step: off, on
		"vtest y4m": {54980, 54954},
		"vtest bgr": {74316, 74323},
		"pan":       {147136, 147071},
	}
	clips := knobClips(t)
	codeKnobSteps(t, clips, 2, func(p *VideoParams, i int) { p.Model.BandTop = i == 1 }, want)
	pan := clips[2]
	p := pan.p
	p.Model.BandTop, p.Tiles, p.SegmentFrames = true, 4, 3
	a, b := encodeFrames(t, p, pan.frames, WithThreads(1)), encodeFrames(t, p, pan.frames, WithThreads(2))
	if !bytes.Equal(a, b) {
		t.Fatal("the pan under band_top: one and two threads code different bytes")
	}
	got, err := decodeAll(a, WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	// B frames: a B frame's P is its own (both directions); the tops read it all the same
	pb := p
	pb.Model.BFrames, pb.SegmentFrames = true, 0
	got, err = decodeAll(encodeFrames(t, pb, pan.frames), WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, pan.frames)
	p.Tiles = 1
	on := encodeFrames(t, p, pan.frames)
	p.Model.BandTop = false
	off := encodeFrames(t, p, pan.frames)
	if d := len(on) - len(off); d < 0 || d > 24 {
		t.Fatalf("one tile: %d bytes with the knob, %d without", len(on), len(off))
	}
}
