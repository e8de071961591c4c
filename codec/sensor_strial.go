package codec

import (
	"sync"
	"sync/atomic"
)

// Sensor coder, twenty-third round (issue 12, branch `strial11`): trials decided early.
// A trial of classify codes a block's rows with fresh coders under two or more heads and
// compares what they cost. Where the verdict is plain after part of the rows, the rest is not
// coded:
//
//   - the lattice trial (chooseLattices) codes every candidate on the block's first rows and
//     on its last; it now codes the first stretch of every candidate first, and the last only
//     when the first does not decide: a candidate that the rule takes on the first stretch
//     alone and that costs at least 1/latticeEarlyFar less there than every other candidate;
//   - the relations check (checkRelations) codes its two heads on the block's first rows; it
//     now codes them to half of those rows first, and the rest only when a verdict (a relation
//     kept or not, a lattice restored or not) is not plain there: a column (or a lattice's
//     columns) that costs at least 1/relEarlyFar (and 16 bits) less under one head than under
//     the other, or the same to the bit.
//
// Only the encoder's choices can change (where the rest of the rows would have turned a plain
// verdict), never the format. The second stage may be started on an idle goroutine before the
// first has decided (runStaged); what is used does not depend on it, so the choices are the
// same with any number of threads.
//
// These are variables so that a test can set them to 0: never decided early.
var (
	latticeEarlyFar uint64 = latticeFar // the lattice trial's margin (as far as carryLattices' far)
	relEarlyFar     uint64 = 8          // the relations check's margin,
	relEarlyBits    uint64 = 16 << 16   // and at least this (16 bits)
)

// farApart reports whether costs a and b differ by at least 1/far of the larger and by at
// least least (never with far 0).
func farApart(a, b, far, least uint64) bool {
	if far == 0 {
		return false
	}
	lo, hi := min(a, b), max(a, b)
	return hi-lo >= hi/far && hi-lo >= least
}

// relPlain reports whether the relations check's verdict on costs a (with) and b (without)
// is plain: far apart (relEarlyFar), or the same to the bit (the relation does not reach the
// column's coding: a constant column, one coded by its repeats).
func relPlain(a, b uint64) bool {
	return farApart(a, b, relEarlyFar, relEarlyBits) || a == b && relEarlyFar != 0
}

// runStaged runs the trials of first, then, unless decided (called once, after all of
// first have returned) reports that their results decide, the trials of second; each on up to
// e.threads goroutines. A goroutine that finds no trial of first left to start while another
// goroutine still codes one may start a trial of second on the core that would otherwise idle
// (once all of first have returned, it waits for decided instead); if decided then reports
// true, such a trial is told to stop (its stop flag; it returns early) and its result must not
// be used. So what decided sees, and what is used after, is the same for any number of
// threads and any schedule. It returns what decided reported. With cont, second[i] goes on
// with first[i]'s work (a trial coded further): it does not start before first[i] has
// returned.
func (e *SensorEncoder) runStaged(first []func(), decided func() bool, second []func(stop *atomic.Bool), cont bool) bool {
	threads := e.classifyThreads()
	if threads <= 1 || len(first)+len(second) <= 1 {
		for _, f := range first {
			f()
		}
		if decided() {
			return true
		}
		for _, f := range second {
			f(nil)
		}
		return false
	}
	var stop atomic.Bool
	var next, firstLeft atomic.Int64
	firstLeft.Store(int64(len(first)))
	var firstDone, all sync.WaitGroup
	firstDone.Add(len(first))
	done := make([]chan struct{}, len(first))
	for i := range done {
		done[i] = make(chan struct{})
	}
	verdict := make(chan struct{})
	n := len(first) + len(second)
	for range min(threads, n) {
		all.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if i < len(first) {
					first[i]()
					close(done[i])
					firstLeft.Add(-1)
					firstDone.Done()
					continue
				}
				if firstLeft.Load() == 0 {
					<-verdict // (no core idles for it: the verdict first)
				}
				if j := i - len(first); cont && j < len(done) {
					<-done[j]
				}
				if stop.Load() {
					continue
				}
				second[i-len(first)](&stop)
			}
		})
	}
	firstDone.Wait()
	d := decided()
	if d {
		stop.Store(true)
	}
	close(verdict)
	all.Wait()
	return d
}

