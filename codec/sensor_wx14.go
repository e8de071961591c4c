package codec

import (
	"encoding/binary"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Sensor model 14: weather tables (issue 12, branch `wx14`; docs/MODEL.md "Sensor model 14:
// weather tables", docs/FORMAT.md §12.8.9).
//
// Two more kinds of model 13's relations (sensor_rel13.go), for physical relations between
// the columns of a row that no linear relation, plane or key expresses:
//
//   - product: t = d ± round(a·b/c), four other columns of the row coded before t (d may
//     be none; c = 0 makes the product 0). A TMY3 table's GHI = DNI·cos z + DHI with
//     cos z = ETR/ETRN: DHI = GHI − round(DNI·ETR/ETRN).
//   - scale: t = round(a·T/A), (T, A) the column's and a's values in the last row where
//     both were numbers and A ≠ 0: a ratio that moves slowly (an illuminance against its
//     irradiance: the luminous efficacy), 0 where a is 0 (night).
//
// The encoder finds them (chooseRel13's estimate, then its trial); the block head names
// them; the decoder computes them in integers.

const (
	rel14Prod    = 4
	rel14Scale   = 5
	rel14MaxKind = 5

	rel14MinBase  = 2   // a column whose baseline estimate is below this a row takes none
	rel14SrcBase4 = 5   // a partner's baseline estimate is at least a quarter of this a row (not a constant)
	rel14Srcs     = 6   // partners: among the columns coded last before the column
	rel14Screen   = 256 // the candidates are screened on the first rows
)

// appendProd14 appends a product's b, c, d + 1 and sign (a is written before).
func appendProd14(b []byte, r colRel13) []byte {
	b = binary.AppendUvarint(b, uint64(r.b))
	b = binary.AppendUvarint(b, uint64(r.c))
	b = binary.AppendUvarint(b, uint64(r.d+1))
	return binary.AppendUvarint(b, uint64(b2i(r.neg)))
}

// parseProd14 reads what appendProd14 wrote.
func parseProd14(f *fieldReader, lim uint64, r *colRel13) {
	r.b = f.count(lim, "relation partner")
	r.c = f.count(lim, "relation partner")
	r.d = f.count(lim+1, "relation partner") - 1
	r.neg = f.count(1, "relation sign") == 1
}

// valid14 tells whether a model-14 relation's partners differ from its column.
func valid14(r *colRel13) bool {
	if r.kind != rel14Prod {
		return true
	}
	return r.b != r.col && r.c != r.col && r.d != r.col
}

// scale14 is what a scale relation keeps: the last row's column value and partner value.
type scale14 struct {
	t, a int64
	ok   bool
}

// prod14 returns round(a·b/c), 0 where c is 0.
func prod14(a, b, c int64) int64 {
	if c == 0 {
		return 0
	}
	p := predict.Mul64(a, b)
	if c < 0 {
		p, c = p.Neg(), -c
	}
	return p.DivRound(uint64(c), 1<<60)
}

// predict14 returns a model-14 relation's prediction, if its partners are numbers in the row.
func (r *rel13State) predict14(rc *colRel13, sc *scale14) (int64, bool) {
	a, ok := r.num(rc.a)
	if !ok {
		return 0, false
	}
	if rc.kind == rel14Scale {
		if !sc.ok {
			return 0, false
		}
		return prod14(a, sc.t, sc.a), true
	}
	b, okB := r.num(rc.b)
	c, okC := r.num(rc.c)
	if !okB || !okC {
		return 0, false
	}
	var d int64
	if rc.d >= 0 {
		var okD bool
		if d, okD = r.num(rc.d); !okD {
			return 0, false
		}
	}
	q := prod14(a, b, c)
	if rc.neg {
		q = -q
	}
	if d > 1<<60 || d < -(1<<60) {
		return d, true
	}
	return d + q, true
}

// learnScale14 keeps the row's ratio of a scale relation's column t to its partner.
func (r *rel13State) learnScale14(rc *colRel13, sc *scale14, t int64) {
	if a, ok := r.num(rc.a); ok {
		sc.learn(t, a)
	}
}

// learn keeps the ratio t/a of a row, where a ≠ 0 and both are within ±2^40 (so that the
// products a'·t of later rows fit prod14's 128 bits with room).
func (sc *scale14) learn(t, a int64) {
	if a != 0 && a > -(1<<40) && a < 1<<40 && t > -(1<<40) && t < 1<<40 {
		*sc = scale14{t: t, a: a, ok: true}
	}
}

// rel14Search is chooseRel13's side of the model-14 relations: the columns' baselines and
// the products' predictions on the screen's rows, shared by the targets.
type rel14Search struct {
	lat   []predict.LatticeColumn
	isNum []bool
	pos   []int
	rows  int
	base  []int64 // per column: its baseline estimate on the first rows (bits)
	prods map[[3]int][]int64
	ok    map[[3]int][]bool
}

func newRel14Search(lat []predict.LatticeColumn, isNum []bool, pos []int, rows int) *rel14Search {
	w := &rel14Search{lat: lat, isNum: isNum, pos: pos, rows: rows, base: make([]int64, len(isNum)),
		prods: map[[3]int][]int64{}, ok: map[[3]int][]bool{}}
	for c := range isNum {
		if !isNum[c] {
			continue
		}
		X, R := lat[c].X, lat[c].Res
		for r := range rows {
			if R[r] < 0 {
				continue
			}
			w.base[c] += rel13BaseBits(X, R, r)
		}
	}
	return w
}

// fork returns a copy of w with a cache of products of its own (for a goroutine of
// chooseRel13's search).
func (w *rel14Search) fork() *rel14Search {
	f := *w
	f.prods, f.ok = map[[3]int][]int64{}, map[[3]int][]bool{}
	return &f
}

// srcs returns the partners of column t: number columns coded before it that are not
// nearly constant, the rel14Srcs coded last.
func (w *rel14Search) srcs(t int) []int {
	var s []int
	for c := range w.isNum {
		if c != t && w.isNum[c] && w.pos[c] < w.pos[t] && 4*w.base[c] >= rel14SrcBase4*int64(w.rows) {
			s = append(s, c)
		}
	}
	slices.SortFunc(s, func(a, b int) int { return w.pos[b] - w.pos[a] })
	return s[:min(len(s), rel14Srcs)]
}

// prodOf returns round(a·b/c) on the first n rows, and where all three are numbers.
func (w *rel14Search) prodOf(a, b, c, n int) ([]int64, []bool) {
	k := [3]int{a, b, c}
	if p, ok := w.prods[k]; ok && len(p) >= n {
		return p, w.ok[k]
	}
	la, lb, lc := &w.lat[a], &w.lat[b], &w.lat[c]
	p, ok := make([]int64, n), make([]bool, n)
	for r := range n {
		if la.Res[r] < 0 || lb.Res[r] < 0 || lc.Res[r] < 0 {
			continue
		}
		p[r], ok[r] = prod14(la.X[r], lb.X[r], lc.X[r]), true
	}
	w.prods[k], w.ok[k] = p, ok
	return p, ok
}

// cost returns a model-14 candidate's estimate on the first n rows (rowBase where it has
// no prediction), as chooseRel13's cost does for the others.
func (w *rel14Search) cost(rc colRel13, n int, rowBase func(int) int64) int64 {
	X, R := w.lat[rc.col].X, w.lat[rc.col].Res
	var sum int64
	if rc.kind == rel14Scale {
		la := &w.lat[rc.a]
		var sc scale14
		for r := range n {
			if R[r] < 0 {
				continue
			}
			if la.Res[r] < 0 {
				sum += rowBase(r)
				continue
			}
			if sc.ok {
				sum += rel13Bits(X[r] - prod14(la.X[r], sc.t, sc.a))
			} else {
				sum += rowBase(r)
			}
			sc.learn(X[r], la.X[r])
		}
		return sum
	}
	p, ok := w.prodOf(rc.a, rc.b, rc.c, n)
	var D []int64
	var dR []int8
	if rc.d >= 0 {
		D, dR = w.lat[rc.d].X, w.lat[rc.d].Res
	}
	for r := range n {
		if R[r] < 0 {
			continue
		}
		if !ok[r] || D != nil && dR[r] < 0 {
			sum += rowBase(r)
			continue
		}
		q := p[r]
		if rc.neg {
			q = -q
		}
		if D != nil {
			q += D[r]
		}
		sum += rel13Bits(X[r] - q)
	}
	return sum
}

// best14Run is how many rows best sums before it asks whether a candidate can still win.
const best14Run = 32

// best returns column t's best model-14 candidate on the screen's rows and its estimate
// there (kind 0: none).
func (w *rel14Search) best(t int, rowBase func(int) int64) (colRel13, int64) {
	n := min(w.rows, rel14Screen)
	s := w.srcs(t)
	best, bestCost := colRel13{}, int64(1<<62)
	try := func(rc colRel13) {
		if c := w.cost(rc, n, rowBase); c < bestCost {
			best, bestCost = rc, c
		}
	}
	for _, a := range s {
		try(colRel13{col: t, kind: rel14Scale, a: a, b: -1, c: -1, d: -1})
	}
	X, R := w.lat[t].X[:n], w.lat[t].Res[:n]
	var rb []int64 // rowBase of each row, asked once (the same sums: integers)
	for i, a := range s {
		for _, b := range s[i:] {
			for _, c := range s {
				if c == a || c == b {
					continue
				}
				if rb == nil {
					rb = make([]int64, n)
					for r := range rb {
						rb[r] = rowBase(r)
					}
				}
				p, ok := w.prodOf(a, b, c, n)
				p, ok = p[:n], ok[:n]
				for di := -1; di < len(s); di++ {
					d := -1
					var plus, minus int64
					// The rows in runs of best14Run: once both sums reach the best so far,
					// neither can come below it (every row adds at least nothing), so the
					// rest of the rows cannot change the choice.
					if di < 0 {
						for lo := 0; lo < n && (plus < bestCost || minus < bestCost); lo += best14Run {
							hi := min(lo+best14Run, n)
							for r := lo; r < hi; r++ {
								if R[r] < 0 {
									continue
								}
								if !ok[r] {
									plus += rb[r]
									minus += rb[r]
									continue
								}
								x := X[r]
								plus += rel13Bits(x - p[r])
								minus += rel13Bits(x + p[r])
							}
						}
					} else {
						d = s[di]
						D, dR := w.lat[d].X[:n], w.lat[d].Res[:n]
						for lo := 0; lo < n && (plus < bestCost || minus < bestCost); lo += best14Run {
							hi := min(lo+best14Run, n)
							for r := lo; r < hi; r++ {
								if R[r] < 0 {
									continue
								}
								if !ok[r] || dR[r] < 0 {
									plus += rb[r]
									minus += rb[r]
									continue
								}
								x := X[r] - D[r]
								plus += rel13Bits(x - p[r])
								minus += rel13Bits(x + p[r])
							}
						}
					}
					if plus < bestCost {
						best, bestCost = colRel13{col: t, kind: rel14Prod, a: a, b: b, c: c, d: d}, plus
					}
					if minus < bestCost {
						best, bestCost = colRel13{col: t, kind: rel14Prod, a: a, b: b, c: c, d: d, neg: true}, minus
					}
				}
			}
		}
	}
	return best, bestCost
}

// keepRel14 returns the relations of rs whose columns cost less in the trial with them
// (with) than without.
func keepRel14(rs []colRel13, with, without *SensorBlockStats) []colRel13 {
	var kept []colRel13
	for _, r := range rs {
		if r.col < len(with.Columns) && r.col < len(without.Columns) &&
			with.Columns[r.col].Total() >= without.Columns[r.col].Total() {
			continue
		}
		kept = append(kept, r)
	}
	return kept
}

// grid14 is what model 14 knows of a column's last places: the power of ten p that its
// nonzero numbers have lately ended at or above (a column of hundreds: 2), and the flag's
// counter. A number whose digits would be coded below p first says whether it ends in zeros
// down to p; if so its digits are coded in units of 10^p.
type grid14 struct {
	p    int32 // the grid's power of ten (absolute)
	on   bool
	runP int32  // the smallest last place of the run of numbers above p
	run  int32  // numbers in a row above p
	last uint64 // the last number's digits and place (m, p) packed, which a repeat does not count
	ctr  predict.Counter
}

const (
	grid14Run = 8 // numbers in a row ending above the grid raise it
	grid14Max = 6 // the grid is at most this many places above the coded ones
)

func (s *sensorCoder) grid14At(c int) *grid14 {
	for len(s.grid14) <= c {
		s.grid14 = append(s.grid14, grid14{ctr: predict.NewCounter()})
	}
	return &s.grid14[c]
}

// codeGrid14 codes, for the digits m at power ec (span + 1 of them) of column slot c,
// whether they end in the column's grid zeros, and returns how many places their residual
// drops (0: none, nothing coded when the grid is not above ec or wider than the number).
func (s *sensorCoder) codeGrid14(c, ec, span int, m uint64) int {
	g := s.grid14At(c)
	k := int(g.p) - ec
	if !g.on || k <= 0 || k > span || k > grid14Max {
		return 0
	}
	b := 0
	if !s.bc.decoding && m%vision.Pow10(k) == 0 {
		b = 1
	}
	if s.bit(b, &g.ctr) == 0 {
		return 0
	}
	return k
}

// learnGrid14 learns the last place of a nonzero number (digits m at power ec) of slot c.
func (s *sensorCoder) learnGrid14(c, ec int, m uint64) {
	g := s.grid14At(c)
	p := int32(ec)
	for m != 0 && m%10 == 0 {
		m /= 10
		p++
	}
	key := m<<6 | uint64(p+32)
	repeat := key == g.last
	g.last = key
	switch {
	case !g.on:
		g.p, g.on, g.run = p, true, 0
	case repeat:
		// A repeated number says nothing new of the column's places (a slow signal sitting
		// at 2100 for eight samples is not a column of hundreds).
	case p > g.p:
		if g.run == 0 || p < g.runP {
			g.runP = p
		}
		g.run++
		if g.run >= grid14Run {
			g.p, g.run = g.runP, 0
		}
	default:
		g.p, g.run = min(g.p, p), 0
	}
}

// rel14Bins are the partners' cell counts over their range that model 14's planes try: a
// coarser grid than model 13's too (a temperature in tenths over its year).
var rel14Bins = [...]int64{16, 64, 256}

// planeSrcs returns the partners of column t's planes under model 14: model 13's (near, the
// columns coded last before t) and the rel13Srcs coded last among srcs (columns that are not
// constants).
func (w *rel14Search) planeSrcs(t int, near []int) []int {
	s := w.srcs(t)
	out := slices.Clone(near)
	for _, c := range s[:min(len(s), rel13Srcs)] {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
