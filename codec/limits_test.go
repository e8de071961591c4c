package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// allocated returns the bytes allocated while fn ran.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// handMade builds a .vlm around raw stream parameters and raw frame payloads, bypassing every
// check the encoder makes; trailer adds a valid index and footer.
func handMade(params []byte, payloads [][]byte, trailer bool) []byte {
	var buf bytes.Buffer
	cw, err := newContainerWriter(&buf, 1, []StreamHeader{{Kind: KindVideo, Params: params}})
	if err != nil {
		panic(err)
	}
	for i, p := range payloads {
		var flags byte
		if i == 0 {
			flags = FlagSegmentStart
		}
		cw.writeChunk(ChunkFrame, 0, flags, uint32(i), 0, p)
	}
	if trailer {
		cw.close([]StreamIndex{{SHA256: sha256.Sum256(nil)}}) // right for SourceRaw without frames
	}
	return buf.Bytes()
}

// rawParams marshals parameters without validating them.
func rawParams(l vision.Layout, tiles int) []byte {
	p := VideoParams{Layout: l, FrameRate: vision.Rational{Num: 25, Den: 1}, Source: SourceRaw, Tiles: tiles, Model: predict.DefaultVideoConfig()}
	p.normalize() // as the encoder does: no colour transform where it does not apply
	return p.marshal()
}

// decodeUntilError runs the decoder to its end and returns the final error (nil at io.EOF).
func decodeUntilError(data []byte) error {
	d, err := NewDecoder(bytes.NewReader(data))
	if err != nil {
		return err
	}
	for {
		if _, err := d.ReadFrame(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// TestAbsurdClaimsRejected: headers and chunks that claim absurd sizes are refused before
// anything of that size is allocated.
func TestAbsurdClaimsRejected(t *testing.T) {
	huge := vision.Layout{Width: 16384, Height: 8192, Format: vision.FormatBGR, Depth: 16}
	small := vision.Layout{Width: 8, Height: 8, Format: vision.FormatGray, Depth: 8}
	varint := func(v uint64) []byte { return binary.AppendUvarint(nil, v) }

	// A chunk claiming 1 GiB in a file of a few hundred bytes.
	bigChunk := handMade(rawParams(small, 1), [][]byte{{1, 2, 3}}, true)
	at := bytes.Index(bigChunk, []byte(chunkSync+"F"))
	binary.LittleEndian.PutUint32(bigChunk[at+13:], maxChunkSize)
	// A header size field claiming 1 MiB in a short file.
	bigHeader := handMade(rawParams(small, 1), nil, true)
	binary.LittleEndian.PutUint32(bigHeader[len(Magic)+2:], maxHeaderSize)

	cases := []struct {
		name string
		data []byte
		want string // in the error; "" for a file that must decode
	}{
		{"width 2^20", handMade(rawParams(vision.Layout{Width: 1 << 20, Height: 1, Format: vision.FormatGray, Depth: 8}, 1), nil, true), "outside"},
		{"32768x32768", handMade(rawParams(vision.Layout{Width: 32768, Height: 32768, Format: vision.FormatGray, Depth: 8}, 1), nil, true), "exceeds the limit"},
		{"depth 40", handMade(rawParams(vision.Layout{Width: 8, Height: 8, Format: vision.FormatGray, Depth: 40}, 1), nil, true), "depth"},
		{"tiles 2^30", handMade(rawParams(small, 1<<30), nil, true), "tiles"},
		{"frame count 2^62 in the parameter list", append(varint(1<<62), 'x'), "parameter"},
		{"parameter name of 2^40 bytes", append(varint(1), varint(1<<40)...), "name length"},
		{"chunk of 1 GiB", bigChunk, "truncated inside a chunk"},
		{"header of 1 MiB", bigHeader, "truncated file header"},
		{"tile count 2^40", handMade(rawParams(small, 1), [][]byte{append(varint(0), varint(1<<40)...)}, true), "tile count"},
		{"tile size 2^40", handMade(rawParams(small, 1), [][]byte{append(append(varint(0), varint(1)...), varint(1<<40)...)}, true), "tile size"},
		{"frame parameters of 2^40 bytes", handMade(rawParams(small, 1), [][]byte{varint(1 << 40)}, true), "frame parameter length"},
		// A legal but enormous frame size, and no frame: nothing to allocate for.
		{"16384x8192 BGR 16-bit, no frames", handMade(rawParams(huge, 4), nil, true), ""},
	}
	for _, c := range cases {
		data := c.data
		if strings.HasPrefix(c.name, "frame count") || strings.HasPrefix(c.name, "parameter name") {
			// A parameter list inside an otherwise valid header.
			data = handMade(c.data, nil, true)
		}
		var err error
		n := allocated(func() { err = decodeUntilError(data) })
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want an error about %q", c.name, err, c.want)
		}
		var ce *CorruptError
		if err != nil && !errors.As(err, &ce) {
			t.Errorf("%s: %v is not a CorruptError", c.name, err)
		}
		if n > 1<<20 {
			t.Errorf("%s: %d bytes allocated for a %d-byte file", c.name, n, len(data))
		}
		// ReadInfo reads the same header and trailer.
		n = allocated(func() { ReadInfo(bytes.NewReader(data)) })
		if n > 1<<20 {
			t.Errorf("%s: ReadInfo allocated %d bytes for a %d-byte file", c.name, n, len(data))
		}
	}

	// The trailer's claims (frame count, segment count) allocate nothing either.
	idx := binary.AppendUvarint(nil, 1)
	idx = binary.AppendUvarint(idx, 1<<62) // frames
	idx = binary.AppendUvarint(idx, 1<<62) // raw bytes
	idx = append(idx, make([]byte, 32)...)
	idx = binary.AppendUvarint(idx, 1<<50) // segments
	var err error
	if n := allocated(func() { _, err = decodeIndex(idx, 1) }); err == nil || n > 1<<16 {
		t.Errorf("index claiming 2^50 segments: %v, %d bytes allocated", err, n)
	}

	// An encoder given an enormous layout allocates nothing until a frame arrives.
	var enc *VideoEncoder
	n := allocated(func() {
		enc, err = NewVideoEncoder(io.Discard, VideoParams{Layout: huge, Source: SourceRaw, Tiles: 4, Model: predict.DefaultVideoConfig()})
		if err == nil {
			err = enc.Close()
		}
	})
	if err != nil || n > 1<<20 {
		t.Errorf("encoder for 16384x8192 without frames: %v, %d bytes allocated", err, n)
	}
}
