package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

func testParams(l vision.Layout) VideoParams {
	return VideoParams{Layout: l, FrameRate: vision.Rational{Num: 25, Den: 1}, Source: SourceRaw, Tiles: 2, Model: predict.DefaultVideoConfig()}
}

// testFileID is the file identifier of the files the tests encode and compare: an encoder
// draws a random one by default (WithFileID).
const testFileID = 0x7669_646c_6d74_6573 // "vidlmtes"

func encodeFrames(t testing.TB, p VideoParams, frames []*vision.Frame, opts ...Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	e, err := NewVideoEncoder(&buf, p, append([]Option{WithFileID(testFileID)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeAll decodes a .vlm completely, checking the trailer.
func decodeAll(data []byte, opts ...Option) ([]*vision.Frame, error) {
	d, err := NewDecoder(bytes.NewReader(data), opts...)
	if err != nil {
		return nil, err
	}
	var frames []*vision.Frame
	for {
		f, err := d.ReadFrame()
		if err == io.EOF {
			return frames, nil
		}
		if err != nil {
			return frames, err
		}
		frames = append(frames, f)
	}
}

func sameFrames(t testing.TB, got, want []*vision.Frame) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("decoded %d frames, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Params != want[i].Params {
			t.Fatalf("frame %d: params %q, want %q", i, got[i].Params, want[i].Params)
		}
		for p := range want[i].Planes {
			g, w := got[i].Planes[p], want[i].Planes[p]
			for j := range w {
				if g[j] != w[j] {
					t.Fatalf("frame %d plane %d sample %d: %d, want %d", i, p, j, g[j], w[j])
				}
			}
		}
	}
}

// TestVideoRoundTrip codes the real crops of testdata, y4m and as OpenCV decodes them (BGR):
// the frames come back, the trailer's SHA-256 is that of the source file, and the size stays
// below a bound. FFV1 takes 4.46 bits per luma pixel on the y4m frames at full size; on these
// small crops with their costly first frame vidlm must still stay well below 4 (7 for BGR).
func TestVideoRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name, path string
		maxBPP     float64
	}{
		{"y4m", "../testdata/vtest_crop.y4m", 4},
		{"bgr", "../testdata/vtest_crop.bgr", 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p VideoParams
			var frames []*vision.Frame
			if c.name == "y4m" {
				var r *vision.Y4MReader
				r, frames = testclip.Y4M(t, c.path)
				p = testParams(r.Header.Layout)
				p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
			} else {
				frames = testclip.BGR(t, c.path, 160, 120)
				p = testParams(frames[0].Layout)
				p.Source = SourceOpenCV
			}
			data := encodeFrames(t, p, frames)
			got, err := decodeAll(data)
			if err != nil {
				t.Fatal(err)
			}
			sameFrames(t, got, frames)
			orig, err := os.ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			info, err := ReadInfo(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if info.Index[0].SHA256 != sha256.Sum256(orig) {
				t.Errorf("trailer SHA-256 differs from that of %s", c.path)
			}
			bpp := float64(len(data)*8) / float64(len(frames)*160*120)
			t.Logf("%s crop: %d bytes, %.3f bits/pixel", c.name, len(data), bpp)
			if bpp > c.maxBPP {
				t.Errorf("%.3f bits/pixel on the %s crop, want < %g", bpp, c.name, c.maxBPP)
			}
		})
	}
}

func TestVideoRoundTripBGRNoColourTransform(t *testing.T) {
	frames := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	p := testParams(frames[0].Layout)
	p.Source = SourceOpenCV
	p.Model.Colour = predict.ColourNone
	plain := encodeFrames(t, p, frames)
	got, err := decodeAll(plain)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
	p.Model.Colour = predict.ColourYCoCgR
	ycocg := encodeFrames(t, p, frames)
	t.Logf("BGR crop: %d bytes as G,B,R; %d bytes through YCoCg-R", len(plain), len(ycocg))
	// Frames OpenCV converted from 4:2:0 YUV: the transform must pay for itself.
	if len(ycocg) >= len(plain) {
		t.Errorf("YCoCg-R %d bytes, no transform %d: the transform should win on these frames", len(ycocg), len(plain))
	}
}

