package codec

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// refPlaneIndex is planeIndex as it was before ssp5 (a Go map of the cells' indices): the
// reference its open-addressed table must find the same cells as.
type refPlaneIndex struct {
	shift uint
	idx   map[uint64]int32
	cells []planeCell
}

func (g *refPlaneIndex) insert(a, b, t int64) {
	k := planeKey(a>>g.shift, b>>g.shift)
	i, ok := g.idx[k]
	if !ok {
		i = int32(len(g.cells))
		g.cells = append(g.cells, planeCell{})
		g.idx[k] = i
	}
	c := &g.cells[i]
	c.p[c.n%rel13Cell] = planePt{a, b, t}
	c.n++
}

// TestPlaneIndexTable: planeIndex's table gives every key the cell the map gave it, and its
// predictions are the same, over grids that grow the table several times, after resets to
// other cell widths, on values near the grid's 32-bit wrap and the predict limit.
func TestPlaneIndexTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 12))
	g := newPlaneIndex(0)
	for round := range 12 {
		shift := uint(rng.IntN(40))
		g.reset(shift)
		ref := &refPlaneIndex{shift: shift, idx: map[uint64]int32{}}
		span := int64(1) << uint(rng.IntN(44))
		n := 1 + rng.IntN(5000)
		for range n {
			var a, b int64
			if round%3 == 0 { // clustered: many rows per cell
				a, b = rng.Int64N(64)<<shift, rng.Int64N(64)<<shift
			} else {
				a, b = rng.Int64N(2*span+1)-span, rng.Int64N(2*span+1)-span
			}
			v := rng.Int64N(1<<20) - 1<<19
			pg, okg := g.predict(a, b)
			pr, okr := refPredict(ref, a, b)
			if pg != pr || okg != okr {
				t.Fatalf("round %d: predict(%d, %d) = %d %v, want %d %v", round, a, b, pg, okg, pr, okr)
			}
			g.insert(a, b, v)
			ref.insert(a, b, v)
		}
		if len(g.cells) != len(ref.cells) {
			t.Fatalf("round %d: %d cells, want %d", round, len(g.cells), len(ref.cells))
		}
		for k, i := range ref.idx {
			if got := g.find(k); got != i {
				t.Fatalf("round %d: key %x at cell %d, want %d", round, k, got, i)
			}
		}
		if g.find(1<<63|12345) >= 0 && ref.idx[1<<63|12345] == 0 {
			t.Fatalf("round %d: a key never inserted found", round)
		}
	}
}

// refPredict is planeIndex.predict on the reference's cells (the same code through
// a planeIndex that holds them).
func refPredict(ref *refPlaneIndex, a, b int64) (int64, bool) {
	g := &planeIndex{shift: ref.shift, cells: ref.cells}
	g.alloc(planeIndexBits)
	for len(g.slot) < 2*len(ref.cells)+2 {
		g.alloc(g.bits + 1)
	}
	for k, i := range ref.idx {
		g.place(k, i)
	}
	return g.predict(a, b)
}

// TestCompatMemo: compatible (remembered per block) answers as compatibleNow does for every
// pair of column slots, across blocks whose heads change the columns' units, affixes and
// float printings, and after a slot is added in the middle of a block.
func TestCompatMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := newSensorCoder()
	s.setParams(&SensorParams{Model: sensorModelV5, Delimiter: ',', Decimal: '.'})
	check := func(when string) {
		for a := range s.cols {
			for b := range s.cols {
				for range 2 { // (asked twice: computed, then remembered)
					if got, want := s.compatible(a, b), s.compatibleNow(a, b); got != want {
						t.Fatalf("%s: compatible(%d, %d) = %v, want %v", when, a, b, got, want)
					}
				}
			}
		}
	}
	for block := range 20 {
		cols := 3 + rng.IntN(5)
		h := &sensorBlockHead{model: sensorModelV5, ec: make([]int32, cols), hasEc: make([]bool, cols)}
		for c := range cols {
			h.ec[c], h.hasEc[c] = int32(-rng.IntN(3)), rng.IntN(4) > 0
			if rng.IntN(3) == 0 {
				h.affixes = append(h.affixes, colAffix{col: c, prefix: []byte{"$€"[rng.IntN(2)]}})
			}
			if rng.IntN(3) == 0 {
				h.floats = append(h.floats, colFloat{col: c, f: vision.FloatFormat{Fmt: 'g', Prec: uint8(6 + rng.IntN(2)), Bits: 32}})
			}
		}
		s.startBlock(h)
		check("block " + strconv.Itoa(block))
		s.column(len(s.cols)) // a row wider than the head: a slot added mid-block
		check("block " + strconv.Itoa(block) + ", a slot added")
	}
}
