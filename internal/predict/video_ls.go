package predict

import "math"

// The least-squares sub-predictor (VideoConfig.LSPred): P plus a linear prediction of the
// temporal difference d = v − P whose coefficients the encoder fits per band of the first
// coded plane by least squares and codes as integers in 1/LSScale (codec/video_ls.go). Its
// inputs mix this frame's differences with the motion-compensated reference around P:
//
//	0 dW, 1 dN, 2 dNW, 3 dNE      this frame's d at the neighbours (d = sample − P there)
//	4 pW − P, 5 pE − P            the motion-compensated previous frame at the neighbours,
//	6 pN − P, 7 pS − P            against P (pS: row y+1 of the band, row y at its last row)
//	8 GW − P                      the warped previous frame (0 in a band without the warp)
//	9 dWW, 10 dNN                 (taps set 1 ends here: 11 taps)
//	11 pNW − P, 12 pNE − P,       the reference's diagonal neighbours (taps set 2: 15)
//	13 pSW − P, 14 pSE − P
//	15 pWW − P, 16 pEE − P,       two samples away (taps set 3: 19; pSS: row y+2 of the
//	17 pNN − P, 18 pSS − P        band, or its last row)
//	19 GW_W − P, 20 GW_E − P,     the warped previous frame's neighbours (taps set 4: 23;
//	21 GW_N − P, 22 GW_S − P      0 in a band without the warp; GW_S: row y+1 of the
//	                              band, row y at its last row)
//
// The prediction is clamp(P + (Σ c_k·x_k + LSScale/2) >> LSShift, 0, maxVal) (an arithmetic
// shift), in 64-bit integers. It takes the slot of subWNE, a spatial sub-predictor active
// only in frames without a previous one, where this one never is.
const (
	subLS     = subWNE
	lsMaxTaps = 23
	LSShift   = 7
	LSScale   = 1 << LSShift
	LSCoefMax = 1023 // coefficients lie in [−LSCoefMax, LSCoefMax]
	// the encoder's choices (FitLS): fewer fitted samples than lsMinCount, the band codes
	// "off"; the errors are summed over at most lsEvalMax samples (every k-th); the
	// coefficients must save lsRateBits bits each (where not the last ones); the last
	// band's coefficients are kept where their sum of absolute errors is within
	// lsReuse/1000 of the new fit's
	lsMinCount = 64
	// FitLS's records: the inputs (lsMaxTaps), d, P and the sample, then unused (32 values:
	// lsNormal32AVX2 reads 4 groups of 8)
	lsD        = lsMaxTaps
	lsRec      = 32
	lsEvalMax  = 4096
	lsRateBits = 64
	lsReuse    = 10
)

// LSTaps returns the number of coefficients of taps set n (1, 2, 3 or 4; 0: none).
func LSTaps(n int) int {
	switch n {
	case 1:
		return 11
	case 2:
		return 15
	case 3:
		return 19
	case 4:
		return 23
	}
	return 0
}

// lsRows are the rows lsInputs reads at one sample: this frame's rows y, y−1, y−2 (padded,
// as the model keeps them), the motion-compensated previous frame's rows y−1, y, y+1, and
// the warped previous frame's rows y, y−1 and y+1 (nil: no warp).
type lsRows struct {
	rc, rn, rnn  []int32
	rpn, rp, rps []int32
	rpss         []int32
	rpnn         []int32
	rgw          []int32
	rgwn, rgws   []int32
	n            int
}

