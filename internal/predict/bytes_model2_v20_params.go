package predict

// Sensor model 20's bytes-model settings (bytes_model2_v20.go), chosen on tuning files
// (docs/MODEL.md "Sensor model 20: the bytes model learns faster and holds more").
const (
	b20Limit  = 255  // the hashed contexts' counters' limit (b2Limit before)
	b20OLimit = 255  // the order-0 and match counters' limit (b2Limit before)
	b20Start  = 64   // the three mixers' rate at a weight set's first update
	b20Floor  = 6    // and in the limit (b2MixRate before, throughout)
	b20Half   = 1024 // the updates after which the rate is half-way between them
	b20FRate  = 8    // the final mixer's rate (4 before)
)
