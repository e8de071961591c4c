package codec

import (
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 4: per column, how its digits use the value contexts. The encoder chooses,
// per block, among candidate columns those whose residuals learn from the value contexts
// too (valueContexts) and those whose digits are coded directly, from the bottom of their
// decade instead of as residuals from the column's prediction (valueDirect)
// (docs/FORMAT.md §12.5).

const (
	valueTrialRows  = 4096     // the trial codes at most this many rows of the block,
	valueTrialShare = 8        // and this share of them
	valueTrialMin   = 256      // a block shorter than this share of it has no value modes
	valueGain       = 100      // a mode must save 1/valueGain of the column's cost to be taken,
	valueGainMin    = 32 << 16 // and 32 bits
)

// valueCands are a block's candidate columns for the value modes (increasing), and whether
// each may be direct.
type valueCands struct {
	cand   []int
	direct []bool
	rank   []bool // model 8: whether each may be a rank column (rankCandidate)
}

// chooseValues returns the value modes of the block's candidate columns: the block's first
// rows (an eighth, up to valueTrialRows) are coded by a fresh model with every candidate in
// each mode (none, value contexts, direct where allowed), and each column takes the mode
// that cost it least if that is less than with none by 1 % and 32 bits. After a trial, a
// block whose candidates were mostly those tried keeps their modes without one (a new
// candidate takes none).
func (e *SensorEncoder) chooseValues(h *sensorBlockHead, vc valueCands) []colValue {
	all := vc.cand
	if len(all) == 0 {
		return nil
	}
	if e.valueTried {
		known := 0
		for _, c := range all {
			if slices.Contains(e.valueCand, c) {
				known++
			}
		}
		if 2*known >= len(all) {
			var out []colValue
			for _, v := range e.values {
				m := v.mode
				i := slices.Index(vc.cand, v.col)
				switch {
				case i < 0:
					continue
				case m == valueDirect && !vc.direct[i], m == valueRank && !vc.rank[i]:
					m = valueContexts
				}
				out = append(out, colValue{v.col, m})
			}
			return out
		}
	}
	e.valueTried = true
	e.valueCand = slices.Clone(all)
	e.values = e.tryValues(h, vc)
	return e.values
}

// trialStats codes the block's first rows under head h with a fresh coder whose output is
// thrown away, and returns what they cost (the trials of chooseValues and chooseOrder).
func (e *SensorEncoder) trialStats(h *sensorBlockHead, rows int) *SensorBlockStats {
	return e.trialStatsAt(h, 0, rows)
}

// trialPair codes the block's first rows under heads a and b side by side (runTrials) and
// returns their costs: the two sides of an encoder trial.
func (e *SensorEncoder) trialPair(a, b *sensorBlockHead, rows int) (sa, sb *SensorBlockStats) {
	e.runTrials(
		func() { sa = e.trialStats(a, rows) },
		func() { sb = e.trialStats(b, rows) },
	)
	return sa, sb
}

// trialStatsAt is trialStats on the block's rows from on. The trial codes a copy of each
// row's cells (the coder writes into the cells of the row it codes: repeat flags, kinds, a
// number's notation while it codes it; it keeps nothing that points into them once the row
// is done), so that trials can run side by side (runTrials) and none of them leaves anything
// in e.cells for the block's coding or another trial to see.
func (e *SensorEncoder) trialStatsAt(h *sensorBlockHead, from, rows int) *SensorBlockStats {
	if from == 0 {
		if st := e.memoTrial(h, rows); st != nil { // (sensor_memo.go)
			e.trialRows.Add(int64(rows))
			return st
		}
	}
	t := newSensorCoder()
	t.setParams(&e.params)
	t.trial, t.free = true, &e.trialModels
	t.startBlock(h)
	st := &SensorBlockStats{}
	tr := &trialRun{t: t, st: st, next: from}
	if from == 0 && e.memo != nil {
		tr.key = memoKey(h)
	}
	e.trialRunRows(tr, from+rows)
	t.releaseModels()
	return st
}

// releaseModels gives trial coder s's largest models (each column's residual models, a rank
// column's, the value contexts' table) back to its encoder's TrialModels (s.free) for the
// next trial to reuse (a reused model starts in exactly a new one's state).
// s must not code again: it is being dropped.
func (s *sensorCoder) releaseModels() {
	for _, c := range s.cols {
		c.ReleaseMixed()
	}
	for _, r := range s.ranks {
		if r != nil {
			s.free.ReleaseMixed(r.m)
			r.m = nil
		}
	}
	s.free.ReleaseValueContexts(s.vctx)
	s.vctx = nil
}

// trialCodeRows codes the block's rows from on into trial coder t (a fresh coder whose block
// has started) with statistics into st, each row from a copy of its cells (trialStatsAt says
// why); an interrupt stops it early (the choice is not used: codeBlock returns
// ErrInterrupted).
func (e *SensorEncoder) trialCodeRows(t *sensorCoder, st *SensorBlockStats, from, rows int) {
	e.trialRunRows(&trialRun{t: t, st: st, next: from}, from+rows)
}

// trialRunRows is trialCodeRows on trial tr (its coder's block started, its statistics st):
// its rows up to row r (excluded). A trial with a memo key whose rows all got coded leaves
// its costs in the memo (sensor_memo.go).
func (e *SensorEncoder) trialRunRows(tr *trialRun, r int) {
	t := tr.t
	rows := r - tr.next
	t.beginStats(tr.st)
	t.bc = NewBitCostCounter() // (its costs are all a trial reads)
	// codeTo's rows, without a stop flag (it stops early on an interrupt only)
	ok := e.codeTo(tr, r, nil)
	t.closeWindow()
	if ok && tr.key != "" {
		e.memo.put(tr.key, r, cloneStats(tr.st))
	}
	e.trialRows.Add(int64(rows))
}

// runTrials calls each of the trials given, on up to e.threads goroutines at once. The
// trials are independent (each codes copies of the cells with a coder of its own, and
// writes only its own result), so their results do not depend on how they are scheduled.
func (e *SensorEncoder) runTrials(trials ...func()) {
	predict.ParallelFor(e.classifyThreads(), len(trials), func(i int) { trials[i]() })
}

// tryValues is chooseValues' trial.
func (e *SensorEncoder) tryValues(h *sensorBlockHead, vc valueCands) []colValue {
	rows := min(len(e.ends)/valueTrialShare, valueTrialRows)
	if rows < valueTrialMin {
		return nil
	}
	rows = e.searchRows(h, rows, valueTrialMin) // (senc8)
	// cost codes the trial's rows with the modes given per column.
	cost := func(mode func(c int) uint8) []SensorColumnCost {
		var vs []colValue
		for c := range h.ec {
			if m := mode(c); m != 0 {
				vs = append(vs, colValue{c, m})
			}
		}
		var st *SensorBlockStats
		if len(vs) == 0 && e.latFirst != nil && e.latFirstRows == rows && !e.noCarry {
			// No mode, as many rows as the lattice trial of the lattices taken coded under
			// this very head (chooseLattices: no value modes, field order): its costs.
			st = e.latFirst
		} else {
			th := *h
			th.values = vs
			st = e.trialStats(&th, rows)
		}
		// The costs of the later half of the rows: the value contexts learn slower than the
		// residuals' counters, and the block goes on for longer than the trial.
		cs := make([]SensorColumnCost, len(st.Columns))
		for _, w := range st.Windows[len(st.Windows)/2:] {
			for c, v := range w.Columns {
				cs[c].Value += v
			}
		}
		return cs
	}
	modeOf := func(m uint8) func(c int) uint8 {
		return func(c int) uint8 {
			i := slices.Index(vc.cand, c)
			switch {
			case i < 0:
				return 0
			case m == valueDirect && !vc.direct[i], m == valueRank && !vc.rank[i]:
				return valueContexts
			}
			return m
		}
	}
	// The trials of the modes (none; contexts; direct and rank where a candidate may take
	// them) side by side.
	var costs [4][]SensorColumnCost
	trials := []func(){func() { costs[valueNone] = cost(func(int) uint8 { return 0 }) }}
	if len(vc.cand) > 0 {
		trials = append(trials, func() { costs[valueContexts] = cost(modeOf(valueContexts)) })
		if slices.Contains(vc.direct, true) {
			trials = append(trials, func() { costs[valueDirect] = cost(modeOf(valueDirect)) })
		}
		if slices.Contains(vc.rank, true) {
			trials = append(trials, func() { costs[valueRank] = cost(modeOf(valueRank)) })
		}
	}
	e.runTrials(trials...)
	base := costs[valueNone]
	gains := func(t, ref uint64) bool { return t+t/valueGain+valueGainMin < ref }
	var out []colValue
	for c := range h.ec {
		var m uint8
		if i := slices.Index(vc.cand, c); i >= 0 && c < len(base) {
			best := base[c].Total()
			for k := valueContexts; k <= valueRank; k++ {
				if costs[k] == nil || c >= len(costs[k]) || k == valueDirect && !vc.direct[i] || k == valueRank && !vc.rank[i] {
					continue
				}
				if t := costs[k][c].Total(); gains(t, base[c].Total()) && t < best {
					best, m = t, uint8(k)
				}
			}
		}
		if m != 0 {
			out = append(out, colValue{c, m})
		}
	}
	return out
}

// valueCandidate9 tells, on the encoder's side (sensor model 9), whether a column that
// predict.ValueCandidate turns down is a candidate for value contexts all the same: one of
// 64 numbers or more. Model 9's relative contexts (predict.MixedResidual.BeginRel) and the
// values to its left can foretell a column whose own values are smooth (a direction class
// beside its direction); the trial keeps the mode only where it gains.
func valueCandidate9(res []int8) bool {
	n := 0
	for _, r := range res {
		if r >= 0 {
			n++
		}
	}
	return n >= 64
}

// rankCandidate tells, on the encoder's side (model 8), whether a column might be a rank
// column: its numbers (x by row, res ≥ 0 where a number) take at most a quarter as many
// distinct values as there are numbers, and at most rankMax.
func rankCandidate(x []int64, res []int8) bool {
	seen := make(map[int64]struct{})
	n := 0
	for r, v := range x {
		if res[r] < 0 {
			continue
		}
		n++
		if _, ok := seen[v]; !ok {
			seen[v] = struct{}{}
			if len(seen) > rankMax {
				return false
			}
		}
	}
	return n >= 64 && 4*len(seen) <= n
}
