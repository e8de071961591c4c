package vision

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// joinRecord rebuilds a record's bytes from its fields and line end.
func joinRecord(fields [][]byte, delim byte, end LineEnd) []byte {
	return append(bytes.Join(fields, []byte{delim}), end.Bytes()...)
}

// splitAll splits data into records feeding it in pieces of step bytes, as an encoder fed by
// Write would, and checks that the records rebuild data exactly.
func splitAll(t testing.TB, data []byte, delim byte, step, maxLen int) [][][]byte {
	var recs [][][]byte
	var out, buf []byte
	for pos := 0; ; {
		atEOF := pos >= len(data)
		if !atEOF {
			buf = append(buf, data[pos:min(pos+step, len(data))]...)
			pos = min(pos+step, len(data))
			atEOF = pos >= len(data)
		}
		for len(buf) > 0 {
			fields, end, n := SplitRecord(buf, delim, atEOF, maxLen, nil)
			if n == 0 {
				break
			}
			rec := joinRecord(fields, delim, end)
			if !bytes.Equal(rec, buf[:n]) {
				t.Fatalf("record %q rebuilds as %q", buf[:n], rec)
			}
			if n > maxLen {
				t.Fatalf("record of %d bytes exceeds the limit %d", n, maxLen)
			}
			out = append(out, rec...)
			cp := make([][]byte, len(fields))
			for i, f := range fields {
				cp[i] = append([]byte(nil), f...)
			}
			recs = append(recs, cp)
			buf = buf[n:]
		}
		if atEOF {
			break
		}
	}
	if !bytes.Equal(out, data) {
		t.Fatalf("split of %q rebuilds as %q", data, out)
	}
	return recs
}

func TestSplitRecord(t *testing.T) {
	cases := []struct {
		in     string
		fields []int // field count per record
	}{
		{"a,b,c\n1,2,3\n", []int{3, 3}},
		{"a,b\r\n1,2\r\n3,4", []int{2, 2, 2}},
		{"x\ry\n\rz", []int{1, 1, 1, 1}},
		{`"a,b","c""d",e` + "\n" + `"multi` + "\n" + `line",2` + "\n", []int{3, 2}},
		{`"unterminated,x` + "\n" + `y`, []int{1}},
		{"1,2,\n,\n", []int{3, 2}},
		{"", nil},
		{"\n\n", []int{1, 1}},
		{`"a"b,c` + "\n", []int{2}},
	}
	for _, c := range cases {
		for _, step := range []int{1, 2, 3, 7, 1 << 20} {
			recs := splitAll(t, []byte(c.in), ',', step, 1<<20)
			if len(recs) != len(c.fields) {
				t.Fatalf("%q (step %d): %d records, want %d", c.in, step, len(recs), len(c.fields))
			}
			for i, r := range recs {
				if len(r) != c.fields[i] {
					t.Errorf("%q (step %d) record %d: %d fields %q, want %d", c.in, step, i, len(r), r, c.fields[i])
				}
			}
		}
	}
}

