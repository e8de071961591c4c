package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// occlusionClip returns n frames (96x64, 4:2:0, depth bits) of a still textured background
// with a 32x32 window whose content cycles through three unrelated textures (period 3, a
// slow drift of the background aside): at frame t the window is frame t−3's again, while t−1
// and t−2 show other textures (an object that keeps reappearing from behind occluders).
func occlusionClip(n, depth int) []*vision.Frame {
	l := vision.Layout{Width: 96, Height: 64, Format: vision.FormatYUV420, Depth: depth}
	hash := func(x, y, k int) uint16 {
		h := uint32(x*73856093) ^ uint32(y*19349663) ^ uint32(k*83492791)
		h ^= h >> 13
		h *= 0x5bd1e995
		h ^= h >> 15
		return uint16(h)
	}
	var out []*vision.Frame
	for i := range n {
		f := vision.NewFrame(l)
		for p, pl := range l.Planes() {
			s := 1
			if p > 0 {
				s = 2
			}
			for y := range pl.Height {
				for x := range pl.Width {
					// background: a smooth pattern with some texture
					v := uint16((x*s*3+y*s*2)&127) + hash(x/2, y/2, 7+p)&63
					wx, wy := x*s-32, y*s-16
					if wx >= 0 && wx < 32 && wy >= 0 && wy < 32 {
						v = 32 + hash(x, y, 100*(i%3)+p)&127
					}
					f.Planes[p][y*pl.Width+x] = v << (depth - 8)
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// TestBlockRefsOcclusion codes the occlusion clip (12 frames, 8 and 10 bits) with the default
// model, model.block_refs 2 and 3: every file decodes to the frames (both sample loops give
// the same bytes, the header gives back the knob), and with three references the window's
// blocks point into t−3, where the window is exact: the file must be at least a third
// smaller than without (two references cannot reach it and must cost at most 1 % more).
func TestBlockRefsOcclusion(t *testing.T) {
	for _, depth := range []int{8, 10} {
		frames := occlusionClip(12, depth)
		p := testParams(frames[0].Layout)
		var sizes [4]int
		for _, refs := range []int{0, 2, 3} {
			q := p
			q.Model.BlockRefs = refs
			sizes[refs] = codeKnobStep(t, "occlusion", q, frames)
		}
		t.Logf("%d bits: %d bytes without, %d with two references, %d with three", depth, sizes[0], sizes[2], sizes[3])
		if 3*sizes[3] > 2*sizes[0] {
			t.Errorf("%d bits: three references %d bytes, want at most 2/3 of %d", depth, sizes[3], sizes[0])
		}
		if 100*sizes[2] > 101*sizes[0] {
			t.Errorf("%d bits: two references %d bytes, want at most 1 %% above %d", depth, sizes[2], sizes[0])
		}
	}
}

// TestBlockRefsRoundTrip codes the 192x144 pan and the occlusion clip with model.block_refs 3
// under one and two tiles, segments of 4 frames, and threads 1 and 2 (same bytes): every
// file decodes to its frames. With the knob at 1 (or 0) the bytes are the default model's.
func TestBlockRefsRoundTrip(t *testing.T) {
	clips := map[string][]*vision.Frame{"pan": panClip(t, 192, 144, 8), "occlusion": occlusionClip(10, 8)}
	for name, frames := range clips {
		for _, tiles := range []int{1, 2} {
			for _, seg := range []int{0, 4} {
				p := testParams(frames[0].Layout)
				p.Tiles, p.SegmentFrames = tiles, seg
				off := encodeFrames(t, p, frames)
				p.Model.BlockRefs = 1
				if one := encodeFrames(t, p, frames); !bytes.Equal(one, off) {
					t.Errorf("%s tiles %d segment %d: block_refs 1 codes %d bytes, the default %d", name, tiles, seg, len(one), len(off))
				}
				p.Model.BlockRefs = 3
				one := encodeFrames(t, p, frames, WithThreads(1))
				two := encodeFrames(t, p, frames, WithThreads(2))
				if !bytes.Equal(one, two) {
					t.Fatalf("%s tiles %d segment %d: %d bytes on one thread, %d on two", name, tiles, seg, len(one), len(two))
				}
				decoded, err := decodeAll(one)
				if err != nil {
					t.Fatalf("%s tiles %d segment %d: %v", name, tiles, seg, err)
				}
				sameFrames(t, decoded, frames)
				t.Logf("%s tiles %d segment %d: %d bytes, %d without", name, tiles, seg, len(one), len(off))
			}
		}
	}
}
