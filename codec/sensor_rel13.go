package codec

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Sensor model 13: related columns (issue 12, branch `geo13`; docs/MODEL.md "Sensor model
// 13: related columns", docs/FORMAT.md §12.8.8).
//
// A number column may be a function of other columns that no series, lattice or linear
// relation of the row foretells. The block head names, for such a column, a relation:
//
//   - plane: the column is a smooth function of two partner columns coded before it in
//     the row (a map's latitude of its grid coordinates). The prediction is the plane
//     through three earlier rows near the row in the partners' plane (a grid of cells
//     2^shift partner units wide, the last rows of the 3×3 cells around the row's), the
//     three chosen among the nearest so that the row lies closest to their triangle.
//   - key: the column follows the last row with the same text in a key column coded
//     before it (interleaved tickers): the prediction is that row's value.
//   - key, percent: as key, plus that row's value times that row's number in a change
//     column, a percent (a forward percent change: the next value of the ticker).
//
// A number with such a prediction codes its residual with the column's second residual
// model (the one a lattice's cells use, free in a column outside lattices) under the
// prediction's running error; without one (no earlier row near, no earlier row of the
// key) the column's series predicts it as before. All arithmetic is on integers.

// colRel13 is one relation of a block head: column col predicted by kind from a, b.
type colRel13 struct {
	col   int
	kind  uint8
	a, b  int   // plane: the partners; key: a the key column, b the change column (percent)
	shift uint8 // plane: the grid's cell width, 2^shift partner units
	// Model 14 (sensor_wx14.go): product, t = d ± round(a·b/c) (d −1: none; neg: minus);
	// scale, t = round(a·T/A) with a alone.
	c, d int
	neg  bool
}

const (
	rel13Plane   = 1
	rel13Key     = 2
	rel13KeyPct  = 3
	rel13MaxKind = 3

	rel13MaxShift   = 24
	rel13Cell       = 4    // rows kept per grid cell
	rel13Near       = 8    // nearest rows the plane's three are chosen among
	rel13TrialRows  = 4096 // chooseRel13 reads at most the block's first rows
	rel13Srcs       = 3    // plane partners: among the columns coded last before the column
	rel13ScreenRows = 512  // the candidates are screened on the first rows
	rel13KeyRows    = 4    // a key column's texts come back this many times on average
	rel13CheckRows  = 2048 // applyRel13's trial codes the block's first rows: a sixteenth of the
	rel13CheckMin   = 512  // block's rows, within these bounds
	rel13MinShift   = 4    // a plane's cells are 16 partner units wide or more
	rel13MinBase    = 6    // a column whose baseline estimate is below this a row takes none
	rel13PctNear    = 2    // a percent's change column is at most this many fields from the column
	rel13MaxKeys    = 1 << 16
	rel13Share      = 0.7 // a relation must cost at most this share of the baseline estimate,
	rel13GainRow    = 1.0 // and save this many bits a row
)

// rel13Bins are the partners' cell counts over their range that chooseRel13 tries.
var rel13Bins = [...]int64{64, 256}

// appendRel13 appends a block head's relations (model 13).
func appendRel13(b []byte, rs []colRel13) []byte {
	b = binary.AppendUvarint(b, uint64(len(rs)))
	for _, r := range rs {
		b = binary.AppendUvarint(b, uint64(r.col))
		b = binary.AppendUvarint(b, uint64(r.kind))
		b = binary.AppendUvarint(b, uint64(r.a))
		switch r.kind {
		case rel13Plane:
			b = binary.AppendUvarint(b, uint64(r.b))
			b = binary.AppendUvarint(b, uint64(r.shift))
		case rel13KeyPct:
			b = binary.AppendUvarint(b, uint64(r.b))
		case rel14Prod:
			b = appendProd14(b, r)
		case rel15Hum:
			b = appendHum15(b, r)
		}
	}
	return b
}

// parseRel13 reads a block head's relations: columns increasing, partners other columns.
func parseRel13(f *fieldReader, n, model int) ([]colRel13, error) {
	cnt := f.count(uint64(n), "related column count")
	if f.err == nil && cnt == 0 {
		return nil, fmt.Errorf("no related columns where the head says they follow")
	}
	lim := uint64(min(n, predict.MaxSensorColumns-1) - 1)
	var rs []colRel13
	last := -1
	for i := 0; i < cnt && f.err == nil; i++ {
		var r colRel13
		r.col = f.count(lim, "related column")
		maxKind := uint64(rel13MaxKind)
		if model >= sensorModelV15 {
			maxKind = rel15MaxKind
		} else if model >= sensorModelV14 {
			maxKind = rel14MaxKind
		}
		r.kind = uint8(f.count(maxKind, "relation kind"))
		r.a = f.count(lim, "relation partner")
		r.b = -1
		switch r.kind {
		case rel13Plane:
			r.b = f.count(lim, "relation partner")
			r.shift = uint8(f.count(rel13MaxShift, "relation cell width"))
		case rel13KeyPct:
			r.b = f.count(lim, "relation change column")
		case rel14Prod:
			parseProd14(f, lim, &r)
		case rel14Scale:
			r.c, r.d = -1, -1
		case rel15Hum:
			parseHum15(f, lim, &r)
		}
		if f.err != nil {
			break
		}
		if r.kind == 0 || !valid14(&r) || r.col <= last || r.a == r.col || r.b == r.col || (r.kind == rel13Plane || r.kind == rel15Hum) && r.a == r.b {
			return nil, fmt.Errorf("relation %d invalid", i)
		}
		rs = append(rs, r)
		last = r.col
	}
	return rs, f.err
}

// rel13Entry is what a key relation keeps of the last row of a key.
type rel13Entry struct {
	t, b   int64
	hasB   bool
	filled bool
}

// rel13State is the coder's side of the block's relations.
type rel13State struct {
	on    bool
	rels  []colRel13
	at    []int32  // per column slot: its relation's index, or −1
	x     []int64  // per column slot: its number in the row (numAt), its text's hash (txtAt)
	numAt []uint32 // the row number when the slot held a number
	txtAt []uint32 // the row number when the slot held text
	row   uint32
	plane []*planeIndex           // per relation (plane)
	keys  []map[uint64]rel13Entry // per relation (key)
	scale []scale14               // per relation (model 14's scale)
}

// startRel13 takes the block head's relations; their state starts empty.
func (s *sensorCoder) startRel13(h *sensorBlockHead) {
	r := &s.rel
	r.on, r.rels = len(h.rel13) > 0, h.rel13
	for i := range r.at {
		r.at[i] = -1
	}
	r.plane, r.keys = r.plane[:0], r.keys[:0]
	r.scale = append(r.scale[:0], make([]scale14, len(h.rel13))...)
	for i, rc := range h.rel13 {
		for len(r.at) <= max(rc.col, rc.a, rc.b, rc.c, rc.d) {
			r.at = append(r.at, -1)
			r.x = append(r.x, 0)
			r.numAt = append(r.numAt, 0)
			r.txtAt = append(r.txtAt, 0)
		}
		s.column(rc.col)
		r.at[rc.col] = int32(i)
		var p *planeIndex
		var k map[uint64]rel13Entry
		if rc.kind == rel13Plane {
			p = newPlaneIndex(uint(rc.shift))
		} else if rc.kind == rel13Key || rc.kind == rel13KeyPct || rc.kind == rel15NumKey {
			k = map[uint64]rel13Entry{}
		}
		r.plane, r.keys = append(r.plane, p), append(r.keys, k)
	}
}

// rel13Seen records cell (column slot c) of the row being coded.
func (s *sensorCoder) rel13Seen(c int, cell *sensorCell) {
	r := &s.rel
	if c >= len(r.x) {
		return
	}
	switch cell.kind {
	case predict.CellNumber:
		r.x[c], r.numAt[c] = cell.x, r.row
	case predict.CellText:
		r.x[c], r.txtAt[c] = int64(hashKey(cell.b)), r.row
	}
}

func hashKey(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// rel13Num returns column slot c's number in the row, if it holds one.
func (r *rel13State) num(c int) (int64, bool) {
	if c < 0 || c >= len(r.x) || r.numAt[c] != r.row {
		return 0, false
	}
	return r.x[c], true
}

// rel13Predict returns the prediction of column slot c's number from its relation, if it
// has one in this row.
func (s *sensorCoder) rel13Predict(c int) (int64, bool) {
	r := &s.rel
	if !r.on || c >= len(r.at) || r.at[c] < 0 {
		return 0, false
	}
	i := r.at[c]
	rc := &r.rels[i]
	switch rc.kind {
	case rel14Prod, rel14Scale:
		return r.predict14(rc, &r.scale[i])
	case rel15Hum:
		return s.predictHum15(rc)
	case rel15NumKey:
		a, ok := r.num(rc.a)
		if !ok {
			return 0, false
		}
		e, ok := r.keys[i][uint64(a)]
		return e.t, ok
	case rel13Plane:
		a, okA := r.num(rc.a)
		b, okB := r.num(rc.b)
		if !okA || !okB {
			return 0, false
		}
		return r.plane[i].predict(a, b)
	default:
		if rc.a >= len(r.x) || r.txtAt[rc.a] != r.row {
			return 0, false
		}
		e, ok := r.keys[i][uint64(r.x[rc.a])]
		if !ok {
			return 0, false
		}
		if rc.kind == rel13KeyPct && e.hasB {
			return pctStep(e.t, e.b, int(s.cols[rc.b].Ec)), true
		}
		return e.t, true
	}
}

// pctStep returns t + t·b·10^ec/100 rounded: t stepped by b percent, b in units of 10^ec.
func pctStep(t, b int64, ec int) int64 {
	p := predict.Mul64(t, b)
	e := ec - 2
	var d int64
	switch {
	case e <= 0 && -e < 19:
		d = p.DivRound(vision.Pow10(-e), 1<<60)
	case e < 0 && -e < 37:
		// Two steps (rounding twice): a change printed to more decimals than 10^-18.
		d = p.Quo(vision.Pow10(-e-18)).DivRound(vision.Pow10(18), 1<<60)
	case e > 0 && e < 19:
		d = p.Int64(1 << 60) // a change in units of a hundred percent or more: clamped
		if d > 1<<60/int64(vision.Pow10(e)) || d < -(1<<60)/int64(vision.Pow10(e)) {
			return t
		}
		d *= int64(vision.Pow10(e))
	default:
		return t
	}
	if t > 1<<61 || t < -(1<<61) {
		return t
	}
	return t + d
}

// rel13EndRow lets the relations learn the row just coded.
func (s *sensorCoder) rel13EndRow() {
	r := &s.rel
	for i := range r.rels {
		rc := &r.rels[i]
		t, ok := r.num(rc.col)
		if !ok {
			continue
		}
		if rc.kind == rel14Scale {
			r.learnScale14(rc, &r.scale[i], t)
			continue
		}
		if rc.kind == rel14Prod {
			continue
		}
		if rc.kind == rel15Hum {
			continue
		}
		if rc.kind == rel13Plane {
			a, okA := r.num(rc.a)
			b, okB := r.num(rc.b)
			if okA && okB {
				r.plane[i].insert(a, b, t)
			}
			continue
		}
		if rc.kind == rel15NumKey {
			if _, ok := r.num(rc.a); !ok {
				continue
			}
		} else if rc.a >= len(r.x) || r.txtAt[rc.a] != r.row {
			continue
		}
		k := uint64(r.x[rc.a])
		m := r.keys[i]
		if _, seen := m[k]; !seen && len(m) >= rel13MaxKeys {
			continue
		}
		e := rel13Entry{t: t, filled: true}
		if rc.kind == rel13KeyPct {
			e.b, e.hasB = r.num(rc.b)
		}
		m[k] = e
	}
}

// planePt is an earlier row: its partners' values and the column's.
type planePt struct{ a, b, t int64 }

// planeCell keeps a grid cell's last rows (a ring).
type planeCell struct {
	p [rel13Cell]planePt
	n int
}

// planeIndex holds the rows seen in a grid of the partners' plane (its cells in a slice
// and an open-addressed table of their indices: nothing for the garbage collector to scan,
// and a lookup without a call into the runtime's map; the cells found are the same).
type planeIndex struct {
	shift uint
	keys  []uint64 // per slot: a cell's key (planeKey)
	slot  []int32  // per slot: the cell's index + 1, 0 where the slot is empty
	bits  uint     // len(slot) = 1 << bits
	cells []planeCell
}

// planeIndexBits is the table's first size (slots, a power of 2).
const planeIndexBits = 6

func newPlaneIndex(shift uint) *planeIndex {
	g := &planeIndex{shift: shift}
	g.alloc(planeIndexBits)
	return g
}

func (g *planeIndex) alloc(bits uint) {
	g.bits, g.keys, g.slot = bits, make([]uint64, 1<<bits), make([]int32, 1<<bits)
}

// reset empties g for cells 2^shift wide.
func (g *planeIndex) reset(shift uint) {
	g.shift = shift
	if len(g.cells) > 0 {
		clear(g.slot)
	}
	g.cells = g.cells[:0]
}

func planeKey(ga, gb int64) uint64 { return uint64(uint32(ga))<<32 | uint64(uint32(gb)) }

// home returns key k's first slot (a multiplicative hash: the grid's neighbours far apart).
func (g *planeIndex) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> (64 - g.bits) }

// find returns the index of key k's cell, or -1.
func (g *planeIndex) find(k uint64) int32 {
	mask := uint64(len(g.slot) - 1)
	slot, keys := g.slot, g.keys[:len(g.slot)]
	for i := g.home(k) & mask; ; i = (i + 1) & mask {
		s := slot[i]
		if s == 0 {
			return -1
		}
		if keys[i] == k {
			return s - 1
		}
	}
}

// place puts key k's cell index ci in its slot (k not in the table, a free slot in it).
func (g *planeIndex) place(k uint64, ci int32) {
	mask := uint64(len(g.slot) - 1)
	i := g.home(k) & mask
	for g.slot[i] != 0 {
		i = (i + 1) & mask
	}
	g.keys[i], g.slot[i] = k, ci+1
}

func (g *planeIndex) insert(a, b, t int64) {
	k := planeKey(a>>g.shift, b>>g.shift)
	i := g.find(k)
	if i < 0 {
		i = int32(len(g.cells))
		g.cells = append(g.cells, planeCell{})
		if 2*len(g.cells) > len(g.slot) { // at most half full: grow and place them again
			old, oldSlot := g.keys, g.slot
			g.alloc(g.bits + 1)
			for j, s := range oldSlot {
				if s != 0 {
					g.place(old[j], s-1)
				}
			}
		}
		g.place(k, i)
	}
	c := &g.cells[i]
	c.p[c.n%rel13Cell] = planePt{a, b, t}
	c.n++
}

// cross returns the cross product of (a1, b1) and (a2, b2).
func cross(a1, b1, a2, b2 int64) int64 { return a1*b2 - b1*a2 }

// predict returns the plane's prediction at (a, b): through three of the nearest earlier
// rows, the three (the nearest and two others) whose triangle holds the point best (the
// smallest sum of the point's barycentric coordinates' magnitudes); the nearest row's value
// where no three span a plane or the point lies far outside their triangle.
func (g *planeIndex) predict(a, b int64) (int64, bool) {
	const lim = 1 << 40
	if a > lim || a < -lim || b > lim || b < -lim {
		return 0, false
	}
	var near [rel13Near]*planePt // (into g.cells: nothing is inserted while it predicts)
	var dist [rel13Near]int64
	k := 0
	ga, gb := a>>g.shift, b>>g.shift
	for da := int64(-1); da <= 1; da++ {
		for db := int64(-1); db <= 1; db++ {
			i := g.find(planeKey(ga+da, gb+db))
			if i < 0 {
				continue
			}
			c := &g.cells[i]
			for j := 0; j < min(c.n, rel13Cell); j++ {
				p := &c.p[uint(c.n-1-j)%rel13Cell]
				d := sqSat(p.a-a) + sqSat(p.b-b)
				if k < rel13Near {
					k++
				} else if d >= dist[k-1] {
					continue
				}
				i := k - 1
				for ; i > 0 && dist[i-1] > d; i-- {
					near[i], dist[i] = near[i-1], dist[i-1]
				}
				near[i], dist[i] = p, d
			}
		}
	}
	if k == 0 {
		return 0, false
	}
	p1 := near[0]
	qa, qb := a-p1.a, b-p1.b
	var da, db [rel13Near]int64 // the near rows from the nearest
	for i, p := range near[:k] {
		da[i], db[i] = p.a-p1.a, p.b-p1.b
	}
	var bestS, bestD uint64
	var bestN2, bestN3, bestDet int64
	bi, bj := -1, -1
	for i := 1; i < k; i++ {
		ua, ub := da[i], db[i]
		for j := i + 1; j < k; j++ {
			va, vb := da[j], db[j]
			det := cross(ua, ub, va, vb)
			if det == 0 {
				continue
			}
			n2 := cross(qa, qb, va, vb)
			n3 := cross(ua, ub, qa, qb)
			sum := absU64(det-n2-n3) + absU64(n2) + absU64(n3)
			ad := absU64(det)
			// sum/ad < bestS/bestD?
			if bi >= 0 {
				h1, l1 := bits.Mul64(sum, bestD)
				h2, l2 := bits.Mul64(bestS, ad)
				if h1 > h2 || h1 == h2 && l1 >= l2 {
					continue
				}
			}
			bestS, bestD, bestN2, bestN3, bestDet, bi, bj = sum, ad, n2, n3, det, i, j
		}
	}
	if bi < 0 || bestS > 4*bestD {
		return p1.t, true
	}
	num := predict.Mul64(bestN2, near[bi].t-p1.t).Add(predict.Mul64(bestN3, near[bj].t-p1.t))
	if bestDet < 0 {
		num = num.Neg()
	}
	d := num.DivRound(bestD, 1<<60)
	if p1.t > 1<<61 || p1.t < -(1<<61) {
		return p1.t, true
	}
	return p1.t + d, true
}

// sqSat returns d² saturated at 2^62.
func sqSat(d int64) int64 {
	if d > 1<<31 || d < -(1<<31) {
		return 1 << 62
	}
	return d * d
}

// rel13Bits is the estimate's cost of a miss of r column units: twice its bit length, plus
// one (integers: the estimate only ranks candidates).
func rel13Bits(r int64) int64 { return 2*int64(bits.Len64(absU64(r))) + 1 }

// pickFinal returns the index of the candidate of least cost, the first among equals, and its
// cost (-1 if there is none): cost(i, bound) is candidate i's cost, or a value of bound or
// more where that is bound or more. The candidates are measured in the order of their
// screen costs (stable), so that the bound is tight early; one measured after the best so far
// but before it in index order is cut only above the best (it would win a tie). With
// rel13Unbounded: in index order, with no bound.
func pickFinal(screen []int64, cost func(i int, bound int64) int64) (int, int64) {
	order := make([]int, len(screen))
	for i := range order {
		order[i] = i
	}
	if !rel13Unbounded {
		slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(screen[i], screen[j]) })
	}
	all, bi := int64(math.MaxInt64), -1
	for _, i := range order {
		bound := all
		if bi >= 0 && i < bi {
			bound = all + 1
		}
		if c := cost(i, bound); c < all || c == all && i < bi {
			all, bi = c, i
		}
	}
	return bi, all
}

