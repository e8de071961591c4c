//go:build !amd64

package predict

// haveMix3 is false where mix3_amd64.s does not exist.
var haveMix3 = false

func dot3AVX2(in, w1, w2, w3 *int32) (d1, d2, d3 int64) { panic("predict: no dot3AVX2") }

func train3AVX2(in, w1, w2, w3 *int32, e1, e2, e3 int64) { panic("predict: no train3AVX2") }
