package codec

import (
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// frameRecord is a deep copy of one frame's statistics.
type frameRecord struct {
	stats  FrameStats
	pixels [][]uint32
}

func record(s *FrameStats) frameRecord {
	r := frameRecord{stats: *s}
	r.stats.PlaneCost = slices.Clone(s.PlaneCost)
	for _, p := range s.PixelCost {
		r.pixels = append(r.pixels, slices.Clone(p))
	}
	r.stats.PixelCost = nil
	return r
}

// TestSurpriseAccounting checks, on the real crops, that the per-frame, per-pixel and total
// surprise the encoder reports is what the decoder measures, that the pieces add up, and that
// the summed surprise is the coded size within 1 %.
func TestSurpriseAccounting(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	pb.SegmentFrames = 4 // segment starts reset the models, not the accounting
	for _, c := range []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
	}{{"y4m", py, yuv}, {"bgr", pb, bgr}} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			e, err := NewVideoEncoder(&buf, c.p, WithPixelCosts(), WithFileID(testFileID))
			if err != nil {
				t.Fatal(err)
			}
			var enc []frameRecord
			var motion uint64
			for _, f := range c.frames {
				if err := e.WriteFrame(f); err != nil {
					t.Fatal(err)
				}
				enc = append(enc, record(e.Stats()))
				motion += e.Stats().MotionCost
			}
			encTotals := e.Totals()
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			if motion == 0 {
				t.Error("no surprise accounted to the motion field")
			}
			// Without per-pixel costs the bytes are the same.
			if plain := encodeFrames(t, c.p, c.frames); !bytes.Equal(plain, data) {
				t.Fatal("WithPixelCosts changes the coded bytes")
			}

			d, err := NewDecoder(bytes.NewReader(data), WithPixelCosts())
			if err != nil {
				t.Fatal(err)
			}
			var payload, coded uint64
			for i := 0; ; i++ {
				_, err := d.ReadFrame()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got := record(d.Stats())
				if !slices.Equal(got.stats.PlaneCost, enc[i].stats.PlaneCost) || got.stats.MotionCost != enc[i].stats.MotionCost ||
					got.stats.Bytes != enc[i].stats.Bytes || got.stats.CoderBytes != enc[i].stats.CoderBytes {
					t.Fatalf("frame %d: decoder measures %+v, the encoder %+v", i, got.stats, enc[i].stats)
				}
				for p := range got.pixels {
					if !slices.Equal(got.pixels[p], enc[i].pixels[p]) {
						t.Fatalf("frame %d plane %d: per-pixel costs differ between encoder and decoder", i, p)
					}
					// A plane's pixels carry the whole of its cost (skip flags included).
					var sum uint64
					for _, v := range got.pixels[p] {
						sum += uint64(v)
					}
					if sum != got.stats.PlaneCost[p] {
						t.Errorf("frame %d plane %d: pixels sum to %d, the plane costs %d", i, p, sum, got.stats.PlaneCost[p])
					}
				}
				if got.stats.CoderBytes >= got.stats.Bytes || got.stats.Bytes-got.stats.CoderBytes > 16 {
					t.Errorf("frame %d: %d coder bytes of a %d-byte payload", i, got.stats.CoderBytes, got.stats.Bytes)
				}
				payload += uint64(got.stats.Bytes)
				coded += uint64(got.stats.CoderBytes)
			}
			decTotals := d.Totals()
			stored := d.Index()[0].Surprise
			if stored == nil {
				t.Fatal("the trailer holds no surprise totals")
			}
			for _, tot := range []SurpriseTotals{decTotals, *stored} {
				if !slices.Equal(tot.Cost, encTotals.Cost) || tot.PayloadBytes != encTotals.PayloadBytes || tot.CoderBytes != encTotals.CoderBytes {
					t.Fatalf("totals %+v, the encoder's %+v", tot, encTotals)
				}
			}
			if encTotals.PayloadBytes != payload || encTotals.CoderBytes != coded || len(encTotals.Cost) != len(c.p.Layout.Planes())+1 {
				t.Fatalf("totals %+v do not sum the frames (payload %d, coded %d)", encTotals, payload, coded)
			}
			info, err := ReadInfo(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if s := info.Index[0].Surprise; s == nil || !slices.Equal(s.Cost, encTotals.Cost) {
				t.Fatalf("ReadInfo gives totals %+v", s)
			}
			bits := encTotals.Bits()
			dev := (float64(coded*8) - bits) / bits
			t.Logf("%s: surprise %.0f bits = %.1f bytes; coder bytes %d (%+.3f%%), payload %d, file %d",
				c.name, bits, bits/8, coded, 100*dev, payload, len(data))
			// The coder spends what the model's probabilities say, plus a few bytes of flush
			// per substream.
			if math.Abs(dev) > 0.01 || float64(coded*8) < bits {
				t.Errorf("surprise %.0f bits against %d coded bytes: %+.3f%%", bits, coded, 100*dev)
			}
		})
	}
}

