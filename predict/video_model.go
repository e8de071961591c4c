package predict

// The video model codes each sample in up to two stages:
//
//  1. If the previous frame is known, a skip flag: does the sample equal the co-located sample
//     of the previous frame? In video decoded from a lossy codec whole blocks are copied
//     unchanged, so this flag, predicted from the neighbours' flags, makes them nearly free.
//  2. Otherwise the residual against a blended prediction: sub-predictors (spatial,
//     temporal, cross-plane) weighted by their recent local errors, corrected for bias per
//     context. The residual is binarised (zero, sign, exponent, mantissa) by the caller and
//     each decision is predicted by mixing adaptive counters from several contexts, then
//     refined by secondary estimation.

// Sub-predictor indices.
const (
	subMED = iota
	subGrad
	subN
	subW
	subWNE
	subP    // co-located sample of the previous frame
	subPW   // P + W − PW: the temporal gradient
	subPN   // P + N − PN
	subRefW // W + (R − RW): the reference plane's horizontal change
	subRefN // N + (R − RN)
	subRefP // P + (R − RP): the reference plane's temporal change
	numSub
)

// Residual decision slots: the binarisation's decisions, each with its own contexts.
const (
	SlotZero     = 0
	SlotSign     = 1
	SlotExp      = 2                  // SlotExp+k: is the exponent above k?
	SlotMantissa = SlotExp + MaxDepth // SlotMantissa + 2*e + (0: top bit, 1: lower bits)
	numSlots     = SlotMantissa + 2*(MaxDepth+1)
	// MaxDepth is the largest sample depth the model handles.
	MaxDepth = 16
)

const (
	skipInputs = 4
	resInputs  = 6
)

// PlaneModel predicts one plane within one tile. It is not safe for concurrent use; each
// tile has its own.
type PlaneModel struct {
	cfg      *VideoConfig
	st       *PlaneState // this plane
	ref      *PlaneState // the plane coded before it in the same tile, or nil
	refShift [2]uint     // subsampling of this plane relative to ref (x, y)
	refSame  bool        // ref has this plane's geometry
	w        int
	maxVal   int32
	actShift uint // scales activity measures of deep samples down to 8-bit units
	stride   int

	// scratch rows standing in for the rows above a tile's band
	zeroPix  []int32
	zeroSkip []uint8
	zeroRes  []int32
	errRows  [2][numSub][]uint16 // per sub-predictor |error|, rows y (cur) and y−1
	errCur   int

	// row state
	y, y0             int
	rc, rn, rnn       []int32
	rp, rpn, rps      []int32
	sk, skn, skp      []uint8
	rs, rsn, rsp      []int32
	refRow, refRowN   []int32
	refPRow           []int32
	refSkip           []uint8
	refRes            []int32
	hasPrev, hasCross bool

	// pixel state, set by Predict and PrepareResidual
	x            int
	sub          [numSub]int32
	active       int // sub-predictors 0..active-1 are used... see activeMask
	activeMask   uint32
	P            int32 // the co-located sample of the previous frame
	Pred         int32 // the final prediction
	skipCtx      [3]int
	skipSet      int
	skipAPMCtx   int
	qa, qg, qt   int
	resCtx       [resInputs - 1]int
	biasIdx      int
	skipCounters [3][]Counter
	skipMix      *Mixer
	skipAPM      *APM
	resCounters  [resInputs - 1][]Counter
	resMix       *Mixer
	resAPM       *APM
	resP         uint32
	mixP         uint32
	slot         int
	bias         []biasState
	limit        int
}

// biasState cancels the systematic error of the prediction in one context, as in JPEG-LS:
// correction is nudged by ±1 whenever the mean error over the context drifts past ±1/2.
type biasState struct {
	correction int32
	sum        int32
	count      int32
}

