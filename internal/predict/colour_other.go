//go:build !amd64 || purego

package predict

// useColourAsm is false where colour_amd64.s is not built: ForwardColour runs in Go.
var useColourAsm = false

func ycocgFwdAVX2(y, co, cg, pb, pg, pr *uint16, n, d int) {
	panic("predict: ycocgFwdAVX2 without assembly")
}

func orSamplesAVX2(p *uint16, n int) uint16 {
	panic("predict: orSamplesAVX2 without assembly")
}
