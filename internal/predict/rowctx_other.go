//go:build !amd64

package predict

func rowCtxAVX2(t, c, a, gr, rn, rpn, rsn, rsp *int32, n int) { panic("predict: no rowCtxAVX2") }
