package predict

import "math/bits"

// Int128 is a signed 128-bit integer (two's complement), enough for a lattice prediction
// Σ B·k in fixed point without overflow.
type Int128 struct {
	Hi int64
	Lo uint64
}

// I128 widens v.
func I128(v int64) Int128 { return Int128{Hi: v >> 63, Lo: uint64(v)} }

// Add returns x+y.
func (x Int128) Add(y Int128) Int128 {
	lo, c := bits.Add64(x.Lo, y.Lo, 0)
	return Int128{Hi: x.Hi + y.Hi + int64(c), Lo: lo}
}

// Sub returns x−y.
func (x Int128) Sub(y Int128) Int128 {
	lo, b := bits.Sub64(x.Lo, y.Lo, 0)
	return Int128{Hi: x.Hi - y.Hi - int64(b), Lo: lo}
}

// Neg returns −x.
func (x Int128) Neg() Int128 { return Int128{}.Sub(x) }

// Sign returns −1, 0 or 1.
func (x Int128) Sign() int {
	switch {
	case x.Hi < 0:
		return -1
	case x.Hi == 0 && x.Lo == 0:
		return 0
	}
	return 1
}

// Mul64 returns a·b.
func Mul64(a, b int64) Int128 {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	r := Int128{Hi: int64(hi), Lo: lo}
	if neg {
		r = r.Neg()
	}
	return r
}

// Shr returns x >> n (arithmetic, rounding towards −∞), n < 64.
func (x Int128) Shr(n uint) Int128 {
	if n == 0 {
		return x
	}
	return Int128{Hi: x.Hi >> n, Lo: x.Lo>>n | uint64(x.Hi)<<(64-n)}
}

// Shl returns x << n, n < 64.
func (x Int128) Shl(n uint) Int128 {
	if n == 0 {
		return x
	}
	return Int128{Hi: x.Hi<<n | int64(x.Lo>>(64-n)), Lo: x.Lo << n}
}

// Int64 returns x clamped to [−limit, limit].
func (x Int128) Int64(limit int64) int64 {
	if x.Hi > 0 || x.Hi == 0 && x.Lo > uint64(limit) {
		return limit
	}
	if x.Hi < -1 || x.Hi == -1 && int64(x.Lo) < -limit {
		return -limit
	}
	return int64(x.Lo)
}

// Quo returns x/d rounded to nearest (halves away from zero) for d > 0: the whole 128-bit
// quotient.
func (x Int128) Quo(d uint64) Int128 {
	neg := x.Hi < 0
	if neg {
		x = x.Neg()
	}
	hi, lo := uint64(x.Hi), x.Lo
	// Add d/2 for rounding.
	var c uint64
	lo, c = bits.Add64(lo, d/2, 0)
	hi += c
	var qh uint64
	if hi >= d {
		qh, hi = hi/d, hi%d
	}
	ql, _ := bits.Div64(hi, lo, d)
	q := Int128{Hi: int64(qh), Lo: ql}
	if neg {
		q = q.Neg()
	}
	return q
}

// DivRound returns x/d rounded to nearest (halves away from zero) for d > 0, clamped to
// [−limit, limit].
func (x Int128) DivRound(d uint64, limit int64) int64 { return x.Quo(d).Int64(limit) }

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}
