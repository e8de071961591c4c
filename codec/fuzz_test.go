package codec

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// Fuzz targets: the container parser, the arithmetic decoder and the whole video decoder.
// Run one with, for example,
//
//	GOMAXPROCS=1 nice -n 10 go test ./codec -run '^$' -fuzz '^FuzzDecoder$' -fuzztime 10m -parallel 1
//
// Without -fuzz they run their seeds and the regression inputs kept in testdata/fuzz.

// refreshCRCs rewrites, in place, every CRC32C of a (possibly mutated) .vlm that its chunk
// chain still reaches, and the footer's offset, so that mutations reach the parsers and the
// model behind the checksums.
func refreshCRCs(b []byte) {
	const at = len(Magic) + 6
	if len(b) < at {
		return
	}
	size := int(binary.LittleEndian.Uint32(b[len(Magic)+2:]))
	if size > len(b)-at-4 {
		return
	}
	binary.LittleEndian.PutUint32(b[at+size:], crc32c(b[at:at+size]))
	var seed uint32
	if v := int(binary.LittleEndian.Uint16(b[len(Magic):])); v >= 2 && size >= 8 {
		seed = chunkCRCSeed(v, binary.LittleEndian.Uint64(b[at:]))
	}
	off := at + size + 4
	for off+chunkHeadSize+4 <= len(b) && string(b[off:off+2]) == chunkSync {
		n := int(binary.LittleEndian.Uint32(b[off+13:]))
		if n > len(b)-off-chunkHeadSize-4 {
			return
		}
		end := off + chunkHeadSize + n
		binary.LittleEndian.PutUint32(b[end:], crc32.Update(seed, castagnoli, b[off+2:end]))
		if ChunkType(b[off+2]) == ChunkIndex {
			if end+4+footerSize <= len(b) {
				binary.LittleEndian.PutUint64(b[end+4:], uint64(off))
			}
			return
		}
		off = end + 4
	}
}

// addVLMSeeds seeds a target taking (data, fix) with the original files, both ways.
func addVLMSeeds(f *testing.F) {
	for _, o := range fuzzOriginals(f) {
		f.Add(o.data, false)
		f.Add(o.data, true)
	}
}

// withFixedCRCs returns data, or when fix is set a copy of it with its CRCs recomputed.
func withFixedCRCs(data []byte, fix bool) []byte {
	if !fix {
		return data
	}
	data = append([]byte(nil), data...)
	refreshCRCs(data)
	return data
}

// checkTypedError fails unless err is one of the decoder's typed errors.
func checkTypedError(t *testing.T, err error) {
	t.Helper()
	var ce *CorruptError
	if !errors.As(err, &ce) && !errors.Is(err, ErrVersion) {
		t.Fatalf("untyped error: %v", err)
	}
}

// fuzzOriginal is a valid file the decoder fuzz target starts from.
type fuzzOriginal struct {
	params VideoParams
	frames []*vision.Frame
	data   []byte
	chunks [][]byte // payloads of the frame chunks
}

var fuzzSeeds struct {
	once      sync.Once
	originals []*fuzzOriginal
	rawHashes map[[32]byte]bool // raw content hash of every original
}

