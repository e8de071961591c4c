package predict

// The Series' LMS loops written four inputs a step (ssp5, issue 12): the same integers as the
// plain loops (seriesRef* in the test): the sums are of int64s, which wrap and so give the
// same result in any order, and each weight's step reads only its own input.

// orAbs returns the OR of |v| over d: in AVX2 where it runs (series_amd64.s), the tail in Go.
func orAbs(d []int64) uint64 {
	if useSeriesAsm && len(d) >= 4 {
		n := len(d) &^ 3
		m := orAbsAVX2(&d[0], n)
		for _, v := range d[n:] {
			m |= absU(v)
		}
		return m
	}
	return orAbsGo(d)
}

// orAbsGo is orAbs in Go.
func orAbsGo(d []int64) uint64 {
	var m0, m1, m2, m3 uint64
	i := 0
	for ; i+4 <= len(d); i += 4 {
		q := d[i : i+4 : i+4]
		m0 |= absU(q[0])
		m1 |= absU(q[1])
		m2 |= absU(q[2])
		m3 |= absU(q[3])
	}
	for ; i < len(d); i++ {
		m0 |= absU(d[i])
	}
	return m0 | m1 | m2 | m3
}

// seriesInputs sets xs[i] = int32(d[i] >> sh) and returns Σ xs[i]·w[i] and Σ xs[i]² (xs and w
// at least as long as d). In AVX2 where it runs and sh ≤ 32 (series_amd64.s), the tail in Go.
func seriesInputs(d []int64, w, xs []int32, sh uint) (dot, norm int64) {
	sh &= 63
	if useSeriesAsm && sh <= 32 && len(d) >= 4 {
		w, xs = w[:len(d)], xs[:len(d)]
		n := len(d) &^ 3
		dot, norm = seriesInputsAVX2(&d[0], &w[0], &xs[0], n, sh)
		for i := n; i < len(d); i++ {
			x := int32(d[i] >> sh)
			xs[i] = x
			dot += int64(x) * int64(w[i])
			norm += int64(x) * int64(x)
		}
		return dot, norm
	}
	return seriesInputsGo(d, w, xs, sh)
}

// seriesInputsGo is seriesInputs in Go.
func seriesInputsGo(d []int64, w, xs []int32, sh uint) (dot, norm int64) {
	sh &= 63
	w, xs = w[:len(d)], xs[:len(d)]
	var d1, n1 int64
	i := 0
	for ; i+4 <= len(d); i += 4 {
		q, wq, xq := d[i:i+4:i+4], w[i:i+4:i+4], xs[i:i+4:i+4]
		x0, x1, x2, x3 := int32(q[0]>>sh), int32(q[1]>>sh), int32(q[2]>>sh), int32(q[3]>>sh)
		xq[0], xq[1], xq[2], xq[3] = x0, x1, x2, x3
		dot += int64(x0)*int64(wq[0]) + int64(x2)*int64(wq[2])
		d1 += int64(x1)*int64(wq[1]) + int64(x3)*int64(wq[3])
		norm += int64(x0)*int64(x0) + int64(x2)*int64(x2)
		n1 += int64(x1)*int64(x1) + int64(x3)*int64(x3)
	}
	for ; i < len(d); i++ {
		x := int32(d[i] >> sh)
		xs[i] = x
		dot += int64(x) * int64(w[i])
		norm += int64(x) * int64(x)
	}
	return dot + d1, norm + n1
}

// seriesStepAsm runs seriesStepAVX2 (shift 12 or 13) over xs's first multiple of 4 and
// returns how many values it did (0 where the kernel does not run, or f >> 16 is not an
// int32).
func seriesStepAsm(w, xs []int32, f int64, shift uint) int {
	if !useSeriesAsm || len(xs) < 4 || int64(int32(f>>16)) != f>>16 {
		return 0
	}
	w = w[:len(xs)]
	n := len(xs) &^ 3
	seriesStepAVX2(&w[0], &xs[0], n, f, shift)
	return n
}

// seriesStep12 sets w[i] to w[i] + (f·xs[i])>>12 clamped to ±2^20 (w at least as long as xs):
// the AVX2 kernel, then the Go loop over the rest.
func seriesStep12(w, xs []int32, f int64) {
	n := seriesStepAsm(w, xs, f, 12)
	seriesStep12Go(w[n:], xs[n:], f)
}

// seriesStep13 is seriesStep12 with half the step (a shift of 13: model 3's longer filter).
func seriesStep13(w, xs []int32, f int64) {
	n := seriesStepAsm(w, xs, f, 13)
	seriesStep13Go(w[n:], xs[n:], f)
}

// seriesStep12Go is seriesStep12 in Go.
func seriesStep12Go(w, xs []int32, f int64) {
	w = w[:len(xs)]
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		xq, wq := xs[i:i+4:i+4], w[i:i+4:i+4]
		wq[0] = int32(min(max(int64(wq[0])+(f*int64(xq[0]))>>12, -1<<20), 1<<20))
		wq[1] = int32(min(max(int64(wq[1])+(f*int64(xq[1]))>>12, -1<<20), 1<<20))
		wq[2] = int32(min(max(int64(wq[2])+(f*int64(xq[2]))>>12, -1<<20), 1<<20))
		wq[3] = int32(min(max(int64(wq[3])+(f*int64(xq[3]))>>12, -1<<20), 1<<20))
	}
	for ; i < len(xs); i++ {
		w[i] = int32(min(max(int64(w[i])+(f*int64(xs[i]))>>12, -1<<20), 1<<20))
	}
}

// seriesStep13Go is seriesStep13 in Go.
func seriesStep13Go(w, xs []int32, f int64) {
	w = w[:len(xs)]
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		xq, wq := xs[i:i+4:i+4], w[i:i+4:i+4]
		wq[0] = int32(min(max(int64(wq[0])+(f*int64(xq[0]))>>13, -1<<20), 1<<20))
		wq[1] = int32(min(max(int64(wq[1])+(f*int64(xq[1]))>>13, -1<<20), 1<<20))
		wq[2] = int32(min(max(int64(wq[2])+(f*int64(xq[2]))>>13, -1<<20), 1<<20))
		wq[3] = int32(min(max(int64(wq[3])+(f*int64(xq[3]))>>13, -1<<20), 1<<20))
	}
	for ; i < len(xs); i++ {
		w[i] = int32(min(max(int64(w[i])+(f*int64(xs[i]))>>13, -1<<20), 1<<20))
	}
}
