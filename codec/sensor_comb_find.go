package codec

import (
	"math"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The encoder's search for a block's relations (model 10, sensor_comb.go). On up to
// relSampleRows rows spread over the block, for each numeric column (the target) that no
// lattice predicts, it compares what each kind of relation over the columns coded before it
// misses by (Σ|error| over the sample) with what the column's change from the row before
// does (the baseline a series beats at best by a little), and keeps the best relation that
// misses by less than relGain of the baseline. Linear relations are fitted by least squares
// on the sample (sources added greedily, each one that takes away at least relStep of the
// squared error); ratio relations are tried over the linear fit's sources and the pairs of
// columns whose ratio stays in [0, 1]; a unit norm over the three numeric columns coded just
// before the target. Everything coded is integers; the fit is the encoder's alone.

const (
	relSampleRows = 1024
	relMinRows    = 64
	relGain       = 0.5  // a relation is kept if it misses by less than this share of the baseline
	relDropGain   = 0.25 // and a lattice is dropped for one that misses by less than this share
	relStep       = 0.7  // a source joins a linear fit if the squared error falls below this share
	relRatioGain  = 0.7  // a ratio relation replaces a linear one below this share of its miss
	relMaxPairs   = 64   // ratio pairs tried at most
	relTestRows   = 64   // rows a ratio relation is first tested on
	// relRatioMinStep: a target whose mean change is smaller than this is not tried for a
	// ratio relation (its ±1 test would tell nothing)
	relRatioMinStep = 8
	relNormTol      = 1e-3 // a unit norm's Σx² within this share of S² on ...
	relNormShare    = 0.9  // ... this share of the sample rows
)

// findRelations returns the block's relations (model 10) that miss by less than gain times
// the baseline.
func (e *SensorEncoder) findRelations(h *sensorBlockHead, lat []predict.LatticeColumn, inLat []bool, gain float64) []colRel {
	rows := len(e.ends)
	if rows < relMinRows+1 {
		return nil
	}
	step := max(1, (rows-1)/relSampleRows)
	var samp []int
	for r := 1; r < rows && len(samp) < relSampleRows; r += step {
		samp = append(samp, r)
	}
	ns := len(samp)
	// Candidates: numeric in 90 % of the sampled rows, not constant.
	var cands []int
	for c := range lat {
		if c >= predict.MaxSensorColumns-1 || c >= len(h.ec) {
			break
		}
		X, Res := lat[c].X, lat[c].Res
		num, varies, first := 0, false, int64(0)
		for _, r := range samp {
			if Res[r] < 0 {
				continue
			}
			if num == 0 {
				first = X[r]
			}
			num++
			varies = varies || X[r] != first
		}
		if varies && num*10 >= ns*9 {
			cands = append(cands, c)
		}
	}
	if len(cands) < 2 {
		return nil
	}
	nc := len(cands)
	isNum := func(c, r int) bool { return lat[c].Res[r] >= 0 }
	// Centred values (a cell that is not a number counts as the mean) and their Gram matrix.
	val := make([][]float64, nc)
	for i, c := range cands {
		v := make([]float64, ns)
		var m float64
		k := 0
		for j, r := range samp {
			if isNum(c, r) {
				v[j] = float64(lat[c].X[r])
				m += v[j]
				k++
			}
		}
		m /= float64(k)
		for j, r := range samp {
			if isNum(c, r) {
				v[j] -= m
			} else {
				v[j] = 0
			}
		}
		val[i] = v
	}
	gram := make([][]float64, nc)
	for i := range gram {
		gram[i] = make([]float64, nc)
	}
	for i := 0; i < nc; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			a, b := val[i], val[j]
			for k := range a {
				s += a[k] * b[k]
			}
			gram[i][j], gram[j][i] = s, s
		}
	}
	// Ratio pairs: 0 ≤ x_c ≤ x_d on every sampled row where both are numbers, x_d > 0 on an
	// eighth of them, x_c strictly between 0 and x_d somewhere.
	var pairs []pair
	for _, d := range cands {
		for _, c := range cands {
			if c == d || len(pairs) >= relMaxPairs {
				continue
			}
			ok, pos, mid := true, 0, false
			for _, r := range samp {
				if !isNum(c, r) || !isNum(d, r) {
					continue
				}
				xc, xd := lat[c].X[r], lat[d].X[r]
				if xc < 0 || xc > xd {
					ok = false
					break
				}
				if xd > 0 {
					pos++
				}
				mid = mid || xc > 0 && xc < xd
			}
			if ok && mid && pos*8 >= ns {
				pairs = append(pairs, pair{c, d})
			}
		}
	}
	if e.model >= sensorModelV11 {
		pairs = append(pairs, scalePairs(lat, cands, samp, h.ec, func(c, d int) bool { return slices.Contains(pairs, pair{c, d}) })...)
	}
	var rels []colRel
	xs := func(r *colRel, row int) *[relMaxSrc]int64 {
		var x [relMaxSrc]int64
		for k := 0; k < r.n; k++ {
			x[k] = lat[r.src[k]].X[row]
		}
		return &x
	}
	usable := func(t, row int) bool { return isNum(t, row) && isNum(t, row-1) }
	miss := func(r *colRel, t int, limit float64) float64 {
		var s float64
	rows:
		for _, row := range samp {
			if !usable(t, row) {
				continue
			}
			for k := 0; k < r.n; k++ {
				if !isNum(r.src[k], row) {
					s += math.Abs(float64(lat[t].X[row] - lat[t].X[row-1]))
					continue rows
				}
			}
			s += math.Abs(float64(lat[t].X[row] - evalRel(r, xs(r, row), lat[t].X[row-1])))
			if s >= limit {
				return s
			}
		}
		return s
	}
	for ti, t := range cands {
		if inLat[t] {
			continue
		}
		var base float64
		var test []int // rows where the target changes: the ratio search's first test
		for _, r := range samp {
			if usable(t, r) {
				base += math.Abs(float64(lat[t].X[r] - lat[t].X[r-1]))
				if lat[t].X[r] != lat[t].X[r-1] && len(test) < relTestRows {
					test = append(test, r)
				}
			}
		}
		if base == 0 {
			continue
		}
		var before []int // candidate indices coded before t
		for i, c := range cands {
			if c != t && codedBefore(h.order, c, t) {
				before = append(before, i)
			}
		}
		if len(before) == 0 {
			continue
		}
		best, bestMiss := colRel{}, gain*base
		found := false
		// Linear: greedy least squares.
		chosen := []int{}
		var wts []float64
		sse := gram[ti][ti]
		for len(chosen) < relMaxSrc {
			bi, bs, bw := -1, sse*relStep, []float64(nil)
			for _, i := range before {
				if slices.Contains(chosen, i) {
					continue
				}
				set := append(slices.Clone(chosen), i)
				w, s, ok := lsq(gram, set, ti)
				if ok && s < bs {
					bi, bs, bw = i, s, w
				}
			}
			if bi < 0 {
				break
			}
			chosen, sse, wts = append(chosen, bi), bs, bw
		}
		if len(chosen) > 0 {
			r := colRel{col: t, kind: relLinear, n: len(chosen)}
			okw := true
			for k, i := range chosen {
				r.src[k] = cands[i]
				w := wts[k]
				if h2 := math.Round(w * 2); math.Abs(w*2-h2) < 1e-4 {
					w = h2 / 2
				}
				q := math.Round(w * 65536)
				if math.Abs(q) > relWeightLimit {
					okw = false
				}
				r.w[k] = int64(q)
			}
			var res []int64
			if okw {
			fit:
				for _, row := range samp {
					for k := 0; k < r.n; k++ {
						if !isNum(r.src[k], row) {
							continue fit
						}
					}
					if isNum(t, row) {
						res = append(res, lat[t].X[row]-evalRel(&r, xs(&r, row), 0))
					}
				}
				if len(res) == 0 {
					okw = false
				}
			}
			if okw {
				slices.Sort(res)
				r.bias = min(max(res[len(res)/2], -relBiasLimit), relBiasLimit)
				if m := miss(&r, t, bestMiss); m < bestMiss {
					best, bestMiss, found = r, m, true
				}
			}
		}
		// Ratio: x_a ± round(x_b·x_c/x_d) (x_a optional) that holds to ±1 on the test rows
		// but for a few, then measured as the others.
		if len(pairs) > 0 && len(test) >= relTestRows/4 && base >= relRatioMinStep*float64(len(samp)) {
			lim := bestMiss
			if found {
				lim = relRatioGain * bestMiss
			}
			// Screened in floating point (a ±1 test allows for its rounding); measured exactly.
			f := make([]float64, len(test))
			// The test's tolerance: ±1.5 units; under model 11 ±4 units of the value's own last
			// digit and at least 2^-44 of the value (prices scaled by a factor in binary
			// floating point and printed to 15 or 17 significant digits: dash-stock-ticker's
			// AdjHigh misses High·AdjOpen/Open by up to 8·10^-15 of itself).
			tol := make([]float64, len(test))
			for j, row := range test {
				tol[j] = 1.5
				if e.model >= sensorModelV11 {
					x := lat[t].X[row]
					tol[j] = max(4*float64(vision.Pow10(trailingZeros10(x))), math.Abs(float64(x))*0x1p-44)
				}
			}
			ratio := make([]float64, len(test))
			for _, p := range pairs {
				if !codedBefore(h.order, p.c, t) || !codedBefore(h.order, p.d, t) {
					continue
				}
				for j, row := range test {
					ratio[j] = 0
					if d := lat[p.d].X[row]; d != 0 {
						ratio[j] = float64(lat[p.c].X[row]) / float64(d)
					}
				}
				for _, bi := range before {
					b := cands[bi]
					if b == p.c || b == p.d {
						continue
					}
					for j, row := range test {
						f[j] = math.Round(float64(lat[b].X[row]) * ratio[j])
					}
					for ai := -1; ai < len(before); ai++ {
						a := -1
						if ai >= 0 {
							if a = cands[before[ai]]; a == b {
								continue
							}
						}
						for _, sg := range [2]int64{1, -1} {
							bad := 0
							for j, row := range test {
								u := float64(lat[t].X[row]) - float64(sg)*f[j]
								if a >= 0 {
									u -= float64(lat[a].X[row])
								}
								if u < -tol[j] || u > tol[j] {
									// a wrong candidate fails in the first rows
									if bad++; bad > len(test)/8 || bad > j/4+1 {
										bad = len(test)
										break
									}
								}
							}
							if bad > len(test)/8 {
								continue
							}
							r := colRel{col: t, kind: relRatio, n: 3, src: [relMaxSrc]int{b, p.c, p.d}, w: [relMaxSrc]int64{sg}}
							if a >= 0 {
								r.n, r.src = 4, [relMaxSrc]int{a, b, p.c, p.d}
							}
							if m := miss(&r, t, lim); m < lim {
								best, bestMiss, found, lim = r, m, true, m
							}
						}
					}
				}
			}
		}
		// Unit norm over the three numeric columns coded just before t.
		if len(before) >= 3 {
			bs := slices.Clone(before)
			slices.SortFunc(bs, func(a, b int) int { return fieldPos(h.order, cands[a]) - fieldPos(h.order, cands[b]) })
			bs = bs[len(bs)-3:]
			r := colRel{col: t, kind: relNorm, n: 3, src: [relMaxSrc]int{cands[bs[0]], cands[bs[1]], cands[bs[2]]}}
			if r.prepareNorm(h.ec) {
				near, tot := 0, 0
				for _, row := range samp {
					if !usable(t, row) || !isNum(r.src[0], row) || !isNum(r.src[1], row) || !isNum(r.src[2], row) {
						continue
					}
					q := 0.0
					for _, c := range []int{r.src[0], r.src[1], r.src[2], t} {
						v := float64(lat[c].X[row]) * math.Pow(10, float64(h.ec[c]))
						q += v * v
					}
					tot++
					if math.Abs(q-1) < relNormTol {
						near++
					}
				}
				if tot > 0 && float64(near) >= relNormShare*float64(tot) {
					if m := miss(&r, t, bestMiss); m < bestMiss {
						best, bestMiss, found = r, m, true
					}
				}
			}
		}
		if found {
			rels = append(rels, best)
		}
	}
	return rels
}

