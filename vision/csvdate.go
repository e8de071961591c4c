package vision

import "bytes"

// Dates and times in logs ("2013-12-02 21:15:00", "1/1/1948", "2010-01-01T01:00:00.250Z") are
// text to a number parser, but they are numbers that step regularly. A DateLayout says how one
// column writes them: literal bytes and fields. ParseDate reads a cell under a layout into one
// integer (a count of the layout's finest unit since 1970-01-01 00:00:00, the proleptic
// Gregorian calendar, no time zone arithmetic: a zone is a literal), and AppendDate writes it
// back; a cell is coded as a date only when AppendDate restores it byte for byte.

// DateLayout is a layout: bytes below 0x20 are fields (the Date* constants), every other
// byte is a literal.
type DateLayout []byte

// Date layout fields. The "1" variants print without padding (1 to 2 digits, no leading
// zero); DateFrac+n (n = 1..9) is a fraction of a second of exactly n digits.
const (
	DateYear   = 1 // 4 digits
	DateMonth2 = 2
	DateMonth1 = 3
	DateDay2   = 4
	DateDay1   = 5
	DateHour2  = 6
	DateHour1  = 7
	DateMin    = 8 // 2 digits
	DateSec    = 9 // 2 digits
	DateFrac   = 10
	// DateHour24 is a 2-digit hour of a day that ends at 24:00 (sensor model 7): hours 01 to
	// 24, the instant that ends a day written as that day's 24:00 rather than the next day's
	// 00:00 (NREL's TMY files). A cell 00:00 does not restore under it.
	DateHour24 = 20
	// MaxDateLayout bounds a layout's length.
	MaxDateLayout = 64
)