// fuzzOriginals encodes tiny crops of the real test clips in several layouts.
func fuzzOriginals(t testing.TB) []*fuzzOriginal {
	fuzzSeeds.once.Do(func() {
		_, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
		bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
		var list []*fuzzOriginal
		add := func(p VideoParams, frames []*vision.Frame) {
			list = append(list, &fuzzOriginal{params: p, frames: frames})
		}
		y := cropFrames(yuv[:3], 64, 48, 16, 12)
		p := testParams(y[0].Layout)
		p.Source, p.SegmentFrames, p.Y4MHeader = SourceY4M, 2, "YUV4MPEG2 W16 H12 F25:1 Ip C420jpeg"
		add(p, y)
		b := cropFrames(bgr[:3], 64, 48, 12, 10)
		p = testParams(b[0].Layout)
		p.Source, p.Tiles = SourceOpenCV, 1
		add(p, b)
		g := make([]*vision.Frame, 3)
		for i := range g {
			g[i] = &vision.Frame{Layout: vision.Layout{Width: 16, Height: 12, Format: vision.FormatGray, Depth: 8}, Planes: y[i].Planes[:1]}
		}
		p = testParams(g[0].Layout)
		p.Tiles, p.SegmentFrames = 1, 1
		add(p, g)
		deep := synthFrames(vision.Layout{Width: 10, Height: 6, Format: vision.FormatYUV444, Depth: 10}, 2, 3)
		p = testParams(deep[0].Layout)
		add(p, deep)
		p = testParams(vision.Layout{Width: 4, Height: 4, Format: vision.FormatGray, Depth: 16})
		add(p, nil)

		fuzzSeeds.rawHashes = map[[32]byte]bool{}
		for _, o := range list {
			o.data = encodeFrames(t, o.params, o.frames)
			o.chunks = chunkPayloads(o.data)
			fuzzSeeds.rawHashes[rawHash(&o.params, o.frames)] = true
		}
		fuzzSeeds.originals = list
	})
	return fuzzSeeds.originals
}

// chunkPayloads returns the payloads of the intact frame chunks at the start of a file.
func chunkPayloads(data []byte) [][]byte {
	var payloads [][]byte
	cr, err := newContainerReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	for {
		c, err := cr.next()
		if err != nil {
			return payloads
		}
		payloads = append(payloads, c.Payload)
	}
}

// rawHash computes the SHA-256 of a stream's raw content from its frames.
func rawHash(p *VideoParams, frames []*vision.Frame) [32]byte {
	h := sha256.New()
	h.Write(p.RawPrefix())
	var buf []byte
	for _, f := range frames {
		buf = p.AppendRawContent(buf[:0], f)
		h.Write(buf)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// FuzzContainer feeds arbitrary bytes to the container reader (header, chunks, index, footer),
// to ReadInfo and to the header, index and parameter-list parsers: no panic, no hang, only
// typed errors. With fix set, the CRCs are recomputed first so that mutations get past them.
func FuzzContainer(f *testing.F) {
	addVLMSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		data = withFixedCRCs(data, fix)
		cr, err := newContainerReader(bytes.NewReader(data))
		if err == nil {
			for i := 0; ; i++ {
				if i > len(data)/chunkHeadSize {
					t.Fatal("more chunks than the input can hold")
				}
				if _, err = cr.next(); err != nil {
					break
				}
			}
			if err == io.EOF && cr.Index == nil {
				t.Fatal("end of file without an index")
			}
		}
		if err != io.EOF {
			checkTypedError(t, err)
		}
		if info, err := ReadInfo(bytes.NewReader(data)); err == nil {
			if len(info.Index) != len(info.Streams) {
				t.Fatalf("index of %d streams for %d", len(info.Index), len(info.Streams))
			}
		}
		// The parsers behind the header CRC, on the raw bytes.
		decodeHeader(1, data)
		decodeHeader(2, data)
		decodeIndex(data, 1)
		unmarshalVideoParams(data)
		if p, err := UnmarshalParamList(data); err == nil {
			q, err := UnmarshalParamList(p.Marshal())
			if err != nil || !reflect.DeepEqual(p, q) {
				t.Fatalf("parameter list does not survive a round trip: %v", err)
			}
		}
	})
}