// inputs fills x with the inputs at sample index i (padded) and returns P.
func (r *lsRows) inputs(x *[lsMaxTaps]int32, i int) int32 {
	// windows of the rows around i: one bounds check each
	c := r.rc[i-2 : i : i]
	n3, pn3 := r.rn[i-1:i+2:i+2], r.rpn[i-1:i+2:i+2]
	p5, ps3 := r.rp[i-2:i+3:i+3], r.rps[i-1:i+2:i+2]
	P := p5[2]
	x[0] = c[1] - p5[1]
	x[1] = n3[1] - pn3[1]
	x[2] = n3[0] - pn3[0]
	x[3] = n3[2] - pn3[2]
	x[4] = p5[1] - P
	x[5] = p5[3] - P
	x[6] = pn3[1] - P
	x[7] = ps3[1] - P
	x[8] = 0
	if r.rgw != nil {
		x[8] = r.rgw[i] - P
	}
	x[9] = c[0] - p5[0]
	x[10] = r.rnn[i] - r.rpnn[i]
	if r.n > 11 {
		x[11] = pn3[0] - P
		x[12] = pn3[2] - P
		x[13] = ps3[0] - P
		x[14] = ps3[2] - P
	}
	if r.n > 15 {
		x[15] = p5[0] - P
		x[16] = p5[4] - P
		x[17] = r.rpnn[i] - P
		x[18] = r.rpss[i] - P
	}
	if r.n > 19 {
		x[19], x[20], x[21], x[22] = 0, 0, 0, 0
		if r.rgw != nil {
			x[19] = r.rgw[i-1] - P
			x[20] = r.rgw[i+1] - P
			x[21] = r.rgwn[i] - P
			x[22] = r.rgws[i] - P
		}
	}
	return P
}

// records writes FitLS's records of taps sets 3 and 4 (r.n 19 or 23) for the columns x0,
// x0+2, .. < w outside static blocks where the sample differs from P, from buf[k] on, and
// returns the index past the last: inputs's values, with the rows' windows hoisted out of
// the loop.
func (r *lsRows) records(buf []int32, k, x0, w int, static []bool) int {
	rc, rn, rnn, rp, rpn, rpnn, rps, rpss := r.rc, r.rn, r.rnn, r.rp, r.rpn, r.rpnn, r.rps, r.rpss
	gw, gwn, gws := r.rgw, r.rgwn, r.rgws
	four := r.n > 19
	for xx := x0; xx < w; xx += 2 {
		if static[xx>>3] {
			continue
		}
		i := xx + PlanePad
		p5 := rp[i-2 : i+3 : i+3]
		P, v := p5[2], rc[i]
		if v == P {
			continue
		}
		x := (*[lsRec]int32)(buf[k:])
		k += lsRec
		c := rc[i-2 : i : i]
		n3, pn3, ps3 := rn[i-1:i+2:i+2], rpn[i-1:i+2:i+2], rps[i-1:i+2:i+2]
		x[0] = c[1] - p5[1]
		x[1] = n3[1] - pn3[1]
		x[2] = n3[0] - pn3[0]
		x[3] = n3[2] - pn3[2]
		x[4] = p5[1] - P
		x[5] = p5[3] - P
		x[6] = pn3[1] - P
		x[7] = ps3[1] - P
		x[9] = c[0] - p5[0]
		x[10] = rnn[i] - rpnn[i]
		x[11] = pn3[0] - P
		x[12] = pn3[2] - P
		x[13] = ps3[0] - P
		x[14] = ps3[2] - P
		x[15] = p5[0] - P
		x[16] = p5[4] - P
		x[17] = rpnn[i] - P
		x[18] = rpss[i] - P
		if gw != nil {
			g3 := gw[i-1 : i+2 : i+2]
			x[8] = g3[1] - P
			if four {
				x[19] = g3[0] - P
				x[20] = g3[2] - P
				x[21] = gwn[i] - P
				x[22] = gws[i] - P
			}
		} else {
			x[8] = 0
			if four {
				x[19], x[20], x[21], x[22] = 0, 0, 0, 0
			}
		}
		x[lsD], x[lsD+1], x[lsD+2] = v-P, P, v
		if !four {
			x[19], x[20], x[21], x[22] = 0, 0, 0, 0
		}
	}
	return k
}

