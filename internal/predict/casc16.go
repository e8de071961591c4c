package predict

// The cascade's arithmetic (sensor model 13) in Go: the reference of casc16_amd64.s, and
// the code of other architectures. int32 sums wrap as the SIMD lanes do; a wrapped sum
// does not depend on the order of its additions.

func dot16Go(x, w []int16) int32 {
	x = x[:len(w)]
	var s int32
	for i, v := range w {
		s += int32(x[i]) * int32(v)
	}
	return s
}

func sat16(v int32) int16 { return int16(min(max(v, -1<<15), 1<<15-1)) }

func addSat16Go(w, a []int16) {
	a = a[:len(w)]
	for i, v := range a {
		w[i] = sat16(int32(w[i]) + int32(v))
	}
}

func subSat16Go(w, a []int16) {
	a = a[:len(w)]
	for i, v := range a {
		w[i] = sat16(int32(w[i]) - int32(v))
	}
}
