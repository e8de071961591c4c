package predict

// Joint value contexts (sensor model 12). Model 4's value contexts learn a column's
// histogram alone, given its last value and given the values to its left in the row, the
// latter as buckets of their own magnitude (valueBucket: the top 6 bits). A column whose
// values cluster jointly with another column's (the longitudes of earthquakes under their
// latitudes: the seismic belts) is foretold by the partner's value in coarse bins, which
// the buckets cut too fine where the partner is large and too coarse where it is small, and
// in one resolution only. Model 12's encoder chooses, per column, a partner column coded
// before it in the row and a bin width (a power of two of the partner's units); two more
// counters key each decision by the split's place given the partner's bin, and given its
// bin eight times wider, so that the mixer backs off from the sparse fine bins to the
// coarse ones while they learn.

// BeginJoint turns the joint contexts on for the residual begun by BeginValues (which turns
// them off): fine and coarse are the partner's value in the two bin widths (any keys: equal
// keys, equal bins).
func (m *MixedResidual) BeginJoint(fine, coarse uint64) {
	m.joint = true
	m.jFine = hashValue(hashValue(m.salt, 0x4A4F494E), fine)
	m.jCo = hashValue(hashValue(m.salt, 0x4A434F41), coarse)
}

// jointP4 sets the joint contexts' inputs (x4[12], x4[13]) of P4's decision keyed key.
func (m *MixedResidual) jointP4(key uint64) {
	t := m.vc.t
	m.vi[6] = uint32(hashValue(key, m.jFine) >> valueCtxShift)
	m.vi[7] = uint32(hashValue(key, m.jCo) >> valueCtxShift)
	m.x4[12] = t[m.vi[6]].st()
	m.x4[13] = t[m.vi[7]].st()
}

// JointCounter returns the counter of vc's table under key (sensor model 12: a joint
// column's magnitude decisions given its partner's bin).
func (vc *ValueContexts) JointCounter(key uint64) *Counter {
	return &vc.t[key>>valueCtxShift]
}

// JointKey mixes v into the key h (the value contexts' hash step).
func JointKey(h, v uint64) uint64 { return hashValue(h, v) }