// lsq solves the least-squares fit of candidate t on candidates set from the Gram matrix of
// centred values and returns the weights and the squared error left.
func lsq(g [][]float64, set []int, t int) ([]float64, float64, bool) {
	n := len(set)
	a := make([][]float64, n)
	b := make([]float64, n)
	for i, p := range set {
		a[i] = make([]float64, n)
		for j, q := range set {
			a[i][j] = g[p][q]
		}
		a[i][i] *= 1 + 1e-9
		b[i] = g[p][t]
	}
	for i := 0; i < n; i++ {
		p := i
		for k := i + 1; k < n; k++ {
			if math.Abs(a[k][i]) > math.Abs(a[p][i]) {
				p = k
			}
		}
		a[i], a[p] = a[p], a[i]
		b[i], b[p] = b[p], b[i]
		if a[i][i] == 0 {
			return nil, 0, false
		}
		for k := i + 1; k < n; k++ {
			f := a[k][i] / a[i][i]
			for j := i; j < n; j++ {
				a[k][j] -= f * a[i][j]
			}
			b[k] -= f * b[i]
		}
	}
	w := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= a[i][j] * w[j]
		}
		w[i] = s / a[i][i]
	}
	sse := g[t][t]
	for i, p := range set {
		sse -= w[i] * g[p][t]
	}
	return w, sse, !math.IsNaN(sse)
}

