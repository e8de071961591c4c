package predict

import (
	"math/rand/v2"
	"testing"
)

// TestSeriesLoopsSameAsBefore: orAbs, seriesInputs and seriesStep12/13 give what the plain
// loops before them gave (written out here), on every length up to seriesMaxOrder, with
// inputs of any size (sums that wrap included) and weights at their clamps; in Go and,
// where they run, through the AVX2 kernels (series_amd64.s, sdec11), with every shift and
// steps f of any size (the kernels' f >> 16 within int32 and beyond).
func TestSeriesLoopsSameAsBefore(t *testing.T) {
	old := useSeriesAsm
	defer func() { useSeriesAsm = old }()
	for _, asm := range []bool{false, true} {
		if asm && !old {
			t.Log("no AVX2 kernels here: the Go loops only")
			continue
		}
		useSeriesAsm = asm
		seriesLoopsSameAsBefore(t)
	}
}

func seriesLoopsSameAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 12))
	val := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return rng.Int64N(1<<16) - 1<<15
		case 1:
			return rng.Int64() - 1<<62 // (any int64, nearly)
		case 2:
			return -1 << 63
		}
		return rng.Int64N(1<<40) - 1<<39
	}
	for iter := range 20000 {
		n := 1 + iter%seriesMaxOrder
		d := make([]int64, n)
		for i := range d {
			d[i] = val()
		}
		var m uint64
		for _, v := range d {
			m |= absU(v)
		}
		if got := orAbs(d); got != m {
			t.Fatalf("orAbs %v = %x, want %x", d, got, m)
		}
		sh := uint(rng.IntN(64))
		var w, w2, xs, xs2 [seriesMaxOrder]int32
		for i := range w {
			w[i] = int32(rng.Int64N(1<<21+1) - 1<<20)
			w2[i] = w[i]
		}
		var dot, norm int64
		for i, v := range d {
			x := int32(v >> (sh & 63))
			xs[i] = x
			dot += int64(x) * int64(w[i])
			norm += int64(x) * int64(x)
		}
		gd, gn := seriesInputs(d, w2[:], xs2[:], sh)
		if gd != dot || gn != norm || xs != xs2 {
			t.Fatalf("seriesInputs: %d %d, want %d %d", gd, gn, dot, norm)
		}
		f := rng.Int64N(1<<41) - 1<<40
		switch iter % 7 {
		case 0, 3:
			f = rng.Int64N(1<<20) - 1<<19
		case 1:
			f = rng.Int64() - 1<<62 // f >> 16 beyond int32: the Go loop
		case 5:
			f = []int64{1<<47 - 1, -1 << 47, 1<<47 - 65536, -1<<47 + 65535, -1, 65535, -65536}[iter/7%7]
		}
		x := xs[:n]
		if iter%2 == 0 {
			for i := range x {
				x[i] = int32(rng.Int64N(1<<16) - 1<<15)
			}
		}
		for _, thirteen := range []bool{false, true} {
			want, got := w, w
			for i, v := range x {
				if thirteen {
					want[i] = int32(min(max(int64(want[i])+(f*int64(v))>>13, -1<<20), 1<<20))
				} else {
					want[i] = int32(min(max(int64(want[i])+(f*int64(v))>>12, -1<<20), 1<<20))
				}
			}
			if thirteen {
				seriesStep13(got[:], x, f)
			} else {
				seriesStep12(got[:], x, f)
			}
			if got != want {
				t.Fatalf("step (13: %v) n %d: %v, want %v", thirteen, n, got, want)
			}
		}
	}
}
