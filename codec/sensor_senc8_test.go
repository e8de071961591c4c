package codec

import (
	"bytes"
	"fmt"
	"testing"
)

// TestSensorSearchRowsLater: a value or lattice trial, or model 13's search, reads a laterDiv
// share of its rows (at least its minimum) only in a later block of as many columns as the
// block before it, and not when the encoder carries nothing (noCarry).
func TestSensorSearchRowsLater(t *testing.T) {
	h := &sensorBlockHead{ec: make([]int32, 6)}
	e := &SensorEncoder{}
	if got := e.searchRows(h, 4096, 256); got != 4096 || e.laterTrials != 0 {
		t.Errorf("first block: %d rows (%d later trials), want 4096", got, e.laterTrials)
	}
	e.lastHead = &sensorBlockHead{ec: make([]int32, 6)}
	if got := e.searchRows(h, 4096, 256); got != 4096/laterDiv || e.laterTrials != 1 {
		t.Errorf("later block: %d rows (%d later trials), want %d", got, e.laterTrials, 4096/laterDiv)
	}
	if got := e.searchRows(h, 600, 256); got != 256 {
		t.Errorf("later block of 600 rows: %d rows, want the minimum 256", got)
	}
	e.lastHead = &sensorBlockHead{ec: make([]int32, 7)}
	if got := e.searchRows(h, 4096, 256); got != 4096 {
		t.Errorf("a block after one of other columns: %d rows, want 4096", got)
	}
	e.lastHead, e.noCarry = &sensorBlockHead{ec: make([]int32, 6)}, true
	if got := e.searchRows(h, 4096, 256); got != 4096 {
		t.Errorf("noCarry: %d rows, want 4096", got)
	}
}

// senc8Off sets this round's shares back to the code before it (every search on the rows it
// read then) for the duration of a test.
func senc8Off(t *testing.T) {
	a, c, d := relFirstShare, rel13CheckDiv, laterDiv
	relFirstShare, rel13CheckDiv, laterDiv = 1, 1, 1
	t.Cleanup(func() { relFirstShare, rel13CheckDiv, laterDiv = a, c, d })
}

// TestSensorSearchFewerRows: the quaternion table (two blocks of eight columns) is coded with
// fewer trial rows than before this round, its later block's trials on a share of its rows,
// in at most 0.3 % more bytes, and round-trips; a table whose second block has a text column
// more (its columns change) runs that block's trials on all their rows, and round-trips.
func TestSensorSearchFewerRows(t *testing.T) {
	log := quatLog(20000)
	vlm, enc := encodeSensorSet(t, log, func(*SensorEncoder) {})
	if enc.summary.Blocks != 2 || enc.laterTrials == 0 {
		t.Fatalf("%d blocks, %d trials on a later block's share: want 2 blocks and some", enc.summary.Blocks, enc.laterTrials)
	}
	if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
		t.Fatal("round trip differs")
	}
	func() {
		senc8Off(t)
		old, enc0 := encodeSensorSet(t, log, func(*SensorEncoder) {})
		if enc0.laterTrials != 0 {
			t.Errorf("before this round: %d trials on a later block's share", enc0.laterTrials)
		}
		if a, b := enc.trialRows.Load(), enc0.trialRows.Load(); a >= b {
			t.Errorf("trial rows %d, %d before this round", a, b)
		}
		if len(vlm)*1000 > len(old)*1003 {
			t.Errorf("%d bytes, %d before this round: more than 0.3 %% larger", len(vlm), len(old))
		}
		t.Logf("%d bytes (trial rows %d), %d before this round (%d)", len(vlm), enc.trialRows.Load(), len(old), enc0.trialRows.Load())
	}()

	// The second block's rows have a ninth column, text: its trials read all their rows.
	var mixed bytes.Buffer
	cut := enc.stats[0].Rows + 1 // (the header, then the first block's rows)
	lines := bytes.SplitAfter(log, []byte("\n"))
	for i, l := range lines {
		if i >= cut && len(l) > 1 {
			l = append(bytes.TrimSuffix(l, []byte("\n")), fmt.Sprintf(",s%d\n", i%7)...)
		}
		mixed.Write(l)
	}
	m := mixed.Bytes()
	vlm, enc = encodeSensorSet(t, m, func(*SensorEncoder) {})
	if enc.summary.Blocks != 2 || enc.laterTrials != 0 {
		t.Errorf("columns changed: %d blocks, %d trials on a later block's share (want 2 and none)", enc.summary.Blocks, enc.laterTrials)
	}
	if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, m) {
		t.Error("round trip differs (columns changed)")
	}
}

// TestBytesE1Bound: a block whose E1 is 1.36 times the cells' payload (earthquakes_23k's)
// tries no further, its E2 not read, and the cells won by far; one at 1.05 (nmea2000_can's,
// a bytes block) goes on to E2.
func TestBytesE1Bound(t *testing.T) {
	data := wideWalkLog(20, 4*bytesTrialBytes)[:4*bytesTrialBytes]
	e := &SensorEncoder{bytesOK: true, bytesV1: true, threads: 1, pending: data}
	tr := e.newBytesTrial(len(data), 20)
	e.freshBytes()
	tr.computeE0()
	tr.computeE1()
	e0, e1 := tr.e0, tr.e1
	for _, c := range []struct {
		pct    uint64 // E1 in percent of P
		goesOn bool
	}{{136, false}, {139, false}, {105, true}} {
		p := e1 * 100 / c.pct
		if e0 >= 3*p {
			t.Fatalf("E0 %d at 3 P or more (P %d)", e0, p)
		}
		e.bytesTried, e.bytesLast = 0, bytesOutcome{}
		e.startBytesTrial(len(data), 20)
		e.payload = make([]byte, p)
		if e.tryBytes(len(data)) && !c.goesOn {
			t.Errorf("E1 at %d %% of P: a bytes block", c.pct)
		}
		if read := e.bytesTried > bytesTrialBytes/4; read != c.goesOn {
			t.Errorf("E1 at %d %% of P: the trial read %d bytes (past E1: %v, want %v)", c.pct, e.bytesTried, read, c.goesOn)
		}
		if !c.goesOn && !e.bytesLast.far {
			t.Errorf("E1 at %d %% of P: the cells did not win by far", c.pct)
		}
	}
}
