package predict

import (
	"testing"

	"github.com/vidlm/vidlm/vision"
)

func smatchVal(x int64) SeriesMatchValue {
	n := vision.Number{Digits: uint64(max(x, -x)), Neg: x < 0}
	return SeriesMatchValue{F: SeriesMatchFingerprint(n), Num: n, X: x}
}

// smatchRun pushes xs and returns, before each value, the predicted value or −1 (none).
func smatchRun(m *SeriesMatch, xs []int64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = -1
		if v, ok := m.Predicted(); ok {
			out[i] = v.X
		}
		v := smatchVal(x)
		m.Push(v.F, &v.Num, v.X)
	}
	return out
}

// TestSeriesMatch: a segment repeated after noise is found after its first K values and
// predicted to its end (hits), the match is dropped on a miss and not found again where the
// K values differ; a text cell (F = 0) breaks the hash; a match reaches no further back than
// the ring; the same run gives the same predictions; the model's memory is fixed.
func TestSeriesMatch(t *testing.T) {
	seg := []int64{5, 91, 17, 33, 8, 60, 2, 71, 44, 19, 86, 23, 50, 11, 97, 38, 64, 29, 75, 3}
	var xs []int64
	for i := int64(0); i < 40; i++ {
		xs = append(xs, 1000+i*7)
	}
	at := len(xs)
	xs = append(xs, seg...)
	for i := int64(0); i < 30; i++ {
		xs = append(xs, 2000+i*13)
	}
	again := len(xs)
	xs = append(xs, seg...)
	xs = append(xs, 12345) // the segment's copy ends here (a miss: seg was followed by 2000)
	xs = append(xs, 2013)
	m := NewSeriesMatch()
	pred := smatchRun(m, xs)
	for i := range xs {
		want := int64(-1)
		switch {
		case i >= again+SeriesMatchK && i < again+len(seg):
			want = xs[at+i-again] // a hit
		case i == again+len(seg):
			want = 2000 // what followed then: a miss
		}
		if pred[i] != want {
			t.Fatalf("value %d (%d): predicted %d, want %d", i, xs[i], pred[i], want)
		}
	}
	if m.Len != 0 {
		t.Errorf("match still active after a miss: Len %d", m.Len)
	}
	if again := smatchRun(NewSeriesMatch(), xs); len(again) != len(pred) {
		t.Fatal("length")
	} else {
		for i := range pred {
			if again[i] != pred[i] {
				t.Fatalf("second run differs at %d", i)
			}
		}
	}
	// A text cell inside the K values: no match where it lies in the window.
	m = NewSeriesMatch()
	for _, x := range seg {
		v := smatchVal(x)
		m.Push(v.F, &v.Num, v.X)
	}
	m.Push(0, nil, 0)
	for i, x := range seg {
		if _, ok := m.Predicted(); ok && i < SeriesMatchK {
			t.Fatalf("prediction %d with a text cell among the last K", i)
		}
		v := smatchVal(x)
		m.Push(v.F, &v.Num, v.X)
	}
	// Beyond the ring: a segment repeated after more than 2^bits values is not found.
	m = NewSeriesMatch()
	for _, x := range seg {
		v := smatchVal(x)
		m.Push(v.F, &v.Num, v.X)
	}
	for i := 0; i < seriesMatchRing; i++ {
		v := smatchVal(int64(100000 + i))
		m.Push(v.F, &v.Num, v.X)
	}
	for _, x := range seg {
		if _, ok := m.Predicted(); ok {
			t.Fatal("a match beyond the ring")
		}
		v := smatchVal(x)
		m.Push(v.F, &v.Num, v.X)
	}
	if len(m.ring) != seriesMatchRing || len(m.tab) != seriesMatchRing {
		t.Errorf("ring %d, table %d entries", len(m.ring), len(m.tab))
	}
}

// TestSeriesMatchCtx: contexts stay in range.
func TestSeriesMatchCtx(t *testing.T) {
	m := NewSeriesMatch()
	for l := 1; l < 40; l++ {
		m.Len = l
		for h := 0; h < 4; h++ {
			m.hist = h
			for dc := 0; dc < 3; dc++ {
				if c := m.Ctx(dc); c < 0 || c >= SeriesMatchCtx {
					t.Fatalf("ctx %d for len %d hist %d dc %d", c, l, h, dc)
				}
			}
		}
	}
}

// TestSeriesMatchRingGrows: the ring that starts small and doubles (NewSeriesMatch) gives
// the same matches, predictions and lengths at every value as a ring made at its full length,
// through the doublings and past the first wrap; and it does not grow past that length.
func TestSeriesMatchRingGrows(t *testing.T) {
	grown := NewSeriesMatch()
	full := &SeriesMatch{ring: make([]SeriesMatchValue, seriesMatchRing), tab: make([]uint32, seriesMatchRing), zeros: SeriesMatchK}
	// A noisy signal with runs of 20 values copied from 20 to 36 values back, as a recorder
	// that sends a packet twice.
	rng := uint64(12345)
	var hist []vision.Number
	for len(hist) < 3*seriesMatchRing {
		rng = rng*6364136223846793005 + 1442695040888963407
		r := rng >> 33
		if r%16 == 0 && len(hist) > 40 {
			from := len(hist) - 20 - int(r>>4%17)
			hist = append(hist, hist[from:from+20]...)
			continue
		}
		hist = append(hist, vision.Number{Digits: uint64(2000 + r%64)})
	}
	hits := 0
	for i, num := range hist {
		for _, m := range []*SeriesMatch{grown, full} {
			m.Push(SeriesMatchFingerprint(num), &num, int64(num.Digits))
		}
		pg, okg := grown.Predicted()
		pf, okf := full.Predicted()
		if okg != okf || grown.Len != full.Len || (okg && (pg.Num != pf.Num || pg.X != pf.X)) {
			t.Fatalf("value %d: grown ring (%v, len %d) differs from the full one (%v, len %d)", i, okg, grown.Len, okf, full.Len)
		}
		if okg {
			hits++
		}
	}
	if hits == 0 {
		t.Fatal("no match in a series with repeats")
	}
	if len(grown.ring) != seriesMatchRing {
		t.Fatalf("ring length %d after %d values, want %d", len(grown.ring), len(hist), seriesMatchRing)
	}
}