// FuzzBitCoder decodes arbitrary bytes under an arbitrary sequence of probabilities (it must
// not panic or read out of bounds), then codes bits taken from the same bytes under the same
// probabilities and checks that they decode back, at the same cost.
func FuzzBitCoder(f *testing.F) {
	f.Add([]byte{0, 128, 255, 255, 1, 0}, []byte("vidlm"))
	f.Add([]byte{1, 0}, []byte{})
	f.Add(bytes.Repeat([]byte{0xff, 0xff}, 300), bytes.Repeat([]byte{0xff}, 40))
	f.Add(bytes.Repeat([]byte{1, 0}, 300), bytes.Repeat([]byte{0}, 40))
	f.Fuzz(func(t *testing.T, probs, data []byte) {
		n := len(probs) / 2
		prob := func(i int) uint32 {
			p := uint32(binary.LittleEndian.Uint16(probs[2*i:]))
			return max(p, 1) // 1..65535
		}
		dec := NewBitDecoder(data)
		for i := 0; i < n; i++ {
			if b := dec.Code(0, prob(i)); b != 0 && b != 1 {
				t.Fatalf("decoded %d", b)
			}
		}
		if dec.dec.Pos > len(data) {
			t.Fatalf("read %d of %d bytes", dec.dec.Pos, len(data))
		}
		bit := func(i int) int {
			if len(data) == 0 {
				return i & 1
			}
			return int(data[(i/8)%len(data)]>>(i%8)) & 1
		}
		enc := NewBitEncoder(nil)
		for i := 0; i < n; i++ {
			enc.Code(bit(i), prob(i))
		}
		out := enc.Finish()
		dec = NewBitDecoder(out)
		for i := 0; i < n; i++ {
			if got := dec.Code(0, prob(i)); got != bit(i) {
				t.Fatalf("decision %d of %d: decoded %d, coded %d", i, n, got, bit(i))
			}
		}
		if dec.Overrun() {
			t.Fatalf("a complete stream of %d bytes reads past its end", len(out))
		}
		if dec.Cost != enc.Cost {
			t.Fatalf("cost %d decoding, %d encoding", dec.Cost, enc.Cost)
		}
	})
}

// maxFuzzSamples bounds the frame size FuzzDecoder decodes: a mutated header may claim frames
// of up to vision.MaxFramePixels, which are legal but too slow to fuzz.
const maxFuzzSamples = 1 << 12

// FuzzDecoder runs the whole decoder (NewDecoder and ReadFrame to the end) on mutated real
// .vlm files. It must end with io.EOF or a typed error, never panic or hang; a frame whose
// chunk and every chunk before it are the original's must be the original frame; and a
// stream that decodes without error must be exactly the raw content of an original. With
// fix set the CRCs are recomputed after mutation, so that damage reaches the model.
func FuzzDecoder(f *testing.F) {
	addVLMSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		data = withFixedCRCs(data, fix)
		d, err := NewDecoder(bytes.NewReader(data), WithThreads(2))
		if err != nil {
			checkTypedError(t, err)
			return
		}
		p := d.Video()
		if p.Layout.Samples() > maxFuzzSamples {
			return
		}
		// The original this input's frames must match, as far as its chunks are the
		// original's.
		payloads := chunkPayloads(data)
		var orig *fuzzOriginal
		same := 0
		for _, o := range fuzzOriginals(t) {
			if !bytes.Equal(o.params.marshal(), d.streams[0].Params) {
				continue
			}
			k := 0
			for k < len(payloads) && k < len(o.chunks) && bytes.Equal(payloads[k], o.chunks[k]) {
				k++
			}
			if k > same || orig == nil {
				orig, same = o, k
			}
		}
		var got []*vision.Frame
		for {
			fr, err := d.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				checkTypedError(t, err)
				return
			}
			if fr.Layout != p.Layout {
				t.Fatalf("frame %d has layout %+v, the stream %+v", len(got), fr.Layout, p.Layout)
			}
			if k := len(got); orig != nil && k < same {
				if err := framesEqual([]*vision.Frame{fr}, orig.frames[k:k+1]); err != nil {
					t.Fatalf("frame %d decoded from the original's chunks differs: %v", k, err)
				}
			}
			got = append(got, fr)
			if len(got) > len(data) {
				t.Fatal("more frames than input bytes")
			}
		}
		h := rawHash(p, got)
		if h != d.SHA256() {
			t.Fatal("decoded without error, but the frames' raw content does not match the trailer")
		}
		if len(got) > 0 && !fuzzSeeds.rawHashes[h] {
			t.Fatal("a mutated file decoded without error into frames no original holds")
		}
	})
}