func TestSplitRecordCut(t *testing.T) {
	long := strings.Repeat("0123456789,", 100) + "\r\n" + `"` + strings.Repeat("q", 300) + "\n"
	for _, max := range []int{1, 2, 5, 64, 1101, 1102} {
		for _, step := range []int{1, 13, 1 << 20} {
			splitAll(t, []byte(long), ',', step, max)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	cases := map[string]byte{
		"t,x,y\n1,2,3\n4,5,6\n":           ',',
		"t\tx\ty\n1\t2\t3\n":              '\t',
		"a;b;c\n1,5;2,5;3\n":              ';',
		"a|b\n1|2\n":                      '|',
		"1.0 2.0 3.0\n4 5 6\n":            ' ',
		"hello world,3\nfoo bar,4\n":      ',',
		"just one column\nof text here\n": ' ',
		"single\n":                        ',',
		"":                                ',',
	}
	for in, want := range cases {
		if got := DetectDelimiter([]byte(in), true); got != want {
			t.Errorf("DetectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumberRoundTrip(t *testing.T) {
	good := []string{
		"0", "-0", "-0.0", "0.0", "00", "007", ".5", "-.5", "5.", "+5", "+0.25",
		"1.23E-05", "5.35E-05", "1e5", "1.5e+003", "-2.5e-10", "0.0E+00", "0e0", "12.5e3",
		"16.303990000000002", "1700000000123456789", "9999999999999999999",
		"0.010078907", "-41.06483", "  3.5", "3.5  ", "1.", "1.e5", "0.000",
	}
	for _, s := range good {
		x, ok := ParseNumber([]byte(s))
		if !ok {
			t.Errorf("ParseNumber(%q) refused", s)
			continue
		}
		if got := string(AppendNumber(nil, x)); got != s {
			t.Errorf("ParseNumber(%q) = %+v prints as %q", s, x, got)
		}
	}
	checks := map[string]Number{
		"-0.0":     {Neg: true, Digits: 0, Exp: -1},
		"1.23E-05": {Digits: 123, Exp: -7},
		"0.98770":  {Digits: 98770, Exp: -5},
		"15":       {Digits: 15, Exp: 0},
	}
	for s, want := range checks {
		x, _ := ParseNumber([]byte(s))
		if x.Neg != want.Neg || x.Digits != want.Digits || x.Exp != want.Exp {
			t.Errorf("ParseNumber(%q) = %+v, want value %+v", s, x, want)
		}
	}
	bad := []string{"", "-", ".", "e5", "1e", "1e+", "abc", "1.2.3", "1,5", "0x10", "nan", "inf",
		"10000000000000000000", "1e99999", "05e3", "1 2", "--1", "1-"}
	for _, s := range bad {
		if x, ok := ParseNumber([]byte(s)); ok {
			if got := string(AppendNumber(nil, x)); got != s {
				t.Errorf("ParseNumber(%q) accepted %+v, prints as %q", s, x, got)
			}
			if s != "1 2" {
				t.Errorf("ParseNumber(%q) accepted", s)
			}
		}
	}
}

// TestSplitRealLog splits the real IMU log and checks its shape.
func TestSplitRealLog(t *testing.T) {
	data, err := os.ReadFile("../testdata/imu_fusion.csv")
	if err != nil {
		t.Fatal(err)
	}
	if d := DetectDelimiter(data[:4096], false); d != ',' {
		t.Fatalf("delimiter %q", d)
	}
	recs := splitAll(t, data, ',', 4096, 1<<20)
	if len(recs) != 13515 {
		t.Fatalf("%d records", len(recs))
	}
	numbers := 0
	for _, r := range recs[1:] {
		if len(r) != 10 {
			t.Fatalf("record of %d fields", len(r))
		}
		for _, f := range r {
			if x, ok := ParseNumber(f); ok && string(AppendNumber(nil, x)) == string(f) {
				numbers++
			}
		}
	}
	if numbers != 135140 {
		t.Fatalf("%d numeric cells, want 135140", numbers)
	}
}

func FuzzSplitRecord(f *testing.F) {
	for _, s := range []string{"a,b\r\n1,2\n", `"x""y",z` + "\n", "1\r", `"a`, ",,\n\r\n"} {
		f.Add([]byte(s), byte(','), uint16(7))
	}
	f.Fuzz(func(t *testing.T, data []byte, delim byte, max uint16) {
		if delim == '"' || delim == '\r' || delim == '\n' {
			delim = ','
		}
		splitAll(t, data, delim, 1+len(data)/3, 1+int(max))
		DetectDelimiter(data, true)
	})
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1.23E-05", "-0.0", "16.303990000000002", " 7 ", ".5", "0.0E+00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if x, ok := ParseNumber(b); ok {
			if got := AppendNumber(nil, x); !bytes.Equal(got, b) {
				t.Fatalf("ParseNumber(%q) = %+v prints as %q", b, x, got)
			}
		}
	})
}
