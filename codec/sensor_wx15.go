package codec

import (
	"encoding/binary"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// Sensor model 15: weather tables (issue 12, branch `wx15`; docs/MODEL.md "Sensor model 15:
// weather tables", docs/FORMAT.md §12.8.10).
//
// One more kind of model 13's relations (sensor_rel13.go): humidity, a relative humidity
// from the row's air temperature a and dew point b by the Magnus formula,
//
//	RH = 100 · exp(L(b) − L(a)),   L(T) = 17.27·T / (237.3 + T)   (T in °C),
//
// in fixed point (integers only, the same on every machine). It learns nothing (adding the
// last row's miss, which a count of entropies favoured, coded larger: docs/MODEL.md).

const (
	rel15Hum     = 6
	rel15MaxKind = 7

	hum15Ln2 = 726817 // ln 2 in units of 2^-20
)

// appendHum15 appends a humidity relation's dew point column (a is written before).
func appendHum15(b []byte, r colRel13) []byte {
	return binary.AppendUvarint(b, uint64(r.b))
}

// parseHum15 reads what appendHum15 wrote.
func parseHum15(f *fieldReader, lim uint64, r *colRel13) {
	r.b = f.count(lim, "relation partner")
	r.c, r.d = -1, -1
}

// hum15Milli returns x·10^e in thousandths, if within ±100 (°C).
func hum15Milli(x int64, e int32) (int64, bool) {
	s := int(e) + 3
	switch {
	case s >= 0 && s <= 6:
		p := int64(vision.Pow10(s))
		if x > 100000/p || x < -100000/p {
			return 0, false
		}
		return x * p, true
	case s < 0 && s >= -12:
		p := int64(vision.Pow10(-s))
		if x > 100000*p || x < -100000*p {
			return 0, false
		}
		q := (abs64(x) + p/2) / p
		if x < 0 {
			q = -q
		}
		return q, true
	}
	return 0, false
}

// hum15L returns 17.27·T/(237.3 + T) in units of 2^-20, T in thousandths of °C within ±100 °C
// (truncated toward zero).
func hum15L(tm int64) int64 {
	return (17270 * tm << 20) / ((237300 + tm) * 1000)
}

// hum15Exp returns exp(d) in units of 2^-30, d in units of 2^-20 within [−16, 4]·2^20.
func hum15Exp(d int64) int64 {
	k := d / hum15Ln2
	if d-k*hum15Ln2 < 0 {
		k--
	}
	r := (d - k*hum15Ln2) << 10 // [0, ln 2) in units of 2^-30
	sum, term := int64(1<<30), int64(1<<30)
	for i := int64(1); i <= 12; i++ {
		term = (term * r >> 30) / i
		sum += term
	}
	if k >= 0 {
		return sum << k
	}
	return (sum + 1<<(-k-1)) >> (-k)
}

// hum15 returns the Magnus humidity of air temperature a (units 10^ea) and dew point b
// (units 10^eb) in units of 10^et percent, rounded, if the temperatures are within ±100 °C
// and −4 ≤ et ≤ 2.
func hum15(a int64, ea int32, b int64, eb int32, et int32) (int64, bool) {
	tm, okA := hum15Milli(a, ea)
	dm, okB := hum15Milli(b, eb)
	if !okA || !okB || et < -4 || et > 2 {
		return 0, false
	}
	d := max(-16<<20, min(4<<20, hum15L(dm)-hum15L(tm)))
	e := hum15Exp(d) // < 2^36
	var num int64
	switch {
	case et <= 0:
		num = e * 100 * int64(vision.Pow10(int(-et)))
	case et == 1:
		num = e * 10
	default:
		num = e
	}
	return (num + 1<<29) >> 30, true
}

// humOf returns relation rc's formula value in the row, if its partners are numbers
// (col.Ec the columns' units: the coder's).
func (s *sensorCoder) humOf(rc *colRel13) (int64, bool) {
	r := &s.rel
	a, okA := r.num(rc.a)
	b, okB := r.num(rc.b)
	if !okA || !okB {
		return 0, false
	}
	return hum15(a, s.cols[rc.a].Ec, b, s.cols[rc.b].Ec, s.cols[rc.col].Ec)
}

// predictHum15 returns a humidity relation's prediction: the formula's value.
func (s *sensorCoder) predictHum15(rc *colRel13) (int64, bool) {
	return s.humOf(rc)
}

// costHum15 is chooseRel13's estimate of a humidity candidate on the first n rows (ec the
// head's column units), as cost is for the model-14 kinds. It measures the misses from the
// formula plus the last row's miss, although the coded prediction is the bare formula: on
// a table whose own formula differs (703165TY) the bare misses' estimate turns the
// relation down (71,124 bytes), while the coder, given the bare formula, codes the misses
// smaller than with the last miss added (69,222 against 69,279 bytes).
func (w *rel14Search) costHum15(rc colRel13, n int, rowBase func(int) int64, ec []int32) int64 {
	X, R := w.lat[rc.col].X, w.lat[rc.col].Res
	la, lb := &w.lat[rc.a], &w.lat[rc.b]
	var sum, off int64
	var ok bool
	for r := range n {
		if R[r] < 0 {
			continue
		}
		var h int64
		var okH bool
		if la.Res[r] >= 0 && lb.Res[r] >= 0 {
			h, okH = hum15(la.X[r], ec[rc.a], lb.X[r], ec[rc.b], ec[rc.col])
		}
		if !okH {
			sum += rowBase(r)
			continue
		}
		p := h
		if ok {
			p += off
		}
		sum += rel13Bits(X[r] - p)
		off, ok = max(-(1<<20), min(1<<20, X[r]-h)), true
	}
	return sum
}

// bestHum15 returns the better of (best, cost) and column t's best humidity candidate on the
// screen's rows: every ordered pair of its sources.
func (w *rel14Search) bestHum15(t int, rowBase func(int) int64, ec []int32, best colRel13, cost int64) (colRel13, int64) {
	n := min(w.rows, rel14Screen)
	s := w.srcs(t)
	for _, a := range s {
		for _, b := range s {
			if a == b {
				continue
			}
			rc := colRel13{col: t, kind: rel15Hum, a: a, b: b, c: -1, d: -1}
			if c := w.costHum15(rc, n, rowBase, ec); c < cost {
				best, cost = rc, c
			}
		}
	}
	return best, cost
}

// A number key relation (kind 7): the column follows the last row whose number in column a
// was the same (model 13's key relation, sensor_rel13.go, keyed by a number column's value
// instead of a text column's): a table's uncertainty codes, one per measured column, all
// functions of the first one's.

const (
	rel15NumKey = 7

	numKey15Rows     = 1024 // the encoder's estimate reads at most the first rows,
	numKey15Distinct = 64   // a key column takes at most this many values there,
	numKey15Srcs     = 8    // and is among the keyable columns coded last before the column
)

// findNumKey15 returns column t's number key relation if one misses (no earlier row of the
// key, or another value) on fewer than half of the rows where the column changes, and on
// fewer than one row in 8, on the block's first rows.
func findNumKey15(lat []predict.LatticeColumn, isNum []bool, pos []int, keyable []bool, t, rows int) (colRel13, bool) {
	n := min(rows, numKey15Rows)
	X, R := lat[t].X, lat[t].Res
	changes := 0
	for r := 1; r < n; r++ {
		if R[r] >= 0 && R[r-1] >= 0 && X[r] != X[r-1] {
			changes++
		}
	}
	if changes*64 < n {
		return colRel13{}, false // nearly constant: the repeats code it
	}
	var srcs []int
	for a := range isNum {
		if a != t && keyable[a] && pos[a] < pos[t] {
			srcs = append(srcs, a)
		}
	}
	slices.SortFunc(srcs, func(a, b int) int { return pos[b] - pos[a] })
	srcs = srcs[:min(len(srcs), numKey15Srcs)]
	best, bestMiss := -1, n
	last := map[int64]int64{}
	for _, a := range srcs {
		clear(last)
		A, RA := lat[a].X, lat[a].Res
		miss := 0
		for r := range n {
			if R[r] < 0 {
				continue
			}
			if RA[r] < 0 {
				miss++
				continue
			}
			if v, ok := last[A[r]]; !ok || v != X[r] {
				miss++
			}
			last[A[r]] = X[r]
		}
		if miss < bestMiss {
			best, bestMiss = a, miss
		}
	}
	if best < 0 || 2*bestMiss >= changes || 8*bestMiss >= n {
		return colRel13{}, false
	}
	return colRel13{col: t, kind: rel15NumKey, a: best, b: -1}, true
}

// keyable15 tells, per column, whether it is a number column of at most numKey15Distinct
// values on the first rows.
func keyable15(lat []predict.LatticeColumn, isNum []bool, rows int) []bool {
	n := min(rows, numKey15Rows)
	out := make([]bool, len(isNum))
	seen := map[int64]struct{}{}
	for c := range isNum {
		if !isNum[c] {
			continue
		}
		clear(seen)
		for r := range n {
			if lat[c].Res[r] >= 0 {
				seen[lat[c].X[r]] = struct{}{}
				if len(seen) > numKey15Distinct {
					break
				}
			}
		}
		out[c] = len(seen) <= numKey15Distinct
	}
	return out
}
