package predict

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Lattice discovery is encoder-side analysis: it may use floating point, because only its
// quantised result (LatticeParams) enters the stream, and the decoder never repeats it.

// LatticeColumn is one column of a block as FindLattices sees it.
type LatticeColumn struct {
	X   []int64 // each row's value in column units
	Res []int8  // the power of ten of each value's last printed digit relative to the column
	// unit (0: the unit itself), or -1 where the cell is not a number
}

const (
	latMaxSamples = 1 << 11 // rows looked at per block
	latPool       = 2048    // changes a column's step is fitted to
	latChanges    = 4096    // changes a group is fitted to
	latMinGain    = 0.25    // a lattice must save this share of the bits (estimated) to be used
)

var pow10f = func() (t [20]float64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return
}()

// The discovery scores a lattice by the bits it would save: coding a change v of a column
// costs about log2(1+|v|/res) bits plainly (res: the print resolution), and
// log2(1+|Δk|) + log2(1+|r|/res) with the lattice (the change of the coordinate, and the
// rounding residual r). This balances everything at once: a step too fine costs coordinate
// bits, one too coarse or wrong costs residual bits, and coupling between axes costs what it
// costs.

// roundF rounds x to the nearest integer, halves away from zero, for |x| < 2^62 (faster than
// math.Round; analysis only).
func roundF(x float64) float64 {
	if x >= 0 {
		return float64(int64(x + 0.5))
	}
	return float64(int64(x - 0.5))
}

// log2p1 returns about log2(1+x) for x ≥ 0 (within 0.1; analysis only).
func log2p1(x float64) float64 {
	b := math.Float64bits(1 + x)
	return float64(int64(b>>52)-1023) + float64(b&(1<<52-1))/(1<<52)
}

// change is a row-to-row change of a group of columns, with its print resolution (half of
// what print rounding could blur).
type change struct {
	d, res [MaxLatticeDim]float64
}

// FindLattices looks for columns whose values sit on a lattice and returns one LatticeParams
// per group found, in column order. prev are the groups of the previous block: one that still
// pays is kept as it is, so that the model keeps its state. It runs on GOMAXPROCS goroutines.
func FindLattices(cols []LatticeColumn, prev []LatticeParams) []LatticeParams {
	return FindLatticesThreads(cols, prev, runtime.GOMAXPROCS(0))
}

// FindLatticesThreads is FindLattices on up to threads goroutines; the result does not depend
// on threads.
func FindLatticesThreads(cols []LatticeColumn, prev []LatticeParams, threads int) []LatticeParams {
	var out []LatticeParams
	// Keep the previous block's groups that still pay.
	taken := make([]bool, len(cols))
	var keep []LatticeParams
	for _, p := range prev {
		if p.Col+p.G > len(cols) {
			continue
		}
		trend := false
		if p.G == 1 {
			_, trend = columnChanges(&cols[p.Col])
		}
		if gain, base := groupGain(cols, &p, trend); gain > 0 && gain >= latMinGain*base {
			keep = append(keep, p)
			for a := 0; a < p.G; a++ {
				taken[p.Col+a] = true
			}
		}
	}
	// Each column's step, then the fit of each column alone and of each run of two or three
	// coupled columns, are independent analyses: they run on all cores, each writing its own
	// slot, so the result does not depend on the number of cores.
	steps := make([]float64, len(cols))
	trend := make([]bool, len(cols))
	ParallelFor(threads, len(cols), func(c int) {
		if !taken[c] {
			steps[c], trend[c] = findStep(&cols[c])
		}
	})
	// The gain (bits saved) of each column alone, to compare groups against.
	single := make([]LatticeParams, len(cols))
	gain1 := make([]float64, len(cols))
	coupled := make([]bool, len(cols)) // alone, the column's lattice leaves much unexplained
	ParallelFor(threads, len(cols), func(c int) {
		if steps[c] > 0 {
			var base float64
			single[c], gain1[c], base = fitGroup(cols, c, 1, steps[c:c+1], trend[c])
			coupled[c] = !trend[c] && gain1[c] < 0.6*base
		}
	})
	// Candidate groups: runs of g columns from s, all with a step, none kept, coupled if g > 1.
	type option struct {
		p    LatticeParams
		gain float64
	}
	eligible := func(s, g int) bool {
		for a := s; a < s+g; a++ {
			if steps[a] <= 0 || taken[a] || (g > 1 && !coupled[a]) {
				return false
			}
		}
		return true
	}
	groupFit := make([][MaxLatticeDim + 1]option, len(cols))
	ParallelFor(threads, len(cols)*(MaxLatticeDim-1), func(i int) {
		s, g := i/(MaxLatticeDim-1), 2+i%(MaxLatticeDim-1)
		if s+g <= len(cols) && eligible(s, g) {
			o := &groupFit[s][g]
			o.p, o.gain, _ = fitGroup(cols, s, g, steps[s:s+g], false)
		}
	})
	// Partition the other columns into groups of one to three that save the most bits (the
	// axes of one sensor share a lattice whose axes are coupled): dynamic programming over
	// the column order.
	best := make([]float64, len(cols)+1)
	from := make([]option, len(cols)+1)
	for c := 1; c <= len(cols); c++ {
		best[c] = best[c-1]
		from[c] = option{}
		for g := 1; g <= min(MaxLatticeDim, c); g++ {
			s := c - g
			if !eligible(s, g) {
				break
			}
			o := option{single[s], gain1[s]}
			if g > 1 {
				o = groupFit[s][g]
			}
			if o.gain > 0 && o.p.Valid() && best[s]+o.gain > best[c] {
				best[c] = best[s] + o.gain
				from[c] = o
			}
		}
	}
	for c := len(cols); c > 0; {
		o := from[c]
		if o.p.G == 0 {
			c--
			continue
		}
		if initOffsets(cols, &o.p) {
			out = append(out, o.p)
		}
		c -= o.p.G
	}
	out = append(out, keep...)
	slices.SortFunc(out, func(a, b LatticeParams) int { return a.Col - b.Col })
	return out
}

