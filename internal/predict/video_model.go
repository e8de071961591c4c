package predict

import (
	"math/bits"
	"unsafe"
)

// The video model codes each sample in up to two stages:
//
//  1. If the previous frame is known, a skip flag: does the sample equal its motion-compensated
//     prediction from the previous frame? In video decoded from a lossy codec whole blocks are
//     copied unchanged, so this flag, predicted from the neighbours' flags, the state of the
//     8x8 block and the reference plane, makes them nearly free.
//  2. Otherwise the residual against a blended prediction: sub-predictors (spatial, temporal on
//     the motion-compensated difference field, cross-plane) weighted by their recent local
//     errors, or the one sub-predictor that has been clearly best at this position class,
//     corrected for bias per context. The caller binarises the residual (zero, sign,
//     exponent, mantissa); each decision is predicted by mixing adaptive counters from several
//     contexts and refined by secondary estimation.
//
// A skipped sample costs one decision and almost no work; the sub-predictors' errors there
// are taken as zero.

// Sub-predictor indices.
const (
	subMED    = iota // median edge detector (JPEG-LS)
	subGrad          // W + N − NW
	subN             //
	subW             //
	subWNE           // W + NE − N
	subGAP           // CALIC's gradient-adjusted prediction (VideoConfig.GAP)
	subP             // the motion-compensated previous frame
	subPW            // P + dW, where d = sample − P: the temporal gradient
	subPN            // P + dN
	subDMed          // P + MED(dW, dN, dNW)
	subDBlock        // P + the mean d of the 8x8 block so far
	subCosN          // P + the cosine recurrence of d down the block's column: α·dN − dNN
	subCosW          // P + the cosine recurrence of d along the block's row: α·dW − dWW
	subRefW          // W + (R − RW): the reference plane's horizontal change
	subRefN          // N + (R − RN)
	subRefP          // P + (R − RP): the reference plane's temporal change
	subBi            // (P + P2 + 1)/2, P2 the frame before the previous one displaced by the chained vectors
	subBiD           // Bi + MED of the differences from Bi at W, N, NW
	subOB            // overlapped blocks: the mean of P and the prediction by the nearest neighbouring block's vector
	subOBD           // OB + MED of the differences from OB at W, N, NW
	subB2            // a B frame's backward prediction: the later anchor displaced by the backward vectors
	subGW            // the previous frame warped by the band's global motion (global_warp.go)
	subGWD           // GW + MED of the differences from GW at W, N, NW
	subGWP           // (GW + P + 1)/2 (WarpSubs)
	subLMS           // P + an NLMS prediction of d from the neighbours' d and GW − P (WarpSubs, video_lms.go)
	subGW2           // the frame before the previous one warped by the band's second warp (Warp2)
	subGWM           // (GW + GW2 + 1)/2
	subGWMD          // GWM + MED of the differences from GWM at W, N, NW
	subGW3           // the frame before the second reference warped by the band's third warp (Warp3)
	subGWM3          // (GW + GW2 + GW3 + 1)/3
	subGWM3D         // GWM3 + MED of the differences from GWM3 at W, N, NW
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
	// apmSlots: decisions up to this slot are refined by secondary estimation; the rarer ones
	// above are not worth its time.
	apmSlots = SlotExp + 3
	// resAPMCtxs: ResAPM's contexts a slot: the expected error (16) × selected (2) × P − the
	// prediction (5)
	resAPMCtxs = 16 * 2 * 5
	// resAPMRate: the residual APM's rate (SSE's and ResAPM's; hard-coded in the residual
	// kernels' APMUPD)
	resAPMRate = 7
)

const (
	// skipInputs: four counters (the fourth 0 without SkipCtx), the bias, and the counter of
	// P against MED (0 without SkipMed); skipInputsBlend: these and the counter of the
	// prediction against P (SkipBlend, whose mixer has the seventh input)
	skipInputs      = 6
	skipInputsBlend = 7
	skipSets        = 5 * 3 * 16 // the skip mixer's weight sets: neighbours' flags set (0..4) × reference flag (× temporal activity × |P − MED| with SkipMed)
	// skipSets2: the skip mixer's second weight sets (Mix2): position in the block × block so
	// far × block above (skipCtx0's first coordinates) × reference flag
	skipSets2  = 4 * 4 * 4 * 3
	resInputs  = 6
	numClasses = 16 // position classes: parity and 8x8 block edges
	subSlots   = 32 // numSub rounded up to a multiple of 8
)

// Context table sizes.
const (
	skipCtx0Size = 4 * 4 * 4 * 4 // position in block × block so far × block above × W,N flags
	skipCtx1Size = 625 * 4       // the neighbours' d clamped to ±2 × position in block
	skipCtx2Size = 25 * 16       // d predicted by the cosine recurrences × position class
	skipCtx3Size = 1024 * 3      // the skip flags of ten neighbours (this frame's and the previous one's) × reference flag (SkipCtx)
	skipAPMSize  = 32 * 3        // neighbours' flags and the previous frame's × reference flag
	skipFastSize = 32            // the reference plane skipped here: neighbours' flags
	// whole-block flag: left, above, above-right flags (0, 1, unknown) × the previous frame's
	// × the reference plane's (0, 1, none) × zero motion vector (0, 1, no motion)
	blockFlagSize = 3 * 3 * 3 * 2 * 3 * 3
	biasSize      = 16 * 8 * 2  // activity × texture signs × temporal
	resCtx0Size   = 16 * 4 * 2  // activity × block edges × selected predictor
	resCtx1Size   = 135 * 4     // signs of the W and N residuals, P and MED against the prediction × coarse activity
	resCtx2Size   = 81 * 4      // where four more sub-predictions lie against the prediction × coarse activity
	resCtx3Size   = 8 * 8 * 4   // temporal activity × gradient × reference plane's residual
	resCtx4Size   = 16 * 16 * 2 // the best sub-predictor's local error × the sub-predictions' spread × selected predictor (ErrorCtx)
)

// PlaneModel predicts one plane within one tile. It is not safe for concurrent use; each
// tile has its own.
type PlaneModel struct {
	// skipFull and resFull: the knob set of the default preset, for which encSkip/decSkip
	// and encRes/decRes run their mixed paths without a branch on a knob (setPaths); the
	// other sets take encSkipGeneric ... decResGeneric, the same steps with the knobs' tests.
	skipFull, resFull bool
	// resAPMOn: the residual's decisions below apmSlots are refined by resAPM (SSE or
	// ResAPM), in context slot·apmMul + apmSub (apmSub set by prepareResidual)
	resAPMOn       bool
	apmMul, apmSub int
	// asmSkip and asmRes: decodeSample takes decSkipAsm and decResidualAsm (skipFull, and
	// resFull or its knob set with the residual APM, then decResidualAPMAsm, on amd64 with
	// AVX2, see setPaths)
	asmSkip, asmRes bool
	// yClass: the position class's part from the current row, (y&1)<<1, +8 in a block's
	// first row (BeginRow).
	yClass int
	// tAbs: |W−pW| + |N−pN| + |NW−pNW| + |NE−pNE| of the current sample (Predict, with a
	// previous frame).
	tAbs int32
	// gwmBuf's rows y, y−1: the warps' mean, (GW + GW2 + 1)/2, or (GW + GW2 + GW3 + 1)/3
	// with the third warp, as subPredictions takes it sample by sample (hasGW2)
	rgwm, rgwmn []int32
	// tmplN[i]: the skip-flag template's eight bits from the row above and the previous
	// frame at sample index i (bits 2-6: the row above from NWW to NEE, 7-9: the previous
	// frame's W, here and E), filled by BeginRow (fillTemplate) when a knob uses the template.
	tmplN []uint16

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
	// topP: the band does not start the frame and has a previous frame, and BandTop stands
	// the motion-compensated previous frame's rows in for the rows above it (BeginRow)
	topP    bool
	errRows [2][][subSlots]uint16 // per sample, each sub-predictor's |error|: rows y and y−1 (alternating)
	errCur  int
	errRow  [][subSlots]uint16 // errRows[errCur], the current row's (set by BeginRow)
	errRowN [][subSlots]uint16 // errRows[errCur^1], the row above's

	// row state
	y, y0             int
	rc, rn            []int32 // current and previous rows of this plane
	rp, rpn, rpnn     []int32 // motion-compensated previous frame, rows y, y−1, y−2
	rnn               []int32 // this plane's row y−2 within the band
	rp2, rp2n         []int32 // the frame before the previous one, displaced by the chained vectors: rows y, y−1
	ref2              *Plane  // the second reference (Prev2, or Older), when hasBi
	hasBi             bool    // the two-reference sub-predictors are active
	rob, robn         []int32 // the overlapped-block prediction: rows y, y−1
	hasOB             bool    // the overlapped-block sub-predictors are active
	rgw, rgwn         []int32 // the previous frame warped by the global motion: rows y, y−1
	hasGW             bool    // the global-warp sub-predictors are active
	rgw2, rgw2n       []int32 // the frame before the previous one warped by the second warp: rows y, y−1
	hasGW2            bool    // the second warp's sub-predictors are active (Warp2)
	rgw3, rgw3n       []int32 // the frame before that warped by the third warp: rows y, y−1
	hasGW3            bool    // the third warp's sub-predictors are active (Warp3)
	sk, skn, skp      []uint8 // skip flags: row y, row y−1, previous frame's row y
	rs, rsn, rsp      []int32 // residuals: row y, row y−1, previous frame's row y
	refRow, refRowN   []int32
	refPRow           []int32
	refSkip, refSkip2 []uint8 // reference plane's skip flags, rows y<<sy and the one below
	refRes            []int32
	hasPrev, hasCross bool
	activeMask        uint32
	active            [subSlots]uint8 // the active sub-predictors (activeMask's bits), in order
	nActive           int

	// pixel state, set by Predict and PrepareResidual
	x                int
	W, N, NW, NE     int32
	pW, pN, pNW, pNE int32           // motion-compensated previous frame at the neighbours
	P                int32           // the motion-compensated prediction (the skip flag's value)
	Pred             int32           // the final prediction
	sub              [subSlots]int32 // by sub-predictor (numSub used): indexed by k&(subSlots-1), no bounds check
	blend            int32
	selected         bool // the prediction is bestSub's, not the blend
	class            int
	skipFast         bool
	skipCtx          [4]int
	skipAPMCtx       int
	skipMedCtx       int  // context of the counter of P against MED (SkipMed)
	skipBlendCtx     int  // context of the counter of the prediction against P (SkipBlend)
	blendDone        bool // Predict prepared the residual (SkipBlend): PrepareResidual returns Pred
	skipSet          int
	skipSet2         int // the skip mixer's second weight set (Mix2)
	qa, qg, qt       int
	rset             int // the residual mixer's weight set within the slot's 16 (PrepareResidual)
	resCtx           [resInputs - 1]int
	resRow0          *[resRow0Len]Counter                // the first context's counters (every slot, see slotPos0)
	resRowN          [resInputs - 2]*[resRowNLen]Counter // the other contexts' counters (mixed slots, see slotPosN)
	biasIdx          int
	slot             int

	// learned state
	skipCounters [4][]Counter
	skipFastC    []Counter
	skipMix      *Mixer
	skipAPM      *APM
	skipMedC     []Counter // P against MED (SkipMed)
	skipBlendC   []Counter // the prediction against P (SkipBlend)
	// the residual's counters by context: rows of every slot for the first context, of the
	// mixed slots for the others (indexing a row is one bounds check, and no slice to convert)
	resRows0 [][resRow0Len]Counter
	resRowsN [resInputs - 2][][resRowNLen]Counter
	resMix   *Mixer
	resAPM   *APM
	resW2    []int32 // the second weight sets (Mix2), resMix2Sets × resInputs
	mix2     mix2State
	skipW2   []int32 // the skip mixer's second weight sets (Mix2), skipSets2 × skip2Stride
	// skip2Stride: skipW2's weights a set: skipInputsBlend, skipInputsHist with SkipHist
	skip2Stride int
	hist        skipHistState // the skip flag's bit histories (SkipHist)
	skip2       skip2State
	q2          int // the second weight set's context (Mix2): qt·8 + qg, below 64
	// skipW and resW are skipMix's and resMix's weights seen by set (the same memory): a
	// decision takes its set's row with one bounds check against a constant; mixRate is their
	// learning rate
	skipW   *[skipSets][skipInputs]int32
	resW    *[resSets][resInputs]int32
	mixRate int64
	bias    []biasState
	limit   int
	// ctxErr[c][k] is a running mean of sub-predictor k's error (1/16 units) at position
	// class c; the last entry tracks the blend. It sharpens the blend's weights and lets the
	// model learn, say, that inside a 2x2 block of chroma upsampled from 4:2:0 a cross-plane
	// predictor is exact.
	ctxErr [numClasses][subSlots]int32 // numSub+1 used (numSub < subSlots)
	// bestSub[c] is the sub-predictor whose running error at class c is well below the
	// blend's, or -1.
	bestSub [numClasses]int8

	// 8x8 block bookkeeping: per block column, the skip flags, samples and temporal
	// differences coded so far in the current block row, and the final state of the block
	// above.
	blkSkip, blkCount []uint8
	blkAbove          []uint8
	blkDSum           []int32
	// Per block column, the accumulated error of the cosine recurrences d(n) = α_k·d(n−1) −
	// d(n−2) down (V) and along (H) the block for each of the 8 DCT frequencies k, and the
	// best k so far: an 8x8 DCT basis pattern left by a lossy codec continues exactly.
	recV, recH   [][8]int32
	bestV, bestH []uint8
	dN, dNN      int32
	dW, dWW      int32
	// recN and recW: what the recurrences predict for d (recurrences), valid when recOK
	recN, recW int32
	recOK      bool

	// whole-block skip flags: the current block row's flags, by block column, and the model
	blkFlag    []uint8
	blkFlagC   []Counter
	blkFlagCtx int

	// motion compensation: the band's rows of the previous frame displaced by the motion
	// field (with one row above the band), or nil to use the previous frame as it is
	motion      *MotionField
	motionShift [2]uint
	mcBuf       []int32
	mc2Buf      []int32 // as mcBuf, for the frame before the previous one (BiPred)
	prevMotion  *MotionField
	chained     *MotionField
	// bframe: the band is a B frame's, whose second reference (Prev2) is the later anchor,
	// displaced by backMotion (nil: the forward field negated)
	bframe     bool
	backMotion *MotionField
	bModes     []uint8 // per block of the field, its BMode (nil: BModeAvg throughout)
	bAvg       bool    // P is each block's mode's prediction (composeB; fwdBuf: the forward one)
	fwdBuf     []int32 //
	fwdRow     []int32 // fwdBuf's row y
	obBuf      []int32 // as mcBuf, the overlapped-block prediction (OBMC)
	mcY0       int
	// global warp (GlobalWarp): the band's map in this plane's coordinates (when warpOn),
	// and the band's rows of the warped previous frame from row gwY0 (one row above the band)
	warp   planeWarp
	warpOn bool
	warpBl []uint8 // per block of the motion field, 1 where the warp is P (nil: none)
	gwBuf  []int32
	gwY0   int
	// second warp (Warp2): the band's map to the frame before the previous one, and the
	// band's rows of that frame warped, from row gwY0 as gwBuf
	warp2   planeWarp
	warp2On bool
	gw2Buf  []int32
	gwmBuf  []int32 // (GW + GW2 + 1)/2 (or with Warp3 GWM3), the warp blocks' P
	warp3   planeWarp
	warp3On bool
	gw3Buf  []int32
	// prep2: PrepareBand2 computed gw2Buf and gwmBuf for the prepared band under prepWarp2
	prep2     bool
	prepWarp2 planeWarp
	prep3     bool // PrepareBand2 computed gw3Buf too, under prepWarp3
	prepWarp3 planeWarp
	// prep: PrepareBand computed mcBuf (before the warp's blocks) and gwBuf for the band
	// [prepY0, prepY1) under prepField and prepWarp; BeginBand then keeps them
	prep           bool
	prepY0, prepY1 int
	prepField      *MotionField
	prepWarp       planeWarp

	// lms predicts d = v − P from the neighbours' d (WarpSubs, in bands with a warp)
	lms lmsState
	// the least-squares sub-predictor (LSPred, video_ls.go): the band's coefficients (lsN of
	// them, 0: off in this band), the previous frame's motion-compensated row y+1, the band's
	// end, and the encoder's padded copy of the band's rows (FitLS)
	lsN   int
	lsC   [lsMaxTaps]int32
	rps   []int32
	rpss  []int32
	y1    int
	lsCur []int32
	lsBuf []int32
	// lsRowSums's sums at row y's samples (lsVec: in int32)
	lsVec   bool
	lsPre32 []int32
	lsPre64 []int64
	// template matching (TMatch, video_tmatch.go)
	tm tmState
	// eMin is the smallest local error of the sub-predictors at the sample (ErrorCtx), spread
	// the spread of the sub-predictions blendSubs blended
	eMin, spread int32
	// the row contexts of the current row (rowctx.go, BeginRow), by sample index
	rowT, rowC, rowA, rowG []int32
}

