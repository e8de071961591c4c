package vision

import (
	"bytes"
	"math/bits"
	"strconv"
)

// Number is a CSV cell read as an exact decimal number, (-1)^Neg × Digits × 10^Exp, and the
// notation it was printed in. Digits holds every printed digit, trailing zeros included, and
// Exp is the power of ten of the last printed digit, so AppendNumber gives the cell back byte
// for byte. Neg is set for a printed minus, so "-0.0" keeps its sign.
type Number struct {
	Digits uint64
	Exp    int32
	Note   Notation
	Neg    bool
}

// MaxNumberDigits is the most significant digits ParseNumber accepts (19: nanosecond
// timestamps fit); MaxNumberExp bounds |Exp|.
const (
	MaxNumberDigits = 19
	MaxNumberExp    = 400
)

// Notation is everything about how a number is printed that is not its value, packed in a
// small integer so that models can count and compare notations:
//
//	bit  0      '+' printed before a non-negative value
//	bits 1-2    0 plain, 1 scientific with 'e', 2 with 'E'
//	bit  3      '+' printed before a non-negative exponent
//	bits 4-7    exponent digits printed (zero padded), scientific only
//	bits 8-11   plain: 0 the natural integer part, 15 none (".5"), n zero padded to n digits;
//	            scientific: digits before the point (1 normally)
//	bit  12     a point is printed with no digit after it ("5.")
//	bits 13-16  spaces before the number
//	bits 17-20  spaces after it
//	bits 21-25  scientific zero: how many digits it is printed with ("0.00E+00" has 3)
type Notation uint32

const (
	notePlus     = 1 << 0
	noteSciShift = 1
	noteExpPlus  = 1 << 3
	noteExpShift = 4
	noteIntShift = 8
	noteDot      = 1 << 12
	noteLeadSh   = 13
	noteTrailSh  = 17
	noteZeroSh   = 21
	noteIntNone  = 15
)

// Sci returns 0 for plain notation, else the exponent letter ('e' or 'E').
func (n Notation) Sci() byte {
	switch n >> noteSciShift & 3 {
	case 1:
		return 'e'
	case 2:
		return 'E'
	}
	return 0
}

// SciIntDigits returns the digits a scientific number prints before its point (at least 1).
func (n Notation) SciIntDigits() int { return max(1, n.field(noteIntShift, 4)) }

func (n Notation) field(shift, bits uint) int { return int(n>>shift) & (1<<bits - 1) }

var pow10u = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return
}()

// Pow10 returns 10^n for n in [0, 19].
func Pow10(n int) uint64 { return pow10u[n] }

// DecimalDigits returns the number of decimal digits of v (1 for 0).
func DecimalDigits(v uint64) int {
	// log10(2) ≈ 1233/4096: a first guess from the bit length, off by at most one.
	n := (bits.Len64(v) * 1233) >> 12
	if n < len(pow10u) && v >= pow10u[n] {
		n++
	}
	return max(n, 1)
}

func numDigits(v uint64) int { return DecimalDigits(v) }