// FuzzSegmentDecoder: the segment decoder agrees with the sequential one on any file. Where
// it decodes a file and its raw content checks out, the sequential decoder decodes the same
// frames; where the sequential decoder succeeds and OpenSegments accepts the file, so does the
// segment decoder. Its errors are typed (or ErrNoSegments: the file goes to the sequential
// decoder).
func FuzzSegmentDecoder(f *testing.F) {
	addVLMSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		data = withFixedCRCs(data, fix)
		s, err := OpenSegments(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if err != ErrNoSegments {
				checkTypedError(t, err)
			}
			return
		}
		if s.Params().Layout.Samples() > maxFuzzSamples || s.Index().Chunks > uint64(len(data)) {
			return
		}
		frames := make([]*vision.Frame, s.Index().Chunks)
		var mu sync.Mutex
		_, segErr := s.Decode(context.Background(), func(i int, fr *vision.Frame) error {
			mu.Lock()
			frames[i] = fr
			mu.Unlock()
			return nil
		}, nil, WithThreads(2))
		if segErr == nil {
			raw := append([]byte(nil), s.Params().RawPrefix()...)
			for _, fr := range frames {
				raw = s.Params().AppendRawContent(raw, fr)
			}
			segErr = s.CheckRawContent(bytes.NewReader(raw))
		}
		seq, seqErr := decodeAll(data, WithThreads(1))
		switch {
		case segErr != nil:
			checkTypedError(t, segErr)
			if seqErr == nil {
				t.Fatalf("the segment decoder fails (%v) on a file the sequential decoder reads", segErr)
			}
		case seqErr != nil:
			t.Fatalf("the segment decoder reads a file the sequential decoder refuses (%v)", seqErr)
		default:
			if err := framesEqual(frames, seq); err != nil {
				t.Fatalf("the decoders disagree: %v", err)
			}
		}
	})
}

// multiDecodeAll decodes every stream of data with opts, as far as it goes (at most 4,096
// units), and returns a digest of what came out, in order, and the error that ended it.
func multiDecodeAll(data []byte, opts ...Option) ([32]byte, error) {
	h := sha256.New()
	d, err := NewMultiDecoder(bytes.NewReader(data), opts...)
	if err != nil {
		return [32]byte{}, err
	}
	for n := 0; n < 4096; n++ {
		u, err := d.Next()
		if err != nil {
			var sum [32]byte
			copy(sum[:], h.Sum(nil))
			if err == io.EOF {
				for s := range d.Streams() {
					if e := d.Err(s); e != nil {
						h.Write([]byte(e.Error()))
					}
				}
				copy(sum[:], h.Sum(nil))
			}
			return sum, err
		}
		binary.Write(h, binary.LittleEndian, int32(u.Stream))
		if u.Frame != nil {
			for _, p := range u.Frame.Planes {
				binary.Write(h, binary.LittleEndian, p)
			}
		} else {
			h.Write(u.Log)
		}
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// FuzzMultiDecode feeds a MultiDecoder the golden recordings (video and logs: gated, with the
// video's input, the gyroscope's parts and hints, restarts) mutated, with their CRCs
// recomputed or not: it must never panic or hang, fail only with a typed error, and deliver
// the same units, damage and error with and without surprise accounting (WithoutCosts).
func FuzzMultiDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "v*", "multi_*.vlm"))
	if len(files) == 0 {
		f.Fatal("no golden recordings")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
		f.Add(data, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		data = withFixedCRCs(data, fix)
		with, err := multiDecodeAll(data)
		if err != nil && err != io.EOF {
			checkTypedError(t, err)
		}
		without, err2 := multiDecodeAll(data, WithoutCosts())
		if with != without || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("WithoutCosts changed the decoding: %v / %v", err, err2)
		}
	})
}
