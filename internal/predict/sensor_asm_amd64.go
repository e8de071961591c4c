//go:build !purego

package predict

// haveSensorAsm tells whether mixPAsm and mixUpdateAsm are built (sensor_asm_amd64.s),
// useSensorAsm whether they run (a variable, for the tests). They are scalar code of the
// amd64 base instruction set, so every amd64 machine runs them. Built with -tags purego, or
// on other architectures, the Go path runs (sensor_asm_other.go).
const haveSensorAsm = true

var useSensorAsm = true

// mixPAsm is MixedResidual.P for a mixed node (node < 12 or node ≥ NodeMant) of a model with
// mix2 on: the same result and the same state written into m.
//
//go:noescape
func mixPAsm(m *MixedResidual, node int) uint32

// mixUpdateAsm is MixedResidual.Update after mixPAsm, under the same conditions.
//
//go:noescape
func mixUpdateAsm(m *MixedResidual, bit, limit int)