// Valid reports whether l is a layout ParseDate and AppendDate accept: fields known, each at
// most once, a year with its month and day, an hour with its minutes, a fraction after
// seconds, and something to read.
func (l DateLayout) Valid() bool {
	if len(l) == 0 || len(l) > MaxDateLayout {
		return false
	}
	var seen [20]bool
	for _, b := range l {
		if b >= 0x20 {
			continue
		}
		if b == 0 || b > DateHour24 {
			return false
		}
		k := b
		switch b {
		case DateMonth1:
			k = DateMonth2
		case DateDay1:
			k = DateDay2
		case DateHour1, DateHour24:
			k = DateHour2
		}
		if b > DateFrac && b <= DateFrac+9 {
			k = DateFrac
		}
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	date := seen[DateYear] || seen[DateMonth2] || seen[DateDay2]
	if date && !(seen[DateYear] && seen[DateMonth2] && seen[DateDay2]) {
		return false
	}
	if seen[DateHour2] != seen[DateMin] || seen[DateSec] && !seen[DateMin] || seen[DateFrac] && !seen[DateSec] {
		return false
	}
	return date || seen[DateHour2]
}

// Hour24 reports whether the layout writes the end of a day as 24:00 (DateHour24).
func (l DateLayout) Hour24() bool { return bytes.IndexByte(l, DateHour24) >= 0 }

// HasDate reports whether the layout has a date (a year, month and day), not only a time of
// day.
func (l DateLayout) HasDate() bool { return bytes.IndexByte(l, DateYear) >= 0 }

// DottedTime reports whether the layout writes a time with points between its fields
// (h.mm.ss).
func (l DateLayout) DottedTime() bool { return bytes.Contains(l, []byte{'.', DateMin}) }

// Unit returns the layout's unit as a power of ten of seconds (a negative exponent with
// fractions) and the unit's length in seconds otherwise: days, hours, minutes or seconds.
func (l DateLayout) unit() (frac int, secs int64) {
	secs = 86400
	for _, b := range l {
		switch {
		case b > DateFrac && b <= DateFrac+9:
			frac = int(b - DateFrac)
			secs = 1
		case b == DateSec:
			secs = 1
		case b == DateMin && secs > 60:
			secs = 60
		case (b == DateHour2 || b == DateHour1 || b == DateHour24) && secs > 3600:
			secs = 3600
		}
	}
	return frac, secs
}

// Exp returns the power of ten of the last digit of the layout's values: −n for a fraction of n
// digits, else 0 (the value counts the unit).
func (l DateLayout) Exp() int32 {
	f, _ := l.unit()
	return int32(-f)
}

// daysFromCivil returns the days from 1970-01-01 to y-m-d (proleptic Gregorian).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseDate reads b under layout l and returns its value in the layout's unit. ok is false
// when b does not follow the layout (the caller still checks that AppendDate restores b).
func ParseDate(l DateLayout, b []byte) (v int64, ok bool) {
	y, mo, d := int64(1970), int64(1), int64(1)
	var h, mi, s, fr int64
	h24 := false
	i := 0
	num := func(lo, hi int) (int64, bool) { // lo..hi digits
		n, v := 0, int64(0)
		for n < hi && i+n < len(b) && b[i+n] >= '0' && b[i+n] <= '9' {
			v = v*10 + int64(b[i+n]-'0')
			n++
		}
		if n < lo || n > 1 && lo == 1 && b[i] == '0' {
			return 0, false
		}
		i += n
		return v, true
	}
	for _, c := range l {
		if c >= 0x20 {
			if i >= len(b) || b[i] != c {
				return 0, false
			}
			i++
			continue
		}
		var x int64
		var good bool
		switch c {
		case DateYear:
			x, good = num(4, 4)
			y = x
		case DateMonth2, DateMonth1:
			x, good = num(1+b2n(c == DateMonth2), 2)
			mo = x
		case DateDay2, DateDay1:
			x, good = num(1+b2n(c == DateDay2), 2)
			d = x
		case DateHour2, DateHour1:
			x, good = num(1+b2n(c == DateHour2), 2)
			h = x
		case DateHour24:
			h, good = num(2, 2)
			h24 = good && h == 24
			if h24 {
				h = 23 // checked below: 24:00 is 23:00 + 1 h
			}
		case DateMin:
			mi, good = num(2, 2)
		case DateSec:
			s, good = num(2, 2)
		default:
			n := int(c - DateFrac)
			fr, good = num(n, n)
		}
		if !good {
			return 0, false
		}
	}
	if i != len(b) || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	if h24 {
		if mi != 0 || s != 0 || fr != 0 {
			return 0, false
		}
		h = 24
	}
	frac, unit := l.unit()
	t := daysFromCivil(y, mo, d)*86400 + h*3600 + mi*60 + s
	v = t / unit
	if frac > 0 {
		v = v*int64(Pow10(frac)) + fr
	}
	return v, true
}

func b2n(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AppendDate appends value v written under layout l; ok is false when v has no such
// writing (a year outside 0..9999).
func AppendDate(dst []byte, l DateLayout, v int64) ([]byte, bool) {
	frac, unit := l.unit()
	var fr int64
	if frac > 0 {
		p := int64(Pow10(frac))
		fr = v % p
		v /= p
		if fr < 0 {
			fr += p
			v--
		}
	}
	if v > 1<<50 || v < -1<<50 {
		return dst, false
	}
	t := v * unit
	days := t / 86400
	sec := t % 86400
	if sec < 0 {
		sec += 86400
		days--
	}
	if sec == 0 && fr == 0 && l.Hour24() {
		days, sec = days-1, 86400 // the end of the day before: 24:00
	}
	y, mo, d := civilFromDays(days)
	if y < 0 || y > 9999 {
		return dst, false
	}
	h, mi, s := sec/3600, sec/60%60, sec%60
	put := func(x int64, w int) {
		var buf [20]byte
		n := len(buf)
		for x > 0 || len(buf)-n < w {
			n--
			buf[n] = byte('0' + x%10)
			x /= 10
		}
		dst = append(dst, buf[n:]...)
	}
	for _, c := range l {
		switch {
		case c >= 0x20:
			dst = append(dst, c)
		case c == DateYear:
			put(y, 4)
		case c == DateMonth2, c == DateMonth1:
			put(mo, 1+b2n(c == DateMonth2))
		case c == DateDay2, c == DateDay1:
			put(d, 1+b2n(c == DateDay2))
		case c == DateHour2, c == DateHour1, c == DateHour24:
			put(h, 1+b2n(c != DateHour1))
		case c == DateMin:
			put(mi, 2)
		case c == DateSec:
			put(s, 2)
		default:
			put(fr, int(c-DateFrac))
		}
	}
	return dst, true
}

// DateLayoutsOf returns the layouts a cell could be written in (none if it does not look like
// a date or time): a date Y-M-D, D/M/Y or M/D/Y (separators - / or .), optionally followed by
// T or a space and a time h:mm[:ss[.fff]] or h.mm.ss[.fff], or a time alone; then any literal
// suffix (a zone).
// A quote around it is a literal too. Fields of one digit give the unpadded variants; a
// 2-digit hour gives the DateHour24 variant too, after the plain one.
func DateLayoutsOf(b []byte) []DateLayout {
	if len(b) < 4 || len(b) > 48 {
		return nil
	}
	pre := 0
	if b[0] == '"' {
		pre = 1
	}
	// Digit runs and the single separators between them.
	type run struct{ at, n int }
	var runs []run
	var seps []byte
	i := pre
	for i < len(b) && len(runs) < 7 {
		if b[i] < '0' || b[i] > '9' {
			break
		}
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		runs = append(runs, run{i, j - i})
		if j < len(b) && j+1 < len(b) && b[j+1] >= '0' && b[j+1] <= '9' && bytes.IndexByte([]byte("-/.T :"), b[j]) >= 0 {
			seps = append(seps, b[j])
			i = j + 1
			continue
		}
		i = j
		break
	}
	suffix := b[i:]
	for _, c := range suffix {
		if c < 0x20 {
			return nil
		}
	}
	w := func(n int, one, two byte) (byte, bool) {
		switch n {
		case 1:
			return one, true
		case 2:
			return two, true
		}
		return 0, false
	}
	var out []DateLayout
	// timePart appends the time fields from run k on (h, mm, ss, fraction), separated by
	// colons, or by points when the seconds are there too (h.mm.ss: h.mm alone reads as a
	// decimal number).
	timePart := func(l DateLayout, k int) (DateLayout, bool) {
		h, ok := w(runs[k].n, DateHour1, DateHour2)
		if !ok || k+1 >= len(runs) || runs[k+1].n != 2 {
			return nil, false
		}
		sep := seps[k]
		if sep != ':' && (sep != '.' || k+2 >= len(runs)) {
			return nil, false
		}
		l = append(l, h, sep, DateMin)
		k += 2
		if k < len(runs) {
			if seps[k-1] != sep || runs[k].n != 2 {
				return nil, false
			}
			l = append(l, sep, DateSec)
			k++
			if k < len(runs) {
				if seps[k-1] != '.' || runs[k].n > 9 {
					return nil, false
				}
				l = append(l, '.', byte(DateFrac+runs[k].n))
				k++
			}
		}
		if k != len(runs) {
			return nil, false
		}
		return l, true
	}
	finish := func(l DateLayout, ok bool) {
		if !ok {
			return
		}
		l = append(l, suffix...)
		if DateLayout(l).Valid() {
			out = append(out, l)
			// A 2-digit hour may belong to a day that ends at 24:00 (model 7's DateHour24),
			// offered after the plain layout so that the plain one wins a tie.
			if k := bytes.IndexByte(l, DateHour2); k >= 0 {
				l24 := append(DateLayout{}, l...)
				l24[k] = DateHour24
				out = append(out, l24)
			}
		}
	}
	start := func() DateLayout { return append(DateLayout{}, b[:pre]...) }
	if len(runs) >= 3 && seps[0] == seps[1] && (seps[0] == '-' || seps[0] == '/' || seps[0] == '.') {
		var orders [][3]byte
		switch {
		case runs[0].n == 4:
			orders = [][3]byte{{'Y', 'M', 'D'}}
		case runs[2].n == 4:
			orders = [][3]byte{{'D', 'M', 'Y'}, {'M', 'D', 'Y'}}
		}
		if len(orders) == 0 && seps[0] == '.' {
			finish(timePart(start(), 0)) // a time h.mm.ss
		}
		for _, ord := range orders {
			l := start()
			good := true
			for k, f := range ord {
				if k > 0 {
					l = append(l, seps[0])
				}
				var c byte
				var ok bool
				switch f {
				case 'Y':
					c, ok = DateYear, runs[k].n == 4
				case 'M':
					c, ok = w(runs[k].n, DateMonth1, DateMonth2)
				case 'D':
					c, ok = w(runs[k].n, DateDay1, DateDay2)
				}
				good = good && ok
				l = append(l, c)
			}
			if !good {
				continue
			}
			if len(runs) == 3 {
				finish(l, true)
				continue
			}
			if seps[2] != 'T' && seps[2] != ' ' {
				continue
			}
			l = append(l, seps[2])
			finish(timePart(l, 3))
		}
		return out
	}
	if len(runs) >= 2 && seps[0] == ':' {
		finish(timePart(start(), 0))
	}
	return out
}

// DetectDecimalComma reports whether a sample of a log whose fields are split at delim
// (not a comma) writes numbers with a decimal comma: more of its fields read as numbers with a
// comma for the point than with a point.
func DetectDecimalComma(sample []byte, delim byte) bool {
	if delim == ',' {
		return false
	}
	comma, dot := 0, 0
	var fields [][]byte
	var scratch []byte
	for rest := sample; len(rest) > 0; {
		var n int
		fields, _, n = SplitRecord(rest, delim, false, 1<<20, fields[:0])
		if n == 0 {
			break
		}
		rest = rest[n:]
		for _, f := range fields {
			switch {
			case bytes.IndexByte(f, ',') >= 0:
				if x, ok := ParseNumberSep(f, ','); ok {
					scratch = AppendNumberSep(scratch[:0], x, ',')
					if bytes.Equal(scratch, f) {
						comma++
					}
				}
			case bytes.IndexByte(f, '.') >= 0:
				if _, ok := ParseNumber(f); ok {
					dot++
				}
			}
		}
	}
	return comma > dot
}

// ParseNumberSep is ParseNumber with decimal separator sep ('.' or ','): under a comma a
// field holding a point is not a number.
func ParseNumberSep(b []byte, sep byte) (Number, bool) {
	if sep == '.' {
		return ParseNumber(b)
	}
	i := bytes.IndexByte(b, ',')
	if bytes.IndexByte(b, '.') >= 0 || i >= 0 && bytes.IndexByte(b[i+1:], ',') >= 0 {
		return Number{}, false
	}
	if i < 0 {
		return ParseNumber(b)
	}
	var buf [64]byte
	if len(b) > len(buf) {
		return Number{}, false
	}
	t := append(buf[:0], b...)
	t[i] = '.'
	return ParseNumber(t)
}

// AppendNumberSep is AppendNumber with decimal separator sep.
func AppendNumberSep(dst []byte, x Number, sep byte) []byte {
	n := len(dst)
	dst = AppendNumber(dst, x)
	if sep != '.' {
		if i := bytes.IndexByte(dst[n:], '.'); i >= 0 {
			dst[n+i] = sep
		}
	}
	return dst
}