const (
	skipCtx0Size = 32 * 3     // neighbours' flags × reference flag
	skipCtx1Size = 8 * 4 * 4  // temporal activity × W,N flags × block edge
	skipCtx2Size = 8 * 8 * 2  // temporal activity × previous frame's flags × ref
	biasSize     = 16 * 8 * 2 // activity × texture signs × temporal
	resCtx0Size  = 16         // activity
	resCtx1Size  = 16 * 8     // activity × gradient
	resCtx2Size  = 8 * 5 * 4  // temporal activity × skipped neighbours × block edge
	resCtx3Size  = 9 * 8      // signs of W, N residual × coarse activity
	resCtx4Size  = 8 * 8      // reference residual × coarse activity
)

// NewPlaneModel returns the model of plane st within one tile. ref is the plane coded before
// it in the same tile (nil for the first); shiftX/shiftY are this plane's subsampling relative
// to ref.
func NewPlaneModel(cfg *VideoConfig, st, ref *PlaneState, shiftX, shiftY uint, depth int) *PlaneModel {
	m := &PlaneModel{cfg: cfg, st: st, ref: ref, w: st.W, maxVal: int32(1)<<depth - 1, limit: cfg.Limit}
	if depth > 8 {
		m.actShift = uint(depth - 8)
	}
	m.stride = st.W + 2*PlanePad
	m.refShift = [2]uint{shiftX, shiftY}
	m.refSame = ref != nil && shiftX == 0 && shiftY == 0 && ref.W == st.W && ref.H == st.H
	m.zeroPix = make([]int32, m.stride)
	m.zeroSkip = make([]uint8, m.stride)
	m.zeroRes = make([]int32, m.stride)
	for i := range m.errRows {
		for k := range m.errRows[i] {
			m.errRows[i][k] = make([]uint16, m.stride)
		}
	}
	m.skipCounters = [3][]Counter{newCounters(skipCtx0Size), newCounters(skipCtx1Size), newCounters(skipCtx2Size)}
	m.skipMix = NewMixer(skipInputs, 5*3, 1<<14, cfg.MixerRate)
	m.skipAPM = NewAPM(32*3, 7)
	sizes := [resInputs - 1]int{resCtx0Size, resCtx1Size, resCtx2Size, resCtx3Size, resCtx4Size}
	for i, n := range sizes {
		m.resCounters[i] = newCounters(n * numSlots)
	}
	m.resMix = NewMixer(resInputs, numSlots*4, 1<<14, cfg.MixerRate)
	m.resAPM = NewAPM(numSlots*16, 7)
	m.bias = make([]biasState, biasSize)
	return m
}

func newCounters(n int) []Counter {
	c := make([]Counter, n)
	for i := range c {
		c[i] = NewCounter()
	}
	return c
}

// Reset returns every learned parameter to its initial state (at a segment start).
func (m *PlaneModel) Reset() {
	*m = *NewPlaneModel(m.cfg, m.st, m.ref, m.refShift[0], m.refShift[1], depthOf(m.maxVal))
}

func depthOf(maxVal int32) int {
	d := 0
	for maxVal > 0 {
		d++
		maxVal >>= 1
	}
	return d
}

// BeginBand prepares to code rows y0.. of the current frame. Rows above y0 are treated as
// unknown (another tile codes them concurrently).
func (m *PlaneModel) BeginBand(y0 int) {
	m.y0 = y0
	m.hasPrev = m.cfg.Temporal && m.st.HasPrev
	m.hasCross = m.ref != nil
	for i := range m.errRows {
		for k := range m.errRows[i] {
			clear(m.errRows[i][k])
		}
	}
	mask := uint32(1)<<subP - 1
	if m.hasPrev {
		mask |= 1<<subP | 1<<subPW | 1<<subPN
	}
	if m.refSame {
		mask |= 1<<subRefW | 1<<subRefN
		if m.hasPrev && m.ref.HasPrev {
			mask |= 1 << subRefP
		}
	}
	m.activeMask = mask
}