// biasState cancels the systematic error of the prediction in one context, as in JPEG-LS:
// correction is nudged by ±1 whenever the mean error over the context drifts past ±1/2.
type biasState struct {
	correction int32
	sum        int32
	count      int32
}

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
	m.tmplN = make([]uint16, m.stride)
	m.rowT, m.rowC = make([]int32, m.stride), make([]int32, m.stride)
	m.rowA, m.rowG = make([]int32, m.stride), make([]int32, m.stride)
	for i := range m.errRows {
		m.errRows[i] = make([][subSlots]uint16, m.stride)
	}
	nb := (st.W + 7) / 8
	m.blkSkip, m.blkCount, m.blkAbove = make([]uint8, nb), make([]uint8, nb), make([]uint8, nb)
	m.blkDSum = make([]int32, nb)
	m.recV, m.recH = make([][8]int32, nb), make([][8]int32, nb)
	m.blkFlag = make([]uint8, nb)
	m.bestV, m.bestH = make([]uint8, nb), make([]uint8, nb)
	m.initLearned()
	return m
}

// setPaths chooses the decision functions' paths for m.cfg's knobs: skipFull when the skip
// flag mixes SkipCtx's and SkipMed's counters without Mix2, SkipBlend or SSE, resFull when the
// residual mixes ErrorCtx's counter without Mix2 or SSE.
func (m *PlaneModel) setPaths() {
	c := m.cfg
	m.skipFull = c.SkipCtx && c.SkipMed && !c.Mix2 && !c.SkipBlend && !c.SSE && c.SkipHist == 0
	m.resFull = c.ErrorCtx && !c.Mix2 && !c.SSE && !c.ResAPM
	m.resAPMOn = c.SSE || c.ResAPM
	m.apmMul = 16 // SSE's: × the activity qa
	if c.ResAPM {
		m.apmMul = resAPMCtxs
	}
	// The decoder's kernels (video_asm_amd64.s) keep the weights' error in 32 bits: a mixer
	// rate of at most 64 (what Validate allows).
	asm := haveCodeAsm && useCodeAsm && c.MixerRate >= 1 && c.MixerRate <= 64
	m.asmSkip = asm && m.skipFull
	// The residual's kernels make resFull's decisions, and with resAPMOn those of
	// decResSSE/encResSSE below apmSlots (ResAPM's APM, or SSE's): every residual mixing
	// ErrorCtx's counter without Mix2.
	m.asmRes = asm && c.ErrorCtx && !c.Mix2
}

// initLearned sets every learned parameter to its initial state.
func (m *PlaneModel) initLearned() {
	m.setPaths()
	skip2, res2 := skipCtx2Size, resCtx2Size
	if m.cfg.PResCtx {
		res2 *= 7 // × the level of P − the prediction
	}
	if m.cfg.TMatch {
		// × the level of TM − P, × the sign of TM against the prediction
		skip2, res2 = 3*skip2, 3*res2
	}
	m.skipCounters = [4][]Counter{newCounters(skipCtx0Size), newCounters(skipCtx1Size), newCounters(skip2), nil}
	if m.cfg.SkipCtx {
		m.skipCounters[3] = newCounters(skipCtx3Size)
	}
	m.skipFastC = newCounters(skipFastSize)
	m.blkFlagC = newCounters(blockFlagSize)
	m.skip2Stride = skipInputsBlend
	if m.cfg.SkipHist != 0 {
		// ten inputs (the histories' the last three, their weights from 0), mixed through
		// SkipP (encSkipMix2): skipW is not used
		m.skipMix = NewMixer(skipInputsHist, skipSets, 1<<14, m.cfg.MixerRate)
		for i := range skipSets {
			for k := skipInputsBlend; k < skipInputsHist; k++ {
				m.skipMix.weights[i*skipInputsHist+k] = 0
			}
		}
		m.skipW = nil
		m.skip2Stride = skipInputsHist
	} else if m.cfg.SkipBlend {
		// seven inputs, mixed through SkipP (encSkipMix2): skipW is not used
		m.skipMix = NewMixer(skipInputsBlend, skipSets, 1<<14, m.cfg.MixerRate)
		m.skipW = nil
	} else {
		m.skipMix = NewMixer(skipInputs, skipSets, 1<<14, m.cfg.MixerRate)
		m.skipW = (*[skipSets][skipInputs]int32)(unsafe.Pointer(unsafe.SliceData(m.skipMix.weights[:skipSets*skipInputs])))
	}
	m.skipAPM = NewAPM(skipAPMSize, 7)
	m.skipMedC = nil
	if m.cfg.SkipMed {
		m.skipMedC = newCounters(skipMedSize)
	}
	m.skipBlendC = nil
	if m.cfg.SkipBlend {
		m.skipBlendC = newCounters(skipBlendSize)
	}
	m.resRows0 = make([][resRow0Len]Counter, resCtx0Size)
	for i := range m.resRows0 {
		for j := range m.resRows0[i] {
			m.resRows0[i][j] = NewCounter()
		}
	}
	sizes := [resInputs - 2]int{resCtx1Size, res2, resCtx3Size, resCtx4Size}
	for k, n := range sizes {
		rows := make([][resRowNLen]Counter, n)
		for j := range rows[0] {
			rows[0][j] = NewCounter()
		}
		for done := 1; done < n; done *= 2 {
			copy(rows[done:], rows[:done]) // every row as the first, by doubling copies
		}
		m.resRowsN[k] = rows
	}
	m.resMix = NewMixer(resInputs, resSets, 1<<14, m.cfg.MixerRate)
	m.resW = (*[resSets][resInputs]int32)(unsafe.Pointer(unsafe.SliceData(m.resMix.weights[:resSets*resInputs])))
	m.mixRate = m.resMix.rate
	m.resAPM = NewAPM(apmSlots*m.apmMul, resAPMRate)
	m.resW2, m.skipW2 = nil, nil
	if m.cfg.Mix2 {
		m.skipW2 = make([]int32, skipSets2*m.skip2Stride)
		for i := range m.skipW2 {
			m.skipW2[i] = 1 << 14
			if i%m.skip2Stride >= skipInputsBlend {
				m.skipW2[i] = 0 // the histories' (SkipHist)
			}
		}
		m.resW2 = make([]int32, resMix2Sets*resInputs)
		for i := range m.resW2 {
			m.resW2[i] = 1 << 14
		}
	}
	m.initSkipHist()
	m.bias = make([]biasState, biasSize)
	m.ctxErr = [numClasses][subSlots]int32{}
	m.lms = lmsState{}
	for c := range m.bestSub {
		m.bestSub[c] = -1
	}
}

