package predict

// Relative value contexts (sensor model 9). Model 4's value contexts key a decision by the
// absolute place of its split in value space, alone, with the column's last value, and with
// the values to its left in the row (as buckets). A column tied to the columns before it in
// the row (a daily mean halfway between the maximum and the minimum, a high at or above the
// open, a low at or below it, a band at a fixed distance from its centre) is foretold by
// where the split lies relative to those values, whatever they are: two more counters key
// the decision by the split's place relative to the last value to the left, and relative to
// the mean of the last two (as twice the place minus their sum, so that the mean's half
// unit is kept). They learn in every row, where the absolute contexts given the left values
// learn only in the rows of the same values.

// BeginRel turns the relative contexts on for the residual begun by BeginValues (which turns
// them off): n (1 or 2) values to the left, l1 the last, l2 the one before it, both already
// in the residual's units, and neg whether the value coded is negative (the decisions' at is
// its magnitude).
func (m *MixedResidual) BeginRel(l1, l2 int64, n int, neg bool) {
	if n <= 0 {
		return
	}
	m.nrel = min(n, relInputs)
	m.relKey = hashValue(m.salt, 0x52454C)
	m.relSign = 1
	if neg {
		m.relSign = -1
	}
	m.rel1 = clampI64(l1, 1<<58)
	m.rel2s = m.rel1 + clampI64(l2, 1<<58)
}

// relP4 sets the relative contexts' inputs (x4[10], x4[11]) of P4's decision.
func (m *MixedResidual) relP4(node int, at int64, w uint, neg int) {
	v := m.relSign * clampI64(at, 1<<58)
	key := hashValue(m.relKey, uint64(node)<<8|uint64(w)<<1|uint64(neg))
	t := m.vc.t
	m.vi[4] = uint32(hashValue(key, uint64((v-m.rel1)>>w)) >> valueCtxShift)
	m.x4[10] = t[m.vi[4]].st()
	if m.nrel < 2 {
		m.x4[11] = 0
		return
	}
	m.vi[5] = uint32(hashValue(hashValue(key, 7), uint64((2*v-m.rel2s)>>w)) >> valueCtxShift)
	m.x4[11] = t[m.vi[5]].st()
}
