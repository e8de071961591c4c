package codec

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"reflect"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// salvageAll runs a Salvager over data and returns what it recovered.
func salvageAll(t *testing.T, data []byte) ([]*vision.Frame, *Salvager, error) {
	t.Helper()
	s, err := NewSalvager(bytes.NewReader(data), int64(len(data)), WithThreads(2))
	if err != nil {
		return nil, nil, err
	}
	var frames []*vision.Frame
	for {
		f, err := s.ReadFrame()
		if err == io.EOF {
			return frames, s, nil
		}
		if err != nil {
			t.Fatalf("salvage ReadFrame: %v", err)
		}
		frames = append(frames, f)
	}
}

// lostRanges is what the test expects Lost to report, without the reasons.
func lostRanges(s *Salvager) [][3]int {
	var r [][3]int
	for _, l := range s.Lost() {
		r = append(r, [3]int{l.Segment, l.First, l.Last})
	}
	return r
}

// expectSalvage checks that the salvager recovered exactly the frames of f outside the lost
// ranges want (first..last inclusive, last -1: to the end).
func expectSalvage(t *testing.T, f *reliabilityFile, got []*vision.Frame, s *Salvager, want [][3]int, what string) {
	t.Helper()
	if g := lostRanges(s); !reflect.DeepEqual(g, want) {
		t.Fatalf("%s %s: lost %v, want %v (%v)", f.name, what, g, want, s.Lost())
	}
	var keep []*vision.Frame
	for k, fr := range f.frames {
		lost := false
		for _, w := range want {
			if k >= w[1] && (w[2] < 0 || k <= w[2]) {
				lost = true
			}
		}
		if !lost {
			keep = append(keep, fr)
		}
	}
	if err := framesEqual(got, keep); err != nil {
		t.Fatalf("%s %s: salvaged frames wrong: %v", f.name, what, err)
	}
	if s.Verified() != (len(want) == 0) {
		t.Fatalf("%s %s: verified %v with %d lost ranges", f.name, what, s.Verified(), len(want))
	}
}

func TestSalvageIntact(t *testing.T) {
	for _, f := range reliabilityFiles(t) {
		got, s, err := salvageAll(t, f.data)
		if err != nil {
			t.Fatal(err)
		}
		expectSalvage(t, f, got, s, nil, "intact file")
		if n, known := s.Frames(); n != len(f.frames) || !known || len(s.Damaged()) != 0 {
			t.Fatalf("%s: %d frames (known %v), damaged %v", f.name, n, known, s.Damaged())
		}
	}
}

// TestSalvageDamage flips bits and truncates at random positions: the salvager must recover
// every frame whose segment is intact up to it, and report exactly the rest as lost.
func TestSalvageDamage(t *testing.T) {
	if testing.Short() {
		t.Skip("slow end-to-end test; runs without -short")
	}
	rng := rand.New(rand.NewSource(11))
	runs := 0
	for _, f := range reliabilityFiles(t) {
		n := int64(len(f.data))
		last := len(f.frames)
		for i := 0; i < 120; i++ {
			pos := rng.Int63n(n)
			if i < 16 {
				pos = n - footerSize + int64(i) // every byte of the footer
			}
			bad := append([]byte(nil), f.data...)
			bad[pos] ^= 1 << rng.Intn(8)
			what := fmt.Sprintf("bit flip at byte %d", pos)
			got, s, err := salvageAll(t, bad)
			runs++
			if pos < f.headerEnd {
				if err == nil {
					t.Fatalf("%s %s: salvage of a damaged header succeeded", f.name, what)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %s: %v", f.name, what, err)
			}
			var want [][3]int
			switch k := f.chunkAt(pos); {
			case k >= 0:
				want = [][3]int{{f.segment(k), k, f.segmentEnd(k)}}
			case pos < n-footerSize: // the index chunk: the stream's length is unknown
				want = [][3]int{{f.segment(last), last, -1}}
			}
			expectSalvage(t, f, got, s, want, what)
		}
		for i := 0; i < 60; i++ {
			cut := f.headerEnd + rng.Int63n(n-f.headerEnd)
			what := fmt.Sprintf("truncation at byte %d", cut)
			got, s, err := salvageAll(t, f.data[:cut])
			runs++
			if err != nil {
				t.Fatalf("%s %s: %v", f.name, what, err)
			}
			var want [][3]int
			if cut < n-footerSize {
				k := 0
				for k < len(f.chunks) && f.chunks[k][1] <= cut {
					k++
				}
				want = [][3]int{{f.segment(k), k, -1}}
			}
			expectSalvage(t, f, got, s, want, what)
		}
	}
	t.Logf("%d damaged files salvaged", runs)
}

// TestSalvageResync damages several chunks at once, deletes one and plants a false chunk
// marker in the damage: salvage must resynchronise and lose only the segments hit.
func TestSalvageResync(t *testing.T) {
	f := reliabilityFiles(t)[0] // 6 frames, segments of 2
	var bad []byte
	c1, c4 := f.chunks[1], f.chunks[4]
	bad = append(bad, f.data[:c1[0]+5]...)
	bad = append(bad, "VCF\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00"...) // a marker that fails its CRC
	bad = append(bad, f.data[c1[0]+5:c4[0]]...)
	bad = append(bad, f.data[c4[1]:]...) // frame 4 deleted
	// The length field of frame 2 claims far more than the file holds.
	bad[c1[1]+16+13+3] ^= 0x40
	got, s, err := salvageAll(t, bad)
	if err != nil {
		t.Fatal(err)
	}
	expectSalvage(t, f, got, s, [][3]int{{0, 1, 1}, {1, 2, 3}, {2, 4, 5}}, "three damaged segments")
	if len(s.Damaged()) == 0 {
		t.Fatal("no damaged byte range reported")
	}

	// One segment for the whole stream: the frames before the damage are still recovered.
	p := f.params
	p.SegmentFrames = 0
	data := encodeFrames(t, p, f.frames)
	g := *f
	g.params, g.data = p, data
	cr, _ := newContainerReader(bytes.NewReader(data))
	var third int64
	for k := 0; k < 4; k++ {
		c, _ := cr.next()
		third = c.Offset
	}
	data = append([]byte(nil), data...)
	data[third+20] ^= 1
	got, s, err = salvageAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	expectSalvage(t, &g, got, s, [][3]int{{0, 3, 5}}, "one segment, frame 3 damaged")
}
