package codec

import (
	"bytes"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// encodeSensorCarry encodes log as encodeSensorWith does, with the choices carried between
// blocks or not (every block running its own trials).
func encodeSensorCarry(t testing.TB, log []byte, carry bool) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorSet(t, log, func(enc *SensorEncoder) { enc.noCarry = !carry })
}

// TestSensorLatticesCarried: a lattice trial's choice carries to the next blocks of as many
// columns and candidates when it won by far (1/latticeFar below every other candidate), at
// most carryMax blocks in a row.
func TestSensorLatticesCarried(t *testing.T) {
	h := &sensorBlockHead{ec: make([]int32, 5)}
	all := []predict.LatticeParams{{Col: 0, G: 2}, {Col: 3, G: 1}}
	cands := [][]predict.LatticeParams{all, nil, all[1:]}
	e := &SensorEncoder{}
	costs := []uint64{1000, 1061, 1100}
	cost := func(k int) uint64 { return costs[k] }
	e.noteLattices(h, 0, cost, 3, nil)
	if e.latCarry.far {
		t.Errorf("costs %v: 0 taken by far", costs)
	}
	if _, ok := e.carryLattices(h, cands); ok {
		t.Error("carried after a near win")
	}
	costs[1] = 1062
	e.noteLattices(h, 0, cost, 3, nil)
	if !e.latCarry.far {
		t.Errorf("costs %v: 0 not taken by far", costs)
	}
	for i := range carryMax {
		if g, ok := e.carryLattices(h, cands); !ok || len(g) != 2 {
			t.Fatalf("block %d after the trial: carried %v, lattices %v", i+1, ok, g)
		}
	}
	if _, ok := e.carryLattices(h, cands); ok {
		t.Errorf("carried %d blocks in a row", carryMax+1)
	}
	costs = []uint64{2000, 2000, 1000}
	e.noteLattices(h, 2, cost, 3, nil)
	if g, ok := e.carryLattices(h, cands); !ok || len(g) != 1 || g[0].Col != 3 {
		t.Errorf("one-column lattices taken by far: carried %v, lattices %v", ok, g)
	}
	e.noteLattices(h, 2, cost, 3, nil)
	if _, ok := e.carryLattices(h, cands[:2]); ok {
		t.Error("carried to a block of fewer candidates")
	}
	if _, ok := e.carryLattices(&sensorBlockHead{ec: make([]int32, 6)}, cands); ok {
		t.Error("carried to a block of more columns")
	}
}

// TestSensorRelationsCarried: the relations check's verdicts carry to a block whose
// relations were all checked and whose dropped lattices are the same; the quaternion table's
// second block takes them, in the same bytes as its own check gives, with fewer trial rows.
func TestSensorRelationsCarried(t *testing.T) {
	h := &sensorBlockHead{ec: make([]int32, 8)}
	r1 := colRel{col: 2, kind: relLinear, n: 2, src: [relMaxSrc]int{0, 1}}
	r2 := colRel{col: 5, kind: relLinear, n: 1, src: [relMaxSrc]int{4}}
	g := predict.LatticeParams{Col: 5, G: 1}
	e := &SensorEncoder{}
	e.noteRelations(h, []colRel{r1, r2}, func(r colRel) bool { return r.col == 2 }, []predict.LatticeParams{g}, nil)
	h.rels = []colRel{r2}
	keep, back, ok := e.carryRelations(h, []predict.LatticeParams{g})
	if !ok || keep(r2) || !keep(r1) || len(back) != 0 {
		t.Fatalf("a checked relation: carried %v, back %v", ok, back)
	}
	if _, _, ok := e.carryRelations(h, nil); ok {
		t.Error("carried with other lattices dropped")
	}
	r3 := r2
	r3.src[0] = 3
	h.rels = []colRel{r1, r3}
	if _, _, ok := e.carryRelations(h, []predict.LatticeParams{g}); ok {
		t.Error("carried to a relation of other sources")
	}
	e.noteRelations(h, nil, nil, []predict.LatticeParams{g}, []predict.LatticeParams{g})
	h.rels = nil
	if _, back, ok := e.carryRelations(h, []predict.LatticeParams{g}); !ok || len(back) != 1 {
		t.Errorf("a restored lattice: carried %v, back %v", ok, back)
	}

	log := quatLog(20000)
	vlm, enc := encodeSensorCarry(t, log, true)
	each, enc0 := encodeSensorCarry(t, log, false)
	if enc.summary.Blocks != 2 || enc.carried != 1 || enc0.carried != 0 {
		t.Fatalf("%d blocks, %d choices carried (%d without): want 2 and 1", enc.summary.Blocks, enc.carried, enc0.carried)
	}
	if !bytes.Equal(vlm, each) {
		t.Errorf("%d bytes, %d with every block's own trials", len(vlm), len(each))
	}
	if a, b := enc.trialRows.Load(), enc0.trialRows.Load(); a >= b {
		t.Errorf("trial rows %d, %d without carrying", a, b)
	}
	if got, _ := decodeSensor(t, vlm); !bytes.Equal(got, log) {
		t.Error("round trip differs")
	}
}

