package codec

// Sensor model 15, noisy signals (branch bio15; docs/FORMAT.md 12.8.10, docs/MODEL.md "Sensor
// model 15: noisy signals"). On the blocks of one-column signals (the block head's m15: the
// lowest bit of the coding order's length) the residual models take the additions of
// internal/predict/sensor_exact15.go (the exact prediction's input), and the counters of the
// mixed residual's decisions coded by P (mixedBit) settle at a rate of 1/1024.5 instead of
// 1/256.5 (a signal's residual distribution is stationary; the mixers follow what moves).
const mixedCounterLimit15 = 1023

// startModel15 turns model 15's additions to the residual models on or off for the block
// as its head says (h.m15: the encoder sets it on one-column signals' blocks). A model
// turned off drops its model-15 state; turned on again, it starts afresh.
func (s *sensorCoder) startModel15(h *sensorBlockHead) {
	s.m15 = h.model >= sensorModelV15 && h.m15
	for _, col := range s.cols {
		col.SetModel15(s.m15)
	}
}