func newCounters(n int) []Counter {
	c := make([]Counter, n)
	for i := range c {
		c[i] = NewCounter()
	}
	return c
}

// Reset returns every learned parameter to its initial state (at a segment start).
func (m *PlaneModel) Reset() { m.initLearned() }

// SetMotion sets the motion field of the next band (nil: none); sx, sy are this plane's
// subsampling against the plane the field was searched on.
func (m *PlaneModel) SetMotion(f *MotionField, sx, sy uint) {
	m.motion, m.motionShift = f, [2]uint{sx, sy}
}

// SetWarp sets the global motion of the next band (nil: none), given for the first coded
// plane of fw×fh samples; sx, sy are this plane's subsampling against it. blocks, when not
// nil, holds one flag per block of the band's motion field: 1 where the warped previous frame
// replaces the block's vector as P. It takes effect with VideoConfig.GlobalWarp.
func (m *PlaneModel) SetWarp(g *Warp, blocks []uint8, fw, fh int, sx, sy uint) {
	m.warpOn = g != nil
	m.warpBl = blocks
	if g != nil {
		m.warp = g.forPlane(fw, fh, sx, sy)
		m.warp.taps = m.cfg.warpTaps()
	}
}

// SetWarp2 sets the second warp of the next band (nil: none), a map to the frame before the
// previous one, given as SetWarp takes the first. It takes effect with VideoConfig.Warp2 in a
// band with a first warp.
func (m *PlaneModel) SetWarp2(g *Warp, fw, fh int, sx, sy uint) {
	m.warp2On = g != nil
	if g != nil {
		m.warp2 = g.forPlane(fw, fh, sx, sy)
		m.warp2.taps = m.cfg.warpTaps()
	}
}

// SetWarp3 sets the third warp of the next band (nil: none), a map to the frame before the
// second reference (Warp3), given as SetWarp takes the first.
func (m *PlaneModel) SetWarp3(g *Warp, fw, fh int, sx, sy uint) {
	m.warp3On = g != nil
	if g != nil {
		m.warp3 = g.forPlane(fw, fh, sx, sy)
		m.warp3.taps = m.cfg.warpTaps()
	}
}

// SetPrevMotion gives the previous frame's motion field of the band (nil: none): with it the
// second reference (BiPred) follows each block's vector and then the previous frame's vector
// where it lands, instead of assuming constant motion.
func (m *PlaneModel) SetPrevMotion(f *MotionField) { m.prevMotion = f }

// BeginBand prepares to code rows [y0, y1) of the current frame. Rows above y0 are treated as
// unknown (another tile codes them concurrently).
func (m *PlaneModel) BeginBand(y0, y1 int) {
	m.setPaths()
	m.y0, m.y1 = y0, y1
	m.lsN = 0
	m.hasPrev = m.cfg.Temporal && m.st.HasPrev
	m.hasCross = m.ref != nil
	m.topP = m.cfg.BandTop && m.hasPrev && y0 > 0
	for i := range m.errRows {
		clear(m.errRows[i])
	}
	mask := uint32(1)<<subP - 1
	if !m.cfg.GAP {
		mask &^= 1 << subGAP
	}
	if m.hasPrev {
		// With a previous frame, fewer and better sub-predictors: the weaker spatial ones, PW,
		// PN and Grad only blur the blend (measured on vtest: dropping them makes the files smaller).
		mask = 1<<subMED | 1<<subP | 1<<subDMed | 1<<subDBlock
		if m.cfg.Recurrence {
			mask |= 1<<subCosN | 1<<subCosW
		}
	}
	if m.refSame {
		mask |= 1<<subRefW | 1<<subRefN
		if m.hasPrev && m.ref.HasPrev {
			mask |= 1 << subRefP
		}
	}
	m.bAvg = false
	m.hasGW = m.hasPrev && m.cfg.GlobalWarp && m.warpOn
	// The rows PrepareBand computed stand for this band's only under the same band, field
	// and warp.
	prepared := m.prep && m.hasGW && m.motion != nil && m.prepY0 == y0 && m.prepY1 == y1 && m.prepField == m.motion && m.prepWarp == m.warp
	m.hasGW3 = m.hasGW && m.cfg.UsesWarp3() && m.warp2On && m.st.HasPrev2 && m.st.Prev2 != nil && m.warp3On && m.st.HasPrev3 && m.st.Prev3 != nil
	prepared2 := prepared && m.prep2 && m.prepWarp2 == m.warp2 && m.prep3 == m.hasGW3 && (!m.hasGW3 || m.prepWarp3 == m.warp3)
	m.prep, m.prep2, m.prep3 = false, false, false
	// A moving camera: the band's warp was coded, or at least half its blocks moved. The
	// WarpSubs sub-predictors run only there (they cost a still camera's video).
	mov := m.hasGW || m.hasPrev && m.cfg.GlobalWarp && m.cfg.WarpSubs && m.motion.MostlyMoving()
	// The second reference: in a B frame the later anchor, else the frame before the previous
	// one (with B frames allowed, an ordinary frame finds it as the older anchor).
	m.ref2 = nil
	switch {
	case m.bframe || m.cfg.BiPred:
		if m.st.HasPrev2 {
			m.ref2 = m.st.Prev2
		}
	case m.cfg.WarpSubs && mov && m.cfg.BFrames:
		if m.st.HasOlder {
			m.ref2 = m.st.Older
		}
	case m.cfg.WarpSubs && mov:
		if m.st.HasPrev2 {
			m.ref2 = m.st.Prev2
		}
	}
	m.hasBi = m.hasPrev && m.ref2 != nil
	if m.hasBi {
		mask |= 1<<subBi | 1<<subBiD
		if m.bframe {
			mask |= 1 << subB2
		}
	}
	m.hasOB = m.hasPrev && m.cfg.OBMC && m.motion != nil
	if m.hasOB {
		mask |= 1<<subOB | 1<<subOBD
	}
	if m.hasGW {
		mask |= 1<<subGW | 1<<subGWD
		if m.cfg.WarpSubs {
			mask |= 1<<subGWP | 1<<subLMS
		}
		m.gwY0 = max(y0-1, 0)
		m.gwBuf = growInt32(m.gwBuf, (y1-m.gwY0)*m.stride)
		if !prepared {
			m.warpRows(m.gwBuf, m.st.Prev, m.gwY0, y1, &m.warp)
		}
	}
	m.hasGW2 = m.hasGW && m.cfg.UsesWarp2() && m.warp2On && m.st.HasPrev2 && m.st.Prev2 != nil
	if m.hasGW2 {
		mask |= 1<<subGW2 | 1<<subGWM | 1<<subGWMD
		n := (y1 - m.gwY0) * m.stride
		m.gw2Buf = growInt32(m.gw2Buf, n)
		if m.hasGW3 {
			mask |= 1<<subGW3 | 1<<subGWM3 | 1<<subGWM3D
			m.gw3Buf = growInt32(m.gw3Buf, n)
		}
		if !prepared2 {
			m.warpRows(m.gw2Buf, m.st.Prev2, m.gwY0, y1, &m.warp2)
			if m.hasGW3 {
				m.warpRows(m.gw3Buf, m.st.Prev3, m.gwY0, y1, &m.warp3)
			}
			if m.hasGW3 {
				m.gwmBuf = mean3Rows(m.gwmBuf, m.gwBuf, m.gw2Buf, m.gw3Buf)
			} else {
				m.gwmBuf = meanRows(m.gwmBuf, m.gwBuf, m.gw2Buf)
			}
		}
	}
	if mov && !m.hasGW {
		mask |= 1 << subLMS
	}
	m.activeMask = mask
	m.nActive = 0
	for ; mask != 0; mask &= mask - 1 {
		m.active[m.nActive] = uint8(trailingZeros(mask))
		m.nActive++
	}
	clear(m.blkSkip)
	clear(m.blkCount)
	clear(m.blkAbove)
	clear(m.blkDSum)
	clear(m.blkFlag)
	m.clearRecurrences()
	if m.hasPrev && m.motion != nil {
		m.mcY0 = max(y0-1, 0)
		n := (y1 - m.mcY0) * m.stride
		if cap(m.mcBuf) < n {
			m.mcBuf = make([]int32, n)
		}
		m.mcBuf = m.mcBuf[:n]
		if !prepared {
			for y := m.mcY0; y < y1; y++ {
				compensateRowRefs(m.mcBuf[(y-m.mcY0)*m.stride:(y-m.mcY0+1)*m.stride], m.st.Prev, m.st.Prev2, m.st.Prev3, y, m.motion, m.motionShift[0], m.motionShift[1], m.maxVal, 1)
			}
		}
		if m.hasGW && m.warpBl != nil {
			// gwBuf starts at the same row (max(y0−1, 0)) as mcBuf.
			bl := m.gwBuf
			if m.hasGW2 {
				bl = m.gwmBuf // the warp blocks' P is the mean of the two warps
			}
			applyWarpBlocks(m.mcBuf, bl, m.stride, m.mcY0, y1, m.motion, m.warpBl, m.motionShift[0], m.motionShift[1], m.w)
		}
		if m.hasBi {
			if cap(m.mc2Buf) < n {
				m.mc2Buf = make([]int32, n)
			}
			m.mc2Buf = m.mc2Buf[:n]
			f2, mul := m.motion, int16(2)
			if m.bframe {
				f2, mul = m.motion, -1
				if m.backMotion != nil {
					f2, mul = m.backMotion, 1
				}
			} else if m.prevMotion != nil {
				m.chained = ChainMotion(m.chained, m.motion, m.prevMotion)
				f2, mul = m.chained, 1
			}
			for y := m.mcY0; y < y1; y++ {
				compensateRow(m.mc2Buf[(y-m.mcY0)*m.stride:(y-m.mcY0+1)*m.stride], m.ref2, y, f2, m.motionShift[0], m.motionShift[1], m.maxVal, mul)
			}
			if m.bframe && m.bModes != nil {
				m.composeB(m.bModes)
			}
		}
		if m.hasOB {
			if cap(m.obBuf) < n {
				m.obBuf = make([]int32, n)
			}
			m.obBuf = m.obBuf[:n]
			for y := m.mcY0; y < y1; y++ {
				r := (y - m.mcY0) * m.stride
				overlapRow(m.obBuf[r:r+m.stride], m.mcBuf[r:r+m.stride], m.st.Prev, y, m.motion, m.motionShift[0], m.motionShift[1], m.maxVal)
			}
		}
	}
	m.tmBegin(y0, y1)
}

// PrepareBand computes on the encoder side, for the band [y0, y1) of the first coded plane
// (not subsampled against the field f, searched on it), the rows of the previous frame
// displaced by f and warped by g (a w×h plane's warp, as SetWarp takes it) that BeginBand
// needs, and returns them: padded rows of stride samples from row r0. When the next band
// begun is this one under the same field and warp, BeginBand keeps them instead of computing
// them again (the encoder chooses the warp's blocks on them: WarpBlockChooser).
func (m *PlaneModel) PrepareBand(f *MotionField, g *Warp, w, h, y0, y1 int) (mc, gw []int32, stride, r0 int) {
	m.prep, m.prepY0, m.prepY1, m.prepField = true, y0, y1, f
	m.prepWarp = g.forPlane(w, h, 0, 0)
	m.prepWarp.taps = m.cfg.warpTaps()
	r0 = max(y0-1, 0)
	n := (y1 - r0) * m.stride
	m.gwBuf, m.mcBuf = growInt32(m.gwBuf, n), growInt32(m.mcBuf, n)
	m.warpRows(m.gwBuf, m.st.Prev, r0, y1, &m.prepWarp)
	for y := r0; y < y1; y++ {
		r := (y - r0) * m.stride
		compensateRowRefs(m.mcBuf[r:r+m.stride], m.st.Prev, m.st.Prev2, m.st.Prev3, y, f, 0, 0, m.maxVal, 1)
	}
	return m.mcBuf, m.gwBuf, m.stride, r0
}

