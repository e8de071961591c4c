package codec

import (
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// TestPresets: every preset is valid and found by its name.
func TestPresets(t *testing.T) {
	l := vision.Layout{Width: 64, Height: 32, Format: vision.FormatBGR, Depth: 8}
	for _, p := range Presets {
		v := p.VideoParams(l)
		if err := v.Validate(); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if q, err := ParsePreset(p.String()); err != nil || q != p {
			t.Errorf("ParsePreset(%q) = %v, %v", p.String(), q, err)
		}
	}
	if _, err := ParsePreset("slow"); err == nil {
		t.Error("ParsePreset accepts an unknown name")
	}
}

// TestZeroParams: a VideoParams with only its layout codes, with the default preset's model
// and tiles, and decodes.
func TestZeroParams(t *testing.T) {
	l := vision.Layout{Width: 48, Height: 40, Format: vision.FormatYUV420, Depth: 8}
	var frames []*vision.Frame
	for i := range 3 {
		f := vision.NewFrame(l)
		for _, p := range f.Planes {
			for j := range p {
				p[j] = uint16((j*7 + i*3) & 255)
			}
		}
		frames = append(frames, f)
	}
	data := encodeFrames(t, VideoParams{Layout: l}, frames)
	d := DefaultVideoParams(l)
	d.SegmentFrames = 0
	if want := encodeFrames(t, d, frames); string(data) != string(want) {
		t.Error("a zero VideoParams codes otherwise than DefaultVideoParams with one segment")
	}
	got, err := decodeAll(data)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
}