// lsPredict returns the least-squares sub-prediction at sample index i (Predict loaded the
// neighbourhood): lsRows.inputs's sum, the part that does not depend on this row's samples
// from lsRowSums (BeginRow), plus c0·W + c9·WW.
func (m *PlaneModel) lsPredict(i int) int32 {
	var s int64
	if m.lsVec {
		s = int64(m.lsPre32[i-PlanePad])
	} else {
		s = m.lsPre64[i-PlanePad]
	}
	s += int64(m.lsC[0])*int64(m.W) + int64(m.lsC[9])*int64(m.rc[i-2])
	return clamp32(m.P+int32((s+LSScale/2)>>LSShift), 0, m.maxVal)
}

// lsRowSums computes, at BeginRow of a band with the least-squares sub-predictor on, the part
// of lsPredict's sum at each sample of row y that the row's own samples do not enter:
// Σ c_k·x_k − c0·W − c9·WW, as a sum of coefficients times the rows' samples (the inputs'
// differences multiplied out, P's coefficient −Σ of the reference's taps'). In int32 (lsVec:
// Σ|k|·maxVal below 2^31, SetLS's bound, so the same sums as in int64) through
// lsTaps4AVX2 where it runs, else in int64.
func (m *PlaneModel) lsRowSums() {
	c := &m.lsC
	a, w := PlanePad, m.w
	type tap struct {
		r []int32
		k int32
	}
	var kp int32
	for _, k := range [...]int{4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18} {
		kp -= c[k]
	}
	if m.hasGW {
		kp -= c[8] + c[19] + c[20] + c[21] + c[22]
	}
	taps := [...]tap{
		{m.rp[a-2:], c[15] - c[9]}, {m.rp[a-1:], c[4] - c[0]}, {m.rp[a:], kp},
		{m.rp[a+1:], c[5]}, {m.rp[a+2:], c[16]},
		{m.rn[a-1:], c[2]}, {m.rn[a:], c[1]}, {m.rn[a+1:], c[3]},
		{m.rpn[a-1:], c[11] - c[2]}, {m.rpn[a:], c[6] - c[1]}, {m.rpn[a+1:], c[12] - c[3]},
		{m.rps[a-1:], c[13]}, {m.rps[a:], c[7]}, {m.rps[a+1:], c[14]},
		{m.rnn[a:], c[10]}, {m.rpnn[a:], c[17] - c[10]},
		{nil, c[18]}, {nil, c[8]},
		{nil, c[19]}, {nil, c[20]}, {nil, c[21]}, {nil, c[22]},
	}
	if m.lsN > 15 {
		taps[16].r = m.rpss[a:]
	}
	if m.hasGW {
		taps[17].r = m.rgw[a:]
		if m.lsN > 19 {
			gs, _ := bandRows(m.gwBuf, min(m.y+1, m.y1-1), m.gwY0, m.stride)
			taps[18].r, taps[19].r, taps[20].r, taps[21].r = m.rgw[a-1:], m.rgw[a+1:], m.rgwn[a:], gs[a:]
		}
	}
	if m.lsVec {
		pre := growInt32(m.lsPre32, w)
		m.lsPre32 = pre
		clear(pre)
		var r4 [4][]int32
		var k4 [4]int32
		nt := 0
		flush := func() {
			if nt == 0 {
				return
			}
			for ; nt < 4; nt++ {
				r4[nt], k4[nt] = r4[0], 0
			}
			n8 := 0
			if haveSAD16 {
				n8 = w &^ 7
				if n8 > 0 {
					lsTaps4AVX2(&pre[0], &r4[0][0], &r4[1][0], &r4[2][0], &r4[3][0], n8, &k4)
				}
			}
			for t := range r4 {
				r, k := r4[t][:w], k4[t]
				for x := n8; x < w; x++ {
					pre[x] += k * r[x]
				}
			}
			nt = 0
		}
		for _, t := range taps {
			if t.k == 0 || t.r == nil {
				continue
			}
			r4[nt], k4[nt] = t.r, t.k
			if nt++; nt == 4 {
				flush()
			}
		}
		flush()
		return
	}
	if cap(m.lsPre64) < w {
		m.lsPre64 = make([]int64, w)
	}
	pre := m.lsPre64[:w]
	clear(pre)
	for _, t := range taps {
		if t.k == 0 || t.r == nil {
			continue
		}
		r, k := t.r[:w], int64(t.k)
		for x := range pre {
			pre[x] += k * int64(r[x])
		}
	}
}

