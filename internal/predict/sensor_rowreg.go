package predict

import "math/bits"

// RowInputs is how many changes of the numbers to its left in the row a RowRegression reads.
const RowInputs = 4

// RowRegression predicts the change of a column's value from the changes, in the same row, of
// the last RowInputs numbers coded to its left (sensor model 3): a normalised LMS over them,
// each input first scaled by its own running magnitude so that columns of any unit weigh
// alike. In a table whose rows come in no useful order (a radar grid sorted by value) the
// latitude's change follows the grid coordinates' changes; in a row of open, high, low and
// close prices each follows the others. Its prediction is the cross-channel input of the
// column's Series. The scales are powers of two from running magnitudes that settle slowly:
// a scale that moved with every input would blur what the weights learn. All arithmetic is
// integer.
type RowRegression struct {
	w    [RowInputs]int64 // weights, 1.0 = 1<<16, in target units per normalised input
	mag  [RowInputs]int64 // running mean |input| per place, ×2^16
	seen [RowInputs]int32 // inputs seen per place (the mean's rate starts fast, ends at 1/1024)
	x    [RowInputs]int64 // the normalised inputs of the last prediction
	n    int              // inputs of the last prediction
	pred int64
}

// rowNorm is the size inputs are scaled to.
const (
	rowNormBits = 12
	rowNorm     = 1 << rowNormBits
)

// Predict returns the predicted change given the row's changes so far (oldest first; the
// last RowInputs are read, newest in place 0).
func (g *RowRegression) Predict(deltas []int64) int64 {
	g.n = min(len(deltas), RowInputs)
	var dot int64
	for k := 0; k < g.n; k++ {
		d := clampI64(deltas[len(deltas)-1-k], 1<<40)
		// Scaled by a power of two near rowNorm/magnitude: it changes only when the
		// magnitude crosses an octave, so the weights keep their meaning.
		sh := bits.Len64(uint64(g.mag[k]>>16)) - rowNormBits
		g.mag[k] += (int64(absU(d))<<16 - g.mag[k]) >> min(bits.Len32(uint32(g.seen[k])), 10)
		g.seen[k] = min(g.seen[k]+1, 1<<20)
		if sh >= 0 {
			g.x[k] = clampI64(d>>sh, 1<<16)
		} else {
			g.x[k] = clampI64(d<<min(-sh, 16), 1<<16)
		}
		dot += g.x[k] * g.w[k]
	}
	for k := g.n; k < RowInputs; k++ {
		g.x[k] = 0
	}
	g.pred = clampI64(dot>>16, 1<<50)
	return g.pred
}

// Update learns the column's true change; Predict must have been called first.
func (g *RowRegression) Update(change int64) {
	if g.n == 0 {
		return
	}
	e := clampI64(change-g.pred, 1<<40)
	var norm int64 = rowNorm * rowNorm / 4
	for k := 0; k < g.n; k++ {
		norm += g.x[k] * g.x[k]
	}
	// w += μ·e·x/|x|², μ = 1/8; e is in target units, the weights map normalised inputs to them.
	// f = e·2^30/|x|² keeps the small steps of a converged filter (e·2^16/|x|² would be 0).
	sh := 0
	if l := bits.Len64(absU(e)); l > 32 {
		sh = l - 32
	}
	f := (e >> sh << 30) / norm
	for k := 0; k < g.n; k++ {
		g.w[k] = clampI64(g.w[k]+(f*g.x[k]>>17)<<sh, 1<<44)
	}
}

// RowLevel predicts a column's value itself (not its change) from the values of the last
// RowInputs numbers to its left in the row (sensor model 3): each input and the target less
// its running mean, through a RowRegression. A daily mean temperature halfway between the
// maximum and the minimum, or a sum of the columns before it, is found from the levels, where
// changes would double the noise of the rounding.
type RowLevel struct {
	reg   RowRegression
	mean  [RowInputs]int64 // running means of the inputs by place, ×16
	tmean int64            // and of the target, ×16
	seen  int32
	buf   [RowInputs]int64
}

// Predict returns the predicted value given the row's values so far (oldest first).
func (g *RowLevel) Predict(values []int64) int64 {
	n := min(len(values), RowInputs)
	rate := min(bits.Len32(uint32(g.seen)), 5)
	for k := 0; k < n; k++ {
		v := clampI64(values[len(values)-1-k], 1<<50)
		if g.seen == 0 {
			g.mean[k] = v << 4
		}
		g.buf[n-1-k] = v - g.mean[k]>>4
		g.mean[k] += (v<<4 - g.mean[k]) >> rate
	}
	return g.tmean>>4 + g.reg.Predict(g.buf[:n])
}

// Update learns the column's true value; Predict must have been called first.
func (g *RowLevel) Update(v int64) {
	v = clampI64(v, 1<<50)
	if g.seen == 0 {
		g.tmean = v << 4
	}
	g.reg.Update(v - g.tmean>>4)
	g.tmean += (v<<4 - g.tmean) >> min(bits.Len32(uint32(g.seen)), 5)
	g.seen = min(g.seen+1, 1<<20)
}
