package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// cli runs the command line in-process and returns its exit status, stdout and stderr.
func cli(t testing.TB, ctx context.Context, stdin []byte, args ...string) (int, []byte, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(ctx, args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.Bytes(), errOut.String()
}

// dirEntries lists the names in dir, sorted.
func dirEntries(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// crop cuts (x, y, w, h) out of every frame.
func crop(t testing.TB, frames []*vision.Frame, x, y, w, h int) []*vision.Frame {
	t.Helper()
	var out []*vision.Frame
	for _, f := range frames {
		c, err := f.Crop(x, y, w, h)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// testClips writes, into dir, small crops of the real test clips: clip.y4m (4:2:0, as a y4m
// file) and the BGR frames of the same scene; it returns the y4m bytes and the BGR frames.
func testClips(t testing.TB, dir string, frames int) ([]byte, []*vision.Frame) {
	t.Helper()
	r, yuv := testclip.Y4M(t, "../../testdata/vtest_crop.y4m")
	if len(yuv) < frames {
		t.Fatalf("vtest_crop.y4m holds %d frames, %d wanted", len(yuv), frames)
	}
	yuv = crop(t, yuv[:frames], 56, 40, 48, 32)
	header, err := vision.Y4MHeaderLine(yuv[0].Layout, r.Header.FrameRate)
	if err != nil {
		t.Fatal(err)
	}
	var y4m bytes.Buffer
	w := vision.NewY4MWriter(&y4m, header)
	for _, fr := range yuv {
		w.WriteFrame(fr)
	}
	w.Close()
	if err := os.WriteFile(filepath.Join(dir, "clip.y4m"), y4m.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	bgr := crop(t, testclip.BGR(t, "../../testdata/vtest_crop.bgr", 160, 120)[:frames], 56, 40, 48, 32)
	return y4m.Bytes(), bgr
}

// encodeBGR encodes BGR frames as an OpenCV source would (the CLI reads BGR only through
// OpenCV) and returns the .vlm and the raw content (interleaved BGR) decode -o x.raw restores.
func encodeBGR(t testing.TB, frames []*vision.Frame, segment int) ([]byte, []byte) {
	t.Helper()
	p := codec.VideoParams{Layout: frames[0].Layout, FrameRate: vision.Rational{Num: 25, Den: 1},
		Source: codec.SourceOpenCV, Tiles: 2, SegmentFrames: segment, Model: predict.DefaultVideoConfig()}
	var buf bytes.Buffer
	e, err := codec.NewVideoEncoder(&buf, p)
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	for _, f := range frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		raw = vision.AppendInterleaved(raw, f)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), raw
}

// libraryDecode decodes data with the library, returning the raw content delivered before
// the error (or io.EOF) and the error.
func libraryDecode(data []byte) ([]byte, error) {
	d, err := codec.NewDecoder(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	p := d.Video()
	raw := p.RawPrefix()
	for {
		f, err := d.ReadFrame()
		if err == io.EOF {
			return raw, nil
		}
		if err != nil {
			return raw, err
		}
		raw = p.AppendRawContent(raw, f)
	}
}

// librarySalvage runs the library's salvager and returns the raw content it recovers.
func librarySalvage(data []byte) ([]byte, *codec.Salvager, error) {
	s, err := codec.NewSalvager(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	p := s.Video()
	raw := p.RawPrefix()
	for {
		f, err := s.ReadFrame()
		if err == io.EOF {
			return raw, s, nil
		}
		if err != nil {
			return raw, s, err
		}
		raw = p.AppendRawContent(raw, f)
	}
}

// oneLine reports whether s is a single line ending in a newline.
func oneLine(s string) bool {
	return strings.Count(s, "\n") == 1 && strings.HasSuffix(s, "\n")
}