// LSActive reports whether the band begun can take the least-squares sub-predictor: LSPred
// on, a previous frame, and a moving camera (the band's warp was coded, or at least half
// its blocks moved: MostlyMoving). The codec then codes its flag (for the first coded plane).
func (m *PlaneModel) LSActive() bool {
	return m.hasPrev && LSTaps(m.cfg.LSPred) > 0 && (m.hasGW || m.motion.MostlyMoving())
}

// SetLS turns the least-squares sub-predictor on for the band begun (BeginBand) with the
// coefficients c (LSTaps(LSPred) of them), or off (c nil).
func (m *PlaneModel) SetLS(c []int32) {
	m.activeMask &^= 1 << subLS
	m.lsN = 0
	m.lsC = [lsMaxTaps]int32{}
	if c != nil && m.LSActive() {
		m.lsN = copy(m.lsC[:], c)
		m.activeMask |= 1 << subLS
		// lsRowSums's taps: the coefficients and their differences, P's −Σ
		var sum int64
		for _, k := range m.lsC {
			sum += 3 * int64(abs32(k))
		}
		m.lsVec = sum*int64(m.maxVal) < 1<<31
	}
	m.nActive = 0
	for mask := m.activeMask; mask != 0; mask &= mask - 1 {
		m.active[m.nActive] = uint8(trailingZeros(mask))
		m.nActive++
	}
}

