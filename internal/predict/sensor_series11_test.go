package predict

import "testing"

// TestSeriesStage2Exact: model 11's second stage keeps the selection's exactness on values
// of any size: a nanosecond clock beyond 2^60 stepping by exactly 10^7 is predicted without
// error once learned, as without the stage; and a slow wave rounded to units, which the LMS
// learns, spreads over the fraction bins (FracBin's range 1..mixedFrac, 0 without the stage).
func TestSeriesStage2Exact(t *testing.T) {
	for _, on := range []bool{false, true} {
		var s Series
		s.SetLevel(true)
		s.SetOrder(SeriesOrder3)
		s.SetUnitCross(true)
		s.SetStage2(on)
		misses := 0
		for i := int64(0); i < 2000; i++ {
			v := int64(1)<<60 + 123456789 + i*10000000
			if p := s.Predict(); p != v && i > 100 {
				misses++
			}
			s.Update(v)
		}
		if misses > 0 {
			t.Errorf("stage 2 %v: %d misses of a steady clock", on, misses)
		}
	}
	// A wave sampled finely and rounded: the LMS's fraction shows in the bins.
	var s Series
	s.SetOrder(SeriesOrder3)
	s.SetStage2(true)
	seen := map[int]int{}
	c, sn := int64(1<<20), int64(0)
	for i := 0; i < 4000; i++ {
		s.Predict()
		if b := s.FracBin(); i > 0 && (b < 1 || b > mixedFrac) {
			t.Fatalf("fraction bin %d", b)
		} else if i > 3000 {
			seen[b]++
		}
		c, sn = c-(sn*8235>>20), sn+(c*8235>>20)
		s.Update(2048 + c*40>>20)
	}
	if len(seen) < mixedFrac/2 {
		t.Errorf("a rounded wave gives the fraction bins %v", seen)
	}
	var off Series
	off.Predict()
	off.Update(5)
	off.Predict()
	if b := off.FracBin(); b != 0 {
		t.Errorf("without the stage, fraction bin %d", b)
	}
	for _, c := range []struct {
		x, r, d int64
		want    int
	}{{0, 0, 10, 4}, {-5, 0, 10, 1}, {5, 0, 10, 8}, {104, 10, 10, 7}, {96, 10, 10, 1}} {
		if got := FracBin(c.x, c.r, c.d); got != c.want {
			t.Errorf("FracBin(%d, %d, %d) = %d, want %d", c.x, c.r, c.d, got, c.want)
		}
	}
}