// PrepareBand2 computes, after PrepareBand and for the same band, the rows of the frame before
// the previous one warped by g2 (and with g3 not nil the frame before that warped by g3) and,
// returned, the mean (GW + GW2 + 1)/2 of the two warps (or (GW + GW2 + GW3 + 1)/3) in
// PrepareBand's layout, which BeginBand keeps under the same warps. Without that frame it
// returns PrepareBand's warped rows.
func (m *PlaneModel) PrepareBand2(g2, g3 *Warp, w, h int) []int32 {
	if m.st.Prev2 == nil || !m.st.HasPrev2 {
		return m.gwBuf
	}
	m.prep2 = true
	m.prepWarp2 = g2.forPlane(w, h, 0, 0)
	m.prepWarp2.taps = m.cfg.warpTaps()
	r0 := max(m.prepY0-1, 0)
	n := (m.prepY1 - r0) * m.stride
	m.gw2Buf = growInt32(m.gw2Buf, n)
	m.warpRows(m.gw2Buf, m.st.Prev2, r0, m.prepY1, &m.prepWarp2)
	if g3 == nil || m.st.Prev3 == nil || !m.st.HasPrev3 {
		m.gwmBuf = meanRows(m.gwmBuf, m.gwBuf, m.gw2Buf)
		return m.gwmBuf
	}
	m.prep3 = true
	m.prepWarp3 = g3.forPlane(w, h, 0, 0)
	m.prepWarp3.taps = m.cfg.warpTaps()
	m.gw3Buf = growInt32(m.gw3Buf, n)
	m.warpRows(m.gw3Buf, m.st.Prev3, r0, m.prepY1, &m.prepWarp3)
	m.gwmBuf = mean3Rows(m.gwmBuf, m.gwBuf, m.gw2Buf, m.gw3Buf)
	return m.gwmBuf
}

// growInt32 returns buf with length n, allocating only when its capacity is short (the
// contents are not kept).
func growInt32(buf []int32, n int) []int32 {
	if cap(buf) < n {
		return make([]int32, n)
	}
	return buf[:n]
}

// warpRows fills buf, padded rows of m.stride samples, with rows y0..y1-1 of prev warped by g.
func (m *PlaneModel) warpRows(buf []int32, prev *Plane, y0, y1 int, g *planeWarp) {
	for y := y0; y < y1; y++ {
		r := (y - y0) * m.stride
		warpRow(buf[r:r+m.stride], prev, y, g, m.maxVal)
	}
}

// mean3Rows returns dst (grown to a's length) holding (a + b + c + 1)/3 sample by sample.
func mean3Rows(dst, a, b, c []int32) []int32 {
	dst = growInt32(dst, len(a))
	for i, v := range a {
		dst[i] = (v + b[i] + c[i] + 1) / 3
	}
	return dst
}

// meanRows returns dst (grown to a's length) holding (a + b + 1)/2 sample by sample.
func meanRows(dst, a, b []int32) []int32 {
	dst = growInt32(dst, len(a))
	for i, v := range a {
		dst[i] = (v + b[i] + 1) >> 1
	}
	return dst
}

func (m *PlaneModel) clearRecurrences() {
	clear(m.recV)
	clear(m.recH)
	clear(m.bestV)
	clear(m.bestH)
}

// cosAlpha[k] = 2·cos(kπ/8) in 1/256: s(n) = α·s(n−1) − s(n−2) for samples of the DCT basis
// function of frequency k.
var cosAlpha = [8]int32{512, 473, 362, 196, 0, -196, -362, -473}

// blockStateOf classifies a block's skip flags so far: 0 nothing coded, 1 all skipped, 2 none
// skipped, 3 mixed.
func blockStateOf(skips, count uint8) int {
	// The cases from the last to the first, each overriding the ones after it, so that the
	// compiler picks with conditional moves (the states follow the content).
	s := 3
	if skips == 0 {
		s = 2
	}
	if skips == count {
		s = 1
	}
	if count == 0 {
		s = 0
	}
	return s
}

// recip64[n] = 65536/n: the mean of up to 64 samples by a multiply.
var recip64 [65]int32

func init() {
	for n := 1; n < len(recip64); n++ {
		recip64[n] = int32((65536 + n/2) / n)
	}
}

// BeginRow prepares to code row y (rows must come in order from the band's first).
func (m *PlaneModel) BeginRow(y int) {
	st := m.st
	m.y = y
	m.yClass = (y & 1) << 1
	if y&7 == 0 {
		m.yClass |= 8
	}
	s := m.stride
	m.rc = st.Cur.Row(y)
	m.sk = st.Skip[y*s : (y+1)*s]
	m.rs = st.Res[y*s : (y+1)*s]
	if y > m.y0 {
		m.rn = st.Cur.Row(y - 1)
		m.skn = st.Skip[(y-1)*s : y*s]
		m.rsn = st.Res[(y-1)*s : y*s]
	} else if m.topP {
		// BandTop: the row above the band, being coded by the band above, is P's, its skip
		// flags and residuals the previous frame's there
		m.rn = m.topRow(y - 1)
		m.skn = st.PrevSkip[(y-1)*s : y*s]
		m.rsn = st.PrevRes[(y-1)*s : y*s]
	} else {
		m.rn, m.skn, m.rsn = m.zeroPix, m.zeroSkip, m.zeroRes
	}
	m.rnn = m.zeroPix
	if y-2 >= m.y0 {
		m.rnn = st.Cur.Row(y - 2)
	} else if m.topP {
		m.rnn = m.topRow(y - 2)
	}
	// W of the first sample is its N.
	m.rc[0], m.rc[1] = m.rn[PlanePad], m.rn[PlanePad]
	if m.hasPrev {
		if m.motion != nil {
			m.rp = m.mcBuf[(y-m.mcY0)*s : (y-m.mcY0+1)*s]
			m.rpn = m.rp
			if y > 0 {
				m.rpn = m.mcBuf[(y-1-m.mcY0)*s : (y-m.mcY0)*s]
			}
			m.rpnn = m.rpn
			if y-2 >= m.mcY0 {
				m.rpnn = m.mcBuf[(y-2-m.mcY0)*s : (y-1-m.mcY0)*s]
			}
		} else {
			m.rp = st.Prev.Row(y)
			m.rpn = m.rp
			if y > 0 {
				m.rpn = st.Prev.Row(y - 1)
			}
			m.rpnn = m.rpn
			if y > 1 {
				m.rpnn = st.Prev.Row(y - 2)
			}
		}
		if m.lsN > 0 {
			m.rps = m.rpsRow(y)
			if m.lsN > 15 {
				m.rpss = m.rpssRow(y)
			}
		}
		if m.bAvg {
			m.fwdRow = m.fwdBuf[(y-m.mcY0)*s : (y-m.mcY0+1)*s]
		}
		if m.hasBi {
			if m.motion != nil {
				m.rp2 = m.mc2Buf[(y-m.mcY0)*s : (y-m.mcY0+1)*s]
				m.rp2n = m.rp2
				if y > 0 {
					m.rp2n = m.mc2Buf[(y-1-m.mcY0)*s : (y-m.mcY0)*s]
				}
			} else {
				m.rp2 = m.ref2.Row(y)
				m.rp2n = m.rp2
				if y > 0 {
					m.rp2n = m.ref2.Row(y - 1)
				}
			}
		}
		if m.hasOB {
			m.rob, m.robn = bandRows(m.obBuf, y, m.mcY0, s)
		}
		if m.hasGW {
			m.rgw, m.rgwn = bandRows(m.gwBuf, y, m.gwY0, s)
		}
		if m.hasGW3 {
			m.rgw3, m.rgw3n = bandRows(m.gw3Buf, y, m.gwY0, s)
		}
		if m.hasGW2 {
			m.rgw2, m.rgw2n = bandRows(m.gw2Buf, y, m.gwY0, s)
			m.rgwm, m.rgwmn = bandRows(m.gwmBuf, y, m.gwY0, s)
		}
		m.skp = st.PrevSkip[y*s : (y+1)*s]
		m.rsp = st.PrevRes[y*s : (y+1)*s]
		if m.tm.on {
			m.tmRow(y)
		}
		if m.cfg.SkipCtx || m.cfg.SkipMed || m.cfg.SkipBlend {
			fillTemplate(m.tmplN, m.skn, m.skp, m.w)
		}
	}
	if m.hasCross {
		ry := y << m.refShift[1]
		rs := m.ref.W + 2*PlanePad
		m.refRow = m.ref.Cur.Row(ry)
		m.refSkip = m.ref.Skip[ry*rs : (ry+1)*rs]
		m.refSkip2 = m.refSkip
		if ry2 := ry + 1<<m.refShift[1] - 1; ry2 < m.ref.H && ry2 != ry {
			m.refSkip2 = m.ref.Skip[ry2*rs : (ry2+1)*rs]
		}
		m.refRes = m.ref.Res[ry*rs : (ry+1)*rs]
		if m.refSame {
			m.refRowN = m.zeroPix
			if y > m.y0 {
				m.refRowN = m.ref.Cur.Row(ry - 1)
			} else if m.topP {
				// BandTop (this plane's N is P's: N + (R − RN) reads N)
				m.refRowN = m.refRow
			}
			if m.ref.HasPrev {
				m.refPRow = m.ref.Prev.Row(ry)
			}
		}
	}
	if y&7 == 0 && y > m.y0 {
		for b := range m.blkSkip {
			m.blkAbove[b] = uint8(blockStateOf(m.blkSkip[b], m.blkCount[b]))
			m.blkSkip[b], m.blkCount[b], m.blkDSum[b] = 0, 0, 0
		}
		m.clearRecurrences()
	}
	m.errCur ^= 1
	m.errRow, m.errRowN = m.errRows[m.errCur], m.errRows[m.errCur^1]
	// errRow is not cleared here: every sample of the row writes its entry (Commit the
	// errors, CommitSkip and CommitStaticRun zeros), and the padding's entries, which no
	// sample writes, stay the zeros BeginBand left. A clear of the whole row (41 KB a
	// 640-sample luma row) evicted the model's counters from L1 at every row's start.
	m.rowContexts()
	if m.lsN > 0 {
		m.lsRowSums()
	}
	m.checkRows()
}

// checkRows panics unless every row Predict reads without a bounds check (ld32 ...) holds
// the stride's samples, and the blocks' arrays a flag for each 8 samples of the width.
func (m *PlaneModel) checkRows() {
	s, nb := m.stride, (m.w+7)/8
	ok := len(m.rc) >= s && len(m.rn) >= s && len(m.rnn) >= s && len(m.sk) >= s &&
		len(m.skn) >= s && len(m.rowT) >= s && len(m.rowC) >= s && len(m.tmplN) >= s &&
		len(m.rs) >= s && len(m.rsn) >= s && len(m.rowA) >= s && len(m.rowG) >= s &&
		len(m.errRow) >= s && len(m.errRowN) >= s &&
		len(m.blkSkip) >= nb && len(m.blkCount) >= nb && len(m.blkAbove) >= nb &&
		len(m.blkDSum) >= nb && len(m.bestV) >= nb && len(m.bestH) >= nb &&
		len(m.recV) >= nb && len(m.recH) >= nb
	if m.hasPrev {
		ok = ok && len(m.rp) >= s && len(m.rpn) >= s && len(m.rpnn) >= s && len(m.skp) >= s
		if m.hasGW {
			ok = ok && len(m.rgw) >= s && len(m.rgwn) >= s
		}
		if m.hasGW2 {
			ok = ok && len(m.rgw2) >= s && len(m.rgwm) >= s && len(m.rgwmn) >= s
			if m.hasGW3 {
				ok = ok && len(m.rgw2n) >= s && len(m.rgw3) >= s
			}
		}
	}
	if !ok {
		panic("predict: a row shorter than the plane's stride")
	}
}

