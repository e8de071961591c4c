package vision

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// reprByConversions is AppendUlp's way under 'r' without an offset: x printed, read as a
// float64, its repr (appendRepr); ok false where the conversion fails.
func reprByConversions(x Number) ([]byte, bool) {
	s := AppendNumber(nil, x)
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, false
	}
	return appendRepr(nil, v), true
}

// TestAppendReprDecimal: wherever appendReprDecimal answers, it gives the bytes of the
// conversions it stands for (reprByConversions): numbers read from text of 1 to 19 digits,
// trailing zeros, both signs, plain and scientific notations, exponents across the range it
// takes and past its ends, the layouts' edges (1e-4, 1e16), and the 15-digit limit. It
// answers for most of them (the ones of at most 15 digits in range).
func TestAppendReprDecimal(t *testing.T) {
	seed := testlog.LCG(7)
	rnd := func(n uint64) uint64 { return (seed.Next() >> 11) % n }
	var cells []string
	for _, c := range []string{"0", "-0", "0.0", "-0.000", "0e5", "1", "-1", "1.0", "10", "100.00", "0.0001", "0.001",
		"1e-4", "1e-5", "9.99e-5", "1e16", "1e15", "9999999999999999", "999999999999999", "99999999999999.9",
		"1234567890123456", "123456789012345", "1.23456789012345e-300", "1e-300", "1e-301", "1e300", "1e301",
		"9.99999999999999e299", "1e-310", "4.9e-324", "1.7976931348623157e308", "0.1", "0.2", "0.3", "2.5e-05",
		"1.5e+16", "-3.14159", "+2.5", "1.8630000000000002", "12345678901234567890", "0.30000000000000004"} {
		cells = append(cells, c)
	}
	for range 300000 {
		nd := 1 + rnd(19)
		d := rnd(uint64(math.Pow10(int(min(nd, 19)))-1)) + 1
		if rnd(4) == 0 {
			d *= uint64(math.Pow10(int(rnd(4)))) // trailing zeros
		}
		e := int(rnd(640)) - 320
		if rnd(2) == 0 {
			e = int(rnd(40)) - 24 // the plain layout's neighbourhood
		}
		sign := ""
		if rnd(3) == 0 {
			sign = "-"
		}
		if rnd(2) == 0 {
			cells = append(cells, fmt.Sprintf("%s%de%d", sign, d, e))
		} else if e < 0 && -e < 25 {
			s := strconv.FormatUint(d, 10)
			for len(s) <= -e {
				s = "0" + s
			}
			cells = append(cells, sign+s[:len(s)+e]+"."+s[len(s)+e:])
		} else {
			cells = append(cells, fmt.Sprintf("%s%dE+%03d", sign, d, max(e, 0)))
		}
	}
	answered := 0
	for _, c := range cells {
		x, ok := ParseNumber([]byte(c))
		if !ok {
			continue
		}
		got, ok := appendReprDecimal([]byte("pre"), x)
		if !ok {
			if string(got) != "pre" {
				t.Fatalf("%q: declined but appended %q", c, got)
			}
			continue
		}
		answered++
		want, wok := reprByConversions(x)
		if !wok || !bytes.Equal(got[3:], want) {
			t.Fatalf("%q (%+v): %q, the conversions give %q (%v)", c, x, got[3:], want, wok)
		}
		// and through AppendUlp
		if via, vok := (FloatFormat{'r', 0, 64}).AppendUlp(nil, x, 0); !vok || !bytes.Equal(via, want) {
			t.Fatalf("%q: AppendUlp %q, want %q", c, via, want)
		}
	}
	if answered < len(cells)/3 {
		t.Fatalf("answered %d of %d numbers", answered, len(cells))
	}
	t.Logf("%d numbers, %d answered without the conversions", len(cells), answered)
}
