package predict

import "testing"

// The primitives were rewritten for speed (fewer branches and bounds checks, small enough to
// inline); these tests hold them to the straightforward definitions, over every input.

func refSquash(d int32) uint32 {
	if d > StretchMax {
		d = StretchMax
	} else if d < -StretchMax {
		d = -StretchMax
	}
	return uint32(squashTable[d+StretchMax])
}

func TestSquashMatchesDefinition(t *testing.T) {
	for d := int32(-3 * StretchMax); d <= 3*StretchMax; d++ {
		if got, want := Squash(d), refSquash(d); got != want {
			t.Fatalf("Squash(%d) = %d, want %d", d, got, want)
		}
	}
	for _, d := range []int32{-1 << 31, 1<<31 - 1} {
		if got, want := Squash(d), refSquash(d); got != want {
			t.Fatalf("Squash(%d) = %d, want %d", d, got, want)
		}
	}
}

// refAPMP is APM.P in signed arithmetic with two bounds checks, as first written.
func refAPMP(a *APM, pr uint32, ctx int) (uint32, int) {
	s := Stretch(pr) + StretchMax
	lo := int(s) / apmStep
	w := uint32(int(s) - lo*apmStep)
	if lo >= 32 {
		lo, w = 31, apmStep
	}
	i := ctx*33 + lo
	p := (uint32(a.t[i])*(apmStep-w) + uint32(a.t[i+1])*w) / apmStep
	idx := i
	if w > apmStep/2 {
		idx = i + 1
	}
	if p < 1 {
		p = 1
	}
	return p, idx
}

func TestAPMMatchesDefinition(t *testing.T) {
	a := NewAPM(3, 6)
	// Train it into an uneven table first, so that the interpolation is exercised.
	for i := 0; i < 20000; i++ {
		pr := uint32(i*7919) % ProbOne
		a.P(max(pr, 1), i%3)
		a.Update(i / 3 % 2)
	}
	for ctx := 0; ctx < 3; ctx++ {
		for pr := uint32(1); pr < ProbOne; pr++ {
			want, wantIdx := refAPMP(a, pr, ctx)
			if got := a.P(pr, ctx); got != want || a.idx != wantIdx {
				t.Fatalf("P(%d, %d) = %d (bucket %d), want %d (bucket %d)", pr, ctx, got, a.idx, want, wantIdx)
			}
		}
	}
}

// The mixer gives and learns what its definition says: Σ w·x through squash, and the gradient step.
func TestMixerMatchesDefinition(t *testing.T) {
	const n, sets = 5, 3
	m := NewMixer(n, sets, 1<<14, 6)
	ref := append([]int32(nil), m.weights...)
	for i := 0; i < 50000; i++ {
		set := i % sets
		var in [n]int32
		for k := range in {
			in[k] = int32((i*31+k*977)%(2*StretchMax+1)) - StretchMax
			m.Add(in[k])
		}
		var dot int64
		for k := 0; k < n; k++ {
			dot += int64(in[k]) * int64(ref[set*n+k])
		}
		want := refSquash(int32(dot >> 16))
		if got := m.Mix(set); got != want {
			t.Fatalf("step %d: Mix = %d, want %d", i, got, want)
		}
		bit := i / 7 % 2
		m.Update(bit)
		err := (int64(bit)<<16 - int64(want)) * 6
		for k := 0; k < n; k++ {
			ref[set*n+k] += int32((int64(in[k])*err + 1<<19) >> 20)
		}
	}
	for i := range ref {
		if m.weights[i] != ref[i] {
			t.Fatalf("weight %d = %d, want %d", i, m.weights[i], ref[i])
		}
	}
}

// updateRecurrence, written out with a tournament for the best frequency, against the loops it
// replaced: the same errors and the first of the smallest, over random differences (small ones,
// so that errors tie often) and sequences long enough to grow the errors.
func TestUpdateRecurrenceMatchesDefinition(t *testing.T) {
	ref := func(errs *[8]int32, d, d1, d2 int32) uint8 {
		for k, a := range cosAlpha {
			errs[k] += abs32(d - ((a*d1+128)>>8 - d2))
		}
		best, bv := 0, errs[0]
		for k := 1; k < 8; k++ {
			if errs[k] < bv {
				best, bv = k, errs[k]
			}
		}
		return uint8(best)
	}
	seed := uint32(1)
	rnd := func(n int32) int32 {
		seed = seed*1664525 + 1013904223
		return int32(seed>>8)%(2*n+1) - n
	}
	for run := 0; run < 2000; run++ {
		var got, want [8]int32
		span := []int32{1, 3, 40, 600, 70000}[run%5]
		for i := 0; i < 64; i++ {
			d, d1, d2 := rnd(span), rnd(span), rnd(span)
			if d1 == 0 {
				continue // the caller keeps its best frequency then
			}
			g, w := updateRecurrence(&got, d, d1, d2), ref(&want, d, d1, d2)
			if g != w || got != want {
				t.Fatalf("run %d step %d: best %d errors %v, want %d %v", run, i, g, got, w, want)
			}
		}
	}
}

// med, written as a clamp without branches, against the median edge detector's definition
// by cases: every triple of 0..40 (ties included) and random triples of 16-bit samples.
func TestMedMatchesDefinition(t *testing.T) {
	ref := func(w, n, nw int32) int32 {
		mx, mn := max(w, n), min(w, n)
		if nw >= mx {
			return mn
		}
		if nw <= mn {
			return mx
		}
		return w + n - nw
	}
	for w := int32(0); w <= 40; w++ {
		for n := int32(0); n <= 40; n++ {
			for nw := int32(0); nw <= 40; nw++ {
				if got, want := med(w, n, nw), ref(w, n, nw); got != want {
					t.Fatalf("med(%d, %d, %d) = %d, want %d", w, n, nw, got, want)
				}
			}
		}
	}
	seed := uint32(3)
	rnd := func() int32 {
		seed = seed*1664525 + 1013904223
		return int32(seed>>8)%131071 - 65535 // differences of 16-bit samples too (dMED)
	}
	for i := 0; i < 1000000; i++ {
		w, n, nw := rnd(), rnd(), rnd()
		if got, want := med(w, n, nw), ref(w, n, nw); got != want {
			t.Fatalf("med(%d, %d, %d) = %d, want %d", w, n, nw, got, want)
		}
	}
}

// quant16 and quant8 against their buckets' edges, for every activity a 16-bit plane's
// contexts can give.
func TestQuantMatchesEdges(t *testing.T) {
	edges := []int32{0, 1, 2, 3, 5, 7, 10, 14, 20, 28, 40, 56, 80, 112, 160, 224}
	for v := int32(0); v < 1<<19; v++ {
		want := 0
		for b, e := range edges {
			if v >= e {
				want = b
			}
		}
		if got := quant16(v); got != want {
			t.Fatalf("quant16(%d) = %d, want %d", v, got, want)
		}
		if got := quant8(v); got != want>>1 {
			t.Fatalf("quant8(%d) = %d, want %d", v, got, want>>1)
		}
	}
}