// TestThreadsDoNotChangeBytes: the tile count decides the bytes, never the thread count.
func TestThreadsDoNotChangeBytes(t *testing.T) {
	frames := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	p := testParams(frames[0].Layout)
	p.Tiles = 4
	one := encodeFrames(t, p, frames, WithThreads(1))
	for _, n := range []int{2, 3, 8} {
		if !bytes.Equal(one, encodeFrames(t, p, frames, WithThreads(n))) {
			t.Errorf("--threads %d changes the output", n)
		}
	}
	got, err := decodeAll(one, WithThreads(3))
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
}

// TestDecoderHashesLater: with threads a decoder hashes each frame while it decodes the next,
// its tiles writing the frame's raw content band by band (rawFrame, putRaw, hashRawLater);
// the hash still covers every frame, in order, as decoded, even when the caller overwrites
// each one as soon as it has it (the trailer's SHA-256 matches), and it is the digest of
// hashing each frame at once (hashFrame), for planar and interleaved raw content, with a
// y4m's FRAME lines, and with tiles that cut a subsampled plane's rows unevenly.
func TestDecoderHashesLater(t *testing.T) {
	cases := []struct {
		l      vision.Layout
		source string
		tiles  int
	}{
		{vision.Layout{Width: 48, Height: 32, Format: vision.FormatYUV420, Depth: 8}, SourceRaw, 2},
		{vision.Layout{Width: 40, Height: 50, Format: vision.FormatBGR, Depth: 8}, SourceOpenCV, 3},
		{vision.Layout{Width: 24, Height: 34, Format: vision.FormatBGR, Depth: 10}, SourceRaw, 2},
		{vision.Layout{Width: 24, Height: 34, Format: vision.FormatGray, Depth: 12}, SourceOpenCV, 2},
		{vision.Layout{Width: 30, Height: 46, Format: vision.FormatYUV420, Depth: 8}, SourceY4M, 3},
	}
	for _, tc := range cases {
		frames := synthFrames(tc.l, 5, 7)
		p := testParams(frames[0].Layout)
		p.Source, p.Tiles = tc.source, tc.tiles
		if tc.source == SourceY4M {
			p.Y4MHeader, _ = vision.Y4MHeaderLine(p.Layout, p.FrameRate)
			for i, f := range frames {
				f.Params = fmt.Sprintf(" Xframe=%d", i)
			}
		}
		data := encodeFrames(t, p, frames)
		d, err := NewDecoder(bytes.NewReader(data), WithThreads(2))
		if err != nil {
			t.Fatal(err)
		}
		if !d.video.hashLater {
			t.Fatal("a decoder with two threads hashes each frame later (hashRawLater)")
		}
		n := 0
		for {
			f, err := d.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%v %s: frame %d: %v", tc.l, tc.source, n, err)
			}
			sameFrames(t, []*vision.Frame{f}, frames[n:n+1])
			for _, pl := range f.Planes {
				clear(pl) // the caller's to change: the hash has its own copy
			}
			n++
		}
		if n != len(frames) {
			t.Fatalf("%v %s: decoded %d frames of %d", tc.l, tc.source, n, len(frames))
		}
		// The same digest as hashing each frame at once, the frames overwritten after the call.
		now, later := newVideoCoder(&p, options{}), newVideoCoder(&p, options{})
		for _, f := range frames {
			now.hashFrame(f)
			g := copyFrame(nil, f)
			later.hashFrameLater(g)
			for _, pl := range g.Planes {
				clear(pl)
			}
		}
		later.hashWait()
		if !bytes.Equal(now.hash.Sum(nil), later.hash.Sum(nil)) || now.raw != later.raw {
			t.Fatalf("%v %s: hashed later: %x, %d bytes; at once: %x, %d bytes", tc.l, tc.source, later.hash.Sum(nil), later.raw, now.hash.Sum(nil), now.raw)
		}
	}
}

// synthFrames makes moving, noisy test frames of any layout.
func synthFrames(l vision.Layout, n int, seed int64) []*vision.Frame {
	rng := rand.New(rand.NewSource(seed))
	var frames []*vision.Frame
	max := l.MaxValue()
	for i := 0; i < n; i++ {
		f := vision.NewFrame(l)
		for p, ps := range l.Planes() {
			for y := 0; y < ps.Height; y++ {
				for x := 0; x < ps.Width; x++ {
					v := (x*7 + y*3 + i*5 + p*50) * (max + 1) / 256
					if (x/8+y/8+i)%3 == 0 {
						v += rng.Intn(max/16 + 2)
					}
					f.Planes[p][y*ps.Width+x] = uint16(v % (max + 1))
				}
			}
		}
		frames = append(frames, f)
	}
	return frames
}

