package codec

import (
	"bytes"
	"io"
	"math/rand"
	"testing"
	"time"

	"github.com/vidlm/vidlm/vision"
)

// pipeClip makes n frames of a 96x64 4:2:0 clip that pans down a random texture, by a few
// rows in most frames and by more than a tile's height (16 rows of the four tiles' bands) in
// every fourth: the tiles' motion (and the pipeline's margin) reaches every band there, and
// stays within the neighbouring bands elsewhere.
func pipeClip(n int) []*vision.Frame {
	l := vision.Layout{Width: 96, Height: 64, Format: vision.FormatYUV420, Depth: 8}
	rng := rand.New(rand.NewSource(16))
	const texH = 2048
	// a random grid of 8x8 cells, interpolated, and a little noise: smooth enough for the
	// motion search to follow
	grid := make([]int, 13*(texH/8+2))
	for i := range grid {
		grid[i] = rng.Intn(200)
	}
	tex := make([]int, 96*texH)
	for y := 0; y < texH; y++ {
		for x := 0; x < 96; x++ {
			gx, gy, fx, fy := x/8, y/8, x%8, y%8
			g := func(a, b int) int { return grid[b*13+a] }
			top := g(gx, gy)*(8-fx) + g(gx+1, gy)*fx
			bot := g(gx, gy+1)*(8-fx) + g(gx+1, gy+1)*fx
			tex[y*96+x] = (top*(8-fy)+bot*fy)/64 + rng.Intn(8)
		}
	}
	var frames []*vision.Frame
	off := 8
	for k := 0; k < n; k++ {
		switch {
		case k%8 == 3:
			off += 32
		case k%8 == 7:
			off -= 28
		default:
			off += 2
		}
		f := vision.NewFrame(l)
		for p, ps := range l.Planes() {
			s := l.Width / ps.Width
			for y := 0; y < ps.Height; y++ {
				for x := 0; x < ps.Width; x++ {
					v := tex[(off+y*s)*96+x*s]
					if p > 0 {
						v = (v + 64*p) & 255
					}
					f.Planes[p][y*ps.Width+x] = uint16(v)
				}
			}
		}
		frames = append(frames, f)
	}
	return frames
}

// TestDecoderFramesInFlight: with threads a decoder starts a tile of the next frame while the
// frame before still runs (video_pipe.go), where the tile's motion field and warps say the
// rows it reads and writes are clear of that frame's unfinished tiles; the frames come back
// as a one-thread decode gives them. The clip's large moves make tiles wait (and the delayed
// tiles make the frames overlap); run it with -race: a tile that read or wrote rows another
// frame's tile still used would be a data race.
func TestDecoderFramesInFlight(t *testing.T) {
	frames := pipeClip(24)
	p := testParams(frames[0].Layout)
	p.Tiles = 4
	p.SegmentFrames = 10     // segment starts are decoded alone
	p.Model.MotionRange = 64 // the large moves
	p.Model.BlockRefs, p.Model.LSPred, p.Model.H264Filter, p.Model.BandTop, p.Model.PResCtx = 3, 4, true, true, true
	data := encodeFrames(t, p, frames)
	one, err := decodeAll(data, WithThreads(1))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, one, frames)
	defer func() { pipeTileHook = nil }()
	for _, threads := range []int{2, 4} {
		for _, delayed := range []int{-1, 0, 3} {
			pipeTileHook = nil
			if delayed >= 0 {
				pipeTileHook = func(n, i int) {
					if i == delayed {
						time.Sleep(2 * time.Millisecond)
					}
				}
			}
			d, err := NewDecoder(bytes.NewReader(data), WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			if d.video.pipe == nil {
				t.Fatal("the decoder's frames are not in flight")
			}
			var got []*vision.Frame
			for {
				f, err := d.ReadFrame()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("threads %d, tile %d delayed: frame %d: %v", threads, delayed, len(got), err)
				}
				got = append(got, f)
			}
			sameFrames(t, got, one)
			pp := d.video.pipe
			t.Logf("threads %d, tile %d delayed: %d tiles started early, %d of them waited; largest reach %d rows", threads, delayed, pp.early, pp.waited, pp.maxReach)
			if pp.maxReach+pp.margin <= 48 {
				t.Errorf("the largest reach, %d rows and the margin's %d, does not cover the frame (four bands of 16 rows)", pp.maxReach, pp.margin)
			}
			if delayed >= 0 && (pp.early == 0 || pp.waited == 0) {
				t.Errorf("threads %d, tile %d delayed: %d tiles started early, %d waited: want both", threads, delayed, pp.early, pp.waited)
			}
		}
	}
}

// TestDecoderFramesInFlightErrors: damage in a later frame is reported as a one-thread
// decode reports it, after the same frames (the pipeline reads the next chunk early and
// holds its error back).
func TestDecoderFramesInFlightErrors(t *testing.T) {
	frames := pipeClip(12)
	p := testParams(frames[0].Layout)
	p.Tiles = 4
	data := encodeFrames(t, p, frames)
	for _, at := range []int{len(data) / 2, len(data) * 3 / 4, len(data) - 40} {
		bad := bytes.Clone(data)
		bad[at] ^= 0x20
		one, err1 := decodeAll(bad, WithThreads(1))
		two, err2 := decodeAll(bad, WithThreads(2))
		if err1 == nil || err2 == nil || err1.Error() != err2.Error() || len(one) != len(two) {
			t.Fatalf("byte %d damaged: one thread %d frames, %v; two %d frames, %v", at, len(one), err1, len(two), err2)
		}
		sameFrames(t, two, one)
	}
}