// ParallelFor calls f(0) ... f(n-1) on up to threads goroutines (in the caller's alone for
// one) and returns when all have returned. The encoder's analyses use it: each f must write
// only its own results, so that the outcome does not depend on the schedule.
func ParallelFor(threads, n int, f func(i int)) {
	workers := min(n, threads)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

// res returns the print resolution of row t of column col in column units, or 0 if the cell
// is not a number.
func (col *LatticeColumn) res(t int) float64 {
	r := col.Res[t]
	if r < 0 || int(r) >= len(pow10f) {
		return 0
	}
	return pow10f[r]
}

// stepEntry is one change (or change of changes) of a column: its size and resolution.
type stepEntry struct{ v, res float64 }

// columnChanges returns up to latPool changes of a column spread over the block, or the
// changes of its changes if the column trends (a clock: its changes are nearly constant, and
// its model predicts the next change from the last).
func columnChanges(col *LatticeColumn) (pool []stepEntry, trend bool) {
	n := min(len(col.X), latMaxSamples)
	d1 := make([]stepEntry, 0, n)
	d2 := make([]stepEntry, 0, n)
	prevD, prevRes := 0.0, -1.0
	for t := 1; t < n; t++ {
		r0, r1 := col.res(t-1), col.res(t)
		if r0 == 0 || r1 == 0 {
			prevRes = -1
			continue
		}
		d := float64(col.X[t] - col.X[t-1])
		res := max(r0, r1)
		d1 = append(d1, stepEntry{math.Abs(d), res})
		if prevRes > 0 {
			d2 = append(d2, stepEntry{math.Abs(d - prevD), max(res, prevRes)})
		}
		prevD, prevRes = d, res
	}
	median := func(e []stepEntry) float64 {
		stride := max(1, len(e)/512)
		v := make([]float64, 0, len(e)/stride+1)
		for i := 0; i < len(e); i += stride {
			v = append(v, e[i].v)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	if len(d2) < 32 {
		return nil, false
	}
	src := d1
	if trend = median(d2) < median(d1)/4; trend {
		src = d2
	}
	stride := max(1, len(src)/latPool)
	for i := 0; i < len(src); i += stride {
		if e := src[i]; e.v > e.res {
			pool = append(pool, e)
		}
	}
	return pool, trend
}

// findStep returns the step of the one-dimensional lattice that best fits the changes of a
// column (or of a trending column's changes), 0 if none saves bits, and whether the column
// trends.
func findStep(col *LatticeColumn) (float64, bool) {
	pool, trend := columnChanges(col)
	if len(pool) < 32 {
		return 0, false
	}
	base := 0.0
	for _, e := range pool {
		base += log2p1(e.v / e.res)
	}
	cost := func(s float64, pool []stepEntry) float64 {
		c := 0.0
		for _, e := range pool {
			m := roundF(e.v / s)
			c += log2p1(m) + log2p1(math.Abs(e.v-float64(m*s))/e.res)
		}
		return c
	}
	sorted := slices.Clone(pool)
	slices.SortFunc(sorted, func(a, b stepEntry) int { return cmp.Compare(a.v, b.v) })
	// Candidates: a change and its divisors, roughly refined; the cheapest few are then
	// refined finely.
	type cand struct{ s, cost float64 }
	var cands []cand
	var tried []float64
	small := pool[:min(len(pool), 256)]
	for _, q := range []int{0, 1, 2, 5, 10, 25, 50, 75} {
		c := sorted[len(sorted)*q/100].v
	next:
		for m := 1; m <= 6; m++ {
			raw := c / float64(m)
			for _, t := range tried {
				if math.Abs(raw-t) < 0.01*t {
					continue next
				}
			}
			tried = append(tried, raw)
			s := roughStep(small, raw)
			cands = append(cands, cand{s, cost(s, small)})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(a.cost, b.cost) })
	best, bestCost := 0.0, base*(1-latMinGain/2)
	for _, c := range cands[:min(2, len(cands))] {
		tries := []float64{c.s, scanStep(small, c.s, cost)}
		if trend {
			// A clock: its cost has minima too sharp for the scan.
			tries = append(tries, refineStep(pool, c.s))
		}
		for _, s := range tries {
			if k := cost(s, pool); k < bestCost {
				best, bestCost = s, k
			}
		}
	}
	return best, trend
}

// scanStep narrows a step down by a multi-scale scan of the cost: the cost has local minima
// a step/m apart for multiples m, so each scale looks at a few points around the best so far.
func scanStep(pool []stepEntry, s float64, cost func(float64, []stepEntry) float64) float64 {
	k := cost(s, pool)
	for scale := 0.02; scale > 1e-10; scale /= 8 {
		bs := s
		for j := -8; j <= 8; j++ {
			if j == 0 {
				continue
			}
			t := s * (1 + float64(float64(j)*scale/8))
			if kt := cost(t, pool); kt < k {
				bs, k = t, kt
			}
		}
		s = bs
	}
	return s
}

// roughStep improves a rough step by least squares over the changes near its small
// multiples.
func roughStep(pool []stepEntry, s float64) float64 {
	var num, den float64
	for _, e := range pool {
		m := roundF(e.v / s)
		if m != 0 && m <= 4 && math.Abs(e.v-float64(m*s)) <= 2*e.res+float64(0.1*s) {
			num += float64(m * e.v)
			den += float64(m * m)
		}
	}
	if den == 0 {
		return s
	}
	return num / den
}

// refineStep makes a step precise enough for large multiples (a clock counting thousands of
// ticks per row) by weighted least squares over the changes near its multiples, first the
// small multiples, which a rough step still rounds right, then, as the step grows precise,
// larger ones; where the next multiples are beyond the step's precision, a scan of ±4σ finds
// the step that puts them nearest.
func refineStep(pool []stepEntry, s float64) float64 {
	near := func(e stepEntry, s, m float64) bool {
		return m != 0 && math.Abs(e.v-float64(m*s)) <= 2*e.res+float64(0.1*s)
	}
	scanPool := pool[:min(len(pool), 1024)]
	mmax := 4.0
	for it := 0; it < 12; it++ {
		var num, den, sq float64
		top := 0.0
		used := 0
		for _, e := range pool {
			m := roundF(e.v / s)
			top = max(top, m)
			if m <= mmax && near(e, s, m) {
				w := 1 / (e.res * e.res)
				num += float64(w * m * e.v)
				den += float64(w * m * m)
				sq += float64(w * (e.v - float64(m*s)) * (e.v - float64(m*s)))
				used++
			}
		}
		if den == 0 {
			return s
		}
		s = num / den
		if mmax >= top {
			return s
		}
		sigma := math.Sqrt(max(sq/float64(used), 1) / den)
		next := max(2*mmax, 0.05*s/sigma)
		if next < top {
			bestS, bestErr := s, math.Inf(1)
			for j := -64; j <= 64; j++ {
				c := s + float64(float64(j)*sigma/16)
				err := 0.0
				// Every term is at least 0 (log2p1 of a number at least 0, or of NaN, whose
				// bits read as 2^10 and more), and adding one never lowers a float sum: once
				// err reaches bestErr this candidate cannot be taken, so the rest of the pool
				// is not summed (the same choice as the whole sum's).
				for _, e := range scanPool {
					if m := roundF(e.v / c); m > mmax {
						err += log2p1(math.Abs(e.v-float64(m*c)) / e.res)
						if err >= bestErr {
							break
						}
					}
				}
				if err < bestErr {
					bestS, bestErr = c, err
				}
			}
			s = bestS
			next = max(next, 8*mmax)
		}
		mmax = next
	}
	return s
}

// groupChanges collects the row-to-row changes of columns c..c+g-1 where all are numbers and
// at least one changed.
func groupChanges(cols []LatticeColumn, c, g int, trend bool) []change {
	n := len(cols[c].X)
	for a := 1; a < g; a++ {
		n = min(n, len(cols[c+a].X))
	}
	n = min(n, latMaxSamples)
	limit := latChanges
	if g == 1 {
		limit /= 2
	}
	stride := max(1, n/limit)
	out := make([]change, 0, n/stride+1)
	first := 1
	if trend {
		first = 2
	}
	for t := first; t < n; t += stride {
		var s change
		ok, moved := true, false
		for a := 0; a < g; a++ {
			col := &cols[c+a]
			r0, r1 := col.res(t-1), col.res(t)
			if r0 == 0 || r1 == 0 {
				ok = false
				break
			}
			s.d[a] = float64(col.X[t] - col.X[t-1])
			s.res[a] = max(r0, r1)
			if trend {
				r2 := col.res(t - 2)
				if r2 == 0 {
					ok = false
					break
				}
				s.d[a] -= float64(col.X[t-1] - col.X[t-2])
				s.res[a] = max(s.res[a], r2)
			}
			moved = moved || s.d[a] != 0
		}
		if ok && moved {
			out = append(out, s)
		}
	}
	return out
}

// solveFloat returns the integer coordinates nearest to d in basis B (Gauss–Seidel).
func solveFloat(B *[MaxLatticeDim][MaxLatticeDim]float64, g int, d *[MaxLatticeDim]float64) [MaxLatticeDim]float64 {
	var k [MaxLatticeDim]float64
	for it := 0; it < 12; it++ {
		moved := false
		for a := 0; a < g; a++ {
			e := d[a]
			for b := 0; b < g; b++ {
				e -= float64(B[a][b] * k[b])
			}
			if m := roundF(e / B[a][a]); m != 0 {
				k[a] += m
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return k
}

// latticeCost returns the estimated bits of coding the changes with basis B, and without.
func latticeCost(B *[MaxLatticeDim][MaxLatticeDim]float64, g int, changes []change) (cost, base float64) {
	for i := range changes {
		s := &changes[i]
		k := solveFloat(B, g, &s.d)
		for a := 0; a < g; a++ {
			e := s.d[a]
			for b := 0; b < g; b++ {
				e -= float64(B[a][b] * k[b])
			}
			cost += log2p1(math.Abs(k[a])) + log2p1(math.Abs(e)/s.res[a])
			base += log2p1(math.Abs(s.d[a]) / s.res[a])
		}
	}
	return cost, base
}

// fitGroup fits a g-dimensional lattice to columns c..c+g-1, starting from the diagonal of
// their one-dimensional steps, by alternating nearest coordinates and least squares over the
// changes it explains closely, and returns it quantised with the bits it saves.
func fitGroup(cols []LatticeColumn, c, g int, steps []float64, trend bool) (LatticeParams, float64, float64) {
	changes := groupChanges(cols, c, g, trend)
	p := LatticeParams{Col: c, G: g}
	if len(changes) < 32 {
		return p, 0, 0
	}
	var B [MaxLatticeDim][MaxLatticeDim]float64
	for a := 0; a < g; a++ {
		B[a][a] = steps[a]
	}
	// Least squares over the changes the basis explains, first the small ones (where coupling
	// between the axes cannot yet mislead the coordinates), then ever larger ones.
	lastHit := -1
	for it, kmax := 0, 8.0; it < 12 && !trend; it++ {
		var ata, atd [MaxLatticeDim][MaxLatticeDim]float64 // atd[a][b] = Σ k_b d_a
		hit := 0
		for i := range changes {
			s := &changes[i]
			k := solveFloat(&B, g, &s.d)
			ok := true
			for a := 0; a < g; a++ {
				ok = ok && math.Abs(k[a]) <= kmax
			}
			for a := 0; a < g && ok; a++ {
				e := s.d[a]
				for b := 0; b < g; b++ {
					e -= float64(B[a][b] * k[b])
				}
				ok = math.Abs(e) <= 2*s.res[a]+float64(0.1*B[a][a])
			}
			if !ok {
				continue
			}
			hit++
			for a := 0; a < g; a++ {
				for b := 0; b < g; b++ {
					ata[a][b] += float64(k[a] * k[b])
					atd[a][b] += float64(k[b] * s.d[a])
				}
			}
		}
		inv, ok := invert(&ata, g)
		if hit < 8*g || !ok {
			if math.IsInf(kmax, 1) {
				break
			}
			kmax *= 4
			continue
		}
		if math.IsInf(kmax, 1) && hit <= lastHit {
			break // converged: no more changes explained than before
		}
		lastHit = hit
		if kmax *= 4; kmax > 1<<12 {
			kmax = math.Inf(1)
		}
		var nb [MaxLatticeDim][MaxLatticeDim]float64
		for a := 0; a < g; a++ {
			for b := 0; b < g; b++ {
				for j := 0; j < g; j++ {
					nb[a][b] += float64(inv[b][j] * atd[a][j])
				}
			}
			if nb[a][a] <= 0 {
				return p, 0, 0
			}
		}
		B = nb
	}
	// Quantise with as many fractional bits as keep every entry below 2^61.
	m := 0.0
	for a := 0; a < g; a++ {
		for b := 0; b < g; b++ {
			m = max(m, math.Abs(B[a][b]))
		}
	}
	if m == 0 || math.IsNaN(m) || math.IsInf(m, 0) || m >= 1<<60 {
		return p, 0, 0
	}
	fb := 32
	for fb > 0 && m*math.Ldexp(1, fb) >= 1<<61 {
		fb--
	}
	p.FB = uint(fb)
	for a := 0; a < g; a++ {
		for b := 0; b < g; b++ {
			p.B[a][b] = int64(roundF(math.Ldexp(B[a][b], fb)))
		}
	}
	gain, base := changesGain(&p, changes)
	if gain < latMinGain*base {
		return p, 0, base
	}
	return p, gain, base
}

// groupGain returns the bits the quantised lattice p saves on a block's changes, and the bits
// they cost without it.
func groupGain(cols []LatticeColumn, p *LatticeParams, trend bool) (gain, base float64) {
	return changesGain(p, groupChanges(cols, p.Col, p.G, trend))
}

// changesGain returns the bits the quantised lattice p saves on changes, and the bits they
// cost without it.
func changesGain(p *LatticeParams, changes []change) (gain, base float64) {
	if len(changes) < 32 {
		return 0, 0
	}
	var B [MaxLatticeDim][MaxLatticeDim]float64
	for a := 0; a < p.G; a++ {
		for b := 0; b < p.G; b++ {
			B[a][b] = math.Ldexp(float64(p.B[a][b]), -int(p.FB))
		}
	}
	cost, base := latticeCost(&B, p.G, changes)
	return base - cost, base
}

// initOffsets sets p.Off from the first row where all of the group's columns are numbers:
// the offset of that row from its nearest lattice point.
func initOffsets(cols []LatticeColumn, p *LatticeParams) bool {
	n := len(cols[p.Col].X)
	for a := 1; a < p.G; a++ {
		n = min(n, len(cols[p.Col+a].X))
	}
	for t := 0; t < n; t++ {
		var x [MaxLatticeDim]int64
		ok := true
		for a := 0; a < p.G; a++ {
			col := &cols[p.Col+a]
			ok = ok && col.Res[t] >= 0
			x[a] = col.X[t]
		}
		if !ok {
			continue
		}
		q := *p
		q.Off = [MaxLatticeDim]int64{}
		l := NewLattice(q)
		k := l.Solve(&x)
		for a := 0; a < p.G; a++ {
			e := I128(x[a]).Shl(p.FB).Sub(l.Predict(a, &k))
			v := e.Int64(1 << 62)
			if v == 1<<62 || v == -1<<62 {
				return false
			}
			p.Off[a] = v
		}
		return true
	}
	return false
}

// invert inverts the g×g matrix m.
func invert(m *[MaxLatticeDim][MaxLatticeDim]float64, g int) ([MaxLatticeDim][MaxLatticeDim]float64, bool) {
	var a [MaxLatticeDim][2 * MaxLatticeDim]float64
	for i := 0; i < g; i++ {
		for j := 0; j < g; j++ {
			a[i][j] = m[i][j]
		}
		a[i][g+i] = 1
	}
	for c := 0; c < g; c++ {
		p := c
		for r := c + 1; r < g; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if a[p][c] == 0 {
			return [MaxLatticeDim][MaxLatticeDim]float64{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := 0; r < g; r++ {
			if r != c {
				f := a[r][c] / a[c][c]
				for j := c; j < 2*g; j++ {
					a[r][j] -= float64(f * a[c][j])
				}
			}
		}
	}
	var inv [MaxLatticeDim][MaxLatticeDim]float64
	for i := 0; i < g; i++ {
		for j := 0; j < g; j++ {
			inv[i][j] = a[i][g+j] / a[i][i]
		}
	}
	return inv, true
}