func TestVideoLayouts(t *testing.T) {
	layouts := []vision.Layout{
		{Width: 37, Height: 21, Format: vision.FormatGray, Depth: 8},
		{Width: 33, Height: 17, Format: vision.FormatYUV420, Depth: 8},
		{Width: 32, Height: 40, Format: vision.FormatYUV422, Depth: 10},
		{Width: 20, Height: 18, Format: vision.FormatYUV444, Depth: 16},
		{Width: 21, Height: 19, Format: vision.FormatYUV411, Depth: 8},
		{Width: 16, Height: 16, Format: vision.FormatYUVA444, Depth: 12},
		{Width: 25, Height: 35, Format: vision.FormatBGR, Depth: 16},
		{Width: 1, Height: 1, Format: vision.FormatBGR, Depth: 8},
		{Width: 1, Height: 40, Format: vision.FormatGray, Depth: 1},
	}
	for _, l := range layouts {
		frames := synthFrames(l, 5, int64(l.Width))
		for _, seg := range []int{0, 2} {
			p := testParams(l)
			p.Tiles, p.SegmentFrames = 3, seg
			data := encodeFrames(t, p, frames)
			got, err := decodeAll(data)
			if err != nil {
				t.Fatalf("%+v segment %d: %v", l, seg, err)
			}
			sameFrames(t, got, frames)
		}
	}
}

func TestEmptyStream(t *testing.T) {
	p := testParams(vision.Layout{Width: 8, Height: 8, Format: vision.FormatGray, Depth: 8})
	data := encodeFrames(t, p, nil)
	got, err := decodeAll(data)
	if err != nil || len(got) != 0 {
		t.Fatalf("empty stream: %d frames, %v", len(got), err)
	}
}

func TestFrameSizeChangeRejected(t *testing.T) {
	l := vision.Layout{Width: 16, Height: 16, Format: vision.FormatGray, Depth: 8}
	e, err := NewVideoEncoder(io.Discard, testParams(l))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteFrame(vision.NewFrame(l)); err != nil {
		t.Fatal(err)
	}
	l.Width = 17
	err = e.WriteFrame(vision.NewFrame(l))
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Frame != 1 {
		t.Fatalf("got %v, want a FormatError for frame 1", err)
	}
}

func TestCorruptionDetected(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	_, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	p := testParams(frames[0].Layout)
	p.SegmentFrames = 4
	data := encodeFrames(t, p, frames[:6])
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 200; trial++ {
		bad := append([]byte(nil), data...)
		pos := rng.Intn(len(bad))
		bad[pos] ^= 1 << rng.Intn(8)
		got, err := decodeAll(bad)
		if err == nil {
			t.Fatalf("flipped bit at byte %d went unnoticed", pos)
		}
		var ce *CorruptError
		if !errors.As(err, &ce) && !errors.Is(err, ErrVersion) {
			t.Fatalf("byte %d: error %v is not a CorruptError", pos, err)
		}
		// Frames delivered before the error must be right.
		for i, f := range got {
			sameFrames(t, []*vision.Frame{f}, frames[i:i+1])
		}
	}
	for cut := 0; cut < len(data); cut += 1 + len(data)/150 {
		if _, err := decodeAll(data[:cut]); err == nil {
			t.Fatalf("file truncated to %d of %d bytes decoded without error", cut, len(data))
		}
	}
}

// TestSampleAboveDepthRefused: a sample above the stream's depth is refused with the plane
// and the sample named, before anything is coded.
func TestSampleAboveDepthRefused(t *testing.T) {
	for _, depth := range []int{8, 10} {
		l := vision.Layout{Width: 32, Height: 16, Format: vision.FormatYUV420, Depth: depth}
		e, err := NewVideoEncoder(io.Discard, testParams(l))
		if err != nil {
			t.Fatal(err)
		}
		f := vision.NewFrame(l)
		bad := uint16(1) << depth
		f.Planes[1][37] = bad
		err = e.WriteFrame(f)
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), fmt.Sprintf("plane 1 holds sample %d", bad)) {
			t.Fatalf("depth %d: %v", depth, err)
		}
		f.Planes[1][37] = bad - 1
		if err := e.WriteFrame(f); err != nil || e.Frames() != 1 {
			t.Fatalf("depth %d: the largest sample refused (%v) or the bad frame counted (%d frames)", depth, err, e.Frames())
		}
	}
}
