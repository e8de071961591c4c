package predict

import "testing"

// TestLawSeriesLearnsLaws: on a noiseless free fall (a quadratic) the series predicts every
// value exactly once warm; on a damped oscillation its mean error is far below holding the
// last value's.
func TestLawSeriesLearnsLaws(t *testing.T) {
	l := NewLawSeries()
	for i := range int64(300) {
		v := 5000 + 40*i - 3*i*i
		if p, ok := l.Predict(); ok && i >= 100 && p != v {
			t.Fatalf("free fall, value %d: predicted %d, want %d", i, p, v)
		}
		l.Update(v)
	}
	l = NewLawSeries()
	// y(t+1) = 2y(t) − y(t−1) − 0.01·y(t) − 0.002·(y(t) − y(t−1)), in integers
	y0, y1 := int64(100000), int64(100000)
	var errLaw, errHold int64
	for i := range 3000 {
		p, ok := l.Predict()
		l.Update(y1)
		if ok && i >= 500 {
			errLaw += absLaw(p - y1)
			errHold += absLaw(y0 - y1)
		}
		y0, y1 = y1, 2*y1-y0-y1/100-(y1-y0)/500
	}
	t.Logf("damped oscillation: mean |error| %d (law) against %d (hold)", errLaw/2500, errHold/2500)
	if errLaw*20 > errHold {
		t.Errorf("damped oscillation: law error %d, hold %d", errLaw, errHold)
	}
}

