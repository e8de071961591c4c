package codec

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// hostileFile is a .vlm with valid CRCs whose header claims a frame of layout l, coded in
// tiles bands, and whose one frame chunk holds a substream of n zero bytes per band: past
// their end a range decoder reads zeros, which decode as an endless run of likely decisions.
func hostileFile(l vision.Layout, tiles, n int) []byte {
	payload := []byte{0, byte(tiles)}
	for i := 0; i < tiles; i++ {
		payload = append(payload, byte(n)|0x80, byte(n>>7))
	}
	payload = append(payload, make([]byte, tiles*n)...)
	return handMade(rawParams(l, tiles), [][]byte{payload}, true)
}

// TestHostileFrameSize: a few hundred bytes claiming a huge frame. Where the chunk is too
// small to hold the frame at all it is refused before the frame's state is allocated; where
// it is not, decoding stops in the row the substream runs out, long before the frame's end
// (the old decoder checked after the whole frame: the 32768x4096 case ran 28 s, 1.3 GB).
func TestHostileFrameSize(t *testing.T) {
	gray := func(w, h int) vision.Layout {
		return vision.Layout{Width: w, Height: h, Format: vision.FormatGray, Depth: 8}
	}
	for _, c := range []struct {
		name  string
		data  []byte
		want  string
		alloc uint64 // most bytes the decode may allocate
	}{
		{"32768x4096, 63-byte chunk", hostileFile(gray(32768, 4096), 1, 60), "cannot hold a 32768x4096 frame", 1 << 20},
		{"32768x4096, 4 tiles of 80 bytes", hostileFile(gray(32768, 4096), 4, 80), "substream ends early", 0},
		{"4096x4096 yuv420, 2 tiles of 200", hostileFile(vision.Layout{Width: 4096, Height: 4096, Format: vision.FormatYUV420, Depth: 8}, 2, 200), "substream ends early", 0},
	} {
		d, err := NewDecoder(strings.NewReader(string(c.data)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		n := allocated(func() { _, err = d.ReadFrame() })
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.Frame != 0 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a CorruptError at frame 0 saying %q", c.name, err, c.want)
		}
		if c.alloc > 0 && n > c.alloc {
			t.Errorf("%s: %d bytes allocated for a %d-byte file", c.name, n, len(c.data))
		}
		rows, all := 0, 0
		for _, tc := range d.video.tiles {
			rows += tc.rows
		}
		for _, p := range d.video.params.Layout.Planes() {
			all += p.Height
		}
		if rows*8 > all {
			t.Errorf("%s: %d of the frame's %d rows decoded; the decoder must stop in the row its substream ran out", c.name, rows, all)
		}
	}
}

// TestSeveralTilesFailOneError: when every tile of a frame fails (its chunk's CRC made to
// hold over damaged substreams), the decoder reports one error, the first tile's, not one
// line per tile (with one thread and with several).
func TestSeveralTilesFailOneError(t *testing.T) {
	f := reliabilityFiles(t)[0] // 2 tiles
	payload := chunkPayloads(f.data)[1]
	// The payload: parameters, tile count, tile sizes, then the substreams: zero them all.
	fr := &fieldReader{b: payload}
	fr.str(1<<16, "")
	n := fr.count(MaxTiles, "")
	for i := 0; i < n; i++ {
		fr.count(uint64(len(payload)), "")
	}
	if fr.err != nil || n != 2 {
		t.Fatalf("frame 1: %d tiles, %v", n, fr.err)
	}
	bad := append([]byte(nil), f.data...)
	at := bytes.Index(bad, payload) + len(payload) - len(fr.b)
	for i := range fr.b {
		bad[at+i] = 0xff
	}
	refreshCRCs(bad)
	for _, threads := range []int{1, 2} {
		_, err := decodeAll(bad, WithThreads(threads))
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.Frame != 1 || strings.Contains(err.Error(), "\n") {
			t.Errorf("%d threads: %q; want one line naming frame 1", threads, err)
		}
	}
}
