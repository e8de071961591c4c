package predict

import "math/bits"

// SeriesOrder is how many past deltas a Series' LMS looks at.
const SeriesOrder = 8

// Series predicts the next value of an integer series (a column's values in fixed point, or
// a lattice coordinate) from its own past, as lossless audio coders do: the last value plus
// a delta predicted by a normalised LMS filter over the last deltas, whose weights learn
// while the series is coded; a second, cascaded LMS stage predicts what the first leaves
// from a cross-channel input (the change of another column in the same row, already coded).
// All arithmetic is integer, so encoder and decoder agree.
type Series struct {
	last                    int64
	n                       int                // values seen
	d                       [SeriesOrder]int64 // past deltas, newest first
	w                       [SeriesOrder]int32 // LMS weights, 1.0 = 1<<16
	pred                    int64              // the last prediction
	lmsOut                  int64              // the LMS delta of the last prediction
	x                       [SeriesOrder]int32 // the normalised inputs of the last prediction
	sh                      uint               // their normalising shift
	errLMS, errPrev, errLin int64              // running mean |error| of three predictors, ×16
	errCross, errCrossOnly  int64              // and of the LMS with the cross-channel stage, and of it alone
	wc                      int32              // cross-channel weight, 1.0 = 1<<16
	xc                      int32              // the normalised cross input of the last prediction
	shc                     uint               // its normalising shift
	crossOut                int64              // the cross stage's output of the last prediction
	// AvgErr is the running mean absolute prediction error (×16): how surprised the model
	// has been lately, a context for coding the residual.
	AvgErr int64
}

// seriesLimit bounds values so that sums of a few of them never overflow.
const seriesLimit = 1 << 62

// Reset forgets the past.
func (s *Series) Reset() { *s = Series{} }

// Predict returns the predicted next value.
func (s *Series) Predict() int64 { return s.PredictCross(0) }

// PredictCross returns the predicted next value given a cross-channel input: the change, in
// this row, of another channel (any scale; 0 if none).
func (s *Series) PredictCross(cross int64) int64 {
	if s.n == 0 {
		s.pred = 0
		return 0
	}
	s.shc = 0
	if l := bits.Len64(absU(cross)); l > 15 {
		s.shc = uint(l - 15)
	}
	s.xc = int32(cross >> s.shc)
	s.crossOut = clampI64((int64(s.xc)*int64(s.wc)>>16)<<s.shc, seriesLimit>>2)
	// Normalise the inputs to 15 bits so that the products stay in range.
	var m uint64
	for _, v := range s.d {
		m |= absU(v)
	}
	s.sh = 0
	if l := bits.Len64(m); l > 15 {
		s.sh = uint(l - 15)
	}
	var dot int64
	for i, v := range s.d {
		x := int32(v >> s.sh)
		s.x[i] = x
		dot += int64(x) * int64(s.w[i])
	}
	s.lmsOut = clampI64((dot>>16)<<s.sh, seriesLimit)
	// Pick the predictor that has erred least lately: the LMS, the last value, or the
	// linear extrapolation (early on the LMS has not learned yet).
	p, e := s.last+s.lmsOut, s.errLMS
	if s.errCross < e {
		p, e = s.last+s.lmsOut+s.crossOut, s.errCross
	}
	if s.errCrossOnly < e {
		p, e = s.last+s.crossOut, s.errCrossOnly
	}
	switch {
	case s.errPrev < e && s.errPrev <= s.errLin:
		p = s.last
	case s.errLin < e:
		p = s.last + s.d[0]
	}
	s.pred = clampI64(p, seriesLimit)
	return s.pred
}

// Update learns the true next value v; Predict must have been called first.
func (s *Series) Update(v int64) {
	v = clampI64(v, seriesLimit)
	if s.n == 0 {
		s.last, s.n = v, 1
		return
	}
	e := v - s.pred
	s.AvgErr += (int64(absU(e))<<4 - s.AvgErr) >> 3
	track := func(acc *int64, p int64) {
		*acc += (int64(absU(clampI64(v-p, 1<<40)))<<4 - *acc) >> 4
	}
	track(&s.errLMS, s.last+s.lmsOut)
	track(&s.errPrev, s.last)
	track(&s.errLin, s.last+s.d[0])
	track(&s.errCross, s.last+s.lmsOut+s.crossOut)
	track(&s.errCrossOnly, s.last+s.crossOut)
	// The cross stage learns what the first stage left (one-input NLMS: scale-free).
	if s.xc != 0 {
		e2 := clampI64((v-(s.last+s.lmsOut+s.crossOut))>>s.shc, 1<<16)
		f := (e2 << 24) / (int64(s.xc)*int64(s.xc) + 1)
		s.wc = int32(clampI64(int64(s.wc)+(f*int64(s.xc))>>12, 1<<24))
	}
	// NLMS: w += μ·e·x/(|x|²+δ), with e in the inputs' scale.
	// Both stages learn from the error of their sum, so they share the work.
	el := v - (s.last + s.lmsOut + s.crossOut)
	es := clampI64(el>>s.sh, 1<<16)
	var norm int64 = 1
	for _, x := range s.x {
		norm += int64(x) * int64(x)
	}
	f := (es << 24) / norm
	for i, x := range s.x {
		s.w[i] = int32(clampI64(int64(s.w[i])+(f*int64(x))>>12, 1<<20))
	}
	copy(s.d[1:], s.d[:SeriesOrder-1])
	s.d[0] = clampI64(v-s.last, seriesLimit>>4)
	s.last = v
	s.n++
}

func clampI64(v, limit int64) int64 {
	if v > limit {
		return limit
	}
	if v < -limit {
		return -limit
	}
	return v
}
