package predict

// Sensor model 13 (SetCascade): a long sign-error LMS filter in the Series' second stage,
// as the lossless audio coders (Monkey's Audio, OptimFROG) put after their short
// predictor. The selection's residual r (in sixteenths of a unit, the second stage's) is
// the filter's input; it predicts r from its own last 256 inputs, and its prediction is
// added to the selection before model 11's sign-sign stage, which then learns on what the
// filter leaves. The filters form a cascade (cascStages: each one's input is what the one
// before left); one filter of 256 taps is what the tuning kept. All integer, in int16
// (inputs clamped, weights saturated) and int32 sums that wrap, so that SSE2 does a
// filter in a few dozen instructions (casc16_amd64.s) and Go the same elsewhere
// (casc16.go): the weights move by the signs of the filter's error and of each input,
// by a step that is larger for an input large against the inputs' running mean.

// cascStage is one filter of the cascade.
type cascStage struct {
	shift uint    // the weights' unit, 1.0 = 1<<shift
	x     []int16 // the last inputs, newest first (twice the order: a sliding window)
	a     []int16 // their weights' steps (the sign of the input × its size class), alike
	pos   int     // where the window starts in x and a
	w     []int16
	avg   int64 // running mean |input| (×16)
	pred  int64 // the last prediction
}

// seriesCascade is the cascade of a Series (nil: none).
type seriesCascade struct {
	st []cascStage
}

// cascStages are the cascade's filters: their orders (multiples of 8) and weight units.
// Tried (BioSPPy's bcg, ecg, pcg, ppg and eda.txt, MODEL.md "Sensor model 13"): orders 32
// to 1024, two and three filters.
var cascStages = [...]struct {
	n     int
	shift uint
}{{256, 14}}

func newSeriesCascade() *seriesCascade {
	c := &seriesCascade{}
	for _, o := range cascStages {
		c.st = append(c.st, cascStage{shift: o.shift, x: make([]int16, 2*o.n), a: make([]int16, 2*o.n), w: make([]int16, o.n), pos: o.n})
	}
	return c
}

// SetCascade turns sensor model 13's cascade on or off (any time between values; turning
// it on when it is on keeps its state).
func (s *Series) SetCascade(on bool) {
	switch {
	case !on:
		s.st2.casc = nil
	case s.st2.casc == nil:
		s.st2.casc = newSeriesCascade()
	}
}

// predict returns the cascade's prediction of the selection's residual (×16).
func (c *seriesCascade) predict() int64 {
	var sum int64
	for i := range c.st {
		t := &c.st[i]
		n := len(t.w)
		t.pred = int64(dot16(t.x[t.pos:t.pos+n], t.w)) >> t.shift
		sum += t.pred
	}
	return sum
}

// update learns the selection's true residual r (×16); it returns what the last filter
// left.
func (c *seriesCascade) update(r int64) int64 {
	u := r
	for i := range c.st {
		t := &c.st[i]
		n := len(t.w)
		e := u - t.pred
		switch {
		case e > 0:
			addSat16(t.w, t.a[t.pos:t.pos+n])
		case e < 0:
			subSat16(t.w, t.a[t.pos:t.pos+n])
		}
		// u goes into the window (clamped), with its step.
		v := int16(clampI64(u, 1<<15-1))
		if t.pos == 0 {
			copy(t.x[n+1:], t.x[:n-1])
			copy(t.a[n+1:], t.a[:n-1])
			t.pos = n + 1
		}
		t.pos--
		t.x[t.pos] = v
		av, lim := int64(absU(int64(v))), t.avg>>4
		var st int16
		switch {
		case av == 0:
		case av > 3*lim:
			st = 4
		case av*3 > 4*lim:
			st = 2
		default:
			st = 1
		}
		if v < 0 {
			st = -st
		}
		t.a[t.pos] = st
		t.avg += (av<<4 - t.avg) >> 4
		u = e
	}
	return u
}