// BeginRow prepares to code row y (rows must come in order from the band's first).
func (m *PlaneModel) BeginRow(y int) {
	st := m.st
	m.y = y
	s := m.stride
	m.rc = st.Cur.Row(y)
	m.sk = st.Skip[y*s : (y+1)*s]
	m.rs = st.Res[y*s : (y+1)*s]
	if y > m.y0 {
		m.rn = st.Cur.Row(y - 1)
		m.skn = st.Skip[(y-1)*s : y*s]
		m.rsn = st.Res[(y-1)*s : y*s]
	} else {
		m.rn, m.skn, m.rsn = m.zeroPix, m.zeroSkip, m.zeroRes
	}
	if y > m.y0+1 {
		m.rnn = st.Cur.Row(y - 2)
	} else {
		m.rnn = m.rn
	}
	// W of the first sample is its N.
	m.rc[0], m.rc[1] = m.rn[PlanePad], m.rn[PlanePad]
	if m.hasPrev {
		m.rp = st.Prev.Row(y)
		m.rpn = m.rp
		if y > 0 {
			m.rpn = st.Prev.Row(y - 1)
		}
		m.skp = st.PrevSkip[y*s : (y+1)*s]
		m.rsp = st.PrevRes[y*s : (y+1)*s]
	}
	if m.hasCross {
		ry := y << m.refShift[1]
		rs := m.ref.W + 2*PlanePad
		m.refRow = m.ref.Cur.Row(ry)
		m.refSkip = m.ref.Skip[ry*rs : (ry+1)*rs]
		m.refRes = m.ref.Res[ry*rs : (ry+1)*rs]
		if m.refSame {
			m.refRowN = m.zeroPix
			if y > m.y0 {
				m.refRowN = m.ref.Cur.Row(ry - 1)
			}
			if m.ref.HasPrev {
				m.refPRow = m.ref.Prev.Row(ry)
			}
		}
	}
	m.errCur ^= 1
	for k := range m.errRows[m.errCur] {
		clear(m.errRows[m.errCur][k])
	}
}

// EndRow finishes row y: its right padding is filled for the next row's NE.
func (m *PlaneModel) EndRow() {
	r := m.rc
	r[PlanePad+m.w], r[PlanePad+m.w+1] = r[PlanePad+m.w-1], r[PlanePad+m.w-1]
}

// HasPrev reports whether the previous frame is known, that is whether samples of the
// current frame have a skip flag.
func (m *PlaneModel) HasPrev() bool { return m.hasPrev }

// Predict computes the sub-predictions and the skip flag's contexts for sample x of the
// current row.
func (m *PlaneModel) Predict(x int) {
	m.x = x
	i := x + PlanePad
	rc, rn, rnn := m.rc, m.rn, m.rnn
	W, N, NW, NE := rc[i-1], rn[i], rn[i-1], rn[i+1]
	_ = rnn
	mv := m.maxVal
	m.sub[subMED] = med(W, N, NW)
	m.sub[subGrad] = clamp32(W+N-NW, 0, mv)
	m.sub[subN] = N
	m.sub[subW] = W
	m.sub[subWNE] = clamp32(W+NE-N, 0, mv)
	m.qg = quant8((abs32(W-NW) + abs32(N-NW) + abs32(NE-N)) >> m.actShift)
	sk, skn := m.sk, m.skn
	refFlag := 2
	if m.hasCross {
		refFlag = int(m.refSkip[(x<<m.refShift[0])+PlanePad])
	}
	if m.hasPrev {
		rp, rpn := m.rp, m.rpn
		P, PW, PN, PNE, PNW := rp[i], rp[i-1], rpn[i], rpn[i+1], rpn[i-1]
		m.P = P
		m.sub[subP] = P
		m.sub[subPW] = clamp32(P+W-PW, 0, mv)
		m.sub[subPN] = clamp32(P+N-PN, 0, mv)
		tact := (abs32(W-PW) + abs32(N-PN) + abs32(NE-PNE) + abs32(NW-PNW)) >> m.actShift
		m.qt = quant8(tact)
		pat := int(sk[i-1]) | int(skn[i])<<1 | int(skn[i-1])<<2 | int(skn[i+1])<<3
		skp := m.skp
		prevPat := int(skp[i]) | int(skp[i-1])<<1 | int(skp[i+1])<<2
		edge := 0
		if x&7 == 0 {
			edge = 1
		}
		if m.y&7 == 0 {
			edge |= 2
		}
		m.skipCtx[0] = (pat|int(skp[i])<<4)*3 + refFlag
		m.skipCtx[1] = (m.qt*4+int(sk[i-1])|int(skn[i])<<1)*4 + edge
		m.skipCtx[2] = ((m.qt*8+prevPat)*2 + refFlag&1)
		m.skipSet = popcount4(pat)*3 + refFlag
		m.skipAPMCtx = (pat|int(skp[i])<<4)*3 + refFlag
	} else {
		m.qt = 0
	}
	if m.refSame {
		rr, rrn := m.refRow, m.refRowN
		R := rr[i]
		m.sub[subRefW] = clamp32(W+R-rr[i-1], 0, mv)
		m.sub[subRefN] = clamp32(N+R-rrn[i], 0, mv)
		if m.activeMask&(1<<subRefP) != 0 {
			m.sub[subRefP] = clamp32(m.P+R-m.refPRow[i], 0, mv)
		}
	}
}

