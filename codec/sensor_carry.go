package codec

import (
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
)

// The encoder's choices carried from block to block (issue 12, branch `senc4`): the
// lattices' trial (chooseLattices) and the relations' check (checkRelations) code a block's
// rows several times with fresh coders, every block, while the blocks of one table are
// alike. A block of as many columns as the last block that ran the trial takes that trial's
// choice without running its own, at most carryMax blocks in a row, when the choice is one
// the trial can give again:
//
//   - lattices: the candidate taken (every lattice found, none, or the one-column ones) won
//     by far, costing at least 1/latticeFar less than each of the others, and the block has
//     as many candidates;
//   - relations: every relation found in the block (its column, kind and sources) and every
//     lattice the relations took was among the trial's; each keeps the trial's verdict
//     (a relation kept or dropped, a lattice restored or not).
//
// Only the encoder's choices change, never the format: the decoder reads them from the
// block's head as before.
const (
	carryMax   = 3
	latticeFar = 16
)

// latticeCarry is the last lattice trial's outcome.
type latticeCarry struct {
	cols    int  // the block's columns
	ncand   int  // the candidates tried
	k       int  // the one taken
	far     bool // it won by far
	carried int  // blocks since that took its choice without a trial
	// behind: each candidate that cost at least 1/latticeFar more than the one taken (and was
	// tried: sspeed12); skipped: blocks since that tried only the others.
	behind  []bool
	skipped int
}

// latticeSkipBehind turns on a later block's lattice trial without the candidates the last
// trial found far behind (sspeed12; false: every candidate, as before).
var latticeSkipBehind = true

// latticeSkips returns which of the block's ncand candidates its lattice trial leaves out:
// those the last trial, of a block as wide and as many candidates, found far behind the one
// it took (no trial of its own: every candidate is tried again after carryMax blocks in a
// row, so that a table that changes is seen), or nil.
func (e *SensorEncoder) latticeSkips(h *sensorBlockHead, ncand int) []bool {
	l := &e.latCarry
	if !latticeSkipBehind || e.noCarry || l.behind == nil || l.cols != len(h.ec) || l.ncand != ncand || l.skipped >= carryMax || !slices.Contains(l.behind, true) {
		return nil
	}
	l.skipped++
	return l.behind
}

// carryLattices returns the lattices block head h keeps without a trial, among candidates
// cands, and whether the last trial's choice carries to it.
func (e *SensorEncoder) carryLattices(h *sensorBlockHead, cands [][]predict.LatticeParams) ([]predict.LatticeParams, bool) {
	l := &e.latCarry
	if e.noCarry || !l.far || l.cols != len(h.ec) || l.ncand != len(cands) || l.carried >= carryMax {
		return nil, false
	}
	l.carried++
	e.carried++
	return cands[l.k], true
}

// noteLattices records a lattice trial's outcome: candidate k taken, the candidates' costs.
func (e *SensorEncoder) noteLattices(h *sensorBlockHead, k int, cost func(int) uint64, ncand int, skip []bool) {
	far := true
	w := cost(k)
	behind := make([]bool, ncand)
	for j := range ncand {
		if j < len(skip) && skip[j] {
			continue // (not tried: neither far behind by this trial nor close)
		}
		if j != k && cost(j) < w+w/latticeFar {
			far = false
		}
		behind[j] = j != k && cost(j) >= w+w/latticeFar
	}
	skipped := 0
	if skip != nil {
		skipped = e.latCarry.skipped
		behind = skip // (what was skipped stays so until every candidate is tried again)
	}
	e.latCarry = latticeCarry{cols: len(h.ec), ncand: ncand, k: k, far: far && skip == nil, behind: behind, skipped: skipped}
}

// relKey names a relation by what the check's verdict is about: its target, kind and sources
// (not its fitted weights, which each block fits anew).
type relKey struct {
	col, kind, n int
	src          [relMaxSrc]int
}

func keyOfRel(r colRel) relKey { return relKey{r.col, int(r.kind), r.n, r.src} }

// relCarry is the last relations check's outcome.
type relCarry struct {
	cols    int
	tried   bool
	kept    map[relKey]bool // each relation checked: kept
	dropped map[[2]int]bool // each lattice the relations took (Col, G): restored
	carried int
}

// carryRelations returns the verdicts of the last check for block head h's relations and the
// lattices dropped for them, if every relation was checked there and the same lattices were
// dropped (relCarry).
func (e *SensorEncoder) carryRelations(h *sensorBlockHead, dropped []predict.LatticeParams) (keep func(colRel) bool, back []predict.LatticeParams, ok bool) {
	l := &e.relCarry
	if e.noCarry || !l.tried || l.cols != len(h.ec) || l.carried >= carryMax || len(dropped) != len(l.dropped) {
		return nil, nil, false
	}
	for _, r := range h.rels {
		if _, ok := l.kept[keyOfRel(r)]; !ok {
			return nil, nil, false
		}
	}
	for _, g := range dropped {
		restored, ok := l.dropped[[2]int{g.Col, g.G}]
		if !ok {
			return nil, nil, false
		}
		if restored {
			back = append(back, g)
		}
	}
	l.carried++
	e.carried++
	return func(r colRel) bool { return l.kept[keyOfRel(r)] }, back, true
}

// noteRelations records a check's verdicts: of relations rels (kept those keep says) and
// of the lattices dropped for them (restored those in back).
func (e *SensorEncoder) noteRelations(h *sensorBlockHead, rels []colRel, keep func(colRel) bool, dropped, back []predict.LatticeParams) {
	l := relCarry{cols: len(h.ec), tried: true, kept: map[relKey]bool{}, dropped: map[[2]int]bool{}}
	for _, r := range rels {
		l.kept[keyOfRel(r)] = keep(r)
	}
	for _, g := range dropped {
		l.dropped[[2]int{g.Col, g.G}] = slices.ContainsFunc(back, func(b predict.LatticeParams) bool { return b.Col == g.Col && b.G == g.G })
	}
	e.relCarry = l
}
