package codec

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 14 (branch bio14): an encoder-fitted linear predictor for a one-column
// signal (predict.Series.SetLPC), as MPEG-4 ALS and FLAC code a block. The cascade's trial
// (chooseCascade) records the values each Series learns and its errors; the encoder fits
// a predictor of order lpcOrder to the first half of the longest record (autocorrelation,
// Levinson–Durbin, in float64: the encoder's side only) and keeps it for the stream if it
// errs less than the Series on the later half. A block that has it refits it on the
// block's values; the block head carries it (FORMAT.md §12.8.9): the column, the order,
// the shift, the offset and the coefficients.

// lpcHead is a block head's predictor: column col's Series predict with p.
type lpcHead struct {
	col int
	p   predict.LPCParams
}

// The fit's order and the coefficients' bits below the unit.
// Tried (MODEL.md "Sensor model 14"): orders 8 to 64, 12 bits.
const (
	lpcOrder = 32
	lpcShift = 14
)

func appendLPC(b []byte, l *lpcHead) []byte {
	b = binary.AppendUvarint(b, uint64(l.col))
	b = binary.AppendUvarint(b, uint64(len(l.p.C)))
	b = binary.AppendUvarint(b, uint64(l.p.Shift))
	b = binary.AppendUvarint(b, zigzag(l.p.Off))
	for _, c := range l.p.C {
		b = binary.AppendUvarint(b, zigzag(int64(c)))
	}
	return b
}

func parseLPC(f *fieldReader, n int) (*lpcHead, error) {
	l := &lpcHead{}
	l.col = f.count(uint64(n), "predictor column")
	k := f.count(predict.LPCMaxOrder, "predictor order")
	l.p.Shift = uint(f.count(predict.LPCMaxShift, "predictor shift"))
	l.p.Off = unzigzag(f.uvarint())
	for i := 0; i < k && f.err == nil; i++ {
		c := unzigzag(f.uvarint())
		if c < math.MinInt32 || c > math.MaxInt32 {
			return nil, fmt.Errorf("predictor coefficient invalid")
		}
		l.p.C = append(l.p.C, int32(c))
	}
	if f.err != nil {
		return nil, f.err
	}
	if l.col >= n || !l.p.Valid() {
		return nil, fmt.Errorf("predictor invalid")
	}
	return l, nil
}

// startLPC gives the Series of the head's column (as a column and as a lattice's axis) its
// predictor, and every other Series none.
func (s *sensorCoder) startLPC(h *sensorBlockHead) {
	s.eachSeries(func(c int, se *predict.Series) {
		if h.lpc != nil && c == h.lpc.col {
			se.SetLPC(&h.lpc.p)
		} else {
			se.SetLPC(nil)
		}
	})
}

// chooseLPC returns a one-column signal's predictor for block head h (nil: none). The
// first block long enough to try records the values its Series learn over the trial's
// rows, fits a predictor on the first half of the record, and keeps the predictor if it
// codes the later half's rows (rows it was not fitted on) in less. A block that has the
// predictor fits it on the column's values of the whole block (the Series' values are an
// affine map of them, which leaves the coefficients the same), its offset the mean of the
// trial's record.
func (e *SensorEncoder) chooseLPC() *lpcHead {
	if !e.lpcTried {
		e.lpcTried = true
		e.lpcChose = e.tryLPC()
	}
	if e.lpcChose == nil {
		return nil
	}
	l := *e.lpcChose
	if x := e.blockValues(l.col); len(x) >= 4*lpcOrder {
		if p, ok := fitLPC(x, lpcOrder, lpcShift); ok {
			p.Off = l.p.Off
			l.p = p
		}
	}
	return &l
}

// blockValues returns column col's values in the block (in column units; rows without one
// left out).
func (e *SensorEncoder) blockValues(col int) []int64 {
	if col >= len(e.lat) {
		return nil
	}
	lc := &e.lat[col]
	x := make([]int64, 0, len(lc.X))
	for r, v := range lc.X[:len(e.ends)] {
		if lc.Res[r] >= 0 {
			x = append(x, v)
		}
	}
	return x
}

