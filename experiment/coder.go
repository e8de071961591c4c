// Package experiment runs research experiments: physical worlds with a known entropy floor,
// observed as sensor logs, coded by a ladder of models (rungs) on codec's binary arithmetic
// coder, with result tables, JSON and figures.
package experiment

import (
	"math/bits"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/samples"
)

// Integer coding of ADC values on top of codec.BitCoder. Everything here is integer
// arithmetic: it is the coded path.

// gaussEps is the weight (in 2^-48 units, 2^-16 of the mass) of a uniform distribution mixed
// into every Gaussian, so that no value has a probability too small to code.
const gaussEps = 1 << 32

// gaussDist is a discretised Gaussian over the ADC codes [0, max]: P(y <= k) = Φ((k+½-μ)/s),
// the mass below 0 and above max lumped onto the end codes (as a clipping ADC does), mixed
// with gaussEps of a uniform distribution.
type gaussDist struct {
	mu, s int64 // Q16 LSB
	max   int64
}

// cdf returns P(Y <= k) in 2^-48 units, for k in [-1, max].
func (g gaussDist) cdf(k int64) uint64 {
	if k < 0 {
		return 0
	}
	if k >= g.max {
		return samples.GaussOne
	}
	num := k<<16 + 1<<15 - g.mu // Q16
	lim := int64(11) << 16
	var x int64
	switch {
	case num >= lim*g.s>>16:
		x = lim
	case num <= -(lim * g.s >> 16):
		x = -lim
	default:
		x = (num << 16) / g.s
	}
	f := samples.GaussCDF(x)
	u := uint64(((k + 1) << 32) / (g.max + 1)) // uniform part, ε = 2^-16
	return f - f>>16 + u
}

// code codes y (encoding) or decodes it (y ignored); returns the value.
func (g gaussDist) code(bc *codec.BitCoder, y int32) int32 {
	return codeCDF(bc, y, g.max, g.window(), g.cdf)
}

// window returns the values within 16 σ of the mean (at least ±8), where nearly all the mass is.
func (g gaussDist) window() [2]int64 {
	c := (g.mu + 1<<15) >> 16
	w := max(16*g.s>>16, 8)
	return [2]int64{c - w, c + w}
}

// codeCDF codes y in [0, top] under the distribution whose CDF (P(Y <= k) in 2^-48 units,
// 0 at −1 and GaussOne at top, every value given some mass) is cdf. It first codes whether y
// is inside win (nearly certain), then bisects the part it is in, each decision's probability
// taken from the CDF. Coding the window first keeps the range coder away from the long runs of
// nearly certain decisions a bisection of the whole range would make (each of which costs a
// little more than its information at the coder's 16-bit precision).
func codeCDF(bc *codec.BitCoder, y int32, top int64, win [2]int64, cdf func(int64) uint64) int32 {
	wlo, whi := max(win[0], 0), min(win[1], top)
	if wlo > whi {
		wlo, whi = 0, top
	}
	clo, chi := cdf(wlo-1), cdf(whi)
	lo, hi := wlo, whi
	if wlo > 0 || whi < top {
		in := 0
		if int64(y) >= wlo && int64(y) <= whi {
			in = 1
		}
		p := ((chi - clo) << 16) / samples.GaussOne
		if bc.Code(in, uint32(min(max(p, 1), 65535))) == 0 {
			// below or above the window
			below := 0
			if int64(y) < wlo {
				below = 1
			}
			pb := (clo << 16) / (samples.GaussOne - (chi - clo))
			switch {
			case wlo == 0:
				below = 0
			case whi == top:
				below = 1
			default:
				below = bc.Code(below, uint32(min(max(pb, 1), 65535)))
			}
			if below != 0 {
				lo, hi, clo, chi = 0, wlo-1, 0, clo
			} else {
				lo, hi, clo, chi = whi+1, top, chi, samples.GaussOne
			}
		}
	}
	for lo < hi {
		mid := (lo + hi) >> 1
		cm := cdf(mid)
		den := chi - clo
		p := ((cm - clo) << 16) / den
		p = min(max(p, 1), 65535)
		bit := 0
		if int64(y) <= mid {
			bit = 1
		}
		if bc.Code(bit, uint32(p)) != 0 {
			hi, chi = mid, cm
		} else {
			lo, clo = mid+1, cm
		}
	}
	return int32(lo)
}

// mixDist is a weighted mixture of discretised Gaussians (weights in 1/65536).
type mixDist struct {
	comps []gaussDist
	w     []uint64
	wsum  uint64
	max   int64
}

