package codec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// sliceFrames is a FrameReaderAt over frames in memory; failAt, if >= 0, is a frame it cannot
// read.
type sliceFrames struct {
	frames []*vision.Frame
	failAt int
}

func (s *sliceFrames) Frames() int { return len(s.frames) }

func (s *sliceFrames) FrameAt(i int) (*vision.Frame, error) {
	if i == s.failAt {
		return nil, fmt.Errorf("cannot read frame %d", i)
	}
	return s.frames[i], nil
}

// segmentClips are the real clips the segment tests code: y4m 4:2:0 and BGR with the colour
// transform.
func segmentClips(t *testing.T) map[string]struct {
	p      VideoParams
	frames []*vision.Frame
} {
	r, y4m := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source, pb.Model.Colour = SourceOpenCV, predict.ColourYCoCgR
	return map[string]struct {
		p      VideoParams
		frames []*vision.Frame
	}{"y4m": {py, y4m}, "bgr": {pb, bgr}}
}

func encodeSegments(t *testing.T, p VideoParams, src FrameReaderAt, threads int, opts ...Option) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	calls := 0
	res, err := EncodeSegments(context.Background(), &buf, p, src, func() { calls++ }, append([]Option{WithFileID(testFileID)}, append(opts, WithThreads(threads))...)...)
	if err != nil {
		return nil, err
	}
	if res.Frames != src.Frames() || calls != src.Frames() {
		t.Fatalf("EncodeSegments coded %d frames and reported %d, want %d", res.Frames, calls, src.Frames())
	}
	return buf.Bytes(), nil
}

// The parallel encoder writes exactly the bytes of the sequential one, for any segment length
// and thread count, and the parallel decoder gives back every frame.
func TestSegmentsSameBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	for name, clip := range segmentClips(t) {
		for _, seg := range []int{0, 1, 3, 4, 10} {
			p := clip.p
			p.SegmentFrames = seg
			// The sequential file, made by the first subtest that runs (scripts/test.sh's race
			// stage runs only segment3's: the other segment lengths' would be made for nothing).
			var want []byte
			for _, threads := range []int{1, 2, 3, 8} {
				t.Run(fmt.Sprintf("%s/segment%d/threads%d", name, seg, threads), func(t *testing.T) {
					if want == nil {
						want = encodeFrames(t, p, clip.frames)
					}
					var opts []Option
					if threads == 8 {
						// At most 2 segments at once, the threads' tiles shared between them.
						opts = append(opts, WithSegmentWorkers(2))
					}
					got, err := encodeSegments(t, p, &sliceFrames{frames: clip.frames, failAt: -1}, threads, opts...)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Fatalf("parallel encoder: %d bytes, sequential %d; they differ", len(got), len(want))
					}
					frames, totals := decodeSegments(t, got, threads)
					sameFrames(t, frames, clip.frames)
					info, err := ReadInfo(bytes.NewReader(got))
					if err != nil {
						t.Fatal(err)
					}
					if s := info.Index[0].Surprise; s == nil || s.PayloadBytes != totals.PayloadBytes || s.Bits() != totals.Bits() {
						t.Errorf("decoder's surprise %+v, the encoder's %+v", totals, s)
					}
				})
			}
		}
	}
}