func popcount4(v int) int { return int(popTable[v&15]) }

var popTable = [16]uint8{0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4}

// SkipP returns the probability (16-bit) that the sample equals the previous frame's.
func (m *PlaneModel) SkipP() uint32 {
	mx := m.skipMix
	for k := 0; k < 3; k++ {
		mx.AddP(m.skipCounters[k][m.skipCtx[k]].P())
	}
	mx.Add(256)
	p := mx.Mix(m.skipSet)
	m.mixP = p
	a := m.skipAPM.P(p, m.skipAPMCtx)
	return clampP((p + 3*a) >> 2)
}

// UpdateSkip trains the skip flag's models on the coded flag.
func (m *PlaneModel) UpdateSkip(bit int) {
	for k := 0; k < 3; k++ {
		m.skipCounters[k][m.skipCtx[k]].Update(bit, 1023)
	}
	m.skipMix.Update(bit)
	m.skipAPM.Update(bit)
}

func clampP(p uint32) uint32 {
	if p < 32 {
		return 32
	}
	if p > ProbOne-32 {
		return ProbOne - 32
	}
	return p
}

// divTable[e] = 2^24 / e² for an error sum e ≥ 1: a sub-predictor's weight falls with the
// square of its recent local error.
var divTable [2048]uint32

func init() {
	for e := 1; e < len(divTable); e++ {
		divTable[e] = uint32((1 << 24) / (e * e))
	}
	divTable[0] = 1 << 24
}

// PrepareResidual blends the sub-predictions into Pred and computes the residual's contexts.
// Call it after Predict for a sample that was not skipped (or has no skip flag).
func (m *PlaneModel) PrepareResidual() int32 {
	i := m.x + PlanePad
	ec, en := &m.errRows[m.errCur], &m.errRows[m.errCur^1]
	var sumW, sumWP int64
	mask := m.activeMask
	for k := 0; k < numSub; k++ {
		if mask&(1<<k) == 0 {
			continue
		}
		e := 2*uint32(en[k][i]) + 2*uint32(ec[k][i-1]) + uint32(en[k][i-1]) + uint32(en[k][i+1]) + 1
		if e >= uint32(len(divTable)) {
			e = uint32(len(divTable)) - 1
		}
		wgt := int64(divTable[e])
		sumW += wgt
		sumWP += wgt * int64(m.sub[k])
	}
	pred := int32((sumWP + sumW/2) / sumW)

	rs, rsn := m.rs, m.rsn
	act := 2*abs32(rs[i-1]) + 2*abs32(rsn[i]) + abs32(rsn[i-1]) + abs32(rsn[i+1])
	if m.hasPrev {
		act += abs32(m.rsp[i])
	}
	act >>= m.actShift
	m.qa = quant16(act)
	rc, rn := m.rc, m.rn
	tex := 0
	if rn[i] > rn[i-1] {
		tex |= 1
	}
	if rc[i-1] > rn[i-1] {
		tex |= 2
	}
	if rn[i+1] > rn[i] {
		tex |= 4
	}
	hp := 0
	if m.hasPrev {
		hp = 1
	}
	m.biasIdx = (m.qa*8+tex)*2 + hp
	pred = clamp32(pred+m.bias[m.biasIdx].correction, 0, m.maxVal)
	m.Pred = pred

	skipped := 0
	if m.hasPrev {
		skipped = int(m.sk[i-1]) + int(m.skn[i]) + int(m.skn[i-1]) + int(m.skn[i+1])
	}
	edge := 0
	if m.x&7 == 0 {
		edge = 1
	}
	if m.y&7 == 0 {
		edge |= 2
	}
	refQ := 0
	if m.hasCross {
		refQ = quant8(abs32(m.refRes[(m.x<<m.refShift[0])+PlanePad]) >> m.actShift)
	}
	sW, sN := sign3(rs[i-1]), sign3(rsn[i])
	m.resCtx[0] = m.qa
	m.resCtx[1] = m.qa*8 + m.qg
	m.resCtx[2] = (m.qt*5+skipped)*4 + edge
	m.resCtx[3] = (sW*3+sN)*8 + m.qa>>1
	m.resCtx[4] = refQ*8 + m.qa>>1
	return pred
}

