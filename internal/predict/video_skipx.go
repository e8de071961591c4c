package predict

// The skip flag's counter of P against the current frame's neighbours (SkipMed), issue 16's
// vres2 round: see docs/MODEL.md.

// skipMedSize: P − MED(W, N, NW) clamped to ±8 × the skipped flags of the ten-flag template
// (0..10) × the reference flag × the temporal activity (4 levels) × the sign of the nearer of
// P − W and P − N (−, 0, +).
const skipMedSize = 17 * 11 * 3 * 4 * 3

// actLevel maps a magnitude clamped to 7 to four levels: 0, 1..2, 3..6, 7 and more.
var actLevel = [8]uint8{0, 1, 1, 2, 2, 2, 2, 3}

// skipMedCtxs sets the context of SkipMed's counter and chooses the skip mixer's weight set,
// given the template of ten skip flags t, the reference flag and the neighbours' temporal
// differences (Predict calls it after setting skipSet).
func (m *PlaneModel) skipMedCtxs(t, refFlag int, dW, dN, dNW, dNE int32) {
	nr := int(popTable[t&15]+popTable[t>>4&15]+popTable[t>>8])*3 + refFlag
	qa := int(actLevel[min(abs32(dW)+abs32(dN)+abs32(dNW)+abs32(dNE), 7)])
	dm := m.P - med(m.W, m.N, m.NW)
	d2 := m.P - m.W
	if abs32(m.P-m.N) < abs32(d2) {
		d2 = m.P - m.N
	}
	m.skipMedCtx = ((int(min(max(dm, -8), 8)+8)*33+nr)*4+qa)*3 + int(min(max(d2, -1), 1)+1)
	// the mixer's weight set: the neighbours' flags and the reference flag (Predict's
	// skipSet) × the temporal activity × |P − MED|
	m.skipSet = m.skipSet*16 + qa*4 + int(actLevel[min(abs32(dm), 7)])
}