// TestSensorRelCheckRows: the relations check codes a quarter of a block's rows, at least
// 1,024 and at most relCheckRows, whether or not a block of as many columns was checked
// before it (the first check coded the block whole until senc8, relFirstShare).
func TestSensorRelCheckRows(t *testing.T) {
	h := &sensorBlockHead{ec: make([]int32, 6)}
	for _, c := range []struct {
		rows, cols int
		tried      bool
		want       int
	}{
		{3000, 6, false, relCheckLater},
		{20000, 6, false, 5000},
		{40000, 6, false, relCheckRows},
		{800, 6, false, 800},
		{3000, 6, true, relCheckLater},
		{800, 6, true, 800},
		{20000, 6, true, 5000},
		{40000, 6, true, relCheckRows},
		{3000, 7, true, relCheckLater},
		{8000, 7, true, 2000},
	} {
		e := &SensorEncoder{ends: make([]vision.LineEnd, c.rows)}
		e.relCarry = relCarry{tried: c.tried, cols: c.cols}
		if got := e.relCheckRows(h); got != c.want {
			t.Errorf("%d rows, last check of %d columns (%v): %d rows checked, want %d", c.rows, c.cols, c.tried, got, c.want)
		}
	}
}

// TestSensorValueTrialShared: the value trial's run with no value mode is the lattice trial's
// of the lattices taken on the block's first rows (the same head and rows): not run again,
// the same bytes.
func TestSensorValueTrialShared(t *testing.T) {
	for _, l := range []struct {
		name string
		log  []byte
	}{
		{"hourly", hourlyLog(hourlyDays)}, // (lattices, and value candidates)
	} {
		vlm, enc := encodeSensorCarry(t, l.log, true)
		each, enc0 := encodeSensorCarry(t, l.log, false)
		if !bytes.Equal(vlm, each) {
			t.Errorf("%s: %d bytes, %d with every trial run", l.name, len(vlm), len(each))
		}
		a, b := enc.trialRows.Load(), enc0.trialRows.Load()
		t.Logf("%s: trial rows %d, %d with every trial run", l.name, a, b)
		if a >= b {
			t.Errorf("%s: trial rows %d, %d with every trial run", l.name, a, b)
		}
	}
}

// TestSensorLatticeSkipBehind: after a lattice trial won near (no carry), the next blocks of
// as many columns and candidates leave out the candidates that cost 1/latticeFar more than
// the one taken, at most carryMax blocks in a row, then try every one again; a trial that
// left some out carries nothing by far and keeps them left out; none with latticeSkipBehind
// off, with the carry off, or in a block of other columns.
func TestSensorLatticeSkipBehind(t *testing.T) {
	h := &sensorBlockHead{ec: make([]int32, 5)}
	e := &SensorEncoder{}
	costs := []uint64{1000, 1061, 1100}
	cost := func(k int) uint64 { return costs[k] }
	e.noteLattices(h, 0, cost, 3, nil)
	if s := e.latticeSkips(&sensorBlockHead{ec: make([]int32, 6)}, 3); s != nil {
		t.Errorf("a block of more columns leaves out %v", s)
	}
	if s := e.latticeSkips(h, 2); s != nil {
		t.Errorf("a block of fewer candidates leaves out %v", s)
	}
	for i := range carryMax {
		s := e.latticeSkips(h, 3)
		if len(s) != 3 || s[0] || s[1] || !s[2] {
			t.Fatalf("block %d after the trial: leaves out %v, want candidate 2", i+1, s)
		}
		// the block's trial of the others: 0 taken, 1 near, 2 untried
		e.noteLattices(h, 0, func(k int) uint64 { return []uint64{1000, 1500, untriedCost}[k] }, 3, s)
		if e.latCarry.far {
			t.Fatal("a trial that left a candidate out took one by far")
		}
	}
	if s := e.latticeSkips(h, 3); s != nil {
		t.Errorf("left out %d blocks in a row: %v", carryMax+1, s)
	}
	e.noteLattices(h, 0, cost, 3, nil)
	latticeSkipBehind = false
	s := e.latticeSkips(h, 3)
	latticeSkipBehind = true
	if s != nil {
		t.Errorf("latticeSkipBehind off: leaves out %v", s)
	}
	e.noCarry = true
	if s := e.latticeSkips(h, 3); s != nil {
		t.Errorf("carry off: leaves out %v", s)
	}
	e.noCarry = false
	costs = []uint64{1000, 1010, 1020}
	e.noteLattices(h, 1, cost, 3, nil)
	if s := e.latticeSkips(h, 3); s != nil {
		t.Errorf("every candidate near: leaves out %v", s)
	}
}