// fillTemplate fills tn[i], for the w samples' indexes i, with the skip-flag template's bits
// that do not change along a row: skn[i-2..i+2] (the row above) at bits 2-6 and skp[i-1..i+1]
// (the previous frame) at bits 7-9. Each entry is the one before shifted down by one, the
// bits that left their window dropped, and the two flags that entered ORed in.
func fillTemplate(tn []uint16, skn, skp []uint8, w int) {
	if w <= 0 {
		return
	}
	n := PlanePad + w
	tn, skn, skp = tn[:n], skn[:n+2], skp[:n+1]
	i := PlanePad
	v := uint16(skn[i-2])<<2 | uint16(skn[i-1])<<3 | uint16(skn[i])<<4 | uint16(skn[i+1])<<5 |
		uint16(skn[i+2])<<6 | uint16(skp[i-1])<<7 | uint16(skp[i])<<8 | uint16(skp[i+1])<<9
	// entry k of t is tn[i+k], of a skn[i+k+2], of b skp[i+k+1]: one length, no bounds checks
	t := tn[i:n]
	a, b := skn[i+2:n+2], skp[i+1:n+1]
	a, b = a[:len(t)], b[:len(t)]
	t[0] = v
	for k := 1; k < len(t); k++ {
		v = (v>>1)&0x1BC | uint16(a[k])<<6 | uint16(b[k])<<9
		t[k] = v
	}
}

// BlockFlagP returns the probability (16-bit) that block column bx of the block row starting at
// the current row equals its motion-compensated prediction throughout. Call it (with
// UpdateBlockFlag and SetBlockFlag) for every block column at the first row of each block row,
// when HasPrev.
func (m *PlaneModel) BlockFlagP(bx int) uint32 {
	st := m.st
	by := m.y >> 3
	bw := st.BlocksW
	left := 2
	if bx > 0 {
		left = int(m.blkFlag[bx-1])
	}
	above, aboveRight := 2, 2
	if m.y-8 >= m.y0 {
		above = int(st.BlockSkip[(by-1)*bw+bx])
		if bx+1 < bw {
			aboveRight = int(st.BlockSkip[(by-1)*bw+bx+1])
		}
	}
	prev := int(st.PrevBlockSkip[by*bw+bx])
	ref := 2
	if m.hasCross {
		ref = m.refBlockFlag(bx, by)
	}
	mvz := 2
	if f := m.motion; f != nil {
		x0, y0 := (bx*8)<<m.motionShift[0], (by*8)<<m.motionShift[1]
		mvz = 0
		if f.At(x0, y0) == (MotionVector{}) {
			mvz = 1
		}
	}
	m.blkFlagCtx = ((((left*3+above)*3+aboveRight)*2+prev)*3+ref)*3 + mvz
	return clampP(m.blkFlagC[m.blkFlagCtx].P())
}

// refBlockFlag is 1 when every reference-plane block under block (bx, by) was static.
func (m *PlaneModel) refBlockFlag(bx, by int) int {
	r := m.ref
	sx, sy := m.refShift[0], m.refShift[1]
	for j := by << sy; j < (by+1)<<sy && j < r.BlocksH; j++ {
		for i := bx << sx; i < (bx+1)<<sx && i < r.BlocksW; i++ {
			if r.BlockSkip[j*r.BlocksW+i] == 0 {
				return 0
			}
		}
	}
	return 1
}

// UpdateBlockFlag trains the block flag's model.
func (m *PlaneModel) UpdateBlockFlag(bit int) {
	m.blkFlagC[m.blkFlagCtx].Update(bit, 1023)
}

// SetBlockFlag records block column bx's flag for the current block row.
func (m *PlaneModel) SetBlockFlag(bx, bit int) {
	m.blkFlag[bx] = uint8(bit)
	m.st.BlockSkip[(m.y>>3)*m.st.BlocksW+bx] = uint8(bit)
}

// ClearBlockFlags marks every block of the current block row as coded sample by sample (no
// previous frame).
func (m *PlaneModel) ClearBlockFlags() {
	clear(m.blkFlag)
	by := m.y >> 3
	clear(m.st.BlockSkip[by*m.st.BlocksW : (by+1)*m.st.BlocksW])
}

// BlockFlagged reports whether block column bx of the current block row is static.
func (m *PlaneModel) BlockFlagged(bx int) bool { return m.blkFlag[bx] == 1 }

// BlockStatic reports, on the encoder side, whether the block at column bx of the block row
// starting at the current row equals its prediction: src is the plane's samples (w wide) and
// y1 the end of the band.
func (m *PlaneModel) BlockStatic(bx int, src []uint16, y1 int) bool {
	return m.blockStaticAt(bx, src, m.y, y1)
}

// blockStaticAt is BlockStatic for the block row starting at row y0.
func (m *PlaneModel) blockStaticAt(bx int, src []uint16, y0, y1 int) bool {
	w := m.w
	x0, x1 := bx*8, min(bx*8+8, w)
	if x1-x0 == 8 {
		// A whole block: the eight differences of a row ORed, one branch a row (the sample
		// by sample loop below took about a third of the encoder's work outside the model on
		// a clip with many static blocks).
		for y := y0; y < min(y0+8, y1); y++ {
			p := m.predRow(y)[x0+PlanePad:]
			p = p[:8:8]
			s := src[y*w+x0:]
			s = s[:8:8]
			d := (int32(s[0]) ^ p[0]) | (int32(s[1]) ^ p[1]) | (int32(s[2]) ^ p[2]) | (int32(s[3]) ^ p[3]) |
				(int32(s[4]) ^ p[4]) | (int32(s[5]) ^ p[5]) | (int32(s[6]) ^ p[6]) | (int32(s[7]) ^ p[7])
			if d != 0 {
				return false
			}
		}
		return true
	}
	for y := y0; y < min(y0+8, y1); y++ {
		p := m.predRow(y)[x0+PlanePad : x1+PlanePad]
		s := src[y*w+x0 : y*w+x1]
		for i, v := range s {
			if int32(v) != p[i] {
				return false
			}
		}
	}
	return true
}

// topRow returns, for a row y above the band begun (y0−2 or y0−1), the row BandTop stands
// in for it: the motion-compensated previous frame's row y, or its row y0−1 where the band's
// motion-compensated rows start there (y0−2 with a motion field).
func (m *PlaneModel) topRow(y int) []int32 {
	y = max(y, 0)
	if m.motion != nil {
		y = max(y, m.mcY0)
	}
	return m.predRow(y)
}

// predRow returns the motion-compensated previous frame's row y (padded).
func (m *PlaneModel) predRow(y int) []int32 {
	if m.motion != nil {
		return m.mcBuf[(y-m.mcY0)*m.stride : (y-m.mcY0+1)*m.stride]
	}
	return m.st.Prev.Row(y)
}

// CommitStaticRun stores samples [x0, x1) of the current row, which lie in a static block.
func (m *PlaneModel) CommitStaticRun(x0, x1 int) {
	a, b := x0+PlanePad, x1+PlanePad
	copy(m.rc[a:b], m.rp[a:b])
	for i := a; i < b; i++ {
		m.sk[i] = 1
	}
	clear(m.rs[a:b])
	clear(m.errRow[a:b]) // as CommitSkip's
	n := uint8(x1 - x0)
	m.blkCount[x0>>3] += n
	m.blkSkip[x0>>3] += n
}

// EndRow finishes row y: its right padding is filled for the next row's NE.
func (m *PlaneModel) EndRow() {
	r := m.rc
	r[PlanePad+m.w], r[PlanePad+m.w+1] = r[PlanePad+m.w-1], r[PlanePad+m.w-1]
}

// Config returns the model's knobs.
func (m *PlaneModel) Config() *VideoConfig { return m.cfg }

// SkipFast reports whether the skip flag of the sample Predict loaded is the one counter's of
// the reference plane's unchanged places (for WithDecisionCosts' table).
func (m *PlaneModel) SkipFast() bool { return m.skipFast }

// HasPrev reports whether the previous frame is known, that is whether samples of the
// current frame have a skip flag.
func (m *PlaneModel) HasPrev() bool { return m.hasPrev }

// Predict loads the neighbourhood of sample x of the current row and, with a previous frame,
// computes the skip flag's contexts.
func (m *PlaneModel) Predict(x int) {
	if uint(x) >= uint(m.w) {
		panic("predict: sample outside the plane")
	}
	m.x = x
	m.blendDone = false
	i := x + PlanePad
	// The rows are read by ld32, ld8, ld16 (video_unchecked.go): x < w (above) and every
	// row of stride samples (BeginRow's checkRows) keep i−2 .. i+1 in them, and x>>3 in the
	// blocks' arrays. The values are kept in locals and stored once: a load of m's field
	// after a store to another of m's fields is not forwarded by the compiler.
	rn := m.rn
	W, NW, N, NE := ld32(m.rc, i-1), ld32(rn, i-1), ld32(rn, i), ld32(rn, i+1)
	m.W, m.NW, m.N, m.NE = W, NW, N, NE
	// the position class: x&1 | (y&1)<<1, +4 in a block's first column, +8 in its first row
	c := int(xClass[x&7]) | m.yClass
	m.class = c
	if !m.hasPrev {
		return
	}
	rp, rpn := m.rp, m.rpn
	P, pW, pN := ld32(rp, i), ld32(rp, i-1), ld32(rpn, i)
	m.P, m.pW, m.pN, m.pNW, m.pNE = P, pW, pN, ld32(rpn, i-1), ld32(rpn, i+1)
	dW, dN := W-pW, N-pN
	// the temporal activity |dW| + |dN| + |dNW| + |dNE|, for SkipMed below and the
	// residual's context (prepareResidual): the row above's part from the row contexts
	tAbs := abs32(dW) + ld32(m.rowT, i)
	m.tAbs = tAbs
	sk, skn := m.sk, m.skn
	skW := int(ld8(sk, i-1))
	pat := skW | int(ld8(skn, i))<<1 | int(ld8(skn, i-1))<<2 | int(ld8(skn, i+1))<<3
	refFlag := 2
	if m.hasCross {
		if m.refShift[0] == 0 {
			refFlag = m.refFlag0(x)
		} else {
			refFlag = m.refFlag(x)
		}
		if refFlag == 1 && !m.cfg.SkipFull {
			// The reference plane did not change here: this one almost surely did not either
			// (with SkipFull the mixed model decides, its reference flag 1).
			m.skipFast = true
			m.skipAPMCtx = pat | int(ld8(m.skp, i))<<4
			m.recOK = false
			return
		}
	}
	m.skipFast = false
	cfg := m.cfg
	b := x >> 3
	pc := c>>2 ^ 3 // 0: block corner, 1: first column, 2: first row, 3: inside
	bs := blockStateOf(ld8(m.blkSkip, b), ld8(m.blkCount, b))
	if cfg.SSE {
		// (read by the skip APM only: skipFast's counters have their own context above)
		m.skipAPMCtx = (pat|int(ld8(m.skp, i))<<4)*3 + refFlag
	}
	bsa := (pc*4+bs)*4 + int(ld8(m.blkAbove, b))
	m.skipCtx[0] = bsa*4 + pat&3 // pat&3: sk[i-1] | skn[i]<<1
	// (((clampD(dW)·5 + clampD(dN))·5 + clampD(dNW))·5 + clampD(dNE))·4 + pc, the row above's
	// part from the row contexts
	m.skipCtx[1] = (clampD(dW)*125+int(ld32(m.rowC, i)))*4 + pc
	skipSet := int(popTable[pat&15])*3 + refFlag
	if cfg.Mix2 {
		// (read by the second weight sets only)
		m.skipSet2 = bsa*3 + refFlag
	}
	// What the cosine recurrences predict for d here (recurrences, written out).
	// subPredictions takes them from here (recOK).
	pv, ph := 2, 2
	if cfg.Recurrence {
		if m.y&7 >= 2 {
			dNN := ld32(m.rnn, i) - ld32(m.rpnn, i)
			recN := (cosAlpha[ld8(m.bestV, b)&7]*dN+128)>>8 - dNN
			m.dNN, m.recN = dNN, recN
			pv = clampD(recN)
		}
		if x&7 >= 2 {
			dWW := ld32(m.rc, i-2) - ld32(rp, i-2)
			recW := (cosAlpha[ld8(m.bestH, b)&7]*dW+128)>>8 - dWW
			m.dWW, m.recW = dWW, recW
			ph = clampD(recW)
		}
	}
	m.recOK = true
	skipCtx2 := (pv*5+ph)*16 + c
	if m.tm.on {
		skipCtx2 = skipCtx2*3 + m.tmLevel(i)
	}
	m.skipCtx[2] = skipCtx2
	if cfg.SkipCtx || cfg.SkipMed || cfg.SkipBlend {
		// A template of skip flags, as JBIG's of a binary image's pixels: W, WW, the five
		// above from NWW to NEE, and the previous frame's at W, here and E.
		// (The bits from the row above and the previous frame come from BeginRow's tmplN.)
		t := skW | int(ld8(sk, i-2))<<1 | int(ld16(m.tmplN, i))
		m.skipCtx[3] = t*3 + refFlag
		if cfg.SkipMed {
			// SkipMed's counter and weight set (video_skipx.go), written here: a call costs
			// the spills of Predict's live values. nr: the template's skipped flags × 3 +
			// the reference flag.
			nr := bits.OnesCount16(uint16(t))*3 + refFlag
			qa := int(actLevel[min(tAbs, 7)])
			dm := P - med(W, N, NW)
			dw, dn := P-W, P-N
			d2 := dw
			if abs32(dn) < abs32(dw) {
				d2 = dn
			}
			m.skipMedCtx = ((int(min(max(dm, -8), 8)+8)*33+nr)*4+qa)*3 + int(min(max(d2, -1), 1)+1)
			skipSet = skipSet*16 + qa*4 + int(actLevel[min(abs32(dm), 7)])
		}
		m.skipSet = skipSet
		if cfg.SkipBlend {
			m.skipBlend(t, refFlag)
		}
		if cfg.SkipHist != 0 {
			m.skipHistCtx(t, refFlag, pat)
		}
		return
	}
	m.skipSet = skipSet
}

