package codec

import (
	"bytes"
	"fmt"
	"testing"
)

// wideWalkLog is a table of cols columns of slow integer walks, of about n bytes: the cells
// code it far smaller than the byte model (TestSensorByteModelDropped's log).
func wideWalkLog(cols, n int) []byte {
	var b bytes.Buffer
	v := make([]int64, cols)
	seed := uint32(7)
	for b.Len() < n {
		for c := range v {
			seed = seed*1664525 + 1013904223
			v[c] += int64(seed>>29) - 3
			if c > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%d", v[c])
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestBytesCostUntil: the byte model's cost of a range stops early only once P is known and
// the estimate from the cost so far already reaches num/den of it (a lower bound that loses
// tryBytes' comparison); without P, or with a P it never reaches, it is the whole range's
// cost, bytesCost's.
func TestBytesCostUntil(t *testing.T) {
	data := wideWalkLog(20, bytesTrialBytes)[:bytesTrialBytes]
	e := &SensorEncoder{bytesV1: true}
	trial := func(p int64) *bytesTrial {
		e.freshBytes()
		tr := &bytesTrial{e: e, data: data, size: 40 * len(data)}
		tr.final.Store(p)
		return tr
	}
	e.freshBytes()
	whole := bytesCost(e.bytes, data[100:], nil)
	for _, p := range []int64{0, 1 << 40} {
		if c, read := trial(p).costUntil(7, 100, len(data), 3, 2); c != 7+whole || read != len(data)-100 {
			t.Errorf("P %d: cost %d of %d bytes, want %d of %d", p, c, read, 7+whole, len(data)-100)
		}
	}
	est := func(c uint64) uint64 { return c / CostUnit / 8 * uint64(40*len(data)) / uint64(len(data)) }
	p := est(whole) / 2 // the estimate from the whole range: twice P
	for _, nd := range [][2]uint64{{1, 1}, {3, 2}} {
		c, read := trial(int64(p)).costUntil(0, 100, len(data), nd[0], nd[1])
		if read >= len(data)-100 || est(c)*nd[1] < p*nd[0] {
			t.Errorf("%d/%d of P %d: read %d of %d bytes, estimate %d: want an early stop at a losing estimate", nd[0], nd[1], p, read, len(data)-100, est(c))
		}
		if read > len(data)*3/4 {
			t.Errorf("%d/%d: read %d bytes, want much less than %d", nd[0], nd[1], read, len(data))
		}
	}
}