func (m *mixDist) cdf(k int64) uint64 {
	if k < 0 {
		return 0
	}
	if k >= m.max {
		return samples.GaussOne
	}
	var s uint64
	for i, g := range m.comps {
		s += m.w[i] * (g.cdf(k) >> 8) // ≤ 2^16 · 2^40 each, at most 2^7 components
	}
	return s / m.wsum << 8
}

func (m *mixDist) cost(y int32) int64 {
	p := m.cdf(int64(y)) - m.cdf(int64(y)-1)
	if p == 0 {
		p = 1
	}
	return 48<<16 - log2Q16(p)
}

// cost returns −log2 P(y) in 1/65536 bit (integer, the same on every machine).
func (g gaussDist) cost(y int32) int64 {
	p := g.cdf(int64(y)) - g.cdf(int64(y)-1)
	return 48<<16 - log2Q16(p)
}

// log2Q16 returns log2(v) in Q16 for v > 0, computed exactly bit by bit.
func log2Q16(v uint64) int64 {
	n := bits.Len64(v) - 1
	r := int64(n) << 16
	// mantissa m in [1, 2) as Q62
	var m uint64
	if n <= 62 {
		m = v << (62 - n)
	} else {
		m = v >> (n - 62)
	}
	for i := 15; i >= 0; i-- {
		hi, lo := bits.Mul64(m, m) // m² in Q124
		m = hi<<2 | lo>>62         // back to Q62
		if m >= 1<<63 {            // ≥ 2
			m >>= 1
			r += 1 << i
		}
	}
	return r
}

// order0 is an adaptive histogram of the values: a binary tree of adaptive counters over the
// bits of the value, most significant first.
type order0 struct {
	nbits int
	tree  []predict.Counter
}

func newOrder0(nbits int) *order0 {
	o := &order0{nbits: nbits, tree: make([]predict.Counter, 1<<nbits)}
	for i := range o.tree {
		o.tree[i] = predict.NewCounter()
	}
	return o
}

func (o *order0) code(bc *codec.BitCoder, y int32) int32 {
	node := 1
	for i := o.nbits - 1; i >= 0; i-- {
		c := &o.tree[node]
		b := bc.Code(int(y>>i)&1, c.P())
		c.Update(b, 1023)
		node = node<<1 | b
	}
	return int32(node - 1<<o.nbits)
}

// residualCoder codes integer residuals under an adaptive binarisation: a zero flag, a sign,
// the exponent in unary and the mantissa bits, each with adaptive counters chosen by a context
// (the magnitude of recent residuals).
type residualCoder struct {
	avg  int64 // running mean of |r|, Q4
	zero [24]predict.Counter
	sign [24]predict.Counter
	exp  [24][32]predict.Counter
	mant [24][32][32]predict.Counter
}

func newResidualCoder() *residualCoder {
	r := &residualCoder{}
	for i := range r.zero {
		r.zero[i], r.sign[i] = predict.NewCounter(), predict.NewCounter()
		for j := range r.exp[i] {
			r.exp[i][j] = predict.NewCounter()
			for k := range r.mant[i][j] {
				r.mant[i][j][k] = predict.NewCounter()
			}
		}
	}
	return r
}

func (r *residualCoder) bit(bc *codec.BitCoder, b int, c *predict.Counter) int {
	b = bc.Code(b, c.P())
	c.Update(b, 255)
	return b
}

func (r *residualCoder) code(bc *codec.BitCoder, v int64) int64 {
	ctx := min(bits.Len64(uint64(r.avg)), 23)
	a := v
	if a < 0 {
		a = -a
	}
	if r.bit(bc, b2i(v == 0), &r.zero[ctx]) != 0 {
		v = 0
	} else {
		neg := r.bit(bc, b2i(v < 0), &r.sign[ctx])
		e := bits.Len64(uint64(a)) - 1 // a in [2^e, 2^(e+1))
		n := 0
		for n < 31 && r.bit(bc, b2i(n < e), &r.exp[ctx][n]) != 0 {
			n++
		}
		m := int64(1)
		for j := n - 1; j >= 0; j-- {
			m = m<<1 | int64(r.bit(bc, int(a>>j)&1, &r.mant[ctx][n][j]))
		}
		v = m
		if neg != 0 {
			v = -m
		}
	}
	a = v
	if a < 0 {
		a = -a
	}
	r.avg += (a<<4 - r.avg) >> 4
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
