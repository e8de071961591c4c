package codec

import (
	"bytes"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// probeClip reads a y4m crop of testdata and returns its frames and test parameters for it.
func probeClip(t *testing.T, path string) (VideoParams, []*vision.Frame) {
	t.Helper()
	r, frames := testclip.Y4M(t, path)
	p := testParams(r.Header.Layout)
	p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
	return p, frames
}

// TestProbeCandidates: the preset's own set first, then motion_split turned over; none with
// B frames; the margin.
func TestProbeCandidates(t *testing.T) {
	d := predict.DefaultVideoConfig()
	c := probeCandidates(d)
	if len(c) != 2 || c[0] != d || !c[1].MotionSplit {
		t.Fatalf("candidates of the default: %+v", c)
	}
	c[1].MotionSplit = false
	if c[1] != d {
		t.Fatalf("the default's second candidate differs in more than motion_split: %+v", c[1])
	}
	cam := PresetCamera.VideoParams(vision.Layout{}).Model
	if got := probeCandidates(cam); len(got) != 2 || got[0] != cam || got[1].MotionSplit {
		t.Fatalf("the camera preset's candidates: %+v", got)
	}
	b := d
	b.BFrames, b.Warp2, b.Warp3 = true, false, false
	if got := probeCandidates(b); len(got) != 1 {
		t.Fatalf("B frames: %d candidates, want 1", len(got))
	}
	for _, c := range []struct {
		bytes []int
		want  int
	}{
		{[]int{1000, 996}, 0},       // 0.4 %: under the margin
		{[]int{1000, 994}, 1},       // 0.6 %
		{[]int{1000, 994, 990}, 1},  // the third beats the second by under the margin
		{[]int{1000, 1000}, 0},      // a tie keeps the own
		{[]int{0, 0}, 0},            // no frames
		{[]int{1000, 1010, 990}, 2}, // the third beats the own
	} {
		if got := probeBest(c.bytes); got != c.want {
			t.Errorf("probeBest(%v) = %d, want %d", c.bytes, got, c.want)
		}
	}
}

// probeEncode codes frames under p with the probe (VideoEncoder and EncodeSegments, which
// must agree), checks the round trip and that the file is exactly the one coded without the
// probe under the knobs its header holds, and returns the file and those knobs.
func probeEncode(t *testing.T, p VideoParams, frames []*vision.Frame) ([]byte, predict.VideoConfig) {
	t.Helper()
	data := encodeFrames(t, p, frames)
	seg, err := encodeSegments(t, p, &sliceFrames{frames: frames, failAt: -1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seg, data) {
		t.Fatalf("probe %d: EncodeSegments wrote %d bytes, NewVideoEncoder %d", p.ProbeFrames, len(seg), len(data))
	}
	got := roundTripParams(t, data, frames).Model
	q := p
	q.ProbeFrames, q.Model = 0, got
	if direct := encodeFrames(t, q, frames); !bytes.Equal(direct, data) {
		t.Fatalf("probe %d: %d bytes, the chosen knobs without the probe %d", p.ProbeFrames, len(data), len(direct))
	}
	return data, got
}

// TestProbePicksSplit codes a crop of the hand-held clip (moving camera, where
// model.motion_split saves 3.4 % on 30 frames): the probe, over all 8 frames, over the first
// 4 and over more frames than there are (the choice at Close), takes a set with split
// blocks, and the file is smaller than the preset's.
func TestProbePicksSplit(t *testing.T) {
	p, frames := probeClip(t, "../testdata/handheld_crop.y4m")
	own := len(encodeFrames(t, p, frames))
	for _, n := range []int{8, 4, 64} {
		p.ProbeFrames = n
		data, m := probeEncode(t, p, frames)
		t.Logf("hand-held crop, probe %d: %d bytes (preset %d), split %v obmc %v bipred %v warp_subs %v mix2 %v",
			n, len(data), own, m.MotionSplit, m.OBMC, m.BiPred, m.WarpSubs, m.Mix2)
		if !m.MotionSplit {
			t.Errorf("probe %d kept the preset's knobs", n)
		}
		if len(data) > own {
			t.Errorf("probe %d: %d bytes, the preset %d", n, len(data), own)
		}
	}
	// The probe runs across segment boundaries (segments of 3 frames: the candidates restart
	// their models as the stream does), and EncodeSegments still writes the same bytes.
	p.ProbeFrames, p.SegmentFrames = 8, 3
	if _, m := probeEncode(t, p, frames); !m.MotionSplit {
		t.Errorf("segments of 3: the probe kept the preset's knobs")
	}
}

// TestProbeKeepsPreset codes the first 6 frames of the vtest crop (a still camera, where
// split blocks cost 3.3 % on 60 frames of the clip) and the synthetic pan (where they cost
// 0.5 %): the probe keeps the preset's knobs and writes exactly the preset's file, also when
// the stream ends before the probe does, and when it has no frame at all.
func TestProbeKeepsPreset(t *testing.T) {
	p, frames := probeClip(t, "../testdata/vtest_crop.y4m")
	pan := panClip(t, 192, 144, 8)
	clips := []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
	}{{"vtest crop", p, frames[:6]}, {"pan", testParams(pan[0].Layout), pan}}
	for _, c := range clips {
		own := encodeFrames(t, c.p, c.frames)
		for _, n := range []int{4, 64} {
			q := c.p
			q.ProbeFrames = n
			data, m := probeEncode(t, q, c.frames)
			t.Logf("%s, probe %d: %d bytes (preset %d), split %v", c.name, n, len(data), len(own), m.MotionSplit)
			if m.MotionSplit != c.p.Model.MotionSplit {
				t.Errorf("%s, probe %d: turned motion_split over", c.name, n)
			}
			if !bytes.Equal(data, own) {
				t.Errorf("%s, probe %d: %d bytes, the preset %d", c.name, n, len(data), len(own))
			}
		}
	}
	q := p
	q.ProbeFrames = 4
	if a, b := encodeFrames(t, q, nil), encodeFrames(t, p, nil); !bytes.Equal(a, b) {
		t.Errorf("no frames: %d bytes with the probe, %d without", len(a), len(b))
	}
}

// TestProbePixelCosts: WithPixelCosts (vidlm encode --report) the probe writes the same
// bytes, and Written gives nothing during the probe, then every probe frame with its
// per-pixel costs and a copy of the frame, then one frame at a time.
func TestProbePixelCosts(t *testing.T) {
	p, frames := probeClip(t, "../testdata/handheld_crop.y4m")
	p.ProbeFrames = 4
	want := encodeFrames(t, p, frames)
	var buf bytes.Buffer
	e, err := NewVideoEncoder(&buf, p, WithFileID(testFileID), WithPixelCosts())
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		stats, got := e.Written()
		n := 0
		switch {
		case i == 3:
			n = 4
		case i > 3:
			n = 1
		}
		if len(stats) != n || len(got) != n {
			t.Fatalf("frame %d: Written gives %d statistics and %d frames, want %d", i, len(stats), len(got), n)
		}
		for j := range stats {
			k := i - n + 1 + j
			if stats[j].Frame != k || len(stats[j].PixelCost) != 3 || got[j] == nil || !slices.Equal(got[j].Planes[0], frames[k].Planes[0]) {
				t.Fatalf("frame %d: Written's %d-th entry is not frame %d with its costs", i, j, k)
			}
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("WithPixelCosts: %d bytes, without %d", buf.Len(), len(want))
	}
}