// recurrences computes, for sample index i in block column b with the temporal differences
// dN and dW at N and W, what the cosine recurrences predict for d down the block's column
// (recN, from dN and dNN, at rows 2..7 of the block) and along its row (recW, from dW and
// dWW, at columns 2..7). Call it only under Recurrence.
func (m *PlaneModel) recurrences(i, b int, dN, dW int32) {
	if m.y&7 >= 2 {
		m.dNN = m.rnn[i] - m.rpnn[i]
		m.recN = (cosAlpha[m.bestV[b]]*dN+128)>>8 - m.dNN
	}
	if m.x&7 >= 2 {
		m.dWW = m.rc[i-2] - m.rp[i-2]
		m.recW = (cosAlpha[m.bestH[b]]*dW+128)>>8 - m.dWW
	}
}

// refFlag is 1 when every sample of the reference plane under sample x was skipped.
func (m *PlaneModel) refFlag(x int) int {
	sx := m.refShift[0]
	x0 := x<<sx + PlanePad
	// Skip flags are 0 or 1: their AND, without a branch on each. The samples under x may
	// reach past the reference row's end (a subsampled plane wider than its share of the
	// reference): the row's right padding, which holds 0, comes first, so the AND stops at
	// the row's end with the answer a search stopping at the first 0 gives.
	a, b := m.refSkip[x0:], m.refSkip2[x0:]
	n := min(1<<sx, len(a), len(b))
	f := uint8(1)
	for j := 0; j < n; j++ {
		f &= a[j] & b[j]
	}
	return int(f)
}

// refFlag0 is refFlag for a reference of this plane's width (refShift[0] 0: BGR's Co and
// Cg, 4:2:0's Cr): one sample per row, the loop's answer without its slices (TestRefFlag).
func (m *PlaneModel) refFlag0(x int) int {
	a, b, x0 := m.refSkip, m.refSkip2, x+PlanePad
	if x0 < len(a) && x0 < len(b) {
		return int(a[x0] & b[x0])
	}
	return 1
}

// clampD maps a temporal difference to 0..4 (−2..2 clamped).
func clampD(d int32) int { return int(min(max(d, -2), 2) + 2) }

// xClass[x&7] is the position class's part from x: x&1, +4 in a block's first column.
var xClass = [8]uint8{4, 1, 0, 1, 0, 1, 0, 1}

var popTable = [16]uint8{0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4}

// SkipP returns the probability (16-bit) that the sample equals P.
func (m *PlaneModel) SkipP() uint32 {
	if m.skipFast {
		return clampP(m.skipFastC[m.skipAPMCtx].P())
	}
	mx := m.skipMix
	in := &mx.inputs
	for k := range 3 {
		in[k] = Stretch(uint32(m.skipCounters[k][m.skipCtx[k]]) >> 16) // (as AddP(P()): see ResP)
	}
	in[3] = 0
	if m.cfg.SkipCtx {
		in[3] = Stretch(uint32(m.skipCounters[3][m.skipCtx[3]]) >> 16)
	}
	in[4] = 256
	in[5] = 0
	if m.cfg.SkipMed {
		in[5] = Stretch(uint32(m.skipMedC[m.skipMedCtx]) >> 16)
	}
	if m.cfg.SkipBlend {
		in[6] = Stretch(uint32(m.skipBlendC[m.skipBlendCtx]) >> 16)
	} else if m.cfg.SkipHist != 0 {
		in[6] = 0
	}
	if m.cfg.SkipHist != 0 {
		m.skipHistInputs(in)
	}
	mx.count = mx.n
	p := mx.Mix(m.skipSet)
	if m.cfg.Mix2 {
		p = m.skip2Mix(p)
	}
	if !m.cfg.SSE {
		return clampP(p)
	}
	a := m.skipAPM.P(p, m.skipAPMCtx)
	return clampP((p + 3*a) >> 2)
}

// UpdateSkip trains the skip flag's models on the coded flag.
func (m *PlaneModel) UpdateSkip(bit int) {
	if m.skipFast {
		m.skipFastC[m.skipAPMCtx].Update(bit, 1023)
		return
	}
	for k := range 3 {
		m.skipCounters[k][m.skipCtx[k]].Update(bit, 1023)
	}
	if m.cfg.SkipCtx {
		m.skipCounters[3][m.skipCtx[3]].Update(bit, 1023)
	}
	if m.cfg.SkipMed {
		m.skipMedC[m.skipMedCtx].Update(bit, 1023)
	}
	if m.cfg.SkipBlend {
		m.skipBlendC[m.skipBlendCtx].Update(bit, 1023)
	}
	if m.cfg.SkipHist != 0 {
		m.skipHistUpdate(bit)
	}
	if m.cfg.Mix2 {
		m.skip2Update(bit)
	}
	m.skipMix.Update(bit)
	if m.cfg.SSE {
		m.skipAPM.Update(bit)
	}
}

// clampP keeps a probability in [32, ProbOne−32], without branches (min and max compile to
// conditional moves; the outcomes of branches on probabilities are hard to predict).
func clampP(p uint32) uint32 { return min(max(p, 32), ProbOne-32) }

// divTable[e] = 2^24 / e² for an error sum e ≥ 1.
var divTable [2048]uint32

func init() {
	for e := 1; e < len(divTable); e++ {
		divTable[e] = uint32((1 << 24) / (e * e))
	}
	divTable[0] = 1 << 24
}

// gap is CALIC's gradient-adjusted prediction (Wu and Memon, 1997): it compares the horizontal
// and vertical gradients around the sample and leans from a planar estimate towards W along a
// horizontal edge, towards N along a vertical one. Its thresholds (80, 32, 8) are
// for 8-bit samples; shift scales them to the plane's depth.
func gap(W, N, NW, NE, WW, NN, NNE int32, shift uint, mv int32) int32 {
	dh := abs32(W-WW) + abs32(N-NW) + abs32(N-NE)
	dv := abs32(W-NW) + abs32(N-NN) + abs32(NE-NNE)
	diff := (dv - dh) >> shift // > 0: the samples change downwards, the edge is horizontal: follow W
	var p int32
	switch base := (2*(W+N) + NE - NW) >> 2; {
	case diff > 80:
		p = W
	case diff < -80:
		p = N
	case diff > 32:
		p = (base + W) >> 1
	case diff > 8:
		p = (3*base + W) >> 2
	case diff < -32:
		p = (base + N) >> 1
	case diff < -8:
		p = (3*base + N) >> 2
	default:
		p = base
	}
	return clamp32(p, 0, mv)
}

