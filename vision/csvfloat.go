package vision

import (
	"bytes"
	"math"
	"strconv"
)

// Binary floats printed at a fixed precision. A logger that prints a float64 with %.18e
// ("5.153560000000000363e-01") or a float32 with %.8f ("93220.34375000") writes digits that
// the binary value fixes: the shortest decimal that reads back as the same float
// ("0.515356", "93220.34") says everything. A FloatFormat names such a printing; a cell is
// coded as its shortest decimal when printing that decimal's float under the format restores
// the cell byte for byte.
//
// Determinism: strconv's conversions between decimal text and binary floats are correctly
// rounded (the IEEE 754 result is unique), and computed with integer arithmetic (Ryū,
// Eisel-Lemire, exact big-decimal fallbacks) or single correctly rounded operations, never a
// fused multiply-add: the text they give is the same on every machine.

// FloatFormat is a printing of binary floats: Fmt 'e', 'E' or 'f' with Prec digits after
// the point, of a float of Bits 32 or 64 (a float32 printed through a double, as C does);
// or Fmt 'r', Python's repr of a float64 (the shortest digits that read back as the same
// float, plain from 1e-4 to 1e16 with ".0" on an integer, else "1e-05", "1.5e+16"). Under
// 'r' a number is coded as a decimal of at most 15 significant digits plus an offset in
// units in the last place: 1.8630000000000002 is 1.863 and one ulp.
type FloatFormat struct {
	Fmt  byte
	Prec uint8
	Bits uint8
}

// MaxFloatPrec bounds a FloatFormat's precision.
const MaxFloatPrec = 40

// Valid reports whether f is a format AppendFloat accepts.
func (f FloatFormat) Valid() bool {
	if f.Fmt == 'r' {
		return f.Prec == 0 && f.Bits == 64
	}
	return (f.Fmt == 'e' || f.Fmt == 'E' || f.Fmt == 'f') && f.Prec <= MaxFloatPrec && (f.Bits == 32 || f.Bits == 64)
}

// Shortest returns the shortest decimal of the float that cell b prints under f, as a
// Number; ok is false unless printing that decimal's float under f gives b back exactly.
func (f FloatFormat) Shortest(b []byte) (Number, bool) {
	x, ulp, ok := f.Decimal(b)
	return x, ok && ulp == 0
}

// MaxUlp bounds the offset of a repr'd float from its decimal, in units in the last place.
const MaxUlp = 1 << 20

// Decimal returns the decimal of the float that cell b prints under f and, under 'r', the
// float's offset from that decimal's float in units in the last place; ok is false unless
// f.AppendUlp(x, ulp) gives b back exactly.
func (f FloatFormat) Decimal(b []byte) (x Number, ulp int64, ok bool) {
	if len(b) == 0 || len(b) > 64 {
		return Number{}, 0, false
	}
	v, err := strconv.ParseFloat(string(b), int(f.Bits))
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return Number{}, 0, false
	}
	var buf [80]byte
	var s []byte
	if f.Fmt == 'r' {
		// At most 15 significant digits (a decimal with 15 digits or fewer is the shortest of
		// the float nearest it), trailing zeros stripped.
		s = strconv.AppendFloat(buf[:0], v, 'e', 14, 64)
		i := bytes.IndexByte(s, 'e')
		j := i
		for j > 0 && s[j-1] == '0' {
			j--
		}
		if j > 0 && s[j-1] == '.' {
			j--
		}
		s = append(s[:j], s[i:]...)
	} else {
		s = strconv.AppendFloat(buf[:0], v, 'e', -1, int(f.Bits))
	}
	// s is [-]d[.ddd]e±XX: the digits, in plain notation (Note 0) as a Number.
	if s[0] == '-' {
		x.Neg, s = true, s[1:]
	}
	nd, i := 0, 0
	for ; i < len(s) && s[i] != 'e'; i++ {
		if s[i] != '.' {
			x.Digits = x.Digits*10 + uint64(s[i]-'0')
			nd++
		}
	}
	if i+1 >= len(s) || nd > MaxNumberDigits {
		return Number{}, 0, false
	}
	e, err := strconv.Atoi(string(s[i+1:]))
	if err != nil {
		return Number{}, 0, false
	}
	x.Exp = int32(e - (nd - 1))
	if x.Digits == 0 {
		x.Exp = 0
	}
	// Integers as integers: 2670, not 267 × 10^1.
	for ; x.Exp > 0; x.Exp-- {
		if x.Digits > (1<<63-1)/10 {
			return Number{}, 0, false
		}
		x.Digits *= 10
	}
	if f.Fmt == 'r' {
		var nb [48]byte
		d, err := strconv.ParseFloat(string(AppendNumber(nb[:0], x)), 64)
		if err != nil || math.Signbit(d) != math.Signbit(v) {
			return Number{}, 0, false
		}
		ulp = int64(math.Float64bits(math.Abs(v))) - int64(math.Float64bits(math.Abs(d)))
		if ulp > MaxUlp || ulp < -MaxUlp {
			return Number{}, 0, false
		}
	}
	var out [80]byte
	got, ok := f.AppendUlp(out[:0], x, ulp)
	return x, ulp, ok && bytes.Equal(got, b)
}

// Append appends number x (a shortest decimal) printed under f.
func (f FloatFormat) Append(dst []byte, x Number) ([]byte, bool) { return f.AppendUlp(dst, x, 0) }

