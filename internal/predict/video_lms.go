package predict

// lmsInputs is the number of inputs of the NLMS sub-predictor (subLMS).
const lmsInputs = 9

// lmsState is a normalised LMS predictor, in integers, of the temporal difference d = v − P
// at a sample from the differences already known around it: d at W, N, NW, NE, WW and NN,
// MED − P (where the spatial prediction lies against the temporal one), for a plane with an
// equal-size reference the reference's temporal change here, else GW − P (the warped previous
// frame against the motion-compensated one), and P2 − P (the second reference, when the
// band has one). It is one of the WarpSubs sub-predictors: active only in bands whose global
// warp was coded or whose blocks mostly moved (a moving camera).
type lmsState struct {
	w    [lmsInputs]int32 // weights in 1/65536
	x    [lmsInputs]int32 // the inputs of the last prediction
	pred int32            // the last prediction of d
}

// lmsPredict returns the NLMS prediction of d at sample index i (the neighbourhood loaded
// by Predict).
func (m *PlaneModel) lmsPredict(i int) int32 {
	l := &m.lms
	l.x[0], l.x[1], l.x[2], l.x[3] = m.W-m.pW, m.N-m.pN, m.NW-m.pNW, m.NE-m.pNE
	l.x[4] = m.rc[i-2] - m.rp[i-2]
	l.x[5] = m.rnn[i] - m.rpnn[i]
	l.x[6] = m.sub[subMED] - m.P
	if m.refSame && m.ref.HasPrev {
		l.x[7] = m.refRow[i] - m.refPRow[i]
	} else if m.hasGW {
		l.x[7] = m.rgw[i] - m.P
	} else {
		l.x[7] = 0
	}
	l.x[8] = 0
	if m.hasBi {
		l.x[8] = m.rp2[i] - m.P
	}
	var s int64
	for j, x := range l.x {
		s += int64(l.w[j]) * int64(x)
	}
	l.pred = int32((s + 1<<15) >> 16)
	return l.pred
}

// lmsUpdate moves the weights towards the true d: w += e·x / (|x|² + 64) / 16, each weight
// kept within ±4.
func (m *PlaneModel) lmsUpdate(d int32) {
	l := &m.lms
	e := int64(d - l.pred)
	norm := int64(64)
	for _, x := range l.x {
		norm += int64(x) * int64(x)
	}
	for j, x := range l.x {
		w := l.w[j] + int32((e*int64(x)<<12)/norm)
		l.w[j] = min(max(w, -1<<18), 1<<18)
	}
}

// MostlyMoving reports whether at least half the blocks of the field have a vector other than
// zero (false for a nil field).
func (f *MotionField) MostlyMoving() bool {
	if f == nil {
		return false
	}
	n := 0
	for _, v := range f.V {
		if v != (MotionVector{}) {
			n++
		}
	}
	return 2*n >= len(f.V) && n > 0
}
