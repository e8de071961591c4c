package codec

import (
	"math"

	"github.com/vidlm/vidlm/vision"
)

// Sensor model 19: the offsets of repr'd floats foretold.
//
// A table written by Python after pandas read it with its legacy float parser (read_csv's
// default before pandas 1.x, `xstrtod`) holds numbers such as 1.8630000000000002: the parser
// reads the decimal's digits as an integer d and divides it by 10, 100, 10^4, 10^8, ... for
// the set bits of the count k of digits after the point (smallest first), each division
// correctly rounded, which leaves the float an ulp or so off the decimal's nearest one;
// Python's repr then prints the float's 17 digits. Given the decimal (its digits without
// trailing zeros), that offset is a function of d and k alone: ulpGuess19 computes it, and
// codeUlp19 codes one flag "the offset is the guess" where the guess is not 0.
//
// Determinism: float64(d) is exact (d < 2^53), every power of ten used is exact in a float64
// (10, 100, 10^4, 10^8, 10^16; k ≤ 22 keeps to them), and each step is one IEEE 754 division,
// correctly rounded, the same on every machine (Go never fuses a division); the nearest float
// of d × 10^-k is float64(d) / 10^k, one correctly rounded division of exact operands. The
// offset is then integer arithmetic on the two floats' bit patterns, as vision's Decimal.

// ulpGuess19MaxK bounds the digits after the point that ulpGuess19 handles.
const ulpGuess19MaxK = 22

var ulpPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ulpGuess19 returns the offset, in units in the last place of the magnitude, of the float
// that the legacy xstrtod parse of decimal x gives from x's nearest float; 0 where x is an
// integer, zero, or outside the bounds (digits ≥ 2^53, more than 22 after the point).
func ulpGuess19(x vision.Number) int64 {
	d, e := x.Digits, x.Exp
	for d != 0 && d%10 == 0 && e < 0 {
		d /= 10
		e++
	}
	if d == 0 || e >= 0 || e < -ulpGuess19MaxK || d >= 1<<53 {
		return 0
	}
	k := int(-e)
	v := float64(d)
	for i, n := 0, k; n != 0; i, n = i+1, n>>1 {
		if n&1 != 0 {
			v /= ulpPow10[1<<i]
		}
	}
	near := float64(d) / ulpPow10[k]
	return int64(math.Float64bits(v)) - int64(math.Float64bits(near))
}

// codeUlp19 codes a repr'd float's offset under model 19: where the guess is not 0, a flag
// "the offset is the guess" (counter by whether the column's last such flag missed); on a
// miss, or where the guess is 0, the offset as model 2 codes it (residual, context the last
// offset's being non-zero), a miss's offsets under contexts 2 and 3 of their own.
func (s *sensorCoder) codeUlp19(n *numberCoding) {
	col, cell := n.col, n.cell
	if s.floats[n.c].Fmt != 'r' || cell.plain {
		cell.ulp = 0
		return
	}
	g := ulpGuess19(*n.x)
	ctx := b2i(col.LastUlp)
	if g != 0 {
		hit := s.bit(b2i(cell.ulp == g), &col.UlpHitP[b2i(col.LastUlpM)])
		col.LastUlpM = hit == 0
		if hit == 1 {
			cell.ulp, col.LastUlp = g, true
			return
		}
		ctx += 2
	}
	u := s.residual(cell.ulp, col.Ulp(), ctx)
	if u > vision.MaxUlp || u < -vision.MaxUlp {
		s.fail()
		u = 0
	}
	cell.ulp, col.LastUlp = u, u != 0
}
