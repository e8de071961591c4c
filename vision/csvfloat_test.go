package vision

import (
	"strconv"
	"testing"
)

func TestFloatFormats(t *testing.T) {
	for _, c := range []struct {
		cell, short string
		f           FloatFormat
	}{
		{"5.153560000000000363e-01", "0.515356", FloatFormat{'e', 18, 64}},
		{"1.403715524907143116e+09", "1403715524.907143", FloatFormat{'e', 18, 64}},
		{"-2.237311600000000008e-04", "-0.00022373116", FloatFormat{'e', 18, 64}},
		{"0.000000000000000000e+00", "0", FloatFormat{'e', 18, 64}},
		{"93220.34375000", "93220.34", FloatFormat{'f', 8, 32}},
		{"537.000000", "537", FloatFormat{'f', 6, 64}},
		{"1469.250000", "1469.25", FloatFormat{'f', 6, 64}},
	} {
		x, ok := c.f.Shortest([]byte(c.cell))
		if !ok {
			t.Errorf("%s: not restored under %+v", c.cell, c.f)
			continue
		}
		if got := string(AppendNumber(nil, x)); got != c.short {
			t.Errorf("%s: shortest %s, want %s", c.cell, got, c.short)
		}
		b, ok := c.f.Append(nil, x)
		if !ok || string(b) != c.cell {
			t.Errorf("%s: printed back as %s", c.cell, b)
		}
	}
	// Cells a format does not restore.
	for _, c := range []string{"0.5153560000000000363", "1.5", "nan", "+1.0e+00", "1e5"} {
		if _, ok := (FloatFormat{'e', 18, 64}).Shortest([]byte(c)); ok {
			t.Errorf("%s restored under %%.18e", c)
		}
	}
	if fs := FloatFormatsOf([]byte("1.25E-03")); len(fs) != 3 || fs[0] != (FloatFormat{'E', 2, 64}) {
		t.Errorf("formats of 1.25E-03: %+v", fs)
	}
	// Every float64 printed %.17g-like at 18 decimals comes back.
	v := 1.0
	for i := 0; i < 2000; i++ {
		v = v*1.37 + 0.1
		if v > 1e15 {
			v = 1e-30
		}
		cell := strconv.AppendFloat(nil, v, 'e', 18, 64)
		if _, ok := (FloatFormat{'e', 18, 64}).Shortest(cell); !ok {
			t.Fatalf("%s not restored", cell)
		}
	}
}

func TestFloatRepr(t *testing.T) {
	r := FloatFormat{Fmt: 'r', Bits: 64}
	for _, c := range []struct {
		cell, dec string
		ulp       int64
	}{
		{"1.8630000000000002", "1.863", 1}, {"11.937999999999999", "11.938", -1}, {"19.246", "19.246", 0},
		{"51.0", "51", 0}, {"-0.0", "-0", 0}, {"1e-05", "0.00001", 0}, {"1.5e+16", "15000000000000000", 0},
		{"0.30000000000000004", "0.3", 1}, {"-13.309000000000001", "-13.309", 1}, {"-5.513999999999999", "-5.514", -1}, {"123456.789", "123456.789", 0},
	} {
		x, ulp, ok := r.Decimal([]byte(c.cell))
		if !ok || string(AppendNumber(nil, x)) != c.dec || ulp != c.ulp {
			t.Errorf("%s: %v %s %d", c.cell, ok, AppendNumber(nil, x), ulp)
		}
	}
	for _, c := range []string{"51", "1.50", "1e5", "0.1e1", "nan", "inf"} {
		if _, _, ok := r.Decimal([]byte(c)); ok {
			t.Errorf("%s taken for a repr", c)
		}
	}
	v := 0.1
	for i := 0; i < 3000; i++ {
		v = v*1.1 + 0.01
		if v > 1e18 {
			v = -1e-7
		}
		cell := appendRepr(nil, v)
		if _, _, ok := r.Decimal(cell); !ok {
			t.Fatalf("%s not restored", cell)
		}
	}
}
