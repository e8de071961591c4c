//go:build !amd64

package predict

func dot16(x, w []int16) int32 { return dot16Go(x, w) }

func addSat16(w, a []int16) { addSat16Go(w, a) }

func subSat16(w, a []int16) { subSat16Go(w, a) }
