//go:build !amd64 || purego

package predict

import (
	"unsafe"

	"github.com/vidlm/vidlm/internal/arith"
)

// haveSensorAsm is false where sensor_asm_amd64.s is not built: P and Update run in Go.
const haveSensorAsm = false

var useSensorAsm = false

func mixPAsm(m *MixedResidual, node int) uint32 {
	panic("predict: mixPAsm without assembly")
}

func mixUpdateAsm(m *MixedResidual, bit, limit int) {
	panic("predict: mixUpdateAsm without assembly")
}

func mixDecAsm(m *MixedResidual, d *arith.Decoder, node, limit int) int {
	panic("predict: mixDecAsm without assembly")
}

func mixEncAsm(m *MixedResidual, e *arith.Encoder, cost *uint64, bit, node, limit int, write bool) bool {
	panic("predict: mixEncAsm without assembly")
}

func prefetch(p unsafe.Pointer) {}