// ResP returns the probability (16-bit) that the residual decision of slot is 1.
func (m *PlaneModel) ResP(slot int) uint32 {
	m.slot = slot
	mx := m.resMix
	base := slot
	mx.AddP(m.resCounters[0][m.resCtx[0]*numSlots+base].P())
	mx.AddP(m.resCounters[1][m.resCtx[1]*numSlots+base].P())
	mx.AddP(m.resCounters[2][m.resCtx[2]*numSlots+base].P())
	mx.AddP(m.resCounters[3][m.resCtx[3]*numSlots+base].P())
	mx.AddP(m.resCounters[4][m.resCtx[4]*numSlots+base].P())
	mx.Add(256)
	p := mx.Mix(slot*4 + m.qa>>2)
	a := m.resAPM.P(p, slot*16+m.qa)
	return clampP((p + 3*a) >> 2)
}

// UpdateRes trains the models of the last slot asked for on the coded decision.
func (m *PlaneModel) UpdateRes(bit int) {
	slot := m.slot
	lim := m.limit
	m.resCounters[0][m.resCtx[0]*numSlots+slot].Update(bit, lim)
	m.resCounters[1][m.resCtx[1]*numSlots+slot].Update(bit, lim)
	m.resCounters[2][m.resCtx[2]*numSlots+slot].Update(bit, lim)
	m.resCounters[3][m.resCtx[3]*numSlots+slot].Update(bit, lim)
	m.resCounters[4][m.resCtx[4]*numSlots+slot].Update(bit, lim)
	m.resMix.Update(bit)
	m.resAPM.Update(bit)
}

// Commit stores the sample's true value v and updates the error statistics. skipped says
// whether it was coded by its skip flag.
func (m *PlaneModel) Commit(v int32, skipped bool) {
	i := m.x + PlanePad
	m.rc[i] = v
	ec := &m.errRows[m.errCur]
	mask := m.activeMask
	for k := 0; k < numSub; k++ {
		if mask&(1<<k) != 0 {
			ec[k][i] = uint16(min32(abs32(v-m.sub[k]), 0xFFFF))
		}
	}
	if skipped {
		m.sk[i] = 1
		m.rs[i] = 0
		return
	}
	m.sk[i] = 0
	r := v - m.Pred
	m.rs[i] = r
	b := &m.bias[m.biasIdx]
	b.sum += r
	b.count++
	if b.count >= 64 {
		b.sum >>= 1
		b.count >>= 1
	}
	if b.sum <= -b.count {
		b.correction--
		b.sum += b.count
		if b.sum <= -b.count {
			b.sum = -b.count + 1
		}
	} else if b.sum > 0 {
		b.correction++
		b.sum -= b.count
		if b.sum > 0 {
			b.sum = 0
		}
	}
}
