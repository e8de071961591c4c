package predict

// The row contexts: the parts of a sample's contexts that depend only on the rows above and the
// previous frame, not on the current row, filled once a row by BeginRow (rowContexts) so that
// Predict and prepareResidual read one value where they worked several out sample by sample.
// For the sample at index i (x + PlanePad), with N, NW, NE the row above (m.rn) and pN, pNW,
// pNE the motion-compensated previous frame's (m.rpn), rsn the row above's residuals and rsp
// the previous frame's at this row:
//
//	rowT[i] = |N − pN| + |NW − pNW| + |NE − pNE|                 (Predict's temporal activity without |W − pW|)
//	rowC[i] = (clampD(N − pN)·5 + clampD(NW − pNW))·5 + clampD(NE − pNE)  (skipCtx[1] without W)
//	rowA[i] = 2·|rsn[i]| + |rsn[i−1]| + |rsn[i+1]| + |rsp[i]|      (prepareResidual's activity without W)
//	rowG[i] = |N − NW| + |NE − N|                                 (the gradient without |W − NW|)
//
// all in int32 as the per-sample code had them (abs32's wrap included), so the contexts are the
// same integers. Without a previous frame rpn is the row above itself and rsp zeros (rowT and
// rowC are then not read; rowA's last term is 0, as prepareResidual's was).

// rowContextsGo fills t, c, a, g at the indexes [PlanePad+x0, PlanePad+x1): rowCtxAVX2's
// reference and the path without AVX2 (and for a row's last samples short of eight).
func rowContextsGo(t, c, a, g, rn, rpn, rsn, rsp []int32, x0, x1 int) {
	for i := x0 + PlanePad; i < x1+PlanePad; i++ {
		n3, p3, s3 := rn[i-1:i+2:i+2], rpn[i-1:i+2:i+2], rsn[i-1:i+2:i+2]
		dNW, dN, dNE := n3[0]-p3[0], n3[1]-p3[1], n3[2]-p3[2]
		t[i] = abs32(dN) + abs32(dNW) + abs32(dNE)
		c[i] = int32((clampD(dN)*5+clampD(dNW))*5 + clampD(dNE))
		a[i] = 2*abs32(s3[1]) + abs32(s3[0]) + abs32(s3[2]) + abs32(rsp[i])
		g[i] = abs32(n3[1]-n3[0]) + abs32(n3[2]-n3[1])
	}
}

// rowContexts fills the row contexts of the current row (BeginRow, after the rows are set).
func (m *PlaneModel) rowContexts() {
	rpn, rsp := m.rn, m.zeroRes
	if m.hasPrev {
		rpn, rsp = m.rpn, m.rsp
	}
	w := m.w
	x := 0
	if k := w &^ 7; haveSAD16 && k > 0 {
		// every read within [PlanePad−1, PlanePad+k], every write within [PlanePad, PlanePad+k)
		_, _, _, _ = m.rowT[PlanePad+k-1], m.rowC[PlanePad+k-1], m.rowA[PlanePad+k-1], m.rowG[PlanePad+k-1]
		_, _, _, _ = m.rn[PlanePad+k], rpn[PlanePad+k], m.rsn[PlanePad+k], rsp[PlanePad+k-1]
		rowCtxAVX2(&m.rowT[PlanePad], &m.rowC[PlanePad], &m.rowA[PlanePad], &m.rowG[PlanePad],
			&m.rn[PlanePad], &rpn[PlanePad], &m.rsn[PlanePad], &rsp[PlanePad], k)
		x = k
	}
	rowContextsGo(m.rowT, m.rowC, m.rowA, m.rowG, m.rn, rpn, m.rsn, rsp, x, w)
}
