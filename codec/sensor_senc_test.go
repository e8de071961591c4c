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
// cost, bytesCost's (the range after the trial's pass has coded the bytes before it, ssp6).
func TestBytesCostUntil(t *testing.T) {
	data := wideWalkLog(20, bytesTrialBytes)[:bytesTrialBytes]
	e := &SensorEncoder{bytesV1: true}
	trial := func(p int64) *bytesTrial {
		e.freshBytes()
		tr := &bytesTrial{e: e, data: data, size: 40 * len(data)}
		tr.final.Store(p)
		tr.passTo(100)
		return tr
	}
	e.freshBytes()
	bytesCost(e.bytes, data[:100], nil)
	whole := bytesCost(e.bytes, data[100:], nil)
	for _, p := range []int64{0, 1 << 40} {
		if c, read := trial(p).costUntil(7, 100, len(data), 3, 2); c != 7+whole || read != len(data)-100 {
			t.Errorf("P %d: cost %d of %d bytes, want %d of %d", p, c, read, 7+whole, len(data)-100)
		}
	}
	est := func(c uint64) uint64 { return c / CostUnit / 8 * uint64(40*len(data)) / uint64(len(data)) }
	p := est(whole) / 2 // the estimate from the whole range: twice P
	for _, nd := range [][2]uint64{{1, 1}, {3, 2}, {bytesFarNum, bytesFarDen}} {
		c, read := trial(int64(p)).costUntil(0, 100, len(data), nd[0], nd[1])
		if read >= len(data)-100 || est(c)*nd[1] < p*nd[0] {
			t.Errorf("%d/%d of P %d: read %d of %d bytes, estimate %d: want an early stop at a losing estimate", nd[0], nd[1], p, read, len(data)-100, est(c))
		}
		if read > len(data)*3/4 {
			t.Errorf("%d/%d: read %d bytes, want much less than %d", nd[0], nd[1], read, len(data))
		}
	}
}

// TestSensorBytesTrialSkipped: after a block whose bytes trial the cells won by far, the next
// blocks of as many columns skip theirs, up to bytesSkipMax of them; a block of another
// width, or after a trial the cells won narrowly or lost, does not. A wide log of slow walks
// (two blocks) skips its second block's trial and its file is the one without bytes blocks.
func TestSensorBytesTrialSkipped(t *testing.T) {
	e := &SensorEncoder{bytesOK: true, bytesV1: true, threads: 1, pending: make([]byte, 8<<10)}
	for _, c := range []struct {
		last bytesOutcome
		cols int
		skip bool
	}{
		{bytesOutcome{cols: 5, far: true}, 5, true},
		{bytesOutcome{cols: 5, far: true, skipped: bytesSkipMax - 1}, 5, true},
		{bytesOutcome{cols: 5, far: true, skipped: bytesSkipMax}, 5, false},
		{bytesOutcome{cols: 5, far: true}, 6, false},
		{bytesOutcome{cols: 5}, 5, false},
	} {
		e.bytesLast = c.last
		e.startBytesTrial(len(e.pending), c.cols)
		if skipped := e.btrial == nil; skipped != c.skip {
			t.Errorf("after %+v, %d columns: skipped %v, want %v", c.last, c.cols, skipped, c.skip)
		}
		if c.skip && e.bytesLast.skipped != c.last.skipped+1 {
			t.Errorf("after %+v: %d skipped, want %d", c.last, e.bytesLast.skipped, c.last.skipped+1)
		}
	}

	log := wideWalkLog(20, 1_200_000)
	vlm, enc := encodeSensorWith(t, log)
	if enc.summary.Blocks != 2 || enc.bytesSkips != 1 || !enc.bytesLast.far {
		t.Fatalf("%d blocks, %d trials skipped (last %+v): want 2 and 1, after a far win", enc.summary.Blocks, enc.bytesSkips, enc.bytesLast)
	}
	without, _ := encodeBytesChoice(t, log, false)
	if !bytes.Equal(vlm, without) {
		t.Error("the file differs from the one without bytes blocks")
	}
}

// TestBytesE2Far: E2 stops early only at 9/8 of P, so that whether the cells won by far is
// decided by the whole E2 whether or not P was known while it was computed: with P known,
// an E2 between P and 9/8 P is computed whole (the same value as without P), and one far
// above stops at a value already 9/8 of P or more.
func TestBytesE2Far(t *testing.T) {
	data := wideWalkLog(20, bytesTrialBytes)[:bytesTrialBytes]
	e := &SensorEncoder{bytesV1: true}
	e2 := func(p int64) (uint64, int) {
		e.freshBytes()
		e.bytesTried = 0
		tr := &bytesTrial{e: e, data: data, size: 40 * len(data), n: len(data)}
		tr.final.Store(p)
		tr.computeE2()
		return tr.e2, e.bytesTried
	}
	whole, _ := e2(0)
	if got, read := e2(int64(whole * 17 / 18)); got != whole || read != len(data) {
		t.Errorf("P %d (E2 at 1.06 of it): E2 %d of %d bytes, want %d, all read", whole*17/18, got, read, whole)
	}
	p := whole / 2
	got, read := e2(int64(p))
	if read >= len(data) || got*bytesFarDen < p*bytesFarNum {
		t.Errorf("P %d (E2 at 2 of it): E2 %d of %d bytes, want an early stop at 9/8 of P or more", p, got, read)
	}
}