// TestIndexExtensionsSkipped: readers skip extension records they do not know, and an index
// without any reads as before.
func TestIndexExtensionsSkipped(t *testing.T) {
	idx := []StreamIndex{{Chunks: 3, RawBytes: 99, Surprise: &SurpriseTotals{Cost: []uint64{1, 2, 300000}, PayloadBytes: 7, CoderBytes: 5}}}
	b := encodeIndex(idx)
	b = append(b, 9, 3, 'x', 'y', 'z') // an unknown record
	got, err := decodeIndex(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s := got[0].Surprise; s == nil || !slices.Equal(s.Cost, idx[0].Surprise.Cost) || s.PayloadBytes != 7 || s.CoderBytes != 5 {
		t.Fatalf("read back %+v", got[0].Surprise)
	}
	idx[0].Surprise = nil
	if got, err := decodeIndex(encodeIndex(idx), 1); err != nil || got[0].Surprise != nil || got[0].Chunks != 3 {
		t.Fatalf("without extensions: %+v, %v", got, err)
	}
	if _, err := decodeIndex(append(encodeIndex(idx), 1, 40, 0), 1); err == nil {
		t.Error("a truncated extension record was accepted")
	}
}

// A Decoder made WithoutCosts decodes the same frames and leaves the costs at zero; the
// default Decoder accounts them (they are the encoder's); WithPixelCosts overrides it; and an
// encoder refuses the option.
func TestDecoderWithoutCosts(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	p := testParams(r.Header.Layout)
	p.Source, p.Y4MHeader = SourceY4M, r.Header.Line
	data := encodeFrames(t, p, yuv, WithThreads(1))
	decodeAll := func(opts ...Option) ([]*vision.Frame, uint64) {
		d, err := NewDecoder(bytes.NewReader(data), opts...)
		if err != nil {
			t.Fatal(err)
		}
		var frames []*vision.Frame
		var cost uint64
		for {
			f, err := d.ReadFrame()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			frames = append(frames, f)
			for _, c := range d.Stats().PlaneCost {
				cost += c
			}
			cost += d.Stats().MotionCost
		}
		return frames, cost
	}
	want, cost := decodeAll()
	got, noCost := decodeAll(WithoutCosts())
	_, pixCost := decodeAll(WithoutCosts(), WithPixelCosts())
	if cost == 0 || noCost != 0 || pixCost != cost {
		t.Fatalf("costs: default %d, WithoutCosts %d (want 0), with WithPixelCosts too %d (want %d)", cost, noCost, pixCost, cost)
	}
	if len(got) != len(want) {
		t.Fatalf("%d frames, want %d", len(got), len(want))
	}
	for i := range want {
		for k := range want[i].Planes {
			if !slices.Equal(got[i].Planes[k], want[i].Planes[k]) {
				t.Fatalf("frame %d plane %d differs", i, k)
			}
		}
	}
	if _, err := NewVideoEncoder(io.Discard, p, WithoutCosts()); err == nil {
		t.Fatal("NewVideoEncoder took WithoutCosts")
	}
}
