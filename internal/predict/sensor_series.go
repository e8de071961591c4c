package predict

import "math/bits"

// SeriesOrder is how many past deltas a Series' LMS looks at (sensor models 1 and 2);
// SeriesOrder3 under sensor model 3 (SetOrder), where a signal's longer memory (mains hum,
// an EEG rhythm) pays, at half the step: eda.txt 39,775 -> 35,947 bytes, eeg_ec.txt
// 42,782 -> 42,653, at about the same speed.
const (
	SeriesOrder    = 8
	SeriesOrder3   = 48
	seriesMaxOrder = SeriesOrder3
)

// Series predicts the next value of an integer series (a column's values in fixed point, or
// a lattice coordinate) from its own past, as lossless audio coders do: the last value plus
// a delta predicted by a normalised LMS filter over the last deltas, whose weights learn
// while the series is coded; a second, cascaded LMS stage predicts what the first leaves
// from a cross-channel input (the change of another column in the same row, already coded).
// All arithmetic is integer, so encoder and decoder agree.
type Series struct {
	last                    int64
	n                       int                   // values seen
	order                   int                   // deltas used (0: SeriesOrder)
	d                       [seriesMaxOrder]int64 // past deltas, newest first
	w                       [seriesMaxOrder]int32 // LMS weights, 1.0 = 1<<16
	pred                    int64                 // the last prediction
	lmsOut                  int64                 // the LMS delta of the last prediction
	x                       [seriesMaxOrder]int32 // the normalised inputs of the last prediction
	normX                   int64                 // Σ x², of the last prediction (Update's norm)
	sh                      uint                  // their normalising shift
	errLMS, errPrev, errLin int64                 // running mean |error| of three predictors, ×16
	errCross, errCrossOnly  int64                 // and of the LMS with the cross-channel stage, and of it alone
	wc                      int32                 // cross-channel weight, 1.0 = 1<<16
	xc                      int32                 // the normalised cross input of the last prediction
	shc                     uint                  // its normalising shift
	crossOut                int64                 // the cross stage's output of the last prediction
	// AvgErr is the running mean absolute prediction error (×16): how surprised the model
	// has been lately, a context for coding the residual.
	AvgErr int64

	// A period (sensor model 2, SetPeriod): the change one period back is one more input of
	// the LMS, and last value + that change one more predictor to choose from.
	period  int
	hist    []int64 // the last period+1 values, a ring
	hpos    int     // where the next value goes
	hn      int     // values in the ring
	wp      int32   // the LMS weight of the periodic input
	xp      int32   // its normalised value in the last prediction
	dp      int64   // the change one period back, of the last prediction
	errSeas int64   // running mean |error| of last + dp
	back1   int64   // the value one period back, of the last prediction
	errBack int64   // running mean |error| of that value as the prediction

	// Sensor model 2 (SetLevel): the distance of the last value from the series' running
	// mean is one more input of the LMS, so that a noisy series that keeps to its level (EMG,
	// EEG, a sensor at rest) is predicted towards it rather than from the last value alone.
	level  bool
	mean   int64 // running mean of the values, ×16
	xm     int32 // the normalised input of the last prediction
	wm     int32 // its weight
	devLvl int64 // last − mean, of the last prediction
	errLvl int64 // running mean |error| of the mean as the prediction
	errMid int64 // and of the midpoint of the last value and the mean

	// Sensor model 3 (PredictRow): the last value plus a change predicted from the row's other
	// changes (RowRegression) is one more predictor to choose from.
	hasRow bool
	rowIn  int64 // that change, of the last prediction
	errRow int64 // running mean |error| of last + rowIn
	// and the value predicted from the row's other values (RowLevel)
	levelIn, errLevelIn int64

	// Sensor model 3 (SetUnitCross): the last value plus the cross input itself (weight
	// exactly 1: an adjusted close that is the close) is one more predictor.
	unitCross bool
	crossIn   int64 // the cross input of the last prediction
	errUnit   int64 // running mean |error| of last + crossIn

	// Sensor model 10 (SetRel): the value a relation of the row's other columns gives is
	// one more predictor (codec/sensor_comb.go).
	hasRel  bool
	relIn   int64 // that value, of the last prediction
	errRel  int64 // running mean |error| of relIn
	relPrev int64 // the relation's value in the row before (relOK: there was one)
	relOK   bool
	relD    int64 // last + relIn − relPrev, of the last prediction
	errRelD int64 // its running mean |error|

	st2 seriesStage2 // sensor model 11 (SetStage2, sensor_series11.go)

	lpc  *seriesLPC // sensor model 14 (SetLPC, sensor_series14.go)
	rec  *[]int64   // the encoder's record of the values learnt (SetRecord)
	recE *[]int64   // and of the prediction's |error|
}

