package codec

import (
	"bytes"
	"io"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// pipeClip makes n frames of a 96x64 4:2:0 clip that pans down a random texture, by a few
// rows in most frames and by more than a tile's height (16 rows of the four tiles' bands) in
// every fourth: the tiles' motion (and the pipeline's margin) reaches every band there, and
// stays within the neighbouring bands elsewhere.
func pipeClip(n int) []*vision.Frame {
	return pipeClipOf(n, 64, func(k int) int {
		switch k % 8 {
		case 3:
			return 32
		case 7:
			return -28
		}
		return 2
	})
}

// pipeClipOf makes n frames of a 96×h 4:2:0 clip that pans down the texture by step(k) rows
// at frame k.
func pipeClipOf(n, h int, step func(k int) int) []*vision.Frame {
	l := vision.Layout{Width: 96, Height: h, Format: vision.FormatYUV420, Depth: 8}
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
		off += step(k)
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
// frame before still runs (video_pipe.go), where the tile's reach (video_reach.go: its motion
// field, warps, second reference, template search) says the rows it reads and writes are
// clear of that frame's unfinished tiles; the frames come back as a one-thread decode gives
// them. The clip's large moves make tiles wait (and the delayed tiles make the frames
// overlap); run it with -race: a tile that read or wrote rows another frame's tile still used
// would be a data race. The streams: the default preset's knobs, the camera preset's (split
// fields, obmc, bipred, warp_subs), and the max preset's template matching with four tiles.
func TestDecoderFramesInFlight(t *testing.T) {
	frames := pipeClip(24)
	l := frames[0].Layout
	def := testParams(l)
	def.Model.BlockRefs, def.Model.LSPred, def.Model.H264Filter, def.Model.BandTop, def.Model.PResCtx = 3, 4, true, true, true
	camera := PresetCamera.VideoParams(l)
	camera.ProbeFrames = 0
	tm := def
	tm.Model.TMatch = true
	// bipred alone (no third reference: frame t+1 writes the buffer of frame t's second
	// reference, which frame t reads through the chained vectors), on a taller clip that
	// moves by 40 rows in two frames running: the chained vectors reach 80 rows, past what
	// the vectors' own reach and the margin cover
	bi := testParams(l)
	bi.Model.BiPred, bi.Model.GlobalWarp = true, false
	biFrames := pipeClipOf(24, 128, func(k int) int {
		switch k % 8 {
		case 2, 3:
			return 40
		case 6:
			return -70
		}
		return 2
	})
	for _, s := range []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
	}{{"default", def, frames}, {"camera", camera, frames}, {"tmatch", tm, frames}, {"bipred", bi, biFrames}} {
		p := s.p
		p.Layout = s.frames[0].Layout
		p.Tiles = 4
		p.SegmentFrames = 10     // segment starts are decoded alone
		p.Model.MotionRange = 64 // the large moves
		t.Run(s.name, func(t *testing.T) { testFramesInFlight(t, p, s.frames) })
	}
}

func testFramesInFlight(t *testing.T, p VideoParams, frames []*vision.Frame) {
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

// TestKnobReadsListed: every knob of the video model states what it reads of the reference
// frames (video_reach.go), and the list names no knob that is gone.
func TestKnobReadsListed(t *testing.T) {
	typ := reflect.TypeOf(predict.VideoConfig{})
	names := map[string]bool{}
	for i := range typ.NumField() {
		n := typ.Field(i).Name
		names[n] = true
		if _, ok := knobReads[n]; !ok {
			t.Errorf("knob %s: what it reads of the reference frames is not stated (knobReads)", n)
		}
	}
	for n := range knobReads {
		if !names[n] {
			t.Errorf("knobReads lists %s, which VideoConfig has not", n)
		}
	}
}

// TestTileReach: obmc reaches as far as the field's vectors, bipred's second reference as far
// as the vectors chained with the previous field's (twice the vectors without one), the
// template search 2·tmRange rows beyond the vectors; a knob missing from knobReads makes every
// tile of a stream that sets it reach the whole frame (the full barrier); the serial knobs
// keep the frames out of flight.
func TestTileReach(t *testing.T) {
	l := vision.Layout{Width: 96, Height: 64, Format: vision.FormatYUV420, Depth: 8}
	p := testParams(l)
	p.Tiles = 4
	p.Model.OBMC = true
	tiles := func() *tileCoder {
		c := newVideoCoder(&p, options{threads: 1})
		c.allocate()
		return c.tiles[1]
	}
	field := &predict.MotionField{Block: 16, Cols: 6, Rows: 1, V: make([]predict.MotionVector, 6)}
	field.V[2].Y = -9
	if r := tiles().reach(field, nil); r != 4 {
		t.Errorf("obmc listed: reach %d rows, want 4 (9 quarter samples: 3 rows, plus one)", r)
	}
	for _, c := range []struct {
		name  string
		knob  func(m *predict.VideoConfig)
		prev  int16 // the previous field's vector (0: no previous field)
		reach int
	}{
		{"bipred, no previous field", func(m *predict.VideoConfig) { m.BiPred = true }, 0, 6},     // 18 quarter samples
		{"bipred", func(m *predict.VideoConfig) { m.BiPred = true }, 40, 14},                      // 9 + 40: 49
		{"bipred, the other way", func(m *predict.VideoConfig) { m.BiPred = true }, -40, 14},      // (its largest)
		{"warp_subs", func(m *predict.VideoConfig) { m.WarpSubs = true }, 40, 14},                 // its second reference
		{"tmatch", func(m *predict.VideoConfig) { m.TMatch = true }, 40, 4 + predict.TMatchReach}, // (no second reference)
	} {
		q := p
		q.Model.OBMC = false
		c.knob(&q.Model)
		cc := newVideoCoder(&q, options{threads: 1})
		cc.allocate()
		tile := cc.tiles[1]
		if c.prev != 0 {
			tile.prevField = &predict.MotionField{Block: 16, Cols: 6, Rows: 1, V: make([]predict.MotionVector, 6)}
			tile.prevField.V[5].Y = c.prev
		}
		if r := tile.reach(field, nil); r != c.reach {
			t.Errorf("%s: reach %d rows, want %d", c.name, r, c.reach)
		}
	}
	saved := knobReads["OBMC"]
	delete(knobReads, "OBMC")
	r := tiles().reach(field, nil)
	knobReads["OBMC"] = saved
	if r != 64 {
		t.Errorf("obmc not listed: reach %d rows, want the frame's 64", r)
	}
	for _, k := range []func(m *predict.VideoConfig){
		func(m *predict.VideoConfig) { m.BFrames = true },
		func(m *predict.VideoConfig) { m.TileMerge = true },
	} {
		q := p
		k(&q.Model)
		if pipeApplies(&q, options{threads: 2}) {
			t.Errorf("%+v: frames in flight", q.Model)
		}
	}
	if !pipeApplies(&p, options{threads: 2}) {
		t.Error("obmc: frames not in flight")
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
