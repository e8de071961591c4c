package codec

import (
	"math/bits"

	"github.com/vidlm/vidlm/internal/predict"
)

// The coding of video samples, the innermost loop of vidlm, in two specialised copies: one
// that encodes (the values are known, every decision is BitCoder.Encode) and one that decodes
// (every decision is BitCoder.Decode), so that no decision pays for a test of the direction or
// a second call. Both make the same decisions under the same probabilities in the same order;
// the golden files (codec/testdata/golden) hold them to it. codeSample, which serves both
// directions, is the slow path for per-sample costs (WithPixelCosts).
//
// A sample is coded in up to two stages: the skip flag (is it the temporal prediction P?)
// when there is a previous frame, else or then the residual against the model's prediction,
// binarised as a zero flag, a sign, the exponent of |r| in unary and the bits of |r| below its
// leading one. The exponent is bounded by the sample depth, so corrupt data cannot loop.

// codeSample codes sample x of the current row, v when encoding (ignored decoding), and
// commits it to the model.
func codeSample(bc *BitCoder, m *predict.PlaneModel, x int, v int32, hasPrev bool, depth int, maxVal int32) error {
	if bc.decoding {
		return decodeSample(bc, m, x, hasPrev, depth, maxVal)
	}
	encodeSample(bc, m, x, v, hasPrev, depth)
	return nil
}

// encodeSamples encodes samples x0..x1-1 of the current row, whose values are in src: the
// model's own loop (internal/predict/video_code.go), which runs the coder's steps inline.
func encodeSamples(bc *BitCoder, m *predict.PlaneModel, src []uint16, x0, x1 int, hasPrev bool, depth int) {
	m.EncodeSamples(&bc.enc, &bc.Cost, src, x0, x1, hasPrev, depth)
}

// encodeSample encodes sample x of the current row, of value v, and commits it to the model.
func encodeSample(bc *BitCoder, m *predict.PlaneModel, x int, v int32, hasPrev bool, depth int) {
	m.Predict(x)
	if hasPrev {
		bit := 0
		if v == m.P {
			bit = 1
		}
		kind := DecisionSkip
		if m.SkipFast() {
			kind = DecisionSkipFast
		}
		encodeKind(bc, kind, bit, m.SkipP())
		m.UpdateSkip(bit)
		if bit == 1 {
			m.CommitSkip()
			return
		}
	}
	pred := m.PrepareResidual()
	r := v - pred
	var excl int32 // P − the prediction, the residual the skip flag excluded (0: none)
	if m.HasPrev() {
		excl = m.P - pred
		if m.Config().ResExcl {
			// model.res_excl: no code for it (predict.ExclResidual)
			r, excl = predict.ExclResidual(r, excl), 0
		}
	}
	if m.HasPrev() && m.Pred == m.P {
		// The skip flag said the sample differs from P, which is the prediction: the residual
		// cannot be zero.
		encodeNonZero(bc, m, r, depth, excl)
	} else {
		zero := 0
		if r == 0 {
			zero = 1
		}
		encodeKind(bc, DecisionZero, zero, m.ResP(predict.SlotZero))
		m.UpdateRes(zero)
		if zero == 0 {
			encodeNonZero(bc, m, r, depth, excl)
		}
	}
	m.Commit(v)
}

// encodeKind encodes bit under p, adding its cost to the decision kind's sum with
// WithDecisionCosts.
func encodeKind(bc *BitCoder, kind, bit int, p uint32) {
	before := bc.Cost
	bc.Encode(bit, p)
	if bc.kinds != nil {
		bc.kinds.add(bc.kindPlane, kind, bc.Cost-before)
	}
}