// rel13Unbounded makes chooseRel13 estimate every candidate on all its rows, as before the
// bound (tests: the same relations either way).
var rel13Unbounded = false

// chooseRel13 returns the block's relations (model 13): for each number column, the
// relation an estimate on the block's first rows finds best, if it beats the column's
// baseline (its last row's value, or its change continued, whichever misses less) enough.
// The estimate sums rel13Bits of the misses; every candidate is screened on the first
// rel13ScreenRows rows, the best then measured on all (a plane's or a key's estimate stops
// once it reaches the best so far: it cannot be taken).
func (e *SensorEncoder) chooseRel13(h *sensorBlockHead, lat []predict.LatticeColumn) []colRel13 {
	cols := min(len(lat), predict.MaxSensorColumns-1)
	rows := min(len(e.ends), rel13TrialRows)
	if rows < 256 {
		return nil
	}
	rows = e.searchRows(h, rows, 256) // (senc8)
	pos := h.codingPositions(cols)
	isNum := make([]bool, cols)
	for c := range cols {
		n := 0
		for r := range rows {
			if lat[c].Res[r] >= 0 {
				n++
			}
		}
		isNum[c] = n >= rows*9/10
	}
	// Text key columns (text in most rows, each text on rel13KeyRows rows or more on
	// average): their cells' hashes.
	var keyCols []int
	keyOf := map[int][]uint64{}
	for c := range cols {
		hs := make([]uint64, rows)
		n := 0
		distinct := map[uint64]bool{}
		for r := range rows {
			i := e.starts[r] + c
			if i < e.starts[r+1] && e.cells[i].kind == predict.CellText {
				hs[r] = hashKey(e.cells[i].b) | 1
				distinct[hs[r]] = true
				n++
			}
		}
		if n >= rows*9/10 && len(distinct)*rel13KeyRows <= n {
			keyCols = append(keyCols, c)
			keyOf[c] = hs
		}
	}
	var w *rel14Search
	if h.model >= sensorModelV14 {
		w = newRel14Search(lat, isNum, pos, rows)
	}
	var keyable []bool
	if h.model >= sensorModelV15 {
		keyable = keyable15(lat, isNum, rows)
	}
	// Each number column t is searched on its own (one, on up to e.threads goroutines: each
	// worker with its own scratch; rel14Search's products are a cache, the same values on any
	// worker), its relation kept at found[t]: the result is the one of a search column by column.
	found := make([]colRel13, cols)
	one := func(t int, grid *planeIndex, last map[uint64]rel13Entry, w *rel14Search) (colRel13, bool) {
		if !isNum[t] {
			return colRel13{}, false
		}
		X, R := lat[t].X, lat[t].Res
		if keyable != nil {
			if rc, ok := findNumKey15(lat, isNum, pos, keyable, t, rows); ok { // sensor_wx15.go
				return rc, true
			}
		}
		// The baseline: per row, the smaller miss of the last value and of its change continued.
		base := make([]int64, rows+1) // base[r]: the sum over rows before r
		for r := range rows {
			base[r+1] = base[r]
			if R[r] < 0 {
				continue
			}
			base[r+1] += rel13BaseBits(X, R, r)
		}
		only14 := false // model 14: a column too cheap for model 13's relations may take its own
		if base[rows] < rel13MinBase*int64(rows) {
			if w == nil || base[rows] < rel14MinBase*int64(rows) {
				return colRel13{}, false // a column this cheap leaves a relation too little to gain
			}
			only14 = true
		}
		rowBase := func(r int) int64 { return base[r+1] - base[r] }
		// cost returns candidate rc's estimate on the first n rows, or, for a plane or a key,
		// a sum of bound or more once its rows so far reach bound: every row adds 1 bit or
		// more (rel13Bits, rowBase), so such a candidate cannot cost less than bound, and the
		// callers take a candidate only if it costs less than their best so far (issue 12,
		// the twenty-ninth round: the same choices, its rows not all estimated).
		cost := func(rc colRel13, n int, bound int64) int64 {
			if rel13Unbounded {
				bound = math.MaxInt64
			}
			var sum int64
			switch rc.kind {
			case rel14Prod, rel14Scale:
				sum = w.cost(rc, n, rowBase)
			case rel15Hum:
				sum = w.costHum15(rc, n, rowBase, h.ec)
			case rel13Plane:
				la, lb := &lat[rc.a], &lat[rc.b]
				g := grid
				g.reset(uint(rc.shift))
				for r := range n {
					if R[r] < 0 {
						continue
					}
					if la.Res[r] < 0 || lb.Res[r] < 0 {
						sum += rowBase(r)
						continue
					}
					if p, ok := g.predict(la.X[r], lb.X[r]); ok {
						sum += rel13Bits(X[r] - p)
					} else {
						sum += rowBase(r)
					}
					if sum >= bound {
						e.rel13Cut.Add(1)
						return sum
					}
					g.insert(la.X[r], lb.X[r], X[r])
				}
			default:
				hs := keyOf[rc.a]
				clear(last)
				for r := range n {
					if R[r] < 0 {
						continue
					}
					if hs[r] == 0 {
						sum += rowBase(r)
						if sum >= bound {
							e.rel13Cut.Add(1)
							return sum
						}
						continue
					}
					if en, ok := last[hs[r]]; ok {
						p := en.t
						if rc.kind == rel13KeyPct && en.hasB {
							p = pctStep(en.t, en.b, int(h.ec[rc.b]))
						}
						sum += rel13Bits(X[r] - p)
					} else {
						sum += rowBase(r)
					}
					if sum >= bound {
						e.rel13Cut.Add(1)
						return sum
					}
					en := rel13Entry{t: X[r], filled: true}
					if rc.kind == rel13KeyPct && lat[rc.b].Res[r] >= 0 {
						en.b, en.hasB = lat[rc.b].X[r], true
					}
					last[hs[r]] = en
				}
			}
			return sum
		}
		var cands []colRel13
		// Planes: pairs among the columns coded last before t.
		var srcs []int
		for s := range cols {
			if !only14 && s != t && isNum[s] && pos[s] < pos[t] {
				srcs = append(srcs, s)
			}
		}
		slices.SortFunc(srcs, func(a, b int) int { return pos[b] - pos[a] })
		srcs = srcs[:min(len(srcs), rel13Srcs)]
		bins := rel13Bins[:]
		if w != nil && !only14 {
			srcs, bins = w.planeSrcs(t, srcs), rel14Bins[:] // model 14: partners that are not constants
		}
		for i := range srcs {
			for j := i + 1; j < len(srcs); j++ {
				a, b := srcs[i], srcs[j]
				span := max(colSpan(lat[a], rows), colSpan(lat[b], rows))
				for _, nb := range bins {
					sh := uint8(min(max(bits.Len64(uint64(span/nb)), 1)-1, rel13MaxShift))
					if sh < rel13MinShift {
						continue // partners this coarse: a table of values (joints), not a plane
					}
					cands = append(cands, colRel13{col: t, kind: rel13Plane, a: a, b: b, shift: sh})
				}
			}
		}
		// Keys: text columns coded before t; the change column a number column near t.
		for _, k := range keyCols {
			if only14 || pos[k] >= pos[t] {
				continue
			}
			cands = append(cands, colRel13{col: t, kind: rel13Key, a: k, b: -1})
			for c := max(t-rel13PctNear, 0); c <= min(t+rel13PctNear, cols-1); c++ {
				if c != t && isNum[c] {
					cands = append(cands, colRel13{col: t, kind: rel13KeyPct, a: k, b: c})
				}
			}
		}
		var best14 colRel13
		if w != nil {
			var c14 int64
			best14, c14 = w.best(t, rowBase)
			if h.model >= sensorModelV15 {
				best14, _ = w.bestHum15(t, rowBase, h.ec, best14, c14) // sensor_wx15.go
			}
		}
		if len(cands) == 0 && best14.kind == 0 {
			return colRel13{}, false
		}
		// The screen picks the best plane's partners and the best key; the full estimate
		// then measures that plane at every cell width, and that key.
		screen := min(rows, rel13ScreenRows)
		var bestPlane, bestKey colRel13
		planeCost, keyCost := int64(math.MaxInt64), int64(math.MaxInt64)
		screened := make([]int64, len(cands)) // (a plane's, at least its bound where cut)
		for i, rc := range cands {
			bound := keyCost
			if rc.kind == rel13Plane {
				bound = planeCost
			}
			c := cost(rc, screen, bound)
			screened[i] = c
			switch {
			case rc.kind == rel13Plane && c < planeCost:
				bestPlane, planeCost = rc, c
			case rc.kind != rel13Plane && c < keyCost:
				bestKey, keyCost = rc, c
			}
		}
		var finals []colRel13
		var finalScreen []int64
		if bestPlane.kind != 0 {
			for i, rc := range cands {
				if rc.kind == rel13Plane && rc.a == bestPlane.a && rc.b == bestPlane.b {
					finals = append(finals, rc)
					finalScreen = append(finalScreen, screened[i])
				}
			}
		}
		if bestKey.kind != 0 {
			finals = append(finals, bestKey)
			finalScreen = append(finalScreen, math.MaxInt64)
		}
		if best14.kind != 0 {
			finals = append(finals, best14)
			finalScreen = append(finalScreen, math.MaxInt64)
		}
		// The final taken is the one of least cost, the first in finals' order among equals.
		// The planes are measured cheapest screen first (then the key, then model 14's), so
		// that the bound is tight early; a final measured after the best so far but before it
		// in finals' order must cost more than it to be cut (it would win a tie).
		best, all := colRel13{}, int64(math.MaxInt64)
		if bi, c := pickFinal(finalScreen, func(i int, bound int64) int64 { return cost(finals[i], rows, bound) }); bi >= 0 {
			best, all = finals[bi], c
		}
		if float64(all) <= rel13Share*float64(base[rows]) && float64(base[rows]-all) >= rel13GainRow*float64(rows) {
			return best, true
		}
		return colRel13{}, false
	}
	type worker struct {
		grid *planeIndex
		last map[uint64]rel13Entry
		w    *rel14Search
	}
	threads := max(1, min(e.classifyThreads(), cols))
	workers := make(chan *worker, threads)
	for range threads {
		k := &worker{grid: newPlaneIndex(0), last: map[uint64]rel13Entry{}}
		if w != nil {
			k.w = w.fork()
		}
		workers <- k
	}
	ok := make([]bool, cols)
	predict.ParallelFor(threads, cols, func(t int) {
		k := <-workers
		found[t], ok[t] = one(t, k.grid, k.last, k.w)
		workers <- k
	})
	var out []colRel13
	for t := range cols {
		if ok[t] {
			out = append(out, found[t])
		}
	}
	return out
}