// AppendUlp appends the float ulp units in the last place from decimal x's, printed under f.
func (f FloatFormat) AppendUlp(dst []byte, x Number, ulp int64) ([]byte, bool) {
	if f.Fmt == 'r' && f.Bits == 64 && ulp == 0 {
		if out, ok := appendReprDecimal(dst, x); ok {
			return out, true
		}
	}
	var buf [48]byte
	s := AppendNumber(buf[:0], x)
	v, err := strconv.ParseFloat(string(s), int(f.Bits))
	if err != nil {
		return dst, false
	}
	if f.Fmt != 'r' {
		return appendFixed(dst, v, f.Fmt, int(f.Prec)), ulp == 0
	}
	if ulp != 0 {
		// The offset counts along the magnitude's bit pattern; the sign is the decimal's.
		u := int64(math.Float64bits(math.Abs(v))) + ulp
		if u < 0 || ulp > MaxUlp || ulp < -MaxUlp {
			return dst, false
		}
		v = math.Copysign(math.Float64frombits(uint64(u)), v)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return dst, false
	}
	return appendRepr(dst, v), true
}

// appendReprDecimal appends Python's repr of the float64 nearest decimal x, as AppendUlp's
// conversions (x printed, read as a float64, appendRepr) do, without them, where the repr's
// digits are x's own: x of at most 15 significant digits (trailing zeros aside), between
// 1e-300 and 1e300 or zero. Why they are: every decimal of at most 15 significant digits
// within the normal range reads back from its nearest double when that double is rounded to
// 15 digits, so two such decimals never share a double; the shortest digits that read back
// as x's double (strconv's 'e', -1 and Python's repr) are therefore at most x's, and no
// other decimal of that many digits or fewer reads back as it: they are x's. It reports false
// (nothing appended) for any other x. TestAppendReprDecimal holds it to the conversions.
func appendReprDecimal(dst []byte, x Number) ([]byte, bool) {
	d, e := x.Digits, int(x.Exp)
	if d == 0 {
		if x.Neg {
			return append(dst, "-0.0"...), true
		}
		return append(dst, "0.0"...), true
	}
	for d%10 == 0 {
		d /= 10
		e++
	}
	if d >= 1e15 {
		return dst, false
	}
	var buf [16]byte
	ds := strconv.AppendUint(buf[:0], d, 10)
	decpt := len(ds) + e // the value is 0.ds × 10^decpt
	if decpt < -300 || decpt > 300 {
		return dst, false
	}
	if x.Neg {
		dst = append(dst, '-')
	}
	if decpt <= -4 || decpt > 16 {
		// d.ddde±XX, at least two exponent digits
		dst = append(dst, ds[0])
		if len(ds) > 1 {
			dst = append(append(dst, '.'), ds[1:]...)
		}
		ev := decpt - 1
		if ev < 0 {
			dst, ev = append(dst, 'e', '-'), -ev
		} else {
			dst = append(dst, 'e', '+')
		}
		if ev < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(ev), 10), true
	}
	switch {
	case decpt <= 0: // 0.000ddd
		dst = append(dst, '0', '.')
		for range -decpt {
			dst = append(dst, '0')
		}
		dst = append(dst, ds...)
	case decpt >= len(ds): // ddd000.0
		dst = append(dst, ds...)
		for range decpt - len(ds) {
			dst = append(dst, '0')
		}
		dst = append(dst, '.', '0')
	default: // dd.ddd
		dst = append(append(append(dst, ds[:decpt]...), '.'), ds[decpt:]...)
	}
	return dst, true
}

// appendRepr appends Python's repr of v (finite).
func appendRepr(dst []byte, v float64) []byte {
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], v, 'e', -1, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	i := bytes.IndexByte(s, 'e')
	e, _ := strconv.Atoi(string(s[i+1:]))
	if decpt := e + 1; decpt <= -4 || decpt > 16 {
		if neg {
			dst = append(dst, '-')
		}
		dst = append(dst, s[:i]...)
		dst = append(dst, 'e')
		if e < 0 {
			dst, e = append(dst, '-'), -e
		} else {
			dst = append(dst, '+')
		}
		if e < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(e), 10)
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', -1, 64)
	if bytes.IndexByte(dst[n:], '.') < 0 {
		dst = append(dst, '.', '0')
	}
	return dst
}

// FloatFormatsOf returns the formats that could have printed cell b: its notation ('e', 'E'
// or 'f' and its digits after the point) for a float64 and a float32. A cell without a
// point or an exponent (an integer) has none.
func FloatFormatsOf(b []byte) []FloatFormat {
	e := bytes.IndexAny(b, "eE")
	p := bytes.IndexByte(b, '.')
	var f FloatFormat
	switch {
	case e >= 0:
		f.Fmt = b[e]
		if p >= 0 && p < e {
			f.Prec = uint8(min(e-p-1, 255))
		}
	case p >= 0:
		f.Fmt, f.Prec = 'f', uint8(min(len(b)-p-1, 255))
	default:
		return nil
	}
	if f.Prec > MaxFloatPrec {
		return nil
	}
	f.Bits = 64
	g := f
	g.Bits = 32
	return []FloatFormat{f, g, {Fmt: 'r', Bits: 64}}
}
