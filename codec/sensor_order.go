package codec

import (
	"cmp"
	"math"
	"slices"
	"sync/atomic"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 5: a coding order of the row's fields per block. A number is predicted from
// the numbers coded before it in its row (the row regression and level of model 3, the value
// contexts of model 4, the unit cross, the cells it may be written as): a daily mean that is
// the midpoint of the maximum and the minimum costs little once both are known. The encoder
// proposes moving one column to just after the pair of columns whose values tell its own
// best (floating point: it only proposes), and reversing the numeric columns; it codes the
// block's first rows in field order and in each proposal, and keeps the first that pays
// (docs/FORMAT.md §12.7).

const (
	orderCols      = 64   // the columns the proposal considers (the first numeric ones)
	orderSample    = 1024 // rows the proposal reads at most
	orderMovers    = 1    // orders the trial compares with field order at most
	orderMaxCand   = 16   // columns a proposal considers at most
	orderMinBits   = 0.5  // a move's pair must save this many bits a value
	orderTrialRows = 2048 // the trial codes at most this many rows of the block,
	orderTrialPart = 16   // and this share of them
	orderTrialMin  = 256  // a block shorter than this share of it keeps field order
	orderGain      = 200  // a move must save 1/orderGain of the trial's cost,
	orderGainMin   = 64 << 16
)

// chooseOrder returns the block's coding order (model 5), nil for field order. The first
// block long enough for a trial (orderTrialPart·orderTrialMin rows) chooses; later blocks
// keep what it chose while their rows have the fields it moves.
func (e *SensorEncoder) chooseOrder(h *sensorBlockHead) []int {
	if e.noBytes {
		return nil // a probe (lawProbe) codes in field order
	}
	if e.orderTried {
		if len(e.order) > len(h.ec) {
			return nil
		}
		return e.order
	}
	rows := min(len(e.ends)/orderTrialPart, orderTrialRows)
	if rows < orderTrialMin {
		return nil // too short to tell: the next block may
	}
	e.orderTried = true
	cands := e.proposeOrders(h)
	if cands == nil {
		return nil
	}
	// cost codes the trial's rows in order and returns the cost of the later half of them:
	// the value contexts learn slower than the residuals' counters.
	cost := func(order []int) uint64 {
		th := *h
		th.order = order
		st := e.trialStats(&th, rows)
		var sum uint64
		for _, w := range st.Windows[len(st.Windows)/2:] {
			sum += w.Structure
			for _, v := range w.Columns {
				sum += v
			}
		}
		return sum
	}
	// Field order and every proposal side by side (runTrials): at most orderMovers+1
	// proposals, once a log.
	costs := make([]uint64, len(cands)+1)
	trials := []func(){func() { costs[0] = cost(nil) }}
	for k, o := range cands {
		trials = append(trials, func() { costs[k+1] = cost(o) })
	}
	e.runTrials(trials...)
	base := costs[0]
	for k, o := range cands {
		if c := costs[k+1]; c+base/orderGain+orderGainMin < base {
			e.order = o
			break // the first order that pays is taken
		}
	}
	return e.order
}

// proposeOrders returns the orders the trial compares with field order. Candidates are the
// numeric columns of few distinct values (at most a quarter of the sampled rows'; outside
// lattices, among the first orderCols fields): for each, the pair of such columns in whose
// context its values cost least, coded adaptively over the sampled rows. A column whose
// pair saves orderMinBits a row over its values alone, and is not all before it already,
// gives an order: field order with the column moved to just after the later of the pair.
// The orderMovers that save most are proposed, then the reversal of the numeric columns
// that are not dates (two or more; every other field stays in place).
func (e *SensorEncoder) proposeOrders(h *sensorBlockHead) [][]int {
	rows := len(e.ends)
	cols := min(len(h.ec), orderCols, predict.MaxSensorColumns-1)
	inLat := make([]bool, cols)
	for _, g := range h.groups {
		for a := 0; a < g.G && g.Col+a < cols; a++ {
			inLat[g.Col+a] = true
		}
	}
	// The sampled rows' values; the columns of numbers in most rows, few of them distinct.
	step := max(1, rows/orderSample)
	var sample [][]sensorCell
	for r := 0; r < rows; r += step {
		sample = append(sample, e.cells[e.starts[r]:e.starts[r+1]])
	}
	n := len(sample)
	var cand []int
	for c := 0; c < cols; c++ {
		if inLat[c] {
			continue
		}
		num := 0
		seen := map[int64]bool{}
		for _, b := range sample {
			if c < len(b) && b[c].kind == predict.CellNumber {
				num++
				if 4*len(seen) <= n {
					seen[b[c].x] = true
				}
			}
		}
		if 10*num >= 9*n && 4*len(seen) <= n {
			cand = append(cand, c)
		}
	}
	// The numeric columns other than dates, in reverse: a column's numbers are then coded
	// knowing those to its right.
	var out [][]int
	var numeric []int
	for c := 0; c < cols; c++ {
		num := 0
		for _, b := range sample {
			if c < len(b) && b[c].kind == predict.CellNumber {
				num++
			}
		}
		if !inLat[c] && 10*num >= 9*n && !slices.ContainsFunc(h.layouts, func(l colLayout) bool { return l.col == c }) {
			numeric = append(numeric, c)
		}
	}
	var rev []int
	if len(numeric) >= 2 {
		last := numeric[len(numeric)-1]
		rev = make([]int, last+1)
		for f := range rev {
			rev[f] = f
		}
		for i, c := range numeric {
			rev[c] = numeric[len(numeric)-1-i]
		}
	}
	if len(cand) < 3 || len(cand) > orderMaxCand {
		if rev != nil {
			out = append(out, rev)
		}
		return out
	}
	// cost returns the bits of column c's values coded adaptively (counts, with an escape
	// to the counts of all rows) in the context of columns a and b, over the sampled rows
	// where all three are numbers.
	type key struct{ a, b, x int64 }
	cost := func(c, a, b int) float64 {
		ctx := map[key]int{}
		tot := map[key]int{}
		all := map[int64]int{}
		bits, m := 0.0, 0
		for _, row := range sample {
			if c >= len(row) || row[c].kind != predict.CellNumber {
				continue
			}
			var ka, kb int64
			if a >= 0 {
				if a >= len(row) || b >= len(row) || row[a].kind != predict.CellNumber || row[b].kind != predict.CellNumber {
					continue
				}
				ka, kb = row[a].x, row[b].x
			}
			x := row[c].x
			p0 := float64(all[x]) / float64(m+1)
			if p0 == 0 {
				p0 = 1 / float64(m+1) / 65536
			}
			k := key{ka, kb, x}
			t := key{ka, kb, 0}
			p := (float64(ctx[k]) + float64(0.5*p0)) / (float64(tot[t]) + 0.5) // no fused multiply-add: the same on every machine
			bits -= math.Log2(p)
			ctx[k]++
			tot[t]++
			all[x]++
			m++
		}
		if m == 0 {
			return 0
		}
		return bits / float64(m)
	}
	type move struct {
		c, after int
		gain     float64
	}
	var moves []move
	for _, c := range cand {
		alone := cost(c, -1, -1)
		best := move{c: c}
		for i, a := range cand {
			for _, b := range cand[i+1:] {
				if a == c || b == c {
					continue
				}
				if g := alone - cost(c, a, b); g > best.gain {
					best.gain, best.after = g, b
				}
			}
		}
		if best.gain >= orderMinBits && best.after > c {
			moves = append(moves, best)
		}
	}
	slices.SortStableFunc(moves, func(x, y move) int { return cmp.Compare(y.gain, x.gain) })
	for _, mv := range moves[:min(len(moves), orderMovers)] {
		o := make([]int, 0, mv.after+1)
		for f := 0; f <= mv.after; f++ {
			if f != mv.c {
				o = append(o, f)
			}
			if f == mv.after {
				o = append(o, mv.c)
			}
		}
		out = append(out, o)
	}
	if rev != nil {
		out = append(out, rev)
	}
	return out
}

// periodsOf returns the block's periodic columns given its lattices: every column of cols
// but the last column slot and the columns of a lattice of more than one column (models 2
// and 3: of any lattice under model 2), with the period find gives it (0: none).
func (e *SensorEncoder) periodsOf(groups []predict.LatticeParams, cols int, find func(c int) int) []colPeriod {
	inLat, latSingle := make([]bool, cols), make([]bool, cols)
	for _, g := range groups {
		for a := 0; a < g.G; a++ {
			inLat[g.Col+a] = true
		}
		latSingle[g.Col] = g.G == 1
	}
	per := make([]int, cols)
	predict.ParallelFor(e.classifyThreads(), cols, func(c int) {
		if inLat[c] && (e.model < sensorModelV3 || !latSingle[c]) || c == predict.MaxSensorColumns-1 {
			return
		}
		per[c] = find(c)
	})
	var out []colPeriod
	for c, p := range per {
		if p > 0 {
			out = append(out, colPeriod{c, p})
		}
	}
	return out
}

// Sensor model 7: the lattices that FindLattices proposes are kept only where they pay on
// a trial. Its estimate of a lattice's gain (log-sized coordinates and residuals) takes a
// spread of integers (hourly irradiance in W/m²) for a lattice with a residual, and such a
// lattice also takes its columns' periods (a lattice of several columns has none).
const (
	latticeTrialShare = 8    // the trial codes this share of the block's rows, twice,
	latticeTrialRows  = 4096 // at most this many,
	latticeTrialMin   = 256  // and a block shorter than this share of it keeps its lattices
	latticeGain       = 200  // fewer lattices must save 1/latticeGain of the trial's cost
	latticeGainMin    = 64 << 16
	untriedCost       = math.MaxUint64 / 4 // a lattice candidate left out of the trial (latticeSkips)
)

// chooseLattices returns the lattices the block keeps (model 7): the block's first rows and
// its last rows (an eighth each, at most latticeTrialRows) are coded, each by a fresh model,
// with every lattice found, with only the lattices of one column (if some have more) and
// with none; the cost of the later half of each decides (its first rows alone misjudge a
// log that changes through the block: the hours of a year of weather from January), and fewer lattices are taken only when they cost
// 1/latticeGain and 64 bits less than every lattice (none, then one-column lattices, are
// tried in that order against the best so far). The columns outside a lattice take their
// periods (perAll) in each trial as in the block. The first stretch alone decides where the
// rule's choice on it wins by far (strial11, sensor_strial.go).
func (e *SensorEncoder) chooseLattices(h *sensorBlockHead, perAll []int) []predict.LatticeParams {
	rows := min(len(e.ends)/latticeTrialShare, latticeTrialRows)
	if e.noBytes || rows < latticeTrialMin {
		return h.groups
	}
	rows = e.searchRows(h, rows, latticeTrialMin) // (senc8)
	// The candidates: every lattice, none, and the lattices of one column where some have
	// more and some do not (where none has one column they are none again, which cannot beat
	// itself); each is coded on two stretches of rows, the trials side by side (runTrials).
	single := slices.DeleteFunc(slices.Clone(h.groups), func(g predict.LatticeParams) bool { return g.G > 1 })
	cands := [][]predict.LatticeParams{h.groups, nil}
	if len(single) > 0 && len(single) != len(h.groups) {
		cands = append(cands, single)
	}
	if groups, ok := e.carryLattices(h, cands); ok {
		return groups // the last trial's choice, taken by far (sensor_carry.go)
	}
	// A later block leaves out the candidates the last trial found far behind (sspeed12,
	// latticeSkips): they cost untriedCost, which nothing takes.
	skip := e.latticeSkips(h, len(cands))
	froms := []int{0, len(e.ends) - rows}
	sums := make([]uint64, len(cands)*len(froms))
	firsts := make([]*SensorBlockStats, len(cands)) // each candidate's trial on the first rows
	heads := make([]sensorBlockHead, len(cands))
	for k, groups := range cands {
		th := *h
		th.groups = groups
		th.periods = e.periodsOf(groups, len(perAll), func(c int) int { return perAll[c] })
		th.values, th.order = nil, nil
		heads[k] = th
	}
	later := func(st *SensorBlockStats) (sum uint64) {
		for _, w := range st.Windows[len(st.Windows)/2:] {
			sum += w.Structure
			for _, v := range w.Columns {
				sum += v
			}
		}
		return sum
	}
	// The first stretch of every candidate, then the last (strial11): the first decides alone
	// where the rule's choice on it costs at least 1/latticeEarlyFar less than every other
	// candidate there (sensor_strial.go); the last is started early on an idle goroutine.
	var first []func()
	var second []func(stop *atomic.Bool)
	tried := 0
	for k := range cands {
		if k < len(skip) && skip[k] {
			for j := range froms {
				sums[k*len(froms)+j] = untriedCost
			}
			continue
		}
		tried++
		first = append(first, func() {
			st := e.trialStatsAt(&heads[k], froms[0], rows)
			sums[k*len(froms)], firsts[k] = later(st), st
		})
		second = append(second, func(stop *atomic.Bool) {
			if st, ok := e.trialStatsStop(&heads[k], froms[1], rows, stop); ok {
				sums[k*len(froms)+1] = later(st)
			}
		})
	}
	// choose applies the rule to the candidates' costs: fewer lattices are taken in that
	// order (none, then one-column ones) where they pay against the best so far.
	choose := func(cost func(int) uint64) int {
		bk, base := 0, cost(0)
		for k := 1; k < len(cands); k++ {
			if c := cost(k); c+base/latticeGain+latticeGainMin < base {
				bk, base = k, c
			}
		}
		return bk
	}
	firstCost := func(k int) uint64 { return sums[k*len(froms)] }
	cost := func(k int) uint64 {
		var sum uint64
		for j := range froms {
			sum += sums[k*len(froms)+j]
		}
		return sum
	}
	early := e.runStaged(first, func() bool {
		bk := choose(firstCost)
		for k := range cands {
			if k != bk && (firstCost(k) <= firstCost(bk) || !farApart(firstCost(k), firstCost(bk), latticeEarlyFar, latticeGainMin)) {
				return false
			}
		}
		return true
	}, second, false)
	if early {
		cost = firstCost
		e.earlyLat++
	} else {
		e.trialRows.Add(int64(rows * tried)) // (the last stretches, trialStatsStop)
	}
	bk := choose(cost)
	best := cands[bk]
	e.noteLattices(h, bk, cost, len(cands), skip)
	e.latFirst, e.latFirstRows = firsts[bk], rows
	return best
}
