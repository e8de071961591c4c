package vision

import (
	"math"
	"math/bits"
	"strconv"
)

// appendFixed appends v printed as strconv.AppendFloat(dst, v, fmt, prec, 64) prints it, fmt
// 'e', 'E' or 'f': the same bytes. strconv prints %.Ne with at most 18 digits fast (Ryū) but
// falls back to exact big-decimal arithmetic for more digits (%.18e, the digits of a float64 a
// logger wrote in full) and for every %.Nf; both cost microseconds a cell. Here the digits come
// from one 64×64-bit product and a shift: v is m·2^k exactly (m below 2^53), so v·10^s is
// m·10^s·2^k, which 128 bits hold for s ≤ 19, and the shift's remainder decides the rounding
// (to nearest, ties to even, as strconv rounds the exact value). Integer arithmetic only, so the
// text is the same on every machine. What does not fit (more than 19 digits, very large or
// very small values, zero, infinities) goes to strconv.
func appendFixed(dst []byte, v float64, fmt byte, prec int) []byte {
	if fmt == 'f' || (fmt == 'e' || fmt == 'E') && prec >= 18 {
		if b, ok := appendFixedFast(dst, v, fmt, prec); ok {
			return b
		}
	}
	return strconv.AppendFloat(dst, v, fmt, prec, 64)
}

// pow10u64[i] is 10^i.
var pow10u64 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// appendFixedFast is appendFixed's integer path; ok is false where it does not apply.
func appendFixedFast(dst []byte, v float64, fmt byte, prec int) ([]byte, bool) {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) || prec < 0 {
		return dst, false
	}
	b := math.Float64bits(v)
	neg := b>>63 != 0
	m, be := b&(1<<52-1), int(b>>52&0x7ff)
	if be == 0 {
		be = 1 // subnormal
	} else {
		m |= 1 << 52
	}
	k := be - 1075 // v = ±m·2^k
	var digits [24]byte
	switch fmt {
	case 'f':
		n, ok := scaledRound(m, k, prec)
		if !ok {
			return dst, false
		}
		s := strconv.AppendUint(digits[:0], n, 10)
		if neg {
			dst = append(dst, '-')
		}
		if len(s) <= prec { // 0.00ddd
			dst = append(dst, '0', '.')
			for i := len(s); i < prec; i++ {
				dst = append(dst, '0')
			}
			return append(dst, s...), true
		}
		dst = append(dst, s[:len(s)-prec]...)
		if prec > 0 {
			dst = append(dst, '.')
			dst = append(dst, s[len(s)-prec:]...)
		}
		return dst, true
	case 'e', 'E':
		d := prec + 1 // significant digits
		if d > 19 {
			return dst, false
		}
		// The decimal exponent: floor(log10 v), first from the binary one (at most one
		// below the truth), then checked exactly: v·10^(d-1-e) truncated has d digits.
		x := k + bits.Len64(m) - 1 // 2^x ≤ v < 2^(x+1)
		e := (x * 78913) >> 18     // floor(x·log10 2), exact for |x| < 2^13
		for try := 0; ; try++ {
			if try == 3 {
				return dst, false
			}
			s := d - 1 - e
			if s < 0 || s > 19 {
				return dst, false
			}
			t, fits := scaledTrunc(m, k, s)
			switch {
			case !fits || t >= tenTo(d):
				e++
				continue
			case t < pow10u64[d-1]:
				e--
				continue
			}
			n, ok := scaledRound(m, k, s)
			if !ok {
				return dst, false
			}
			if n == tenTo(d) { // 9.99…5 rounded up to 10.0…
				n, e = pow10u64[d-1], e+1
			}
			ds := strconv.AppendUint(digits[:0], n, 10)
			if neg {
				dst = append(dst, '-')
			}
			dst = append(dst, ds[0])
			if prec > 0 {
				dst = append(dst, '.')
				dst = append(dst, ds[1:]...)
			}
			dst = append(dst, fmt)
			if e < 0 {
				dst, e = append(dst, '-'), -e
			} else {
				dst = append(dst, '+')
			}
			if e < 10 {
				dst = append(dst, '0')
			}
			return strconv.AppendInt(dst, int64(e), 10), true
		}
	}
	return dst, false
}

// tenTo returns 10^d for d ≤ 19 (10^19 < 2^64).
func tenTo(d int) uint64 { return pow10u64[d] }

// scaled returns m·10^s·2^k as a 128-bit integer part (hi, lo) and, for k < 0, the bits shifted
// out: whether the first of them is set (half) and whether any after it is (sticky); ok is
// false if the integer part does not fit in 128 bits or s is out of range.
func scaled(m uint64, k, s int) (hi, lo uint64, half, sticky, ok bool) {
	if s < 0 || s > 19 {
		return 0, 0, false, false, false
	}
	hi, lo = bits.Mul64(m, pow10u64[s]) // below 2^53·2^64
	switch {
	case k >= 0:
		if k >= 64 || k > 0 && hi>>(64-k) != 0 {
			return 0, 0, false, false, false
		}
		if k > 0 {
			hi, lo = hi<<k|lo>>(64-k), lo<<k
		}
		return hi, lo, false, false, true
	default:
		sh := -k
		half = bit128(hi, lo, sh-1)
		sticky = below128(hi, lo, sh-1)
		hi, lo = shr128(hi, lo, sh)
		return hi, lo, half, sticky, true
	}
}

// scaledTrunc returns floor(m·10^s·2^k) if it fits in 64 bits.
func scaledTrunc(m uint64, k, s int) (uint64, bool) {
	hi, lo, _, _, ok := scaled(m, k, s)
	return lo, ok && hi == 0
}

// scaledRound returns m·10^s·2^k rounded to the nearest integer, ties to even, if it fits in
// 64 bits.
func scaledRound(m uint64, k, s int) (uint64, bool) {
	hi, lo, half, sticky, ok := scaled(m, k, s)
	if !ok || hi != 0 {
		return 0, false
	}
	if half && (sticky || lo&1 == 1) {
		if lo == math.MaxUint64 {
			return 0, false
		}
		lo++
	}
	return lo, true
}

// bit128 reports bit i of (hi, lo) (false beyond 127).
func bit128(hi, lo uint64, i int) bool {
	switch {
	case i < 0 || i >= 128:
		return false
	case i < 64:
		return lo>>i&1 == 1
	default:
		return hi>>(i-64)&1 == 1
	}
}

// below128 reports whether any bit of (hi, lo) below bit i is set.
func below128(hi, lo uint64, i int) bool {
	switch {
	case i <= 0:
		return false
	case i < 64:
		return lo&(1<<i-1) != 0
	case i == 64:
		return lo != 0
	case i < 128:
		return lo != 0 || hi&(1<<(i-64)-1) != 0
	default:
		return hi|lo != 0
	}
}

// shr128 returns (hi, lo) shifted right by sh bits.
func shr128(hi, lo uint64, sh int) (uint64, uint64) {
	switch {
	case sh <= 0:
		return hi, lo
	case sh < 64:
		return hi >> sh, lo>>sh | hi<<(64-sh)
	case sh < 128:
		return 0, hi >> (sh - 64)
	default:
		return 0, 0
	}
}