// decodeSegments decodes data by segments and checks its raw content.
func decodeSegments(t *testing.T, data []byte, threads int) ([]*vision.Frame, SurpriseTotals) {
	t.Helper()
	s, err := OpenSegments(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	frames := make([]*vision.Frame, s.Index().Chunks)
	var mu sync.Mutex
	res, err := s.Decode(context.Background(), func(i int, f *vision.Frame) error {
		mu.Lock()
		defer mu.Unlock()
		if frames[i] != nil {
			t.Errorf("frame %d delivered twice", i)
		}
		frames[i] = f
		return nil
	}, nil, WithThreads(threads))
	if err != nil {
		t.Fatal(err)
	}
	raw := append([]byte(nil), s.Params().RawPrefix()...)
	for _, f := range frames {
		raw = s.Params().AppendRawContent(raw, f)
	}
	if err := s.CheckRawContent(bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 1
	if err := s.CheckRawContent(bytes.NewReader(raw)); err == nil {
		t.Fatal("CheckRawContent accepted a changed raw content")
	}
	return frames, res.Totals
}

// A frame the source cannot read, or one the stream cannot hold, is named, whichever segment
// it is in and however many others are coded at the same time.
func TestEncodeSegmentsBadFrame(t *testing.T) {
	clip := segmentClips(t)["y4m"]
	p := clip.p
	p.SegmentFrames = 3
	for _, at := range []int{0, 4, 9} {
		_, err := encodeSegments(t, p, &sliceFrames{frames: clip.frames, failAt: at}, 2)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Frame != at {
			t.Errorf("frame %d unreadable: error %v, want a FormatError naming frame %d", at, err, at)
		}
		bad := append([]*vision.Frame(nil), clip.frames...)
		bad[at] = vision.NewFrame(vision.Layout{Width: 8, Height: 8, Format: vision.FormatGray, Depth: 8})
		_, err = encodeSegments(t, p, &sliceFrames{frames: bad, failAt: -1}, 4)
		if !errors.As(err, &fe) || fe.Frame != at {
			t.Errorf("frame %d of another size: error %v, want a FormatError naming frame %d", at, err, at)
		}
	}
}

// Damage anywhere in a file is found by the segment decoder too, or makes OpenSegments send
// the file to the sequential decoder; every frame delivered before is intact.
func TestDecodeSegmentsCorrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	clip := segmentClips(t)["bgr"]
	p := clip.p
	p.SegmentFrames = 3
	data := encodeFrames(t, p, clip.frames)
	rng := rand.New(rand.NewPCG(1, 2))
	refused, located := 0, 0
	for trial := range 200 {
		bad := append([]byte(nil), data...)
		at := rng.IntN(len(bad))
		bad[at] ^= byte(1 << rng.IntN(8))
		if trial%4 == 3 {
			bad = bad[:at] // truncated instead
		}
		s, err := OpenSegments(bytes.NewReader(bad), int64(len(bad)))
		if err != nil {
			if _, seqErr := decodeAll(bad); seqErr == nil {
				t.Fatalf("byte %d: OpenSegments refused (%v) a file the sequential decoder reads", at, err)
			}
			refused++
			continue
		}
		var mu sync.Mutex
		delivered := map[int]*vision.Frame{}
		_, err = s.Decode(context.Background(), func(i int, f *vision.Frame) error {
			mu.Lock()
			delivered[i] = f
			mu.Unlock()
			return nil
		}, nil, WithThreads(2))
		for i, f := range delivered {
			sameFrames(t, []*vision.Frame{f}, clip.frames[i:i+1])
		}
		if err == nil {
			var raw []byte
			for i := range len(clip.frames) {
				raw = s.Params().AppendRawContent(raw, delivered[i])
			}
			err = s.CheckRawContent(bytes.NewReader(raw))
		}
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Fatalf("byte %d damaged (trial %d): error %v, want a CorruptError", at, trial, err)
		}
		if ce.Segment >= 0 {
			located++
			if ce.Frame/3 != ce.Segment {
				t.Errorf("byte %d: %v names frame %d in segment %d", at, ce, ce.Frame, ce.Segment)
			}
		}
	}
	// Most of the file is frame chunks: most damage must reach the segment decoder.
	t.Logf("%d damaged files refused by OpenSegments, %d located by the segment decoder", refused, located)
	if located < 100 {
		t.Errorf("only %d of 200 damaged files were located by segment and frame", located)
	}
}

// SegmentWorkerBytes bounds what a segment coded at once holds: twice a coder's live heap (the
// collector's headroom) stays below it, from a small crop to 1080p, 4:2:0 and BGR.
func TestSegmentWorkerBytesBound(t *testing.T) {
	for _, c := range []struct {
		l     vision.Layout
		tiles int
	}{
		{vision.Layout{Width: 160, Height: 120, Format: vision.FormatYUV420, Depth: 8}, 4},
		{vision.Layout{Width: 768, Height: 576, Format: vision.FormatYUV420, Depth: 8}, 4},
		{vision.Layout{Width: 768, Height: 576, Format: vision.FormatBGR, Depth: 8}, 4},
		{vision.Layout{Width: 1920, Height: 1080, Format: vision.FormatYUV420, Depth: 10}, 1},
	} {
		p := testParams(c.l)
		p.Tiles, p.SegmentFrames = c.tiles, 10
		p.normalize()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		coder := newVideoCoder(&p, options{threads: 1})
		coder.allocate()
		runtime.GC()
		runtime.ReadMemStats(&after)
		live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		runtime.KeepAlive(coder)
		if est := p.SegmentWorkerBytes(); 2*live > est {
			t.Errorf("%+v, %d tiles: a coder holds %d bytes, SegmentWorkerBytes says %d", c.l, c.tiles, live, est)
		} else {
			t.Logf("%+v, %d tiles: a coder holds %d bytes, SegmentWorkerBytes says %d", c.l, c.tiles, live, est)
		}
	}
}