// subPredictions fills m.sub with every active sub-prediction.
func (m *PlaneModel) subPredictions() {
	mv := m.maxVal
	W, N, NW, NE := m.W, m.N, m.NW, m.NE
	mask := m.activeMask
	m.sub[subMED] = med(W, N, NW)
	if !m.hasPrev {
		m.sub[subGrad] = clamp32(W+N-NW, 0, mv)
		m.sub[subN] = N
		m.sub[subW] = W
		m.sub[subWNE] = clamp32(W+NE-N, 0, mv)
		if mask&(1<<subGAP) != 0 {
			i := m.x + PlanePad
			rnn := m.rnn
			m.sub[subGAP] = gap(W, N, NW, NE, ld32(m.rc, i-2), ld32(rnn, i), ld32(rnn, i+1), m.actShift, mv)
		}
	} else {
		P := m.P
		dW, dN, dNW := W-m.pW, N-m.pN, NW-m.pNW
		m.sub[subP] = P
		m.sub[subPW] = clamp32(P+dW, 0, mv)
		m.sub[subPN] = clamp32(P+dN, 0, mv)
		m.sub[subDMed] = clamp32(P+med(dW, dN, dNW), 0, mv)
		b := m.x >> 3
		if c := ld8(m.blkCount, b); c > 0 { // (Predict checked x, checkRows the arrays)
			m.sub[subDBlock] = clamp32(P+(ld32(m.blkDSum, b)*recip64[c]+1<<15)>>16, 0, mv)
		} else {
			m.sub[subDBlock] = m.sub[subPW]
		}
		i := m.x + PlanePad
		m.dN, m.dW = dN, dW
		rec := m.cfg.Recurrence
		if rec && !m.recOK {
			m.recurrences(i, b, dN, dW) // Predict returned before them
		}
		if rec && m.y&7 >= 2 {
			m.sub[subCosN] = clamp32(P+m.recN, 0, mv)
		} else {
			m.sub[subCosN] = m.sub[subPN]
		}
		if rec && m.x&7 >= 2 {
			m.sub[subCosW] = clamp32(P+m.recW, 0, mv)
		} else {
			m.sub[subCosW] = m.sub[subPW]
		}
		if m.hasBi {
			rp, rpn, rp2, rp2n := m.rp, m.rpn, m.rp2, m.rp2n
			bi := (P + rp2[i] + 1) >> 1
			bW := (rp[i-1] + rp2[i-1] + 1) >> 1
			bN := (rpn[i] + rp2n[i] + 1) >> 1
			bNW := (rpn[i-1] + rp2n[i-1] + 1) >> 1
			m.sub[subBi] = bi
			m.sub[subBiD] = clamp32(bi+med(W-bW, N-bN, NW-bNW), 0, mv)
			m.sub[subB2] = rp2[i]
			if m.bAvg {
				// P is each block's mode's prediction: the forward one and the mean join
				// the backward one (subB2)
				f := m.fwdRow[i]
				m.sub[subBi] = f
				m.sub[subBiD] = (f + rp2[i] + 1) >> 1
			}
		}
		if m.hasOB {
			ob := m.rob[i]
			m.sub[subOB] = ob
			m.sub[subOBD] = clamp32(ob+med(W-m.rob[i-1], N-m.robn[i], NW-m.robn[i-1]), 0, mv)
		}
		if m.hasGW {
			// (the warps' rows without bounds checks: checkRows)
			rgw, rgwn := m.rgw, m.rgwn
			gw, gwW, gwN, gwNW := ld32(rgw, i), ld32(rgw, i-1), ld32(rgwn, i), ld32(rgwn, i-1)
			m.sub[subGW] = gw
			m.sub[subGWD] = clamp32(gw+med(W-gwW, N-gwN, NW-gwNW), 0, mv)
			m.sub[subGWP] = (gw + P + 1) >> 1
			if m.hasGW2 {
				g2 := m.rgw2
				m.sub[subGW2] = ld32(g2, i)
				// The warps' mean at i, W, N and NW: gwmBuf's rows (BeginBand computed
				// them), the two warps' here and the three's under hasGW3.
				tm, tmn := m.rgwm, m.rgwmn
				if !m.hasGW3 {
					gm := ld32(tm, i)
					m.sub[subGWM] = gm
					m.sub[subGWMD] = clamp32(gm+med(W-ld32(tm, i-1), N-ld32(tmn, i), NW-ld32(tmn, i-1)), 0, mv)
				} else {
					g2n := m.rgw2n
					gm := (gw + ld32(g2, i) + 1) >> 1
					mW := (gwW + ld32(g2, i-1) + 1) >> 1
					mN := (gwN + ld32(g2n, i) + 1) >> 1
					mNW := (gwNW + ld32(g2n, i-1) + 1) >> 1
					m.sub[subGWM] = gm
					m.sub[subGWMD] = clamp32(gm+med(W-mW, N-mN, NW-mNW), 0, mv)
					t := ld32(tm, i)
					m.sub[subGW3] = ld32(m.rgw3, i)
					m.sub[subGWM3] = t
					m.sub[subGWM3D] = clamp32(t+med(W-ld32(tm, i-1), N-ld32(tmn, i), NW-ld32(tmn, i-1)), 0, mv)
				}
			}
		}
		if mask&(1<<subLMS) != 0 {
			m.sub[subLMS] = clamp32(P+m.lmsPredict(i), 0, mv)
		}
		if m.lsN > 0 {
			m.sub[subLS] = m.lsPredict(i)
		}
	}
	if m.refSame {
		i := m.x + PlanePad
		R := m.refRow[i]
		m.sub[subRefW] = clamp32(W+R-m.refRow[i-1], 0, mv)
		m.sub[subRefN] = clamp32(N+R-m.refRowN[i], 0, mv)
		if mask&(1<<subRefP) != 0 {
			m.sub[subRefP] = clamp32(m.P+R-m.refPRow[i], 0, mv)
		}
	}
}

// PrepareResidual blends the sub-predictions into Pred and computes the residual's contexts.
// Call it after Predict for a sample that was not skipped (or has no skip flag). Under
// SkipBlend Predict has done so already for the skip flag's context: it returns Pred.
func (m *PlaneModel) PrepareResidual() int32 {
	if m.blendDone {
		return m.Pred
	}
	return m.prepareResidual()
}

func (m *PlaneModel) prepareResidual() int32 {
	m.subPredictions()
	i := m.x + PlanePad
	sh := m.actShift & 31 // (below 9: the mask spares the shifts' tests for 32 and more)
	var pred int32
	best := int(m.bestSub[m.class&(numClasses-1)])
	m.selected = best >= 0
	if m.selected {
		// One sub-predictor has been clearly best at this position class: use it and spare
		// the blend (its running error is left as it was, and is refreshed once the choice
		// falls back to the blend).
		pred = m.sub[best&(subSlots-1)]
		if m.cfg.ErrorCtx || m.cfg.SkipBlend || m.cfg.ResAPM {
			m.eMin = m.localErr(i, best)
		}
	} else {
		pred = m.blendSubs(i)
		m.blend = pred
	}

	rsW, rsN := ld32(m.rs, i-1), ld32(m.rsn, i)
	// 2|rs[i−1]| + 2|rsn[i]| + |rsn[i−1]| + |rsn[i+1]|, + |rsp[i]| with a previous frame: all
	// but the first term from the row contexts
	act := 2*abs32(rsW) + ld32(m.rowA, i)
	hp := 0
	m.qt = 0
	if m.hasPrev {
		hp = 1
		m.qt = quant8(m.tAbs >> sh) // (|W−pW| + |N−pN| + |NE−pNE| + |NW−pNW|: Predict's)
	}
	m.qa = quant16(act >> sh)
	W, N, NW, NE := m.W, m.N, m.NW, m.NE
	m.qg = quant8((abs32(W-NW) + ld32(m.rowG, i)) >> sh) // + |N−NW| + |NE−N| (the row contexts)
	// texture signs: N > NW, W > NW, NE > N, from the sign bits of the differences (samples
	// are below 2^16, so they cannot overflow) rather than by branches on the texture
	tex := int(uint32(NW-N)>>31) | int(uint32(NW-W)>>31)<<1 | int(uint32(N-NE)>>31)<<2
	m.biasIdx = (m.qa*8+tex)*2 + hp
	if !m.selected {
		pred = clamp32(pred+m.bias[m.biasIdx&(biasSize-1)].correction, 0, m.maxVal)
	}
	m.Pred = pred

	dP, sM := 2, sign3(m.sub[subMED]-pred)
	if m.hasPrev {
		dP = clampD(m.P - pred)
	}
	refQ := 0
	if m.hasCross {
		refQ = quant8(abs32(m.refRes[(m.x<<m.refShift[0])+PlanePad]) >> sh)
	}
	sW, sN := sign3(rsW), sign3(rsN)
	sel := 0
	if m.selected {
		sel = 1
	}
	m.resCtx[0] = m.qa*8 + (m.class>>2)*2 + sel
	m.resCtx[1] = (((sW*3+sN)*5+dP)*3+sM)*4 + m.qa>>2
	if m.hasPrev {
		last := m.sub[subPN]
		if m.hasGW && m.ctxErr[m.class][subGW] < m.ctxErr[m.class][subP] {
			last = m.sub[subGW]
		}
		if m.hasGW2 {
			k := subGWM
			if m.hasGW3 {
				k = subGWM3
			}
			if m.ctxErr[m.class][k] < min(m.ctxErr[m.class][subGW], m.ctxErr[m.class][subP]) {
				last = m.sub[k]
			}
		}
		m.resCtx[2] = (((sign3(m.sub[subCosN]-pred)*3+sign3(m.sub[subCosW]-pred))*3+sign3(m.sub[subPW]-pred))*3+sign3(last-pred))*4 + m.qa>>2
		if m.cfg.PResCtx {
			m.resCtx[2] = m.resCtx[2]*7 + int(pLevel[min(max(m.P-pred, -4), 4)+4])
		}
		if m.tm.on {
			m.resCtx[2] = m.resCtx[2]*3 + sign3(m.tm.cur[i]-pred)
		}
	} else {
		m.resCtx[2] = ((sign3(m.sub[subN]-pred)*3+sign3(m.sub[subW]-pred))*9)*4 + m.qa>>2
	}
	m.resCtx[3] = (m.qt*8+m.qg)*4 + refQ>>1
	m.resCtx[4] = 0
	qe := -1 // the expected error's bucket, quant16(eMin >> sh), once both need it
	if m.cfg.ErrorCtx {
		// the best sub-predictor's local error × the sub-predictions' spread (blendSubs
		// found the spread on its way)
		spread := m.spread
		if m.selected {
			if haveSAD16 {
				// the loop below, over every slot at once (TestSpreadAVX2)
				spread = spreadAVX2(&m.sub, m.activeMask, m.maxVal)
			} else {
				lo, hi := m.maxVal, int32(0)
				for _, k := range m.active[:m.nActive] {
					v := m.sub[k&(subSlots-1)]
					lo, hi = min(lo, v), max(hi, v)
				}
				spread = hi - lo
			}
		}
		qe = quant16(m.eMin >> sh)
		m.resCtx[4] = (qe*16+quant16(spread>>sh))*2 + sel
	}
	// the residual APM's context within the slot's (SSE: the activity; ResAPM: the expected
	// error × selected × P − the prediction)
	if m.resAPMOn {
		m.apmSub = m.qa
		if m.cfg.ResAPM {
			if qe < 0 {
				qe = quant16(m.eMin >> sh)
			}
			m.apmSub = (qe*2+sel)*5 + dP
		}
	}
	// the second weight set's context (Mix2): temporal activity × gradient
	m.q2 = m.qt*8 + m.qg
	// the mixer's weight set within the slot's 16: the coarse activity, × the gradient with
	// ResSets
	m.rset = m.qa >> 2
	if m.cfg.ResSets {
		m.rset = m.rset*4 + m.qg>>1
	}
	m.resRow0 = &m.resRows0[m.resCtx[0]&(resCtx0Size-1)] // (a power of two)
	m.resRowN[0] = &m.resRowsN[0][m.resCtx[1]]
	m.resRowN[1] = &m.resRowsN[1][m.resCtx[2]]
	m.resRowN[2] = &m.resRowsN[2][m.resCtx[3]]
	m.resRowN[3] = &m.resRowsN[3][m.resCtx[4]]
	return pred
}

// localErr is sub-predictor k's error around sample index i, as blendSubs weighs it.
func (m *PlaneModel) localErr(i, k int) int32 {
	en := m.errRowN
	eN, eW := at(en, i), at(m.errRow, i-1)
	k &= subSlots - 1
	e := 2*uint32(eN[k]) + 2*uint32(eW[k]) + uint32(at(en, i-1)[k]) + uint32(at(en, i+1)[k]) + 1
	e += uint32(m.ctxErr[m.class&(numClasses-1)][k]*6) >> 4
	return int32(e)
}

// blendSubs mixes the active sub-predictions, weighting each by the inverse fourth power of
// its recent error around sample index i (the W, N, NW, NE neighbours, plus its running error
// at the position class).
func (m *PlaneModel) blendSubs(i int) int32 {
	en := m.errRowN
	eW := at(m.errRow, i-1)
	eNW, eN, eNE := at(en, i-1), at(en, i), at(en, i+1)
	ce := &m.ctxErr[m.class&(numClasses-1)]
	sub := &m.sub
	if haveSAD16 {
		// the loop below, over every slot at once (TestBlendAVX2)
		sumW, sumWP, eMin, lo, hi := blendAVX2(eN, eW, eNW, eNE, ce, sub, m.activeMask, m.maxVal)
		m.eMin, m.spread = eMin, hi-lo
		return int32((sumWP + sumW/2) / sumW)
	}
	var sumW, sumWP uint64
	eMin := int32(1 << 30)
	lo, hi := m.maxVal, int32(0)
	for mask := m.activeMask; mask != 0; mask &= mask - 1 {
		k := trailingZeros(mask) & (subSlots - 1)
		e := 2*uint32(eN[k]) + 2*uint32(eW[k]) + uint32(eNW[k]) + uint32(eNE[k]) + 1
		e += uint32(ce[k]*6) >> 4
		e = min(e, uint32(len(divTable))-1)
		eMin = min(eMin, int32(e))
		wgt := uint64(divTable[e&(uint32(len(divTable))-1)])
		wgt = wgt*wgt>>16 + 1 // weights fall with the fourth power of the error
		v := sub[k]
		lo, hi = min(lo, v), max(hi, v)
		sumW += wgt
		sumWP += wgt * uint64(v) // sub-predictions are ≥ 0: the unsigned sums are the signed ones
	}
	m.eMin, m.spread = eMin, hi-lo
	return int32((sumWP + sumW/2) / sumW)
}

