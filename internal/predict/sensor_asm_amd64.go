//go:build !purego

package predict

import (
	"unsafe"

	"golang.org/x/sys/cpu"

	"github.com/vidlm/vidlm/internal/arith"
)

// haveSensorAsm tells whether mixPAsm, mixUpdateAsm, mixDecAsm and mixEncAsm are built
// (sensor_asm_amd64.s), useSensorAsm whether they run (AVX2; a variable, for the tests).
// Built with -tags purego, or on other architectures, the Go path runs
// (sensor_asm_other.go).
const haveSensorAsm = true

var useSensorAsm = cpu.X86.HasAVX2

// mixPAsm is MixedResidual.P for a mixed node (node < 12 or node ≥ NodeMant) of a model with
// mix2 on: the same result and the same state written into m.
//
//go:noescape
func mixPAsm(m *MixedResidual, node int) uint32

// mixUpdateAsm is MixedResidual.Update after mixPAsm, under the same conditions.
//
//go:noescape
func mixUpdateAsm(m *MixedResidual, bit, limit int)

// mixDecAsm decodes decision node on d under the same conditions: mixPAsm, d.Decode's step,
// mixUpdateAsm, in one call. It returns the bit.
//
//go:noescape
func mixDecAsm(m *MixedResidual, d *arith.Decoder, node, limit int) int

// mixEncAsm encodes bit as decision node under the same conditions: mixPAsm, the cost
// (arith.BitCost) added to *cost, e's step if write, mixUpdateAsm, in one call. It reports
// whether e's range fell below arith.Top (e.Normalize must follow).
//
//go:noescape
func mixEncAsm(m *MixedResidual, e *arith.Encoder, cost *uint64, bit, node, limit int, write bool) bool

// prefetch asks the CPU for p's cache line (SeriesMatch.PushBegin): a hint, no change to any
// state.
//
//go:noescape
func prefetch(p unsafe.Pointer)
