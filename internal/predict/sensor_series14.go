package predict

import "slices"

// Sensor model 14 (SetLPC, branch bio14): an encoder-fitted linear predictor, as MPEG-4
// ALS and FLAC code a block: the encoder fits a predictor of order up to LPCMaxOrder on the
// series' values (their distance from an offset), quantises its coefficients to integers
// with LPCShift bits below the unit, and writes them in the block head; the Series predicts
// with exact integer arithmetic. Its prediction is one more candidate of the selection
// (chosen while it has erred least lately); when chosen, its four bits below the unit go
// into the second stage as the LMS's do. Its change from the last value is also an input
// of the Series' LMS, and its distance from the prediction the residual's second opinion
// (AltLMS) in place of the LMS's.

const (
	LPCMaxOrder = 32
	LPCMaxShift = 20
	lpcLimit    = 1 << 30 // the inputs' bound (distance from the offset)
	lpcCoefLim  = 1 << 26 // the coefficients' bound
)

// LPCParams is an encoder-fitted predictor: value ≈ Off + Σ C[i]·(x[t−1−i] − Off) >> Shift.
type LPCParams struct {
	Shift uint
	Off   int64
	C     []int32
}

// Valid tells whether p can be used.
func (p *LPCParams) Valid() bool {
	if len(p.C) == 0 || len(p.C) > LPCMaxOrder || p.Shift < 4 || p.Shift > LPCMaxShift || p.Off > seriesLimit>>8 || p.Off < -seriesLimit>>8 {
		return false
	}
	for _, c := range p.C {
		if c > lpcCoefLim || c < -lpcCoefLim {
			return false
		}
	}
	return true
}

// seriesLPC is the predictor's state in a Series.
type seriesLPC struct {
	p   LPCParams
	h   [LPCMaxOrder]int64 // the last values − Off, clamped, newest first
	hn  int                // values seen (up to the order)
	p16 int64              // the last prediction ×16 (absolute)
	ok  bool               // the last prediction was made (enough history)
	err int64              // running mean |error| of its rounded value, ×16
	sel bool               // the selection took it for the last prediction
	dl  int64              // its change from the last value (rounded), an input of the LMS
	xl  int32              // dl normalised, of the last prediction
	wl  int32              // its LMS weight, 1.0 = 1<<16
}

// The predictor's change from the last value is an input of the Series' LMS, its weight
// starting at 1.0 (the LMS's other weights start at 0: at first the LMS is the fitted
// predictor) and learning with step lpcStep, model 3's other inputs'.
const (
	lpcStep = 12
	lpcW0   = 1 << 16
)

// input makes the prediction; it returns the LMS's input (0 without one, or without the
// input).
func (l *seriesLPC) input(last int64) int64 {
	l.dl = 0
	if _, ok := l.predict(); ok {
		l.dl = clampI64((l.p16+8)>>4-last, seriesLimit>>4)
	}
	return l.dl
}

// dotIn returns the input's term of the LMS's dot product.
func (l *seriesLPC) dotIn(sh uint) int64 {
	l.xl = int32(l.dl >> sh)
	return int64(l.xl) * int64(l.wl)
}

// SetLPC gives the Series (sensor model 14) an encoder-fitted predictor (nil: none). The
// same parameters keep its history; new ones start it afresh.
func (s *Series) SetLPC(p *LPCParams) {
	switch {
	case p == nil:
		s.lpc = nil
	case s.lpc != nil && s.lpc.p.Shift == p.Shift && s.lpc.p.Off == p.Off && slices.Equal(s.lpc.p.C, p.C):
	default:
		s.lpc = &seriesLPC{p: LPCParams{Shift: p.Shift, Off: p.Off, C: append([]int32(nil), p.C...)}, wl: lpcW0}
	}
}

// SetRecord makes the Series append every value it learns to *rec (nil: none), and the
// |error| of its prediction of each to *recE (0 for the first): the encoder's trial
// records the values a predictor is fitted on.
func (s *Series) SetRecord(rec, recE *[]int64) { s.rec, s.recE = rec, recE }

// LPCError returns the sum of |error| of p's rounded prediction over x[from:] (the values
// before from its history, none before x[0]) and how many it predicted.
func LPCError(p *LPCParams, x []int64, from int) (sum uint64, n int) {
	l := &seriesLPC{p: *p}
	for i, v := range x {
		if _, ok := l.predict(); ok && i >= from {
			sum += absU(clampI64(v-(l.p16+8)>>4, 1<<40))
			n++
		}
		l.update(v)
	}
	return sum, n
}

// predict computes the predictor's value; it returns the value (floor) and whether there
// is one.
func (l *seriesLPC) predict() (int64, bool) {
	n := len(l.p.C)
	l.ok = l.hn >= n
	if !l.ok {
		return 0, false
	}
	var dot int64
	for i, c := range l.p.C {
		dot += int64(c) * l.h[i]
	}
	l.p16 = l.p.Off<<4 + dot>>(l.p.Shift-4)
	return l.p16 >> 4, true
}

// update learns the true value v.
func (l *seriesLPC) update(v int64) {
	if l.ok {
		e := v - (l.p16+8)>>4
		l.err += (int64(absU(clampI64(e, 1<<40)))<<4 - l.err) >> 4
	}
	n := len(l.p.C)
	copy(l.h[1:n], l.h[:n-1])
	l.h[0] = clampI64(v-l.p.Off, lpcLimit)
	l.hn = min(l.hn+1, n)
}