// pair is a ratio relation's x_c/x_d.
type pair struct{ c, d int }

// relScaleSpread bounds the spread (largest over smallest) of the ratio of a scale pair's
// values on the sample, and relMaxScalePairs their number (model 11).
const (
	relScaleSpread   = 1.25
	relMaxScalePairs = 192
)

// scalePairs returns model 11's further ratio pairs: columns c and d positive on every
// sampled row where both are numbers (on 90 % of the rows at least) whose ratio, in real
// values, stays within relScaleSpread of itself and is not 1 throughout: a price and its
// split-adjusted copy (AdjOpen/Open), whose ratio scales the row's other prices to theirs.
// Most stable first, pairs that have is true for left out.
func scalePairs(lat []predict.LatticeColumn, cands, samp []int, ec []int32, have func(c, d int) bool) []pair {
	type scored struct {
		p      pair
		spread float64
	}
	var out []scored
	for _, d := range cands {
		for _, c := range cands {
			if c == d || have(c, d) {
				continue
			}
			ok, n, lo, hi, one := true, 0, math.Inf(1), 0.0, true
			for _, r := range samp {
				if lat[c].Res[r] < 0 || lat[d].Res[r] < 0 {
					continue
				}
				xc, xd := lat[c].X[r], lat[d].X[r]
				if xc <= 0 || xd <= 0 {
					ok = false
					break
				}
				q := float64(xc) / float64(xd) * math.Pow(10, float64(ec[c]-ec[d]))
				lo, hi = min(lo, q), max(hi, q)
				one = one && math.Abs(q-1) < 1e-12
				n++
			}
			if ok && !one && n*10 >= len(samp)*9 && hi <= lo*relScaleSpread {
				out = append(out, scored{pair{c, d}, hi / lo})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int {
		switch {
		case a.spread < b.spread:
			return -1
		case a.spread > b.spread:
			return 1
		}
		return 0
	})
	var ps []pair
	for _, s := range out[:min(len(out), relMaxScalePairs)] {
		ps = append(ps, s.p)
	}
	return ps
}

// trailingZeros10 returns how many decimal zeros end x (0 for 0; at most 18).
func trailingZeros10(x int64) int {
	if x == 0 {
		return 0
	}
	n := 0
	for x%10 == 0 && n < 18 {
		x /= 10
		n++
	}
	return n
}