// FitLS fits, on the encoder side, the least-squares sub-predictor's coefficients for the
// band begun (LSActive), whose samples are src's (the plane, w×h), and returns them (nil:
// off). Over the band's samples of even rows, every second column, that differ from P
// outside 8x8 blocks equal to P throughout, it sums the normal equations of d on the inputs
// exactly in int64 (AVX2 where it runs), solves them in floating point and rounds the
// solution to integers in 1/LSScale; it keeps last (the band's last coded coefficients, nil:
// none) instead where their sum of absolute errors is within lsReuse/1000 of the new ones'
// (the errors over at most lsEvalMax of the samples). It returns nil where the fit does not
// pay: too few samples, a sum of absolute errors not below minGain/64 of P + MED(dW, dN,
// dNW)'s, or new coefficients that save less than lsRateBits bits each by that estimate.
func (m *PlaneModel) FitLS(src []uint16, minGain int, last []int32) []int32 {
	n := LSTaps(m.cfg.LSPred)
	if n == 0 || !m.LSActive() {
		return nil
	}
	w, s := m.w, m.stride
	y0, y1 := m.y0, m.y1
	// this frame's band rows, padded as the model pads them: rows above the band zero, a
	// row's W of its first sample its N, its right padding its last sample
	nr := y1 - y0
	cur := growInt32(m.lsCur, (nr+2)*s)
	m.lsCur = cur
	clear(cur[:2*s])
	if m.topP {
		// the rows above the band as BeginRow stands them in (VideoConfig.BandTop)
		copy(cur[:s], m.topRow(y0-2))
		copy(cur[s:2*s], m.topRow(y0-1))
	}
	for y := y0; y < y1; y++ {
		row := cur[(y-y0+2)*s : (y-y0+3)*s]
		d, sr := row[PlanePad:PlanePad+w], src[y*w:y*w+w]
		for x, v := range sr {
			d[x] = int32(v)
		}
		row[PlanePad+w], row[PlanePad+w+1] = row[PlanePad+w-1], row[PlanePad+w-1]
		up := cur[(y-y0+1)*s : (y-y0+2)*s]
		row[0], row[1] = up[PlanePad], up[PlanePad]
	}
	rowOf := func(y int) []int32 { return cur[(y-y0+2)*s : (y-y0+3)*s] }
	// The samples of even rows, every second column (from column 0 or 1 in alternate even
	// rows), that differ from P, outside static blocks (whole 8x8 blocks from rows y&7 == 0
	// equal to P): a record of lsRec values each in lsBuf, the inputs (0 past n), d, P and
	// the sample.
	nb := (w + 7) / 8
	static := make([]bool, nb)
	// at most one record every 4 samples of the even rows
	buf := growInt32(m.lsBuf, lsRec*((nr+1)/2)*((w+1)/2))
	k := 0
	for y := y0; y < y1; y++ {
		if y&7 == 0 {
			for b := 0; b < nb; b++ {
				static[b] = m.blockStaticAt(b, src, y, y1)
			}
		} else if y == y0 {
			clear(static)
		}
		if y&1 != 0 {
			continue
		}
		r := m.lsRowsAt(y, rowOf)
		if n >= 19 {
			k = r.records(buf, k, y>>1&1, w, static)
			continue
		}
		for xx := y >> 1 & 1; xx < w; xx += 2 {
			if static[xx>>3] {
				continue
			}
			i := xx + PlanePad
			v := r.rc[i]
			if v == r.rp[i] {
				continue
			}
			rec := (*[lsRec]int32)(buf[k:])
			k += lsRec
			P := r.inputs((*[lsMaxTaps]int32)(rec[:]), i)
			clear(rec[n:lsD])
			rec[lsD], rec[lsD+1], rec[lsD+2] = v-P, P, v
		}
	}
	m.lsBuf = buf
	cnt := k / lsRec
	if cnt < lsMinCount {
		return nil
	}
	// the normal equations over all of them, in int64 (exact), column lsD the right-hand side
	var sums [lsD + 1][lsD + 1]int64
	if mv := int64(m.maxVal); haveSAD16 && mv*mv < 1<<20 {
		// in int32 in batches whose sums stay below 2^31: every product is at most maxVal²
		// (inputs, d, P and the sample all within ±maxVal)
		batch := int((1<<31 - 1) / max(mv*mv, 1))
		var s32 [lsD + 1][lsRec]int32
		for j := 0; j < cnt; j += batch {
			nb := min(batch, cnt-j)
			s32 = [lsD + 1][lsRec]int32{}
			lsNormal32AVX2(&s32, &buf[j*lsRec], nb, lsRec)
			for a := range sums {
				for b := a &^ 7; b <= lsD; b++ {
					sums[a][b] += int64(s32[a][b])
				}
			}
		}
	} else if haveSAD16 {
		lsNormalAVX2(&sums, &buf[0], cnt, lsRec)
	} else {
		lsNormal(&sums, buf, cnt, lsRec)
	}
	var ata [lsMaxTaps][lsMaxTaps]float64
	var atb [lsMaxTaps]float64
	for a := 0; a < n; a++ {
		atb[a] = float64(sums[a][lsD])
		for b := a; b < n; b++ {
			ata[a][b] = float64(sums[a][b])
		}
	}
	// Cholesky with a small ridge (each product converted: no fused multiply-add on any
	// machine, the same rounded coefficients everywhere)
	var l [lsMaxTaps][lsMaxTaps]float64
	tr := 0.0
	for a := 0; a < n; a++ {
		tr += ata[a][a]
	}
	ridge := float64(1e-6*tr/float64(n)) + 1e-3
	for a := 0; a < n; a++ {
		for b := 0; b <= a; b++ {
			v := ata[b][a]
			if a == b {
				v += ridge
			}
			for k := 0; k < b; k++ {
				v -= float64(l[a][k] * l[b][k])
			}
			if a == b {
				if v <= 0 {
					return nil
				}
				l[a][a] = math.Sqrt(v)
			} else {
				l[a][b] = v / l[b][b]
			}
		}
	}
	var z, c [lsMaxTaps]float64
	for a := 0; a < n; a++ {
		v := atb[a]
		for k := 0; k < a; k++ {
			v -= float64(l[a][k] * z[k])
		}
		z[a] = v / l[a][a]
	}
	for a := n - 1; a >= 0; a-- {
		v := z[a]
		for k := a + 1; k < n; k++ {
			v -= float64(l[k][a] * c[k])
		}
		c[a] = v / l[a][a]
	}
	q := make([]int32, n)
	for a := 0; a < n; a++ {
		v := math.Round(c[a] * LSScale)
		q[a] = int32(min(max(v, -LSCoefMax), LSCoefMax))
	}
	// the rounded coefficients' sum of absolute errors against P + MED(dW, dN, dNW)'s and
	// the last coefficients', over the same samples as the normal equations
	// (the records' inputs past n are 0: sums over lsMaxTaps taps, the coefficients past n 0)
	var eLS, eD, eL int64
	var qa, la [lsMaxTaps + 1]int32 // the last one 0 (lsDotAVX2)
	copy(qa[:lsMaxTaps], q)
	copy(la[:lsMaxTaps], last)
	estep := (cnt + lsEvalMax - 1) / lsEvalMax
	for j := 0; j < cnt; j += estep {
		xs := (*[lsRec]int32)(buf[j*lsRec:])
		P, v := xs[lsD+1], xs[lsD+2]
		var sq, sl int64
		if haveSAD16 {
			sq = lsDotAVX2(&qa, xs)
		} else {
			sq = lsDot(&qa, xs)
		}
		eLS += int64(abs32(v - clamp32(P+int32((sq+LSScale/2)>>LSShift), 0, m.maxVal)))
		eD += int64(abs32(v - clamp32(P+med(xs[0], xs[1], xs[2]), 0, m.maxVal)))
		if last != nil {
			if haveSAD16 {
				sl = lsDotAVX2(&la, xs)
			} else {
				sl = lsDot(&la, xs)
			}
			eL += int64(abs32(v - clamp32(P+int32((sl+LSScale/2)>>LSShift), 0, m.maxVal)))
		}
	}
	reused := false
	if last != nil && eL*1000 <= eLS*(1000+lsReuse) {
		q, eLS = append(q[:0], last...), eL
		reused = true
	}
	if !reused && 144*(eD-eLS)*int64(4*cnt) < 100*lsRateBits*int64(n)*eD {
		// the bits the new coefficients save (log2 of the errors' ratio a sample, about
		// 1.44·(eD−eLS)/eD, over the 4 samples a record stands for) are below lsRateBits a
		// coefficient
		return nil
	}
	if eLS*64 >= eD*int64(minGain) {
		return nil
	}
	return q
}

