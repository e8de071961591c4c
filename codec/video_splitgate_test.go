package codec

import (
	"bytes"
	"sync"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
)

// TestSplitGate codes a crop of the hand-held clip (moving camera: split blocks pay) and the
// first 6 frames of the vtest crop (a still camera decoded from a 16x16-macroblock codec:
// they cost) without split blocks, with them (model.motion_split) and with the split gate
// (model.split_gate): each round trips and the header gives the knobs back; on the hand-held
// crop the gate keeps most of the split's gain (25,820 → 23,708 bytes split, 24,075 gated),
// on the vtest crop it codes no more than a few bytes (the header keys and the gate flags)
// over the plain file (there the crop's few frames split in no band). The pixel costs change
// no byte; tiles, segments and EncodeSegments round trip alike; the camera preset (two
// references, overlapped blocks, mix2) with the gate round trips.
func TestSplitGate(t *testing.T) {
	for _, c := range []struct {
		path   string
		frames int
	}{{"../testdata/handheld_crop.y4m", 8}, {"../testdata/vtest_crop.y4m", 6}} {
		p, frames := probeClip(t, c.path)
		frames = frames[:c.frames]
		var size [3]int
		var gated []byte
		for i, k := range [][2]bool{{false, false}, {true, false}, {true, true}} {
			q := p
			q.Model.MotionSplit, q.Model.SplitGate = k[0], k[1]
			data := encodeFrames(t, q, frames)
			vp := roundTripParams(t, data, frames)
			if vp.Model.MotionSplit != k[0] || vp.Model.SplitGate != k[1] {
				t.Fatalf("%s: the header gives back split %v gate %v", c.path, vp.Model.MotionSplit, vp.Model.SplitGate)
			}
			size[i] = len(data)
			gated = data
		}
		t.Logf("%s, %d frames: plain %d, split %d, split gate %d bytes", c.path, c.frames, size[0], size[1], size[2])
		if c.frames == 8 { // the hand-held crop
			if size[2] >= size[0]-size[0]/20 || size[2] > size[1]+size[1]/50 {
				t.Errorf("hand-held crop: the gate codes %d bytes, plain %d, split %d", size[2], size[0], size[1])
			}
		} else if size[2] > size[0]+64 {
			t.Errorf("vtest crop: the gate codes %d bytes, plain %d, split %d", size[2], size[0], size[1])
		}
		q := p
		q.Model.MotionSplit, q.Model.SplitGate = true, true
		if data := encodeFrames(t, q, frames, WithPixelCosts()); !bytes.Equal(data, gated) {
			t.Errorf("%s: with the pixel costs %d bytes, without %d", c.path, len(data), len(gated))
		}
		q.Tiles, q.SegmentFrames = 3, 3
		seg := encodeFrames(t, q, frames)
		roundTripParams(t, seg, frames)
		par, err := encodeSegments(t, q, &sliceFrames{frames: frames, failAt: -1}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(par, seg) {
			t.Errorf("%s: EncodeSegments gives %d bytes, the streaming encoder %d", c.path, len(par), len(seg))
		}
		cam := PresetCamera.VideoParams(p.Layout)
		cam.Source, cam.Y4MHeader, cam.ProbeFrames = p.Source, p.Y4MHeader, 0
		cam.Model.SplitGate = true
		roundTripParams(t, encodeFrames(t, cam, frames), frames)
	}
}

// TestSplitTrial codes the hand-held crop with the split gate, a trial every second frame
// past the share (video_splittrial.go): the trials decide gates, the file round trips, with
// the pixel costs it is the same bytes, and with one tile or three alike. With the bias
// turned against the split (splitTrialBias below any difference: a trial never finds that
// it pays) the bands code plain after their first trial, and the file is larger (the
// crop's bands split where it pays).
func TestSplitTrial(t *testing.T) {
	p, frames := probeClip(t, "../testdata/handheld_crop.y4m")
	frames = frames[:8]
	p.Model.MotionSplit, p.Model.SplitGate = true, true
	every, bias := splitTrialEvery, splitTrialBias
	defer func() { splitTrialEvery, splitTrialBias = every, bias }()
	splitTrialEvery = 2
	var sizes [2]int
	for i, m := range []float64{bias, -1e30} {
		splitTrialBias = m
		for _, tiles := range []int{1, 3} {
			q := p
			q.Tiles = tiles
			var mu sync.Mutex
			gates := map[int][]int{}
			splitGateRecord = func(y0, split int) {
				mu.Lock()
				gates[y0] = append(gates[y0], split)
				mu.Unlock()
			}
			data := encodeFrames(t, q, frames)
			splitGateRecord = nil
			n, plain := 0, 0
			for _, g := range gates {
				n += len(g)
				for _, s := range g {
					plain += 1 - s
				}
			}
			t.Logf("bias %g, %d tiles: %d gates past the share (%d plain), %d bytes", m, tiles, n, plain, len(data))
			if n < 2 {
				t.Fatalf("bias %g, %d tiles: %d gates past the share", m, tiles, n)
			}
			if m < 0 && plain == 0 {
				t.Errorf("%d tiles: with the bias against the split no band turned plain", tiles)
			}
			if costs := encodeFrames(t, q, frames, WithPixelCosts()); !bytes.Equal(costs, data) {
				t.Errorf("bias %g, %d tiles: with the pixel costs %d bytes, without %d", m, tiles, len(costs), len(data))
			}
			roundTripParams(t, data, frames)
			if tiles == 1 {
				sizes[i] = len(data)
			}
		}
	}
	if sizes[1] <= sizes[0] {
		t.Errorf("the trials' gates code %d bytes, plain after the first trial %d", sizes[0], sizes[1])
	}
}

// TestSplitTexMargin searches the hand-held crop's frames with the split gate's criteria
// with and without MotionSearch.SplitTexMargin (splitGateTexMargin): the margin only spares
// the residual-texture cost of splits that save that much SAD, so every block split without
// it is split with it, with the same vectors, and a block it adds saves at least the margin.
func TestSplitTexMargin(t *testing.T) {
	p, frames := probeClip(t, "../testdata/handheld_crop.y4m")
	w, h := p.Layout.Width, p.Layout.Height
	added, kept := 0, 0
	for i := 1; i < len(frames) && i < 6; i++ {
		prev := predict.NewPlane(w, h)
		for y := 0; y < h; y++ {
			prev.SetRow(y, frames[i-1].Planes[0][y*w:])
		}
		var fields [2]*predict.MotionField
		for k, margin := range []int{0, splitGateTexMargin} {
			s := predict.MotionSearch{Range: 32, SubSample: 4, MaxVal: 255, SplitBias: motionSplitBias, SplitRel: splitGateRel, SplitDiff: true, SplitTexMargin: margin}
			fields[k] = predict.NewSplitMotionField(16/2, w, 0, h)
			s.SearchSplit(fields[k], frames[i].Planes[0], prev, h)
		}
		for j, sp := range fields[0].Split {
			switch {
			case sp == 1 && fields[1].Split[j] != 1:
				t.Fatalf("frame %d: parent %d split without the margin, not with it", i, j)
			case sp == 0 && fields[1].Split[j] == 1:
				added++
			case sp == 1:
				kept++
			}
		}
		for j := range fields[0].V {
			px, py := j%fields[0].Cols/2, j/fields[0].Cols/2
			if fields[0].Split[py*fields[0].PCols+px] == 1 && fields[0].V[j] != fields[1].V[j] {
				t.Fatalf("frame %d: block %d's vector %v without the margin, %v with it", i, j, fields[0].V[j], fields[1].V[j])
			}
		}
	}
	t.Logf("%d parents split both ways, %d more with the margin", kept, added)
	if kept == 0 {
		t.Fatal("no parent split: the test measures nothing")
	}
}
