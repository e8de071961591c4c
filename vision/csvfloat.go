package vision

import (
	"bytes"
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
// the point, of a float of Bits 32 or 64 (a float32 printed through a double, as C does).
type FloatFormat struct {
	Fmt  byte
	Prec uint8
	Bits uint8
}

// MaxFloatPrec bounds a FloatFormat's precision.
const MaxFloatPrec = 40

// Valid reports whether f is a format AppendFloat accepts.
func (f FloatFormat) Valid() bool {
	return (f.Fmt == 'e' || f.Fmt == 'E' || f.Fmt == 'f') && f.Prec <= MaxFloatPrec && (f.Bits == 32 || f.Bits == 64)
}

// Shortest returns the shortest decimal of the float that cell b prints under f, as a
// Number; ok is false unless printing that decimal's float under f gives b back exactly.
func (f FloatFormat) Shortest(b []byte) (Number, bool) {
	if len(b) == 0 || len(b) > 64 {
		return Number{}, false
	}
	v, err := strconv.ParseFloat(string(b), int(f.Bits))
	if err != nil {
		return Number{}, false
	}
	var buf [80]byte
	s := strconv.AppendFloat(buf[:0], v, 'e', -1, int(f.Bits))
	// s is [-]d[.ddd]e±XX: the shortest digits, in plain notation (Note 0) as a Number.
	var x Number
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
		return Number{}, false
	}
	e, err := strconv.Atoi(string(s[i+1:]))
	if err != nil {
		return Number{}, false
	}
	x.Exp = int32(e - (nd - 1))
	if x.Digits == 0 {
		x.Exp = 0
	}
	// Integers as integers: 2670, not 267 × 10^1.
	for ; x.Exp > 0; x.Exp-- {
		if x.Digits > (1<<63-1)/10 {
			return Number{}, false
		}
		x.Digits *= 10
	}
	var out [80]byte
	got, ok := f.Append(out[:0], x)
	return x, ok && bytes.Equal(got, b)
}

// Append appends number x (a shortest decimal) printed under f.
func (f FloatFormat) Append(dst []byte, x Number) ([]byte, bool) {
	var buf [48]byte
	s := AppendNumber(buf[:0], x)
	v, err := strconv.ParseFloat(string(s), int(f.Bits))
	if err != nil {
		return dst, false
	}
	return strconv.AppendFloat(dst, v, f.Fmt, int(f.Prec), 64), true
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
	return []FloatFormat{f, g}
}