// SetRel gives the next prediction a relation's value v (ok false: none for this row); call
// it before PredictRow.
func (s *Series) SetRel(v int64, ok bool) { s.hasRel, s.relIn = ok, clampI64(v, seriesLimit) }

// SetUnitCross turns the unit-weight cross predictor on (model 3).
func (s *Series) SetUnitCross(on bool) { s.unitCross = on }

// PredictRow is PredictCross with one more candidate, the last value plus row, a change
// predicted from the other columns of the row (sensor model 3).
func (s *Series) PredictRow(cross, row, level int64) int64 {
	s.hasRow, s.rowIn, s.levelIn = true, clampI64(row, seriesLimit>>4), clampI64(level, seriesLimit)
	return s.predict(cross)
}

// SetOrder sets how many past deltas the LMS looks at (SeriesOrder or SeriesOrder3); call
// it before the first value.
func (s *Series) SetOrder(n int) { s.order = min(max(n, 1), seriesMaxOrder) }

func (s *Series) ord() int {
	if s.order == 0 {
		return SeriesOrder
	}
	return s.order
}

// SetLevel turns the level input on (model 2).
func (s *Series) SetLevel(on bool) { s.level = on }

// SetPeriod gives the series a period of p values (0: none). A new period forgets the old
// one's history and weight.
func (s *Series) SetPeriod(p int) {
	if p == s.period {
		return
	}
	s.period, s.hpos, s.hn, s.wp, s.xp, s.dp, s.errSeas, s.errBack = p, 0, 0, 0, 0, 0, 0, 0
	s.hist = nil
	if p > 0 {
		s.hist = make([]int64, p+1)
	}
}

// push adds v to the periodic history.
func (s *Series) push(v int64) {
	if s.period > 0 {
		s.hist[s.hpos] = v
		s.hpos = (s.hpos + 1) % len(s.hist)
		s.hn = min(s.hn+1, len(s.hist))
	}
}

// Last returns the series' last value.
func (s *Series) Last() int64 { return s.last }

// Period returns the series' period (0: none).
func (s *Series) Period() int { return s.period }

// back returns the value k steps before the newest one in the ring (k < hn).
func (s *Series) back(k int) int64 {
	n := len(s.hist)
	return s.hist[((s.hpos-1-k)%n+n)%n]
}

// seriesLimit bounds values so that sums of a few of them never overflow.
const seriesLimit = 1 << 62

// Reset forgets the past (the period and the level input stay, their history goes).
func (s *Series) Reset() {
	p, lv, o, u, s2, lp, rec, recE := s.period, s.level, s.order, s.unitCross, s.st2, s.lpc, s.rec, s.recE
	*s = Series{}
	s.rec, s.recE = rec, recE
	if lp != nil {
		s.SetLPC(&lp.p)
	}
	s.SetPeriod(p)
	s.level, s.order, s.unitCross = lv, o, u
	s.SetStage2(s2.on)
	s.SetStage2Plain(s2.plain)
	s.SetCascade(s2.casc != nil)
}

// Predict returns the predicted next value.
func (s *Series) Predict() int64 { return s.PredictCross(0) }

// PredictCross returns the predicted next value given a cross-channel input: the change, in
// this row, of another channel (any scale; 0 if none).
func (s *Series) PredictCross(cross int64) int64 {
	s.hasRow, s.hasRel = false, false
	return s.predict(cross)
}

