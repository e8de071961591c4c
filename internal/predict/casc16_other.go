//go:build !amd64

package predict

// useCascAVX2 is false where casc16_amd64.s is not built: the cascade runs in Go.
var useCascAVX2 = false

func dot16(x, w []int16) int32 { return dot16Go(x, w) }

func addSat16(w, a []int16) { addSat16Go(w, a) }

func subSat16(w, a []int16) { subSat16Go(w, a) }
