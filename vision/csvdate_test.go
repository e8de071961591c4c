package vision

import (
	"bytes"
	"testing"
)

func TestDateLayoutsRoundTrip(t *testing.T) {
	cells := []string{
		"2013-12-02 21:15:00", "2010-01-01T01:00:00", "2021-07-18T23:58:26.361264",
		"2010-01-01T01:00:00Z", "2010-01-01T01:00:00.250+01:00", "1/1/1948", "12/31/2015",
		"16/12/2006", "01/02/1965", "17:24:00", "9:05", "2000-01-03", "31.12.1899",
		`"2013-12-02 21:15:00"`, "1969-12-31 23:59:59",
		"18.00.00", "9.05.00", "23.59.59.250", "10.03.2004 18.00.00", "2004-03-10T00.00.00",
	}
	for _, c := range cells {
		ls := DateLayoutsOf([]byte(c))
		if len(ls) == 0 {
			t.Errorf("%q: no layout", c)
			continue
		}
		hit := false
		for _, l := range ls {
			v, ok := ParseDate(l, []byte(c))
			if !ok {
				continue
			}
			b, ok := AppendDate(nil, l, v)
			if ok && bytes.Equal(b, []byte(c)) {
				hit = true
			}
		}
		if !hit {
			t.Errorf("%q: no layout restores it (%q)", c, ls)
		}
	}
	for _, c := range []string{"hello", "12", "1.5", "2013-13-02", "2013-02-30", "12:61", "a/b/c", "1-2"} {
		for _, l := range DateLayoutsOf([]byte(c)) {
			if v, ok := ParseDate(l, []byte(c)); ok {
				t.Errorf("%q parsed as %d under %q", c, v, l)
			}
		}
	}
}

func TestDottedTimes(t *testing.T) {
	// h.mm.ss is a time; h.mm alone is a decimal number, never a time; separators do not mix.
	// (24.00.00 is a time only under DateHour24: TestHour24.)
	for _, c := range []string{"18.00", "18.00:00", "18:00.00", "18.0.00", "24.00.00"} {
		for _, l := range DateLayoutsOf([]byte(c)) {
			if v, ok := ParseDate(l, []byte(c)); ok && !l.Hour24() {
				t.Errorf("%q parsed as %d under %q", c, v, l)
			}
		}
	}
	l := DateLayoutsOf([]byte("18.00.00"))
	if len(l) != 2 || !bytes.Equal(l[0], DateLayout{DateHour2, '.', DateMin, '.', DateSec}) ||
		!bytes.Equal(l[1], DateLayout{DateHour24, '.', DateMin, '.', DateSec}) {
		t.Fatalf("18.00.00: layouts %q", l)
	}
	a, _ := ParseDate(l[0], []byte("18.00.00"))
	b, _ := ParseDate(l[0], []byte("19.00.30"))
	if a != 18*3600 || b-a != 3630 {
		t.Fatalf("18.00.00 is %d, 19.00.30 %d", a, b)
	}
}

func TestDateSteps(t *testing.T) {
	l := DateLayoutsOf([]byte("2013-12-02 21:15:00"))[0]
	a, _ := ParseDate(l, []byte("2013-12-02 21:15:00"))
	b, _ := ParseDate(l, []byte("2013-12-02 21:20:00"))
	c, _ := ParseDate(l, []byte("2014-01-01 00:00:00"))
	if b-a != 300 || c != 1388534400 {
		t.Fatalf("steps %d, %d", b-a, c)
	}
	d := DateLayoutsOf([]byte("1/1/1948"))
	for _, l := range d {
		x, ok1 := ParseDate(l, []byte("1/1/1948"))
		y, ok2 := ParseDate(l, []byte("1/2/1948"))
		if ok1 && ok2 && y-x != 1 && y-x != 31 {
			t.Fatalf("%q: day step %d", l, y-x)
		}
	}
	// Every day from year 0 to 9999 round-trips through the calendar.
	for z := daysFromCivil(0, 1, 1); z <= daysFromCivil(9999, 12, 31); z += 13 {
		y, m, d := civilFromDays(z)
		if daysFromCivil(y, m, d) != z {
			t.Fatalf("day %d", z)
		}
	}
}

func TestDecimalComma(t *testing.T) {
	s := []byte("Datum;Wert;T\n01.01.2025;0,061;12,5\n01.01.2025;0,058;-3,25\n")
	if !DetectDecimalComma(s, ';') {
		t.Fatal("decimal comma not detected")
	}
	if DetectDecimalComma([]byte("a;b\n1.5;2.25\n"), ';') {
		t.Fatal("decimal point taken for a comma")
	}
	for _, c := range []string{"0,061", "-3,25", "12", "1,5E-05"} {
		x, ok := ParseNumberSep([]byte(c), ',')
		if !ok || string(AppendNumberSep(nil, x, ',')) != c {
			t.Errorf("%q: %v %q", c, ok, AppendNumberSep(nil, x, ','))
		}
	}
	if _, ok := ParseNumberSep([]byte("1.5"), ','); ok {
		t.Error("1.5 read under a decimal comma")
	}
}

// TestHour24 checks DateHour24 (sensor model 7): hours 01 to 24, the end of a day written as
// its 24:00, which is the next day's 00:00 as a number; 00:00 does not restore under it.
func TestHour24(t *testing.T) {
	ls := DateLayoutsOf([]byte("01/01/1997 24:00"))
	var l DateLayout
	for _, m := range ls {
		if m.Hour24() {
			l = m
		}
	}
	if l == nil || !l.Valid() {
		t.Fatalf("01/01/1997 24:00: layouts %q", ls)
	}
	a, ok1 := ParseDate(l, []byte("01/01/1997 24:00"))
	b, ok2 := ParseDate(l, []byte("01/02/1997 01:00"))
	if !ok1 || !ok2 || b-a != 60 {
		t.Fatalf("24:00 %d %v, 01:00 of the next day %d %v", a, ok1, b, ok2)
	}
	if got, _ := AppendDate(nil, l, a); string(got) != "01/01/1997 24:00" {
		t.Fatalf("24:00 written back as %q", got)
	}
	tl := DateLayout{DateHour24, ':', DateMin}
	for h := 1; h <= 24; h++ {
		c := []byte{byte('0' + h/10), byte('0' + h%10), ':', '0', '0'}
		v, ok := ParseDate(tl, c)
		got, ok2 := AppendDate(nil, tl, v)
		if !ok || !ok2 || v != int64(h)*60 || !bytes.Equal(got, c) {
			t.Fatalf("%s: %d %v, back %q", c, v, ok, got)
		}
	}
	for _, c := range []string{"00:00", "24:01", "25:00", "24:00:01"} {
		for _, m := range []DateLayout{tl, {DateHour24, ':', DateMin, ':', DateSec}} {
			if v, ok := ParseDate(m, []byte(c)); ok {
				if got, _ := AppendDate(nil, m, v); string(got) == c {
					t.Errorf("%q restores under %q", c, m)
				}
			}
		}
	}
	if (DateLayout{DateHour24, DateHour2, ':', DateMin}).Valid() {
		t.Error("two hours valid")
	}
}
