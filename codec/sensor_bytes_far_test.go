package codec

import (
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// TestSensorBytesPaceFar: a block the pace rule (paceLost) gives up is judged won by far
// (its next blocks of as many columns skip their trials) only where the projection is at
// 5/4 of P or more at both of its points (pace); a narrower loss (here 1.18 of P, between
// the rule's 9/8 and 5/4) lets the next block's trial run, and that block, which the bytes
// win, is a bytes block. With the judgement at the rule's own margin (every pace stop far)
// the second block would be skipped and stay cells: the test fails.
//
// The blocks are driven by hand (TestBytesE1Bound's way): one table of 20 slow walks, its
// cells' payload P set for each block and spread evenly over the rows (cellsAt), so that the
// projection at a point e is b(e) + (b(e) − b(e/2))·2(size − e)/e whatever P is, and P
// chooses where it lands.
func TestSensorBytesPaceFar(t *testing.T) {
	log := wideWalkLog(20, 64<<10)
	e := &SensorEncoder{bytesOK: true, bytesV1: true, threads: 1, model: sensorModelV19, pending: log}
	for i, c := range log {
		if c == '\n' {
			e.offs = append(e.offs, i+1)
		}
	}
	e.ends = make([]vision.LineEnd, len(e.offs))
	size := e.offs[len(e.offs)-1]
	// block runs one block's trial with the cells' payload p and reports whether the bytes
	// won; tr is the trial (nil: skipped).
	block := func(p int) (won bool, tr *bytesTrial) {
		e.startBytesTrial(size, 20)
		tr = e.btrial
		if tr != nil {
			for r := range len(e.offs) {
				before := 0
				if r > 0 {
					before = e.offs[r-1]
				}
				tr.cellsAt(r, int(int64(p)*int64(before)/int64(size)))
			}
		}
		e.payload = make([]byte, p)
		return e.tryBytes(size), tr
	}
	// A first block the bytes win by far (P ten times the block): its pass gives the
	// bytes' cost at the rule's points.
	won, tr := block(10 * size)
	if !won || e.bytesLast.far {
		t.Fatalf("P at 10 times the block: bytes won %v, far %v; want a bytes block", won, e.bytesLast.far)
	}
	proj := func(x int) int64 {
		b := int64(tr.headLen) + int64(tr.costAt(x)/CostUnit/8)
		b0 := int64(tr.headLen) + int64(tr.costAt(x/2)/CostUnit/8)
		return b + (b-b0)*int64(2*(size-x))/int64(x)
	}
	x := min(proj(2<<10), proj(4<<10)) // the projection's lower point (bytes)

	// Lost at 1.18 of P (both points over 9/8): not far; the next block's trial runs and
	// the bytes win it.
	p := int(x * 100 / 118)
	if won, tr = block(p); won || tr == nil || tr.pos > 4<<10+bytesStopStep {
		t.Fatalf("projection at 1.18 P: bytes won %v, trial %v, read %d: want the pace rule's stop at 4 KiB", won, tr != nil, tr.pos)
	}
	if e.bytesLast.far {
		t.Errorf("projection at 1.18 P: judged far (the next block's trial is skipped)")
	}
	if won, tr = block(10 * size); tr == nil || !won {
		t.Errorf("the block after a narrow loss: trial run %v, bytes won %v; want a bytes block", tr != nil, won)
	}

	// Lost at 1.4 of P at both points: far; the next block skips its trial.
	p = int(x * 100 / 140)
	if won, tr = block(p); won || tr == nil || !e.bytesLast.far || !tr.paceFar {
		t.Fatalf("projection at 1.4 P: bytes won %v, trial %v, far %v: want the cells, far by the pace", won, tr != nil, e.bytesLast.far)
	}
	if farScaled(uint64(p), tr.e0, tr.s1, tr.s2) {
		t.Errorf("projection at 1.4 P: far on the scaled estimates too (E0 %d, E1 %d of P %d): the test does not test the pace's far", tr.e0, tr.s1, p)
	}
	if _, tr = block(p); tr != nil {
		t.Errorf("the block after a far loss: its trial ran")
	}
}
