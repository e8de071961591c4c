package codec

import (
	"slices"
	"sync/atomic"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 11: relations that pay in their columns (issue 12, `rel11`).
//
// Model 10 keeps every relation that misses by less than half of its target's change from
// the row before (findRelations), the relation's value one more predictor of the target's
// Series, chosen by running error; and a column that a relation predicts to a quarter of
// that change leaves its lattice. Neither is measured in bits: a weak fit of a price from
// the row's other prices, chosen where it erred least lately, can make its column dearer.
// Model 11 codes the block's first rows (relCheckRows at most) twice, side by side with
// fresh coders as the other trials: under the head as model 10 makes it, and under the head
// without relations and with the lattices the relations took restored. A restored lattice
// is kept where its columns cost less so (their relations go), and a relation is kept only
// where its target column costs less with it.

// relCheckRows bounds the rows of checkRelations' trials (a block's first rows; the whole
// block when it is shorter).
const relCheckRows = 8192

// After a check of a block of as many columns, a block with relations that check did not see
// is checked on its first rows, a relCheckLaterShare share of them and at least relCheckLater
// (sensor_carry.go).
const (
	relCheckLater      = 1024
	relCheckLaterShare = 4
)

// relCheckRows returns how many of the block's first rows checkRelations' trials code for
// block head h: the whole block up to relCheckRows, or after a check of a block of as many
// columns (a later block of the table, with relations that check did not see) a
// relCheckLaterShare share of them, at least relCheckLater.
func (e *SensorEncoder) relCheckRows(h *sensorBlockHead) int {
	rows := min(len(e.ends), relCheckRows)
	if e.relCarry.tried && e.relCarry.cols == len(h.ec) && !e.noCarry {
		rows = min(rows, max(relCheckLater, len(e.ends)/relCheckLaterShare))
	} else {
		rows = min(rows, max(relCheckLater, len(e.ends)/relFirstShare)) // (senc8)
	}
	return rows
}

// checkRelations applies model 11's check to head h, whose relations were found after the
// lattices dropped had been taken from it (periods gives the periods of a set of lattices),
// and reports whether it changed h's lattices. Half the check's rows decide where every
// verdict is plain there (strial11, sensor_strial.go).
func (e *SensorEncoder) checkRelations(h *sensorBlockHead, dropped []predict.LatticeParams, periods func([]predict.LatticeParams) []colPeriod) bool {
	if len(h.rels) == 0 && len(dropped) == 0 {
		return false
	}
	in := func(c int, gs []predict.LatticeParams) bool {
		return slices.ContainsFunc(gs, func(g predict.LatticeParams) bool { return c >= g.Col && c < g.Col+g.G })
	}
	// A block whose relations and dropped lattices the last check saw takes its verdicts
	// (sensor_carry.go).
	keep, back, carried := e.carryRelations(h, dropped)
	if !carried {
		without := *h
		without.rels = nil
		if len(dropped) > 0 {
			without.groups = append(slices.Clone(h.groups), dropped...)
			slices.SortFunc(without.groups, func(a, b predict.LatticeParams) int { return a.Col - b.Col })
			without.values = slices.DeleteFunc(slices.Clone(h.values), func(v colValue) bool { return in(v.col, dropped) })
			without.periods = periods(without.groups)
		}
		rows := e.relCheckRows(h)
		// Both heads on the first half of the rows, then on the rest unless every verdict is
		// plain there (strial11, sensor_strial.go).
		var with, wout []uint64 // each column's cost under h and without
		cost := func(costs []uint64, c int) uint64 {
			if c < len(costs) {
				return costs[c]
			}
			return 0
		}
		groupCost := func(costs []uint64, g predict.LatticeParams) (n uint64) {
			for c := g.Col; c < g.Col+g.G; c++ {
				n += cost(costs, c)
			}
			return n
		}
		half := rows / 2
		trs, snap := [2]*trialRun{}, [2][]uint64{}
		heads := [2]*sensorBlockHead{h, &without}
		var first []func()
		var second []func(stop *atomic.Bool)
		for i := range trs {
			first = append(first, func() {
				trs[i] = e.startTrial(heads[i], 0)
				e.codeTo(trs[i], half, nil)
				snap[i] = columnTotals(trs[i].st) // (the rest may be coded before decided is asked)
			})
			second = append(second, func(stop *atomic.Bool) { e.codeTo(trs[i], rows, stop) })
		}
		early := e.runStaged(first, func() bool {
			with, wout = snap[0], snap[1]
			for _, g := range dropped {
				if !relPlain(groupCost(with, g), groupCost(wout, g)) {
					return false
				}
			}
			for _, r := range h.rels {
				if !in(r.col, dropped) && !relPlain(cost(with, r.col), cost(wout, r.col)) {
					return false
				}
			}
			return true
		}, second, true)
		stWith, stWithout := trs[0].end(e), trs[1].end(e)
		if early {
			e.earlyRel++
			e.trialRows.Add(int64(2 * half))
		} else {
			e.trialRows.Add(int64(2 * rows))
			with, wout = columnTotals(stWith), columnTotals(stWithout)
		}
		for _, g := range dropped {
			if groupCost(wout, g) < groupCost(with, g) {
				back = append(back, g)
			}
		}
		keep = func(r colRel) bool {
			return !in(r.col, back) && (in(r.col, dropped) || cost(with, r.col) < cost(wout, r.col))
		}
		e.noteRelations(h, h.rels, keep, dropped, back)
	}
	h.rels = slices.DeleteFunc(h.rels, func(r colRel) bool { return !keep(r) })
	if len(back) == 0 {
		return false
	}
	h.groups = append(h.groups, back...)
	slices.SortFunc(h.groups, func(a, b predict.LatticeParams) int { return a.Col - b.Col })
	h.values = slices.DeleteFunc(h.values, func(v colValue) bool { return in(v.col, back) })
	h.periods = periods(h.groups)
	return true
}