func absLaw(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// lawRef is LawSeries written the plain way (a ring read value by value, each candidate's
// sum taken in full): the reference the fast LawSeries must match exactly.
type lawRef struct {
	hist  [lawHist]int64
	pos   int
	n     int
	pred  [lawCands]int64
	ok    [lawCands]bool
	score [lawCands]int64
}

func (l *lawRef) at(back int) int64 { return l.hist[(l.pos-back+2*lawHist)%lawHist] }

func (l *lawRef) predict() (int64, bool) {
	if l.n < LawWarmup {
		return 0, false
	}
	last := l.at(1)
	for k, c := range lawWeights {
		l.ok[k] = len(c) <= l.n
		if l.ok[k] {
			var s int64
			for i, ci := range c {
				s += ci * clampLaw(l.at(len(c)-i)-last)
			}
			l.pred[k] = last + (s+1<<15)>>16
		}
	}
	best := -1
	for i := range l.pred {
		if l.ok[i] && (best < 0 || l.score[i] < l.score[best]) {
			best = i
		}
	}
	if best < 0 {
		return 0, false
	}
	return l.pred[best], true
}

func (l *lawRef) update(v int64) {
	if l.n >= LawWarmup && l.ok[0] {
		for i := range l.pred {
			if l.ok[i] {
				e := min(max(v-l.pred[i], -1<<26), 1<<26)
				l.score[i] += (e*e)<<4>>5 - l.score[i]>>5
			}
		}
	}
	l.ok = [lawCands]bool{}
	l.hist[l.pos] = v
	l.pos = (l.pos + 1) % lawHist
	l.n++
}

// TestLawSeriesMatchesReference: the fast LawSeries predicts exactly what the plain reference
// does, on smooth series, noisy ones, jumps past the clamp (2^36) and values near the int64
// limits (where the sums wrap), with Predict sometimes skipped; with lawDot in Go and, where
// it runs, in AVX2 (series_amd64.s, sdec11).
func TestLawSeriesMatchesReference(t *testing.T) {
	old := useSeriesAsm
	defer func() { useSeriesAsm = old }()
	for _, asm := range []bool{false, true} {
		if asm && !(old && lawWeights32) {
			t.Log("no AVX2 lawDot here")
			continue
		}
		useSeriesAsm = asm
		lawSeriesMatchesReference(t)
	}
}

// TestLawDotsAVX2: lawDotsAVX2 gives lawDot's sum of every candidate over windows of values
// of magnitude up to 2^62 (the sums wrap), and lawPacked holds lawWeights.
func TestLawDotsAVX2(t *testing.T) {
	if !useSeriesAsm || !lawWeights32 {
		t.Skip("no AVX2 lawDots here")
	}
	rng := uint64(777)
	next := func() uint64 {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return rng
	}
	for iter := range 20000 {
		var d [lawMaxWin]int64
		for i := range d {
			if iter%2 == 1 { // int32 values only: lawDots32AVX2 too
				d[i] = int64(int32(next()))
				if next()%3 == 0 {
					d[i] = []int64{1<<31 - 1, -1 << 31, 0, -1}[next()%4]
				}
				continue
			}
			switch (next() + uint64(iter)) % 4 {
			case 0:
				d[i] = int64(next()>>2) - 1<<61 - 1<<60 // up to ±2^62 (exclusive)
			case 1:
				d[i] = int64(next()%(1<<36)) - 1<<35
			case 2:
				d[i] = []int64{1<<62 - 1, -1<<62 + 1, 1<<31 - 1, -1 << 31, 1 << 31, -1<<31 - 1, 0, -1}[next()%8]
			default:
				d[i] = int64(next()%2001) - 1000
			}
		}
		var got, got32 [lawCands]int64
		lawDotsAVX2(&lawPacked[0], &d, &got)
		narrow := true
		for _, v := range d {
			narrow = narrow && int64(int32(v)) == v
		}
		if narrow {
			lawDots32AVX2(&lawPacked[0], &d, &got32)
		}
		for k, c := range lawWeights {
			want := lawDot(c, d[lawMaxWin-len(c):])
			if got[k] != want {
				t.Fatalf("iteration %d, candidate %d: AVX2 %d, Go %d", iter, k, got[k], want)
			}
			if narrow && got32[k] != want {
				t.Fatalf("iteration %d, candidate %d: AVX2 (int32 values) %d, Go %d", iter, k, got32[k], want)
			}
		}
	}
}

func lawSeriesMatchesReference(t *testing.T) {
	rng := uint64(12345)
	next := func() uint64 {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return rng
	}
	for kind := range 8 {
		l, r := NewLawSeries(), &lawRef{}
		var v int64
		for i := range 3000 {
			switch kind {
			case 0: // a smooth curve
				v = 1000 + int64(i)*int64(i)/7
			case 1: // a noisy walk
				v += int64(next()%2001) - 1000
			case 2: // a walk with jumps past the clamp
				v += int64(next()%201) - 100
				if next()%50 == 0 {
					v += int64(next()%(1<<40)) - 1<<39
				}
			case 3: // anything, wrapping sums
				v = int64(next())
			case 4: // a few levels
				v = int64(next()%3) * 1000
			case 5: // small values with lone spikes near and past 2^35 that enter and leave the window
				v = int64(next()%2001) - 1000
				switch next() % 150 {
				case 0:
					v = 1<<35 - 1 + int64(next()%3)
				case 1:
					v = -1<<35 + 1 - int64(next()%3)
				case 2:
					v = int64(next()%(1<<42)) - 1<<41
				}
			case 6: // values near 2^35 whose differences stay below the clamp
				v = 1<<35 - 50 + int64(next()%100)
			case 7: // small values and some beyond int32 but below 2^35 (LawSeries.wide, sdec11)
				v = int64(next()%2001) - 1000
				switch next() % 40 {
				case 0:
					v = 1<<31 + int64(next()%(1<<34))
				case 1:
					v = -1<<31 - 1 - int64(next()%(1<<34))
				case 2:
					v = []int64{1 << 31, -1<<31 - 1, 1<<31 - 1, -1 << 31}[next()%4]
				}
			}
			skip := next()%10 == 0
			var p, q int64
			var ok, okr bool
			if !skip {
				p, ok = l.Predict()
				q, okr = r.predict()
			}
			if p != q || ok != okr || l.ok != r.ok {
				t.Fatalf("kind %d, value %d: Predict %d %v, reference %d %v", kind, i, p, ok, q, okr)
			}
			for k := range l.ok {
				if l.ok[k] && l.pred[k] != r.pred[k] {
					t.Fatalf("kind %d, value %d: candidate %d predicts %d, reference %d", kind, i, k, l.pred[k], r.pred[k])
				}
			}
			l.Update(v)
			r.update(v)
		}
	}
}

// BenchmarkLawSeries measures one Predict and Update of a warm series.
func BenchmarkLawSeries(b *testing.B) {
	l := NewLawSeries()
	v := int64(0)
	for i := 0; i < b.N; i++ {
		v += int64(i%7) - 3
		l.Predict()
		l.Update(v)
	}
}
