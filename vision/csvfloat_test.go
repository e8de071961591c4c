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
	if fs := FloatFormatsOf([]byte("1.25E-03")); len(fs) != 2 || fs[0] != (FloatFormat{'E', 2, 64}) {
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
