package predict

import "math/bits"

// The skip flag's counter of P against the current frame's neighbours (SkipMed), issue 16's
// vres2 round: see docs/MODEL.md.

// skipMedSize: P − MED(W, N, NW) clamped to ±8 × the skipped flags of the ten-flag template and refFlag the reference flag
// (0..10) × the reference flag × the temporal activity (4 levels) × the sign of the nearer of
// P − W and P − N (−, 0, +).
const skipMedSize = 17 * 11 * 3 * 4 * 3

// actLevel maps a magnitude clamped to 7 to four levels: 0, 1..2, 3..6, 7 and more.
var actLevel = [8]uint8{0, 1, 1, 2, 2, 2, 2, 3}

// skipBlendSize: the level of |Pred − P| (8) × the level of the blend's expected error eMin
// (16) × whether a sub-predictor was selected × the skipped flags of the ten-flag template
// (0..10) × 3 + the reference flag.
const skipBlendSize = 8 * 16 * 2 * 33

// blendLevel maps |Pred − P| clamped to 15 to eight levels: 0, 1, 2, 3, 4..5, 6..8, 9..14, 15
// and more.
var blendLevel = [16]uint8{0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6, 6, 6, 7}

// skipBlend computes the residual's prediction ahead of the skip flag (SkipBlend) and the
// context of the skip flag's counter of that prediction against P; t is the ten-flag
// template and refFlag the reference flag (Predict). PrepareResidual then returns Pred.
func (m *PlaneModel) skipBlend(t, refFlag int) {
	pred := m.prepareResidual()
	m.blendDone = true
	db := abs32(pred-m.P) >> m.actShift
	sel := 0
	if m.selected {
		sel = 1
	}
	nr := bits.OnesCount16(uint16(t))*3 + refFlag
	bl := int(blendLevel[min(db, 15)])
	m.skipBlendCtx = ((bl*16+quant16(m.eMin>>m.actShift))*2+sel)*33 + nr
}