// lsDot returns Σ c[k]·x[k] over the lsMaxTaps inputs of a FitLS record, in int64.
// c[lsMaxTaps] is not read (lsDotAVX2's padding).
func lsDot(c *[lsMaxTaps + 1]int32, x *[lsRec]int32) int64 {
	return int64(c[0])*int64(x[0]) + int64(c[1])*int64(x[1]) + int64(c[2])*int64(x[2]) +
		int64(c[3])*int64(x[3]) + int64(c[4])*int64(x[4]) + int64(c[5])*int64(x[5]) +
		int64(c[6])*int64(x[6]) + int64(c[7])*int64(x[7]) + int64(c[8])*int64(x[8]) +
		int64(c[9])*int64(x[9]) + int64(c[10])*int64(x[10]) + int64(c[11])*int64(x[11]) +
		int64(c[12])*int64(x[12]) + int64(c[13])*int64(x[13]) + int64(c[14])*int64(x[14]) +
		int64(c[15])*int64(x[15]) + int64(c[16])*int64(x[16]) + int64(c[17])*int64(x[17]) +
		int64(c[18])*int64(x[18]) + int64(c[19])*int64(x[19]) + int64(c[20])*int64(x[20]) +
		int64(c[21])*int64(x[21]) + int64(c[22])*int64(x[22])
}

