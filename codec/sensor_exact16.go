package codec

import "github.com/vidlm/vidlm/internal/predict"

// Sensor model 16, the exact prediction's input on multi-column logs (branch exact16;
// docs/FORMAT.md 12.8.11, docs/MODEL.md "Sensor model 16: the exact prediction's input on
// multi-column logs"). On a block that does not take model 15's additions (h.m15 clear: not
// a one-column signal), the mixed residual models of the columns' values and lattice
// coordinates take the exact prediction's input (internal/predict/sensor_exact16.go), its
// counters in one table per stream shared by every model under a salt of its column slot
// and kind. The encoder's trial coders (trialStatsAt, trialRecord) code without it: their
// choices are model 15's, at model 15's cost.

// startExact16 turns model 16's input on or off for the block (after startModel15): on
// under model 16 where model 15's additions are off, except in an encoder's trial. Turned
// off, the columns' models drop their state of it (their weights); the stream's table is
// kept.
func (s *sensorCoder) startExact16(h *sensorBlockHead) {
	s.x16 = h.model >= sensorModelV16 && !s.m15 && !s.trial
	if !s.x16 {
		for _, col := range s.cols {
			col.DropExact16()
		}
	}
}

// exact16 gives, when the block takes model 16's input, the mixed residual model m of
// column slot c (kind: 0 lattice coordinate, 1 value by its series, 2 value by a lattice or
// a relation) the input, if it has not got it.
func (s *sensorCoder) exact16(m *predict.MixedResidual, c, kind int) {
	if !s.x16 || m.HasExact16() {
		return
	}
	if s.xtab == nil {
		s.xtab = s.slab.ExactTable()
	}
	m.SetExact16(s.xtab, uint64(c)*4+uint64(kind))
}