// encodeNonZero encodes a residual known not to be zero; excl is the residual the skip flag
// excluded (0: none), for WithDecisionCosts only.
func encodeNonZero(bc *BitCoder, m *predict.PlaneModel, r int32, depth int, excl int32) {
	neg := 0
	if r < 0 {
		neg, r = 1, -r
	}
	encodeKind(bc, DecisionSign, neg, m.ResP(predict.SlotSign))
	m.UpdateRes(neg)
	// the excluded residual's path, when r has its sign
	ea, a := -1, excl
	if a < 0 {
		a = -a
	}
	if excl != 0 && (excl < 0) == (neg == 1) {
		ea = bits.Len32(uint32(a)) - 1
	}
	e := bits.Len32(uint32(r)) - 1
	// The exponent in unary: "above k?" for k = 0.., up to depth-2 (an exponent of depth-1
	// ends there without a 0).
	k := 0
	for ; k < depth-1; k++ {
		bit := 0
		if e > k {
			bit = 1
		}
		kind := DecisionExp0 + min(k, 3)
		before := bc.Cost
		encodeKind(bc, kind, bit, m.ResP(predict.SlotExp+k))
		if ea == 0 && k == 0 && bc.kinds != nil {
			bc.kinds.add(bc.kindPlane, DecisionExcludable, bc.Cost-before)
		}
		m.UpdateRes(bit)
		if bit == 0 {
			break
		}
	}
	e = k
	slot := predict.SlotMantissa + 2*e
	for b := e - 1; b >= 0; b-- {
		bit := int(r>>b) & 1
		kind := DecisionLower
		if b == e-1 {
			kind = DecisionTop1
			if e > 1 {
				kind = DecisionTop2
			}
		}
		before := bc.Cost
		encodeKind(bc, kind, bit, m.ResP(slot))
		if b == 0 && ea == e && bc.kinds != nil && r>>1 == a>>1 {
			bc.kinds.add(bc.kindPlane, DecisionExcludable, bc.Cost-before)
		}
		m.UpdateRes(bit)
		if b == e-1 {
			slot++ // the top bit has its own slot, the lower bits share the next
		}
	}
}

// decodeSamples decodes samples x0..x1-1 of the current row into the model, as
// encodeSamples encodes them.
func decodeSamples(bc *BitCoder, m *predict.PlaneModel, x0, x1 int, hasPrev bool, depth int, maxVal int32) error {
	cost := &bc.Cost
	if bc.noCost {
		cost = nil
	}
	if !m.DecodeSamples(&bc.dec, cost, x0, x1, hasPrev, depth, maxVal) {
		return errTileCorrupt
	}
	return nil
}

// decodeSample decodes sample x of the current row and commits it to the model.
func decodeSample(bc *BitCoder, m *predict.PlaneModel, x int, hasPrev bool, depth int, maxVal int32) error {
	m.Predict(x)
	if hasPrev {
		bit := bc.Decode(m.SkipP())
		m.UpdateSkip(bit)
		if bit == 1 {
			m.CommitSkip()
			return nil
		}
	}
	pred := m.PrepareResidual()
	var r int32
	if m.HasPrev() && m.Pred == m.P {
		r = decodeNonZero(bc, m, depth)
	} else {
		zero := bc.Decode(m.ResP(predict.SlotZero))
		m.UpdateRes(zero)
		if zero == 0 {
			r = decodeNonZero(bc, m, depth)
		}
	}
	if m.HasPrev() && m.Config().ResExcl {
		r = predict.UnexclResidual(r, m.P-pred)
	}
	v := pred + r
	if v < 0 || v > maxVal {
		return errTileCorrupt
	}
	m.Commit(v)
	return nil
}

// decodeNonZero decodes a residual known not to be zero.
func decodeNonZero(bc *BitCoder, m *predict.PlaneModel, depth int) int32 {
	neg := bc.Decode(m.ResP(predict.SlotSign))
	m.UpdateRes(neg)
	k := 0
	for ; k < depth-1; k++ {
		bit := bc.Decode(m.ResP(predict.SlotExp + k))
		m.UpdateRes(bit)
		if bit == 0 {
			break
		}
	}
	e := k
	mag := int32(1)
	slot := predict.SlotMantissa + 2*e
	for b := e - 1; b >= 0; b-- {
		bit := bc.Decode(m.ResP(slot))
		m.UpdateRes(bit)
		mag = mag<<1 | int32(bit)
		if b == e-1 {
			slot++
		}
	}
	if neg == 1 {
		return -mag
	}
	return mag
}
