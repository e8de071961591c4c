package vision

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendFixed: appendFixed prints exactly what strconv.AppendFloat prints, for %.Nf and
// %.Ne/%.NE with many digits, on floats of every kind: random bit patterns over the whole
// range, decimals as loggers print them (and as float32s), integers, exact ties (which round to
// even), values next to powers of ten, subnormals.
func TestAppendFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var vals []float64
	for range 4000 {
		vals = append(vals, math.Float64frombits(rng.Uint64()))
	}
	for range 4000 {
		// A decimal of up to 9 digits at a scale from 1e-12 to 1e12.
		d := float64(rng.Int64N(1_000_000_000)) * math.Pow(10, float64(rng.IntN(25)-12-9))
		vals = append(vals, d, -d, float64(float32(d)), math.Nextafter(d, math.Inf(1)))
	}
	for i := -1074; i < 1024; i += 7 {
		vals = append(vals, math.Ldexp(1, i), math.Ldexp(3, i-1), math.Ldexp(1, i)*1.5)
	}
	for i := -30; i <= 30; i++ {
		p := math.Pow(10, float64(i))
		vals = append(vals, p, math.Nextafter(p, 0), math.Nextafter(p, math.Inf(1)), 9.5*p, 0.125*p)
	}
	vals = append(vals, 0.125, 0.375, 2.5, 0.5, 1.5, 1e-30, -1e-30, 5e-324, math.MaxFloat64, 1403715524.907143, 0.515356, 93220.34375, 1<<53, 1<<63, 0, math.Copysign(0, -1), math.Inf(1), math.NaN())
	fast, n := 0, 0
	for _, v := range vals {
		for _, fm := range []byte{'e', 'E', 'f'} {
			for prec := 0; prec <= 24; prec++ {
				want := strconv.AppendFloat(nil, v, fm, prec, 64)
				got := appendFixed([]byte("x"), v, fm, prec)
				if string(got[1:]) != string(want) {
					t.Fatalf("%v (%#x) %%.%d%c: %s, strconv %s", v, math.Float64bits(v), prec, fm, got[1:], want)
				}
				if _, ok := appendFixedFast(nil, v, fm, prec); ok {
					fast++
				}
				n++
			}
		}
	}
	// The fast path must carry the cases it is for (%.18e of ordinary values, %.Nf).
	if fast < n/3 {
		t.Fatalf("fast path on %d of %d printings", fast, n)
	}
	t.Logf("%d printings, %d on the integer path", n, fast)
}

func BenchmarkAppendFixed(b *testing.B) {
	v := 5.153560000000000363e-01
	for _, c := range []struct {
		name string
		f    func([]byte) []byte
	}{
		{"strconv %.18e", func(d []byte) []byte { return strconv.AppendFloat(d, v, 'e', 18, 64) }},
		{"fixed %.18e", func(d []byte) []byte { return appendFixed(d, v, 'e', 18) }},
		{"strconv %.8f", func(d []byte) []byte { return strconv.AppendFloat(d, v, 'f', 8, 64) }},
		{"fixed %.8f", func(d []byte) []byte { return appendFixed(d, v, 'f', 8) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var buf [64]byte
			for b.Loop() {
				c.f(buf[:0])
			}
		})
	}
}

// FuzzAppendFixed: any float, format and precision print as strconv prints them.
func FuzzAppendFixed(f *testing.F) {
	f.Add(math.Float64bits(5.153560000000000363e-01), uint8(18), uint8(0))
	f.Add(math.Float64bits(93220.34375), uint8(8), uint8(2))
	f.Add(math.Float64bits(0.125), uint8(2), uint8(2))
	f.Fuzz(func(t *testing.T, b uint64, prec, fm uint8) {
		v, p, c := math.Float64frombits(b), int(prec%26), []byte("eEf")[fm%3]
		want := strconv.AppendFloat(nil, v, c, p, 64)
		if got := appendFixed(nil, v, c, p); string(got) != string(want) {
			t.Fatalf("%v (%#x) %%.%d%c: %s, strconv %s", v, b, p, c, got, want)
		}
	})
}
