package predict

// Sensor model 11 (SetStage2): the Series on noisy signals. After the selection of
// sensor_series.go, a second stage refines the chosen prediction in sixteenths of the
// series' unit:
//
//   - the selection's own fraction: the LMS's (its dot product's bits below the unit) and
//     the level's (the running mean ×16) are finer than a unit;
//   - a sign-sign LMS of order 16 over the last residuals after that fraction, while the
//     series' mean error is below 64 units (its fixed step suits small integer residuals);
//
// the result, rounded to the nearest unit, is the prediction, and its fraction (FracBin) a
// context of the residual's coding (MixedResidual.SetFrac).

const (
	s2SS      = 16      // the sign-sign LMS's order
	s2Step    = 16      // its step, 1.0 = 1<<16
	s2MaxErr  = 64 << 4 // the mean |error| (×16, AvgErr) below which it runs
	s2Lim     = seriesLimit >> 8
	mixedFrac = 8 // the bins of a prediction's fraction
)

type seriesStage2 struct {
	on    bool
	plain bool           // sensor model 12 (SetStage2Plain): the selection is the prediction
	dot   int64          // the LMS's dot product of the last prediction (16 fraction bits)
	sel16 int64          // the selection's change from the last value ×16, of the last prediction
	r     [s2SS]int32    // the last residuals of sel16 ×16 (clamped), newest first
	ws    [s2SS]int32    // the sign-sign weights, 1.0 = 1<<16
	ssOn  bool           // the sign-sign stage ran for the last prediction
	ss16  int64          // its output ×16
	frac  int            // the last prediction's fraction: its value ×16 − 16·rounded + 8, 0..15
	casc  *seriesCascade // sensor model 13 (SetCascade, sensor_series13.go)
	cs16  int64          // the cascade's output ×16, of the last prediction
}

// SetStage2 turns sensor model 11's second stage on or off (before the first value).
func (s *Series) SetStage2(on bool) {
	c := s.st2.casc != nil
	s.st2 = seriesStage2{on: on}
	s.SetCascade(c)
}

// SetStage2Plain chooses (sensor model 12, per column and block; any time between values)
// whether the second stage leaves the selection as the prediction: no rounding and no
// sign-sign output, the fraction (FracBin) that of the selection above its floor. The
// stage's history goes on either way, so the series can switch back.
func (s *Series) SetStage2Plain(plain bool) { s.st2.plain = plain }

// FracBin returns, under model 11, the bin (1..mixedFrac) of the last prediction's fraction;
// 0 without the second stage.
func (s *Series) FracBin() int {
	if !s.st2.on || s.n == 0 {
		return 0
	}
	return 1 + s.st2.frac*mixedFrac/16
}

// stage2 refines the selection p (a candidate of predict); it returns the prediction. It
// works in sixteenths of a unit relative to the last value, so that values of any size keep
// their fraction.
func (s *Series) stage2(p int64) int64 {
	t := &s.st2
	d16 := clampI64(p-s.last, s2Lim) << 4 // the selection's change ×16
	switch {
	case s.lpc != nil && s.lpc.sel:
		d16 += s.lpc.p16 & 15 // model 14: the fitted predictor's bits below the unit
	case p == s.last+s.lmsOut, p == s.last+s.lmsOut+s.crossOut:
		// The LMS's bits below its output's unit.
		d16 += (t.dot >> 12 & 15) << s.sh
	case s.level && s.n > 1 && p == s.mean>>4:
		d16 += s.mean & 15
	}
	t.sel16 = d16
	if t.plain {
		t.ss16, t.ssOn = 0, false
		t.frac = int(d16 & 15)
		return p
	}
	t.cs16 = 0
	if t.casc != nil {
		t.cs16 = clampI64(t.casc.predict(), s2Lim<<4)
		d16 += t.cs16
	}
	t.ss16, t.ssOn = 0, s.AvgErr < s2MaxErr
	if t.ssOn {
		var ss int64
		for i, r := range t.r {
			ss += int64(r) * int64(t.ws[i])
		}
		t.ss16 = ss >> 16
	}
	out16 := clampI64(d16+t.ss16, s2Lim<<4)
	o := (out16 + 8) >> 4
	t.frac = int(out16 - o<<4 + 8)
	return clampI64(s.last+o, seriesLimit)
}

// stage2Update learns the true value v (before the Series' own update).
func (s *Series) stage2Update(v int64) {
	t := &s.st2
	v16 := clampI64(v-s.last, s2Lim) << 4
	u := v16 - t.sel16
	if t.casc != nil && !t.plain {
		u = t.casc.update(u)
	}
	if e := u - t.ss16; e != 0 && t.ssOn {
		for i, r := range t.r {
			switch {
			case r == 0:
			case (r > 0) == (e > 0):
				t.ws[i] += s2Step
			default:
				t.ws[i] -= s2Step
			}
		}
	}
	copy(t.r[1:], t.r[:s2SS-1])
	t.r[0] = int32(clampI64(u, 1<<24))
}

// SetFrac gives the next residual (sensor model 11; call it before Begin, which forgets it)
// the bin of the fraction its prediction was rounded from (1..mixedFrac; 0: none): Begin
// keys the half-octave counters (t2) by it too.
func (m *MixedResidual) SetFrac(bin int) { m.frac = bin }

// FracBin returns the bin (1..mixedFrac) of the fraction x − r·d of a value x predicted in
// fine units and rounded to r units of d (d ≥ 2, x − r·d in [−d/2, d/2]).
func FracBin(x, r, d int64) int {
	f := x - r*d + d/2 // 0..d
	return 1 + int(min(max(f*mixedFrac/(d+1), 0), mixedFrac-1))
}

// AltLMS returns (sensor model 12) the distance of the LMS's value, with its four bits
// below the unit, from the last prediction, in sixteenths of a unit (clamped as the second
// stage clamps): a second opinion for the residual's coding (MixedResidual.SetAlt).
//
// Under model 14, a Series with a fitted predictor (SetLPC) gives that predictor's
// distance instead.
func (s *Series) AltLMS() int64 {
	if s.lpc != nil && s.lpc.ok {
		return clampI64(s.lpc.p16-s.last<<4, s2Lim<<4) - clampI64(s.pred-s.last, s2Lim)<<4
	}
	l16 := clampI64(s.lmsOut, s2Lim)<<4 + (s.st2.dot>>12&15)<<s.sh
	return l16 - clampI64(s.pred-s.last, s2Lim)<<4
}