// tryLPC is the first block's choice of chooseLPC; it returns the column and the offset
// (its coefficients those of the fit on the whole record). It codes nothing: the cascade's
// trial (chooseCascade) recorded the values each Series learnt and their errors on the
// side it chose. A predictor fitted on the first half of the longest record is kept if it
// errs less than the Series did on the later half (a sum of |error|: this gate and the
// trial that coded the rows with the predictor made the same choices on the tuning files,
// at a fraction of the encoder's time).
func (e *SensorEncoder) tryLPC() *lpcHead {
	recs, errs := e.lpcRecs, e.lpcErrs
	e.lpcRecs, e.lpcErrs = nil, nil
	best := -1
	for c, r := range recs {
		if best < 0 || len(r) > len(recs[best]) {
			best = c
		}
	}
	if best < 0 || len(recs[best]) < 4*lpcOrder || len(errs[best]) != len(recs[best]) {
		return nil
	}
	rec, from := recs[best], len(recs[best])/2
	half, ok := fitLPC(rec[:from], lpcOrder, lpcShift)
	if !ok {
		return nil
	}
	var series uint64
	for _, v := range errs[best][from:] {
		series += uint64(v)
	}
	lpc, n := predict.LPCError(&half, rec, from)
	if n != len(rec)-from || lpc >= series {
		return nil
	}
	p, ok := fitLPC(rec, lpcOrder, lpcShift)
	if !ok {
		return nil
	}
	return &lpcHead{col: best, p: p}
}

// trialRecord is trialStats recording the values every Series learns and the |error| of
// their predictions: it returns them by column (a lattice's axis a: column Col+a; a column
// coded both ways keeps the longer).
func (e *SensorEncoder) trialRecord(h *sensorBlockHead, rows int) (vals, errs [][]int64, st *SensorBlockStats) {
	t := newSensorCoder()
	t.setParams(&e.params)
	t.trial, t.free = true, &e.trialModels
	t.startBlock(h)
	type record struct {
		col   int
		r, re *[]int64
	}
	var recs []record
	t.eachSeries(func(c int, se *predict.Series) {
		r, re := new([]int64), new([]int64)
		recs = append(recs, record{c, r, re})
		se.SetRecord(r, re)
	})
	st = &SensorBlockStats{}
	e.trialCodeRows(t, st, 0, rows)
	t.releaseModels()
	vals = make([][]int64, len(t.cols))
	errs = make([][]int64, len(t.cols))
	for _, a := range recs {
		for len(vals) <= a.col {
			vals, errs = append(vals, nil), append(errs, nil)
		}
		if len(*a.r) > len(vals[a.col]) {
			vals[a.col], errs[a.col] = *a.r, *a.re
		}
	}
	return vals, errs, st
}

// cascadePairRecord is chooseCascade's trialPair under model 14: the same costs, and the
// records (trialRecord) of the side the cascade's choice takes kept for tryLPC.
func (e *SensorEncoder) cascadePairRecord(with, without *sensorBlockHead, rows int) (sw, so *SensorBlockStats) {
	var vw, ew, vo, eo [][]int64
	e.runTrials(
		func() { vw, ew, sw = e.trialRecord(with, rows) },
		func() { vo, eo, so = e.trialRecord(without, rows) },
	)
	if sw.columnsCost() < so.columnsCost() {
		e.lpcRecs, e.lpcErrs = vw, ew
	} else {
		e.lpcRecs, e.lpcErrs = vo, eo
	}
	return sw, so
}

// fitLPC fits a predictor of the given order to x: the autocorrelation of x less its mean,
// Levinson–Durbin, the coefficients rounded to shift bits below the unit.
func fitLPC(x []int64, order int, shift uint) (predict.LPCParams, bool) {
	var sum float64
	for _, v := range x {
		sum += float64(v)
	}
	off := int64(math.Round(sum / float64(len(x))))
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v - off)
	}
	r := make([]float64, order+1)
	for k := range r {
		var s float64
		for i := k; i < len(y); i++ {
			s += float64(y[i] * y[i-k]) // (explicit: no fused multiply-add, the same fit everywhere)
		}
		r[k] = s
	}
	if r[0] <= 0 {
		return predict.LPCParams{}, false
	}
	r[0] *= 1 + 1e-9
	a := make([]float64, order+1) // a[1..order]: x[t] ≈ Σ a[i]·x[t−i]
	tmp := make([]float64, order+1)
	errv := r[0]
	for m := 1; m <= order; m++ {
		acc := r[m]
		for i := 1; i < m; i++ {
			acc -= float64(a[i] * r[m-i])
		}
		k := acc / errv
		copy(tmp, a)
		a[m] = k
		for i := 1; i < m; i++ {
			a[i] = tmp[i] - float64(k*tmp[m-i])
		}
		errv *= 1 - float64(k*k)
		if errv <= 0 {
			return predict.LPCParams{}, false
		}
	}
	p := predict.LPCParams{Shift: shift, Off: off, C: make([]int32, order)}
	for i := range p.C {
		c := math.Round(a[i+1] * float64(int64(1)<<shift))
		if math.IsNaN(c) || c > 1<<25 || c < -1<<25 {
			return predict.LPCParams{}, false
		}
		p.C[i] = int32(c)
	}
	return p, p.Valid()
}
