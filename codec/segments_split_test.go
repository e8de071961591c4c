package codec

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
)

// Segments coded one by one, in any order and each on its own, then joined, give the bytes of
// the sequential encoder.
func TestJoinSegmentsSameBytes(t *testing.T) {
	r, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	p := testParams(r.Header.Layout)
	p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
	src := &sliceFrames{frames: frames, failAt: -1}
	for _, seg := range []int{0, 3, 4} {
		p.SegmentFrames = seg
		want := encodeFrames(t, p, frames)
		t.Run(fmt.Sprintf("segment%d", seg), func(t *testing.T) {
			n := p.SegmentCount(len(frames))
			parts := make([]SegmentPart, n)
			coded := make([][]byte, n)
			for k := n - 1; k >= 0; k-- { // in reverse: the order never matters
				var buf bytes.Buffer
				part, err := EncodeSegment(context.Background(), &buf, p, src, k, WithThreads(1+k%2))
				if err != nil {
					t.Fatal(err)
				}
				parts[k], coded[k] = *part, buf.Bytes()
			}
			open := func(k int) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(coded[k])), nil }
			var out bytes.Buffer
			res, err := JoinSegments(context.Background(), &out, p, src, parts, open, WithFileID(testFileID))
			if err != nil {
				t.Fatal(err)
			}
			if res.Frames != len(frames) {
				t.Errorf("joined %d frames, want %d", res.Frames, len(frames))
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("joined file: %d bytes, sequential %d; they differ", out.Len(), len(want))
			}
		})
	}
}

// JoinSegments refuses segments out of place, missing, coded with other parameters, or whose
// bytes do not hold the frames they claim; EncodeSegment refuses a segment that does not exist
// and options it does not take.
func TestJoinSegmentsRefuses(t *testing.T) {
	r, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	frames = frames[:4]
	p := testParams(r.Header.Layout)
	p.SegmentFrames = 2
	src := &sliceFrames{frames: frames, failAt: -1}
	ctx := context.Background()
	var parts []SegmentPart
	var coded [][]byte
	for k := range 2 {
		var buf bytes.Buffer
		part, err := EncodeSegment(ctx, &buf, p, src, k)
		if err != nil {
			t.Fatal(err)
		}
		parts, coded = append(parts, *part), append(coded, buf.Bytes())
	}
	open := func(k int) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(coded[k])), nil }
	join := func(p VideoParams, parts []SegmentPart, open func(int) (io.ReadCloser, error)) error {
		_, err := JoinSegments(ctx, io.Discard, p, src, parts, open)
		return err
	}
	other := p
	other.Tiles = 1
	short := func(k int) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(coded[k][:len(coded[k])/2])), nil
	}
	cases := map[string]struct {
		err  error
		want string
	}{
		"swapped":    {join(p, []SegmentPart{parts[1], parts[0]}, open), "segment 1 given in place 0"},
		"missing":    {join(p, parts[:1], open), "1 segments given for a stream of 2"},
		"other":      {join(other, parts, open), "coded with other parameters"},
		"truncated":  {join(p, parts, short), ""},
		"no segment": {func() error { _, err := EncodeSegment(ctx, io.Discard, p, src, 2); return err }(), "no segment 2"},
		"file id":    {func() error { _, err := EncodeSegment(ctx, io.Discard, p, src, 0, WithFileID(1)); return err }(), "takes only WithThreads"},
		"bad frame": {func() error {
			_, err := EncodeSegment(ctx, io.Discard, p, &sliceFrames{frames: frames, failAt: 3}, 1)
			return err
		}(), "frame 3"},
		"join option": {func() error {
			_, err := JoinSegments(ctx, io.Discard, p, src, parts, open, WithSegmentWorkers(2))
			return err
		}(), "takes only"},
	}
	for name, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, c.err, c.want)
		}
	}
	if err := join(p, parts, open); err != nil {
		t.Errorf("the right segments: %v", err)
	}
}