// trialRun is a trial coded in steps: its coder, its costs so far, the next row to code.
type trialRun struct {
	t    *sensorCoder
	st   *SensorBlockStats
	next int
	key  string // a trial from row 0 that leaves its costs in the block's memo: its head's key
}

// startTrial starts a trial of head h on the block's rows from row from on (trialStatsAt in
// steps: codeTo, then end).
func (e *SensorEncoder) startTrial(h *sensorBlockHead, from int) *trialRun {
	t := newSensorCoder()
	t.setParams(&e.params)
	t.trial, t.free = true, &e.trialModels
	t.startBlock(h)
	st := &SensorBlockStats{}
	t.beginStats(st)
	t.bc = NewBitCostCounter()
	tr := &trialRun{t: t, st: st, next: from}
	if from == 0 && e.memo != nil {
		tr.key = memoKey(h)
	}
	return tr
}

// codeTo codes the trial's rows up to row r (excluded), each from a copy of its cells
// (trialStatsAt says why); it stops early, and returns false, on an interrupt or when stop is
// set (checked every trialStopRows rows). A trial given a stop flag (runStaged's second
// stage, which may run before the verdict or not at all with one thread) does not call the
// caller's interruption check, only looks whether it has fired: so the calls of the check,
// like the choices, do not depend on the threads' timing (TestSensorEncodeInterrupt); the
// rows it codes are at most a trial's, and the check runs again once runStaged returns.
func (e *SensorEncoder) codeTo(tr *trialRun, r int, stop *atomic.Bool) bool {
	var row []sensorCell
	for ; tr.next < r; tr.next++ {
		if e.intr != nil && tr.next%interruptRows == 0 {
			if stop == nil && e.intr.interrupted() || stop != nil && e.intr.fired.Load() {
				return false
			}
		}
		if stop != nil && tr.next%trialStopRows == 0 && stop.Load() {
			return false
		}
		row = append(row[:0], e.cells[e.starts[tr.next]:e.starts[tr.next+1]]...)
		tr.t.codeRow(&row, len(row), e.ends[tr.next])
		if tr.key != "" && e.memo.wants(tr.next+1) {
			e.memo.put(tr.key, tr.next+1, tr.t.statsNow())
		}
	}
	return true
}

// trialStopRows: a trial told to stop looks at its flag every this many rows.
const trialStopRows = 16

// end closes the trial's last window and gives its models back; it returns its costs.
func (tr *trialRun) end(e *SensorEncoder) *SensorBlockStats {
	tr.t.closeWindow()
	tr.t.releaseModels()
	tr.t = nil
	if tr.key != "" && tr.next > 0 {
		// Its rows up to tr.next are coded (a stop or an interrupt leaves the rest): its
		// costs after them, for a later trial of the same head (sensor_memo.go).
		e.memo.put(tr.key, tr.next, cloneStats(tr.st))
	}
	return tr.st
}

// columnTotals returns each column's cost so far in st (SensorColumnCost.Total).
func columnTotals(st *SensorBlockStats) []uint64 {
	out := make([]uint64, len(st.Columns))
	for c := range st.Columns {
		out[c] = st.Columns[c].Total()
	}
	return out
}

// trialStatsStop is trialStatsAt for a trial that may be told to stop (runStaged's second
// stage): its costs, and false if it stopped before its last row. It does not count its rows
// in e.trialRows (the caller counts those of the trials whose results it uses).
func (e *SensorEncoder) trialStatsStop(h *sensorBlockHead, from, rows int, stop *atomic.Bool) (*SensorBlockStats, bool) {
	tr := e.startTrial(h, from)
	ok := e.codeTo(tr, from+rows, stop)
	return tr.end(e), ok
}
