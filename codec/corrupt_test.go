package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// cropFrames cuts the rectangle (x, y, w, h) out of every frame.
func cropFrames(frames []*vision.Frame, x, y, w, h int) []*vision.Frame {
	var out []*vision.Frame
	for _, f := range frames {
		c, err := f.Crop(x, y, w, h)
		if err != nil {
			panic(err)
		}
		out = append(out, c)
	}
	return out
}

// reliabilityFile is a real clip encoded for the corruption tests, with a map of its parts.
type reliabilityFile struct {
	name      string
	frames    []*vision.Frame
	params    VideoParams
	data      []byte
	headerEnd int64      // first byte after the file header
	chunks    [][2]int64 // [start, end) of each frame chunk
	indexOff  int64      // start of the index chunk; the footer follows it
}

// reliabilityFiles encodes small crops of the two real test clips: the y4m one (4:2:0) and the
// BGR one (as OpenCV decodes it), each with several segments and tiles.
func reliabilityFiles(t testing.TB) []*reliabilityFile {
	t.Helper()
	_, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	var files []*reliabilityFile

	yf := cropFrames(yuv[:6], 56, 40, 48, 32)
	p := testParams(yf[0].Layout)
	p.Source, p.SegmentFrames = SourceY4M, 2
	p.Y4MHeader, _ = vision.Y4MHeaderLine(p.Layout, p.FrameRate)
	files = append(files, &reliabilityFile{name: "y4m crop", frames: yf, params: p})

	bf := cropFrames(bgr[:6], 56, 40, 48, 32)
	p = testParams(bf[0].Layout)
	p.Source, p.SegmentFrames = SourceOpenCV, 3
	files = append(files, &reliabilityFile{name: "bgr crop", frames: bf, params: p})

	for _, f := range files {
		f.data = encodeFrames(t, f.params, f.frames)
		cr, err := newContainerReader(bytes.NewReader(f.data))
		if err != nil {
			t.Fatal(err)
		}
		f.headerEnd = cr.off
		for {
			c, err := cr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			f.chunks = append(f.chunks, [2]int64{c.Offset, cr.off})
		}
		f.indexOff = f.chunks[len(f.chunks)-1][1]
	}
	return files
}

// segment returns the segment of frame k.
func (f *reliabilityFile) segment(k int) int {
	if f.params.SegmentFrames == 0 {
		return 0
	}
	return k / f.params.SegmentFrames
}

// segmentEnd returns the last frame of frame k's segment.
func (f *reliabilityFile) segmentEnd(k int) int {
	n := f.params.SegmentFrames
	if n == 0 {
		return len(f.frames) - 1
	}
	return min((k/n+1)*n, len(f.frames)) - 1
}

// chunkAt returns the frame whose chunk holds byte pos, or -1.
func (f *reliabilityFile) chunkAt(pos int64) int {
	for k, c := range f.chunks {
		if pos >= c[0] && pos < c[1] {
			return k
		}
	}
	return -1
}

// framesEqual reports whether two frame lists hold the same samples and parameters.
func framesEqual(got, want []*vision.Frame) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d frames, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Layout != want[i].Layout || got[i].Params != want[i].Params {
			return fmt.Errorf("frame %d: layout or parameters differ", i)
		}
		for p := range want[i].Planes {
			if !slices.Equal(got[i].Planes[p], want[i].Planes[p]) {
				return fmt.Errorf("frame %d plane %d differs", i, p)
			}
		}
	}
	return nil
}

// checkDamaged decodes a damaged copy of f in which byte pos (and, for a truncation, every
// byte after it) was damaged, and checks what the decoder reports.
func checkDamaged(t *testing.T, f *reliabilityFile, bad []byte, pos int64, what string) {
	t.Helper()
	got, err := decodeAll(bad, WithThreads(2))
	if err == nil {
		t.Fatalf("%s %s at byte %d: decoded without error", f.name, what, pos)
	}
	if e := framesEqual(got, f.frames[:len(got)]); e != nil {
		t.Fatalf("%s %s at byte %d: frame delivered before the error is wrong: %v", f.name, what, pos, e)
	}
	var ce *CorruptError
	if !errors.As(err, &ce) {
		if pos >= int64(len(Magic)) && pos < int64(len(Magic))+2 && errors.Is(err, ErrVersion) {
			return
		}
		t.Fatalf("%s %s at byte %d: %v is not a CorruptError", f.name, what, pos, err)
	}
	switch k := f.chunkAt(pos); {
	case pos < f.headerEnd:
		if len(got) != 0 || ce.Frame != -1 {
			t.Fatalf("%s %s in the header (byte %d): %d frames, error %v", f.name, what, pos, len(got), err)
		}
	case k >= 0:
		if len(got) != k || ce.Frame != k || ce.Segment != f.segment(k) {
			t.Fatalf("%s %s in frame %d (byte %d): %d frames delivered, error %q, want it to name segment %d, frame %d",
				f.name, what, k, pos, len(got), err, f.segment(k), k)
		}
	default: // the trailer
		if len(got) != len(f.frames) {
			t.Fatalf("%s %s in the trailer (byte %d): %d frames delivered, want %d", f.name, what, pos, len(got), len(f.frames))
		}
		// Past the index chunk's marker and type (which, damaged or cut, no longer say
		// "index"), the error must name the trailer.
		named := pos >= f.indexOff+3
		if what == "truncation" {
			named = pos >= f.indexOff+chunkHeadSize
		}
		if named && (ce.Frame != -1 || !strings.Contains(err.Error(), "trailer")) {
			t.Fatalf("%s %s in the trailer (byte %d): error %q does not name the trailer", f.name, what, pos, err)
		}
	}
}

// TestCorruptionLocated flips a bit at hundreds of random positions (and at every byte of the
// header and trailer) and truncates at hundreds more, in real clips: every damage must be
// detected, named by segment and frame when it hits a frame, and no frame delivered before
// the error may be wrong.
func TestCorruptionLocated(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	rng := rand.New(rand.NewSource(5))
	flips, cuts := 0, 0
	for _, f := range reliabilityFiles(t) {
		n := int64(len(f.data))
		var positions []int64
		for i := 0; i < 200; i++ {
			positions = append(positions, rng.Int63n(n))
		}
		// Every byte of the header, of the index chunk's head and of the footer.
		for pos := int64(0); pos < f.headerEnd; pos++ {
			positions = append(positions, pos)
		}
		for pos := f.indexOff; pos < f.indexOff+chunkHeadSize; pos++ {
			positions = append(positions, pos)
		}
		for pos := n - footerSize; pos < n; pos++ {
			positions = append(positions, pos)
		}
		for _, pos := range positions {
			bad := append([]byte(nil), f.data...)
			bad[pos] ^= 1 << rng.Intn(8)
			checkDamaged(t, f, bad, pos, "flipped bit")
			flips++
		}
		for i := 0; i < 100; i++ {
			cut := rng.Int63n(n)
			checkDamaged(t, f, f.data[:cut], cut, "truncation")
			cuts++
		}
	}
	t.Logf("%d bit flips and %d truncations, all detected and located", flips, cuts)
}