// colSpan returns the range of column c's values on the first rows.
func colSpan(l predict.LatticeColumn, rows int) int64 {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for r := range rows {
		if l.Res[r] >= 0 {
			lo, hi = min(lo, l.X[r]), max(hi, l.X[r])
		}
	}
	if hi < lo || hi-lo < 0 {
		return 1
	}
	return max(hi-lo, 1)
}

// applyRel13 gives head h the relations chooseRel13 finds, if a trial on the block's first
// rows codes them smaller than h without. A column of a lattice that takes a relation
// leaves it: the lattices are found again without the relations' columns.
func (e *SensorEncoder) applyRel13(h *sensorBlockHead, lat []predict.LatticeColumn) {
	rs := e.chooseRel13(h, lat)
	if len(rs) == 0 {
		return
	}
	th := e.rel13Head(h, lat, rs)
	rows := min(len(e.ends), rel13CheckRows, max(rel13CheckMin, len(e.ends)/16))
	rows = min(rows, max(rel13CheckMin, rows/rel13CheckDiv)) // (senc8)
	stWith, stWithout := e.trialPair(&th, h, rows)
	with, without := stWith.Structure+stWith.columnsCost(), stWithout.Structure+stWithout.columnsCost()
	if h.model >= sensorModelV14 {
		// Model 14: the relations whose columns the trial coded dearer go, and the rest are
		// tried again (sensor_wx14.go).
		if kept := keepRel14(rs, stWith, stWithout); len(kept) < len(rs) {
			if len(kept) == 0 {
				return
			}
			th2 := e.rel13Head(h, lat, kept)
			st2 := e.trialStats(&th2, rows)
			if w2 := st2.Structure + st2.columnsCost(); w2 < with {
				th, with = th2, w2
			}
		}
	}
	if with < without {
		*h = th
		e.groups = h.groups
	}
}

