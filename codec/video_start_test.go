package codec

import (
	"bytes"
	"io"
	"reflect"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestFreshTileReset holds tileCoder.fresh to what it stands for: a tile just built is
// the same, field for field (models' tables included), with its models reset as without,
// under every preset, so a stream's first frame need not build them twice.
func TestFreshTileReset(t *testing.T) {
	l := vision.Layout{Width: 48, Height: 40, Format: vision.FormatYUV420, Depth: 8}
	for _, preset := range []Preset{PresetFast, PresetDefault, PresetCamera, PresetMax} {
		p := preset.VideoParams(l)
		if err := prepareVideoParams(&p); err != nil {
			t.Fatal(err)
		}
		build := func() *tileCoder {
			return newTileCoder(&p.Model, p.Layout, newPlaneStates(p.Layout), 8, 32)
		}
		a, b := build(), build()
		for _, m := range b.models {
			m.Reset()
		}
		a.reset()
		b.fresh = true
		b.reset()
		if !a.fresh || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: a fresh tile reset without building its models differs from one with them built again", preset)
		}
	}
}

// TestSegmentsResetTiles codes the same two frames as two segments, on one and two
// threads: the second segment's chunks must be the first's (its tiles' models were reset
// after coding, not skipped as fresh).
func TestSegmentsResetTiles(t *testing.T) {
	r, frames := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	p := testParams(r.Header.Layout)
	p.Tiles, p.SegmentFrames = 3, 2
	in := []*vision.Frame{frames[0], frames[1], frames[0], frames[1]}
	var first []byte
	for _, threads := range []int{1, 2} {
		data := encodeFrames(t, p, in, WithThreads(threads))
		if first == nil {
			first = data
		} else if !bytes.Equal(data, first) {
			t.Fatalf("threads %d: the file differs from one thread's", threads)
		}
		s := framePayloads(t, data)
		for i := 0; i < 2; i++ {
			if !bytes.Equal(s[i], s[i+2]) {
				t.Errorf("threads %d: frame %d of the second segment coded differently from the first's", threads, i)
			}
		}
		got, err := decodeAll(data, WithThreads(threads))
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range got {
			if !reflect.DeepEqual(f.Planes, in[i].Planes) {
				t.Fatalf("threads %d: frame %d decodes differently", threads, i)
			}
		}
	}
}

// framePayloads returns the payloads of data's frame chunks in file order.
func framePayloads(t *testing.T, data []byte) [][]byte {
	t.Helper()
	cr, err := newContainerReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for {
		ch, err := cr.next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if ch.Type == ChunkFrame {
			out = append(out, slices.Clone(ch.Payload))
		}
	}
}