func (s *Series) predict(cross int64) int64 {
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
	k := s.ord()
	m = orAbs(s.d[:k])
	s.devLvl = 0
	if s.level && s.n > 1 {
		s.devLvl = clampI64(s.last-s.mean>>4, seriesLimit>>4)
		m |= absU(s.devLvl)
	}
	s.dp = 0
	if s.period > 0 && s.hn > s.period {
		// The ring holds x[t−1] .. x[t−1−P]: the change from x[t−1−P] to x[t−P].
		s.back1 = s.back(s.period - 1)
		s.dp = clampI64(s.back1-s.back(s.period), seriesLimit>>4)
		m |= absU(s.dp)
	}
	if s.lpc != nil {
		m |= absU(s.lpc.input(s.last))
	}
	s.sh = 0
	if l := bits.Len64(m); l > 15 {
		s.sh = uint(l - 15)
	}
	dot, norm := seriesInputs(s.d[:k], s.w[:], s.x[:], s.sh) // (sensor_series_ssp5.go)
	s.normX = norm
	s.xp = int32(s.dp >> s.sh)
	dot += int64(s.xp) * int64(s.wp)
	s.xm = int32(s.devLvl >> s.sh)
	dot += int64(s.xm) * int64(s.wm)
	if s.lpc != nil {
		dot += s.lpc.dotIn(s.sh)
	}
	s.lmsOut = clampI64((dot>>16)<<s.sh, seriesLimit)
	s.st2.dot = dot
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
		p, e = s.last, s.errPrev
	case s.errLin < e:
		p, e = s.last+s.d[0], s.errLin
	}
	if s.level && s.n > 1 {
		if s.errLvl < e {
			p, e = s.mean>>4, s.errLvl
		}
		if s.errMid < e {
			p, e = s.last-s.devLvl/2, s.errMid
		}
	}
	if s.period > 0 && s.hn > s.period {
		if s.errSeas < e {
			p, e = s.last+s.dp, s.errSeas
		}
		if s.errBack < e {
			p, e = s.back1, s.errBack // interleaved series: the same one, one period back
		}
	}
	if s.hasRow && s.errRow < e {
		p, e = s.last+s.rowIn, s.errRow
	}
	if s.hasRow && s.errLevelIn < e {
		p, e = s.levelIn, s.errLevelIn
	}
	if s.unitCross {
		s.crossIn = clampI64(cross, seriesLimit>>4)
		if s.errUnit < e {
			p, e = s.last+s.crossIn, s.errUnit
		}
	}
	if s.hasRel {
		if s.errRel < e {
			p, e = s.relIn, s.errRel
		}
		if s.relOK {
			s.relD = clampI64(s.last+s.relIn-s.relPrev, seriesLimit)
			if s.errRelD < e {
				p = s.relD
			}
		}
	}
	if s.lpc != nil {
		s.lpc.sel = s.lpc.ok && s.lpc.err < e
		if s.lpc.sel {
			p = s.lpc.p16 >> 4
		}
	}
	if s.st2.on {
		p = s.stage2(p)
	}
	s.pred = clampI64(p, seriesLimit)
	return s.pred
}

// Update learns the true next value v; Predict must have been called first.
func (s *Series) Update(v int64) {
	v = clampI64(v, seriesLimit)
	if s.rec != nil {
		*s.rec = append(*s.rec, v)
		if s.n > 0 {
			*s.recE = append(*s.recE, int64(absU(clampI64(v-s.pred, 1<<40))))
		} else {
			*s.recE = append(*s.recE, 0)
		}
	}
	if s.lpc != nil {
		s.lpc.update(v)
	}
	if s.n == 0 {
		s.last, s.n = v, 1
		s.push(v)
		if s.level {
			s.mean = clampI64(v, seriesLimit>>5) << 4
		}
		return
	}
	if s.st2.on {
		s.stage2Update(v)
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
	if s.level && s.n > 1 {
		track(&s.errLvl, s.mean>>4)
		track(&s.errMid, s.last-s.devLvl/2)
	}
	if s.period > 0 && s.hn > s.period {
		track(&s.errSeas, s.last+s.dp)
		track(&s.errBack, s.back1)
	}
	if s.hasRow {
		track(&s.errRow, s.last+s.rowIn)
		track(&s.errLevelIn, s.levelIn)
	}
	if s.unitCross {
		track(&s.errUnit, s.last+s.crossIn)
	}
	if s.hasRel {
		track(&s.errRel, s.relIn)
		if s.relOK {
			track(&s.errRelD, s.relD)
		}
	}
	s.relPrev, s.relOK = s.relIn, s.hasRel
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
	norm := 1 + int64(s.xp)*int64(s.xp) + int64(s.xm)*int64(s.xm) + s.normX
	if s.lpc != nil {
		norm += int64(s.lpc.xl) * int64(s.lpc.xl)
	}
	k := s.ord()
	f := (es << 24) / norm
	xs := s.x[:k]
	w := s.w[:len(xs)]
	// The step is a shift of 12, or 13 for model 3's longer filter (half steps): one loop
	// for each, so that the shift is a constant.
	if k > SeriesOrder {
		seriesStep13(w, xs, f)
	} else {
		seriesStep12(w, xs, f)
	}
	if s.xp != 0 {
		s.wp = int32(clampI64(int64(s.wp)+(f*int64(s.xp))>>12, 1<<20))
	}
	if s.xm != 0 {
		s.wm = int32(clampI64(int64(s.wm)+(f*int64(s.xm))>>12, 1<<20))
	}
	if s.lpc != nil && s.lpc.xl != 0 {
		s.lpc.wl = int32(clampI64(int64(s.lpc.wl)+(f*int64(s.lpc.xl))>>lpcStep, 1<<20))
	}
	if s.level {
		s.mean += clampI64(v<<4-s.mean, 1<<58) >> 5
	}
	s.push(v)
	copy(s.d[1:k], s.d[:k-1])
	s.d[0] = clampI64(v-s.last, seriesLimit>>4)
	s.last = v
	s.n++
}

func clampI64(v, limit int64) int64 { return min(max(v, -limit), limit) }