// rel13Head returns h with relations rs; a lattice holding a related column is found again
// without the related columns.
func (e *SensorEncoder) rel13Head(h *sensorBlockHead, lat []predict.LatticeColumn, rs []colRel13) sensorBlockHead {
	target := func(c int) bool {
		return slices.ContainsFunc(rs, func(r colRel13) bool { return r.col == c && r.kind != rel15NumKey }) // model 15: a number key's column stays
	}
	th := *h
	th.rel13 = rs
	if slices.ContainsFunc(h.groups, func(g predict.LatticeParams) bool {
		for a := g.Col; a < g.Col+g.G; a++ {
			if target(a) {
				return true
			}
		}
		return false
	}) {
		masked := slices.Clone(lat)
		for _, r := range rs {
			if r.kind == rel15NumKey {
				continue
			}
			res := make([]int8, len(lat[r.col].Res))
			for i := range res {
				res[i] = -1
			}
			masked[r.col] = predict.LatticeColumn{X: lat[r.col].X, Res: res}
		}
		th.groups = predict.FindLatticesThreads(masked, nil, e.classifyThreads())
		th.periods = e.periodsOf(th.groups, len(lat), func(c int) int { return e.periodMemo.Find(lat[c].X, lat[c].Res) })
	}
	return th
}

// rel13BaseBits is the baseline the relations' estimates are measured against at row r of a
// column (values X, R[r] < 0 where a row has none): the bits of the smaller miss of the last
// value and of its change continued (of the value itself without a last one).
func rel13BaseBits(X []int64, R []int8, r int) int64 {
	m := absU64(X[r])
	if r >= 1 && R[r-1] >= 0 {
		m = absU64(X[r] - X[r-1])
		if r >= 2 && R[r-2] >= 0 {
			m = min(m, absU64(X[r]-2*X[r-1]+X[r-2]))
		}
	}
	return rel13Bits(int64(min(m, 1<<62)))
}