// lsNormal is lsNormalAVX2's loop: for cnt records of lsRec values (buf's, every step-th
// value), ata[a][b] += x[a]·x[b] for a, b < lsD+1, b from a's group of 4.
func lsNormal(ata *[lsD + 1][lsD + 1]int64, buf []int32, cnt, step int) {
	for j := 0; j < cnt; j++ {
		x := (*[lsRec]int32)(buf[j*step:])
		for a := 0; a <= lsD; a++ {
			xa := int64(x[a])
			row := &ata[a]
			for b := a &^ 3; b <= lsD; b++ {
				row[b] += xa * int64(x[b])
			}
		}
	}
}

// lsRowsAt returns the rows lsInputs reads at row y of the band begun, this frame's from
// rowOf (rows y0−2.. of the band, the two above it zero).
func (m *PlaneModel) lsRowsAt(y int, rowOf func(int) []int32) lsRows {
	r := lsRows{rc: rowOf(y), rn: rowOf(y - 1), rnn: rowOf(y - 2), n: LSTaps(m.cfg.LSPred)}
	r.rp, r.rpn, r.rpnn, r.rps = m.pRows(y)
	r.rpss = m.rpssRow(y)
	if m.hasGW {
		r.rgw, r.rgwn = bandRows(m.gwBuf, y, m.gwY0, m.stride)
		r.rgws, _ = bandRows(m.gwBuf, min(y+1, m.y1-1), m.gwY0, m.stride)
	}
	return r
}

// pRows returns the motion-compensated previous frame's rows y, y−1, y−2 and y+1 of the band
// begun, as BeginRow takes the first three (y+1: row y at the band's last row).
func (m *PlaneModel) pRows(y int) (rp, rpn, rpnn, rps []int32) {
	s := m.stride
	if m.motion != nil {
		rp = m.mcBuf[(y-m.mcY0)*s : (y-m.mcY0+1)*s]
		rpn = rp
		if y > 0 {
			rpn = m.mcBuf[(y-1-m.mcY0)*s : (y-m.mcY0)*s]
		}
		rpnn = rpn
		if y-2 >= m.mcY0 {
			rpnn = m.mcBuf[(y-2-m.mcY0)*s : (y-1-m.mcY0)*s]
		}
		rps = rp
		if y+1 < m.y1 {
			rps = m.mcBuf[(y+1-m.mcY0)*s : (y+2-m.mcY0)*s]
		}
		return
	}
	st := m.st
	rp = st.Prev.Row(y)
	rpn = rp
	if y > 0 {
		rpn = st.Prev.Row(y - 1)
	}
	rpnn = rpn
	if y > 1 {
		rpnn = st.Prev.Row(y - 2)
	}
	rps = rp
	if y+1 < m.y1 {
		rps = st.Prev.Row(y + 1)
	}
	return
}

// rpsRow returns the motion-compensated previous frame's row y+1 of the band begun (row y
// at the band's last row).
func (m *PlaneModel) rpsRow(y int) []int32 {
	_, _, _, rps := m.pRows(y)
	return rps
}

// rpssRow returns the motion-compensated previous frame's row y+2 of the band begun (its last
// row where the band ends before).
func (m *PlaneModel) rpssRow(y int) []int32 {
	_, _, _, rps := m.pRows(min(y+1, m.y1-1))
	return rps
}
