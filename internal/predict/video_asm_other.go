//go:build !amd64 || purego

package predict

import "github.com/vidlm/vidlm/internal/arith"

// haveCodeAsm is false where video_asm_amd64.s is not built: the decoder's Go path runs.
const haveCodeAsm = false

var useCodeAsm = false

func decResidualAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64 {
	panic("predict: decResidualAsm without assembly")
}

func decSkipAsm(m *PlaneModel, d *arith.Decoder) int64 {
	panic("predict: decSkipAsm without assembly")
}

func encResidualAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int) {
	panic("predict: encResidualAsm without assembly")
}

func encSkipAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, bit int64) {
	panic("predict: encSkipAsm without assembly")
}

func decResidualAPMAsm(m *PlaneModel, d *arith.Decoder, codeZero bool, depth int) int64 {
	panic("predict: decResidualAPMAsm without assembly")
}

func encResidualAPMAsm(m *PlaneModel, e *arith.Encoder, cost *uint64, codeZero bool, r int64, depth int) {
	panic("predict: encResidualAPMAsm without assembly")
}