// ParseNumber reads a cell as a number. It accepts [spaces][+|-]digits[.digits][(e|E)[+|-]digits][spaces]
// with at least one mantissa digit, and reports false for anything else, or for a number it
// could not print back identically (more than MaxNumberDigits significant digits, odd
// padding): such a cell is text.
func ParseNumber(b []byte) (Number, bool) {
	var x Number
	var note Notation
	i, end := 0, len(b)
	for i < end && b[i] == ' ' {
		i++
	}
	for end > i && b[end-1] == ' ' {
		end--
	}
	if i > 15 || len(b)-end > 15 {
		return x, false
	}
	note |= Notation(i)<<noteLeadSh | Notation(len(b)-end)<<noteTrailSh
	if i < end && (b[i] == '+' || b[i] == '-') {
		if b[i] == '-' {
			x.Neg = true
		} else {
			note |= notePlus
		}
		i++
	}
	// Mantissa digits: int part, then fraction.
	var d uint64
	sig := 0     // significant digits taken into d
	lead := true // still in leading zeros
	intDigits, fracDigits := 0, 0
	digit := func(c byte) bool {
		if c == '0' && lead {
			return true
		}
		lead = false
		if sig == MaxNumberDigits {
			return false
		}
		d = d*10 + uint64(c-'0')
		sig++
		return true
	}
	for i < end && b[i] >= '0' && b[i] <= '9' {
		if !digit(b[i]) {
			return x, false
		}
		intDigits++
		i++
	}
	dot := false
	if i < end && b[i] == '.' {
		dot = true
		i++
		for i < end && b[i] >= '0' && b[i] <= '9' {
			if !digit(b[i]) {
				return x, false
			}
			fracDigits++
			i++
		}
	}
	if intDigits+fracDigits == 0 {
		return x, false
	}
	if dot && fracDigits == 0 {
		note |= noteDot
	}
	x.Digits = d
	if i == end {
		// Plain notation.
		if fracDigits > MaxNumberExp {
			return x, false
		}
		x.Exp = int32(-fracDigits)
		natural := max(1, numDigits(d)-fracDigits)
		switch {
		case intDigits == natural:
		case intDigits == 0:
			note |= noteIntNone << noteIntShift
		case intDigits > natural && intDigits < noteIntNone:
			note |= Notation(intDigits) << noteIntShift
		default:
			return x, false
		}
		x.Note = note
		return x, true
	}
	// Scientific notation.
	switch b[i] {
	case 'e':
		note |= 1 << noteSciShift
	case 'E':
		note |= 2 << noteSciShift
	default:
		return x, false
	}
	i++
	expNeg := false
	if i < end && (b[i] == '+' || b[i] == '-') {
		if b[i] == '-' {
			expNeg = true
		} else {
			note |= noteExpPlus
		}
		i++
	}
	ew, ev := 0, 0
	for i < end && b[i] >= '0' && b[i] <= '9' {
		if ew == 4 {
			return x, false
		}
		ev = ev*10 + int(b[i]-'0')
		ew++
		i++
	}
	if ew == 0 || i != end || intDigits == 0 || intDigits >= noteIntNone || expNeg && ev == 0 {
		return x, false // ("e-0" would print back as "e0")
	}
	if expNeg {
		ev = -ev
	}
	note |= Notation(ew)<<noteExpShift | Notation(intDigits)<<noteIntShift
	total := intDigits + fracDigits
	if d == 0 {
		if total > 31 {
			return x, false
		}
		note |= Notation(total) << noteZeroSh
	} else if numDigits(d) != total {
		return x, false // leading zeros in the mantissa
	}
	e := ev - fracDigits
	if e < -MaxNumberExp || e > MaxNumberExp {
		return x, false
	}
	x.Exp = int32(e)
	x.Note = note
	return x, true
}

// appendDigits appends the digit string ds zero padded (or cut on the left) to iw+f digits,
// with a point before the last f if dot.
func appendDigits(b, ds []byte, iw, f int, dot bool) []byte {
	total := iw + f
	if len(ds) > total {
		ds = ds[len(ds)-total:] // only if the notation lies about the width
	}
	for k := 0; k < total; k++ {
		if k == iw && dot {
			b = append(b, '.')
		}
		if j := k - (total - len(ds)); j >= 0 {
			b = append(b, ds[j])
		} else {
			b = append(b, '0')
		}
	}
	if total == iw && dot {
		b = append(b, '.')
	}
	return b
}

// AppendNumber appends x as printed in its notation.
func AppendNumber(b []byte, x Number) []byte {
	n := x.Note
	for i := n.field(noteLeadSh, 4); i > 0; i-- {
		b = append(b, ' ')
	}
	if x.Neg {
		b = append(b, '-')
	} else if n&notePlus != 0 {
		b = append(b, '+')
	}
	var digits [24]byte
	ds := strconv.AppendUint(digits[:0], x.Digits, 10)
	iw := n.field(noteIntShift, 4)
	if sci := n.Sci(); sci == 0 {
		f := int(-x.Exp)
		if f < 0 {
			f = 0 // not produced by ParseNumber
		}
		natural := max(1, len(ds)-f)
		switch iw {
		case 0:
			iw = natural
		case noteIntNone:
			iw = 0
		}
		b = appendDigits(b, ds, iw, f, f > 0 || n&noteDot != 0)
	} else {
		total := len(ds)
		if x.Digits == 0 {
			total = max(1, n.field(noteZeroSh, 5))
		}
		iw = min(max(1, iw), total)
		f := total - iw
		b = appendDigits(b, ds, iw, f, f > 0 || n&noteDot != 0)
		b = append(b, sci)
		ev := int(x.Exp) + f
		if ev < 0 {
			b = append(b, '-')
			ev = -ev
		} else if n&noteExpPlus != 0 {
			b = append(b, '+')
		}
		es := strconv.AppendInt(digits[:0], int64(ev), 10)
		for k := len(es); k < n.field(noteExpShift, 4); k++ {
			b = append(b, '0')
		}
		b = append(b, es...)
	}
	for i := n.field(noteTrailSh, 4); i > 0; i-- {
		b = append(b, ' ')
	}
	return b
}

// IsTextRow reports whether a row has a field that is not a number written exactly as
// AppendNumber writes it: a row that names columns (a header) rather than one of values.
// Empty fields do not count.
func IsTextRow(fields [][]byte) bool {
	for _, f := range fields {
		if len(f) == 0 {
			continue
		}
		if x, ok := ParseNumber(f); !ok || !bytes.Equal(AppendNumber(nil, x), f) {
			return true
		}
	}
	return false
}