// directSlot reports whether a decision is rare or near-random enough that one counter
// predicts it as well as a mix: the large exponents and the lower mantissa bits.
func directSlot(slot int) bool {
	return slot >= SlotExp+4 && slot < SlotMantissa || slot >= SlotMantissa && slot&1 == 1
}

// The residual counters' layout. A context's counters form one row per table, in an order
// that puts the decisions most samples make (zero, sign, the first exponents, the short
// mantissas) together at the row's start, so that a sample's decisions mostly touch one cache
// line per table. The first context's table holds every slot (64 a row); the three others only
// the mixed ones (not directSlot: 32 a row). Rows are 256 and 128 bytes, and the tables (all
// above 32 KB) start on a page, so no row straddles more lines than it must.
const (
	resRow0Len = 64
	resRowNLen = 32
	// resSets is the residual mixer's weight sets: 16 rsets × a row of the mixed slots in
	// slotPosN's order (resSetOf)
	resSets = 16 * resRowNLen
)

// slotPos0[slot] and slotPosN[slot] are a slot's positions in the rows (slotPosN only for the
// mixed slots).
var slotPos0, slotPosN [numSlots]uint8

// slotDirect[slot] is 1 where directSlot(slot) (for decResidualAsm).
var slotDirect [numSlots]uint8

func init() {
	hot := []int{SlotZero, SlotSign, SlotExp, SlotExp + 1, SlotExp + 2, SlotExp + 3}
	var order0 []int
	order0 = append(order0, hot...)
	for e := 1; e <= 5; e++ {
		order0 = append(order0, SlotMantissa+2*e)
	}
	for e := 2; e <= 6; e++ {
		order0 = append(order0, SlotMantissa+2*e+1)
	}
	seen := make(map[int]bool)
	for _, s := range order0 {
		seen[s] = true
	}
	for s := 0; s < numSlots; s++ {
		if !seen[s] {
			order0 = append(order0, s)
		}
	}
	for i, s := range order0 {
		slotPos0[s] = uint8(i)
	}
	orderN := append([]int(nil), hot...)
	for e := 1; e <= MaxDepth; e++ {
		orderN = append(orderN, SlotMantissa+2*e)
	}
	orderN = append(orderN, SlotMantissa)
	for i, s := range orderN {
		slotPosN[s] = uint8(i)
	}
	for s := range slotDirect {
		if directSlot(s) {
			slotDirect[s] = 1
		}
	}
	if len(order0) > resRow0Len || len(orderN) > resRowNLen {
		panic("predict: residual counter rows too short")
	}
}

// ResP returns the probability (16-bit) that the residual decision of slot is 1.
func (m *PlaneModel) ResP(slot int) uint32 {
	m.slot = slot
	if directSlot(slot) {
		return clampP(m.resRow0[slotPos0[slot]&(resRow0Len-1)].P())
	}
	if m.cfg.Mix2 {
		return m.mix2P(slot)
	}
	// The four counters' probabilities go straight into the mixer's inputs (Stretch maps the
	// 0 that Counter.P would raise to 1 to the same value).
	j := slotPosN[slot] & (resRowNLen - 1)
	mx := m.resMix
	in := &mx.inputs
	in[0] = Stretch(uint32(m.resRow0[slotPos0[slot]&(resRow0Len-1)]) >> 16)
	in[1] = Stretch(uint32(m.resRowN[0][j]) >> 16)
	in[2] = Stretch(uint32(m.resRowN[1][j]) >> 16)
	in[3] = Stretch(uint32(m.resRowN[2][j]) >> 16)
	in[4] = 0
	if m.cfg.ErrorCtx {
		in[4] = Stretch(uint32(m.resRowN[3][j]) >> 16)
	}
	in[5] = 256
	mx.count = resInputs
	p := mx.Mix(resSetOf(slot, m.rset))
	if slot >= apmSlots || !m.resAPMOn {
		return clampP(p)
	}
	a := m.resAPM.P(p, slot*m.apmMul+m.apmSub)
	return clampP((p + 3*a) >> 2)
}

// UpdateRes trains the models of the last slot asked for on the coded decision.
func (m *PlaneModel) UpdateRes(bit int) {
	slot := m.slot
	lim := m.limit
	if directSlot(slot) {
		m.resRow0[slotPos0[slot]&(resRow0Len-1)].Update(bit, lim)
		return
	}
	if m.cfg.Mix2 {
		m.mix2Update(bit)
		return
	}
	m.resRow0[slotPos0[slot]&(resRow0Len-1)].Update(bit, lim)
	j := slotPosN[slot] & (resRowNLen - 1)
	m.resRowN[0][j].Update(bit, lim)
	m.resRowN[1][j].Update(bit, lim)
	m.resRowN[2][j].Update(bit, lim)
	if m.cfg.ErrorCtx {
		m.resRowN[3][j].Update(bit, lim)
	}
	m.resMix.Update(bit)
	if slot < apmSlots && m.resAPMOn {
		m.resAPM.Update(bit)
	}
}

// updateRecurrence adds to each frequency's error how far d is from its recurrence on d1, d2,
// and returns the best frequency (the first of equal errors). Call it only for d1 ≠ 0: with
// d1 = 0 every frequency predicts −d2, the same error for all leaves the ranking, the only
// thing that is used, as it was, so the caller keeps its best frequency.
func updateRecurrence(errs *[8]int32, d, d1, d2 int32) uint8 {
	// d − ((α·d1+128)>>8 − d2), written out for the eight α of cosAlpha as constants (the
	// compiler multiplies by an immediate; α = 512 and 0 need no multiply: (512·d1+128)>>8 is
	// 2·d1 and (0·d1+128)>>8 is 0). TestUpdateRecurrenceMatchesDefinition holds them to
	// cosAlpha.
	t := d + d2
	e0 := errs[0] + abs32(t-2*d1)
	e1 := errs[1] + abs32(t-(473*d1+128)>>8)
	e2 := errs[2] + abs32(t-(362*d1+128)>>8)
	e3 := errs[3] + abs32(t-(196*d1+128)>>8)
	e4 := errs[4] + abs32(t)
	e5 := errs[5] + abs32(t-(-196*d1+128)>>8)
	e6 := errs[6] + abs32(t-(-362*d1+128)>>8)
	e7 := errs[7] + abs32(t-(-473*d1+128)>>8)
	*errs = [8]int32{e0, e1, e2, e3, e4, e5, e6, e7}
	// The first minimum by a tournament in which the left (lower) side wins ties.
	b01, v01 := argMin2(0, e0, 1, e1)
	b23, v23 := argMin2(2, e2, 3, e3)
	b45, v45 := argMin2(4, e4, 5, e5)
	b67, v67 := argMin2(6, e6, 7, e7)
	b03, v03 := argMin2(b01, v01, b23, v23)
	b47, v47 := argMin2(b45, v45, b67, v67)
	b, _ := argMin2(b03, v03, b47, v47)
	return uint8(b)
}

// argMin2 returns (a, va) unless vb < va, by conditional moves.
func argMin2(a int, va int32, b int, vb int32) (int, int32) {
	if vb < va {
		a = b
	}
	return a, min(va, vb)
}

// CommitSkip stores a skipped sample (its value is P).
func (m *PlaneModel) CommitSkip() {
	// (the rows without bounds checks: Predict checked x, checkRows the rows)
	x := m.x
	i := x + PlanePad
	*at(m.rc, i) = m.P
	*at(m.sk, i) = 1
	*at(m.rs, i) = 0
	b := x >> 3
	*at(m.blkCount, b)++
	*at(m.blkSkip, b)++
	// the sub-predictors' errors of a skipped sample are 0 (BeginRow does not clear the row)
	*at(m.errRow, i) = [subSlots]uint16{}
}

// Commit stores the true value v of a sample that was not skipped and updates the error
// statistics.
func (m *PlaneModel) Commit(v int32) {
	// (the rows without bounds checks: Predict checked x, checkRows the rows)
	i := m.x + PlanePad
	*at(m.rc, i) = v
	ec := at(m.errRow, i)
	class := m.class & (numClasses - 1)
	ce := &m.ctxErr[class]
	mask := m.activeMask
	if !m.selected {
		e := min32(abs32(v-m.blend), 0xFFFF)
		ce[numSub] += (e<<4 - ce[numSub]) >> 5
	}
	best, bestErr := int8(-1), ce[numSub]
	sub := &m.sub
	if haveSAD16 {
		// the loop below, over every slot at once (TestCommitErrAVX2)
		best = int8(commitErrAVX2(v, sub, ec, ce, mask, bestErr))
		mask = 0
	} else {
		// the inactive sub-predictors' errors are 0, as commitErrAVX2 writes them (BeginRow
		// does not clear the row)
		*ec = [subSlots]uint16{}
	}
	for ; mask != 0; mask &= mask - 1 {
		k := trailingZeros(mask) & (subSlots - 1)
		e := min32(abs32(v-sub[k]), 0xFFFF)
		ec[k] = uint16(e)
		ce[k] += (e<<4 - ce[k]) >> 5
		c2 := ce[k] * 2
		if c2 < bestErr {
			best = int8(k)
		}
		bestErr = min(bestErr, c2)
	}
	m.bestSub[class] = best
	if m.hasPrev {
		b := m.x >> 3
		*at(m.blkCount, b)++
		d := v - m.P
		*at(m.blkDSum, b) += d
		if m.cfg.Recurrence {
			if m.y&7 >= 2 && m.dN != 0 {
				if haveSAD16 {
					*at(m.bestV, b) = recurrenceAVX2(at(m.recV, b), d, m.dN, m.dNN)
				} else {
					*at(m.bestV, b) = updateRecurrence(at(m.recV, b), d, m.dN, m.dNN)
				}
			}
			if m.x&7 >= 2 && m.dW != 0 {
				if haveSAD16 {
					*at(m.bestH, b) = recurrenceAVX2(at(m.recH, b), d, m.dW, m.dWW)
				} else {
					*at(m.bestH, b) = updateRecurrence(at(m.recH, b), d, m.dW, m.dWW)
				}
			}
		}
	}
	if m.activeMask&(1<<subLMS) != 0 {
		m.lmsUpdate(v - m.P)
	}
	*at(m.sk, i) = 0
	r := v - m.Pred
	*at(m.rs, i) = r
	if m.selected {
		return
	}
	bs := &m.bias[m.biasIdx&(biasSize-1)] // (biasIdx < biasSize, a power of two)
	sum, count := bs.sum+r, bs.count+1
	if count >= 64 {
		sum >>= 1
		count >>= 1
	}
	// The nudge, without branches on the errors' signs: below −count the correction falls
	// and sum rises by count (but stays above −count), above 0 the correction rises and sum
	// falls by count (but not above 0). The two cases exclude each other (count ≥ 1), and
	// the clamp to [−count+1, 0] changes nothing in neither.
	var down, up int32
	if sum <= -count {
		down = 1
	}
	if sum > 0 {
		up = 1
	}
	bs.correction += up - down
	bs.sum = min(max(sum+(down-up)*count, -count+1), 0)
	bs.count = count
}

// bandRows returns row y of a band's buffer buf (rows from y0, s samples each) and the row
// above it (row y itself at the frame's top).
func bandRows(buf []int32, y, y0, s int) (row, north []int32) {
	row = buf[(y-y0)*s : (y-y0+1)*s]
	north = row
	if y > 0 {
		north = buf[(y-1-y0)*s : (y-y0)*s]
	}
	return row, north
}

// pLevel is the level of P − the prediction d (PResCtx), by min(max(d, −4), 4) + 4: 3 at 0,
// 3 ± 1 at ±1, 3 ± 2 at ±2..3, 3 ± 3 at ±4 and beyond.
var pLevel = [9]uint8{0, 1, 1, 2, 3, 4, 5, 5, 6}
