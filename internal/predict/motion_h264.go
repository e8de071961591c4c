package predict

// H.264's own sub-sample interpolation (ITU-T H.264 8.4.2.2), FilterH264: most video users
// have is an H.264 decode, whose blocks the encoder copied from the reference by a quarter-
// sample vector through exactly these filters; vidlm's predicting with the same arithmetic
// leaves such a block exact (or with only the source's decoded residual on top).
//
// Luma (8.4.2.2.1): the half samples b (across) and h (down) are the 6-tap (1, −5, 20, 20,
// −5, 1) sums b1, h1 rounded, Clip1((b1+16)>>5); the centre j is the 6-tap sum of the
// unrounded b1 (or h1) of the six rows (columns) around it, Clip1((j1+512)>>10); the quarter
// samples are the rounded means (p+q+1)>>1 of the two nearest integer or half samples, as
// the standard's table has them (a, c, d, n, f, i, k, q beside a half sample; e, g, p, r
// between two diagonal half samples). Chroma (8.4.2.2.2): eighth samples, ((8−xF)(8−yF)A +
// xF(8−yF)B + (8−xF)yF C + xF·yF·D + 32) >> 6. Reads past the plane's edges take the edge
// sample, as the standard's clamped reference coordinates do and as vidlm's other filters do.

// h264Chunk is the most samples h264LumaRow works out at once (its buffers on the stack).
const h264Chunk = 64

// tap6 is H.264's 6-tap half-sample sum of s[0..5] (the half sample between s[2] and s[3]).
func tap6(s0, s1, s2, s3, s4, s5 int32) int32 {
	return s0 + s5 - 5*(s1+s4) + 20*(s2+s3)
}

// h264LumaRow writes into dst the H.264 luma prediction of samples [x0, x1) of row y
// displaced by (qx, qy) quarter samples; samples are clipped to [0, maxVal].
func h264LumaRow(dst []int32, prev *Plane, y, x0, x1, qx, qy int, maxVal int32) {
	for x0 < x1 {
		n := min(x1-x0, h264Chunk)
		h264LumaChunk(dst[:n], prev, y, x0, qx, qy, maxVal)
		dst = dst[n:]
		x0 += n
	}
}

func h264LumaChunk(dst []int32, prev *Plane, y, x0, qx, qy int, maxVal int32) {
	w, h := prev.W, prev.H
	ix, fx := qx>>2, qx&3
	iy, fy := qy>>2, qy&3
	n := len(dst)
	// win[r][t] is the sample of row y+iy−2+r, column x0+ix−2+t (clamped): output j's G,
	// the integer sample at its vector's whole part, is win[2][j+2].
	var win [6][h264Chunk + 5]int32
	rlo, rhi := 2, 2 // the rows the position reads
	if fy != 0 {
		rlo, rhi = 0, 5
	}
	c0 := x0 + ix - 2
	inside := c0 >= 0 && c0+n+5 <= w
	for r := rlo; r <= rhi; r++ {
		src := prev.Row(clampInt(y+iy-2+r, 0, h-1))
		d := win[r][:n+5]
		if inside {
			copy(d, src[c0+PlanePad:])
			continue
		}
		for t := range d {
			d[t] = src[clampInt(c0+t, 0, w-1)+PlanePad]
		}
	}
	var across [6][h264Chunk]int32
	blo, bhi := h264AcrossRows(fx, fy)
	for r := blo; r <= bhi; r++ {
		h264AcrossRow(across[r][:n], &win[r])
	}
	h264LumaPhase(dst, win[:], across[:], fx, fy, maxVal)
}

// h264AcrossRows is the first and last window row (0..5) whose 6-tap sums across, b1, the
// phase (fx, fy) reads: none (lo > hi) at a whole column, row 2 (b) or 3 (s) beside a half
// sample across, all six for the centre j.
func h264AcrossRows(fx, fy int) (lo, hi int) {
	switch {
	case fx == 0:
		return 1, 0
	case fy == 2 || fx == 2 && fy != 0:
		return 0, 5
	case fy == 3:
		return 3, 3
	}
	return 2, 2
}

// h264AcrossRow writes into d the 6-tap sums b1 of window row s between each output column
// j and j+1 (s[j+2] and s[j+3]), unrounded.
func h264AcrossRow[W h264WindowRow](d []int32, row *W) {
	for j := range d {
		d[j] = tap6((*row)[j], (*row)[j+1], (*row)[j+2], (*row)[j+3], (*row)[j+4], (*row)[j+5])
	}
}

// h264WindowRow is a row of an H.264 luma window: h264LumaChunk's, or sadH264Edge's for a
// block at most h264EdgeMost wide. Both are fixed-size arrays so that h264LumaPhase's loops
// index them without a slice header (one instantiation each).
type h264WindowRow interface {
	~[h264Chunk + 5]int32 | ~[h264EdgeMost + 5]int32
}

// h264AcrossSums is a row of a window's 6-tap sums across (h264AcrossRow).
type h264AcrossSums interface {
	~[h264Chunk]int32 | ~[h264EdgeMost]int32
}

// h264LumaPhase writes into dst the H.264 luma prediction of one output row from the six
// window rows around it, win[r][t] (row r−2 from the output row, column t−2 from output
// sample j: G, the integer sample, is win[2][j+2]), and the sums across those rows that
// h264AcrossRows names for the phase, b[r][j]; the quarter-sample phase (fx, fy) picks the
// standard's formula. Samples are clipped to [0, maxVal]. h264LumaChunk and sadH264Edge share
// it, so the search's SAD and the prediction use the same operations on the same samples.
func h264LumaPhase[W h264WindowRow, B h264AcrossSums](dst []int32, win []W, b []B, fx, fy int, maxVal int32) {
	win, b = win[:6:6], b[:6:6]
	clip := func(v int32) int32 { return clamp32(v, 0, maxVal) }
	// h1 down column t of the window (G's column is j+2), between rows 2 and 3.
	h1 := func(t int) int32 {
		return tap6(win[0][t], win[1][t], win[2][t], win[3][t], win[4][t], win[5][t])
	}
	half := func(v int32) int32 { return clip((v + 16) >> 5) }
	jc := func(j int) int32 {
		return clip((tap6(b[0][j], b[1][j], b[2][j], b[3][j], b[4][j], b[5][j]) + 512) >> 10)
	}
	avg := func(a, c int32) int32 { return (a + c + 1) >> 1 }
	switch fy<<2 | fx {
	case 0<<2 | 0:
		for j := range dst {
			dst[j] = win[2][j+2]
		}
	case 0<<2 | 1: // a
		for j := range dst {
			dst[j] = avg(win[2][j+2], half(b[2][j]))
		}
	case 0<<2 | 2: // b
		for j := range dst {
			dst[j] = half(b[2][j])
		}
	case 0<<2 | 3: // c
		for j := range dst {
			dst[j] = avg(win[2][j+3], half(b[2][j]))
		}
	case 1<<2 | 0: // d
		for j := range dst {
			dst[j] = avg(win[2][j+2], half(h1(j+2)))
		}
	case 2<<2 | 0: // h
		for j := range dst {
			dst[j] = half(h1(j + 2))
		}
	case 3<<2 | 0: // n
		for j := range dst {
			dst[j] = avg(win[3][j+2], half(h1(j+2)))
		}
	case 1<<2 | 1: // e = (b + h + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(b[2][j]), half(h1(j+2)))
		}
	case 1<<2 | 3: // g = (b + m + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(b[2][j]), half(h1(j+3)))
		}
	case 3<<2 | 1: // p = (h + s + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(h1(j+2)), half(b[3][j]))
		}
	case 3<<2 | 3: // r = (m + s + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(h1(j+3)), half(b[3][j]))
		}
	case 2<<2 | 2: // j
		for j := range dst {
			dst[j] = jc(j)
		}
	case 1<<2 | 2: // f = (b + j + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(b[2][j]), jc(j))
		}
	case 3<<2 | 2: // q = (j + s + 1) >> 1
		for j := range dst {
			dst[j] = avg(jc(j), half(b[3][j]))
		}
	case 2<<2 | 1: // i = (h + j + 1) >> 1
		for j := range dst {
			dst[j] = avg(half(h1(j+2)), jc(j))
		}
	case 2<<2 | 3: // k = (j + m + 1) >> 1
		for j := range dst {
			dst[j] = avg(jc(j), half(h1(j+3)))
		}
	}
}

// h264ChromaRow writes into dst H.264's chroma prediction of samples [x0, x1) of row y
// displaced by (ex, ey) eighth samples.
func h264ChromaRow(dst []int32, prev *Plane, y, x0, x1, ex, ey int) {
	w, h := prev.W, prev.H
	ix, fx := ex>>3, int32(ex&7)
	iy, fy := ey>>3, int32(ey&7)
	r0 := prev.Row(clampInt(y+iy, 0, h-1))
	r1 := prev.Row(clampInt(y+iy+1, 0, h-1))
	wa, wb := (8-fx)*(8-fy), fx*(8-fy)
	wc, wd := (8-fx)*fy, fx*fy
	dst = dst[:x1-x0]
	if x0+ix >= 0 && x1+ix+1 <= w {
		a := r0[x0+ix+PlanePad : x1+ix+PlanePad+1]
		c := r1[x0+ix+PlanePad : x1+ix+PlanePad+1]
		for j := range dst {
			dst[j] = (wa*a[j] + wb*a[j+1] + wc*c[j] + wd*c[j+1] + 32) >> 6
		}
		return
	}
	for x := x0; x < x1; x++ {
		i0, i1 := clampInt(x+ix, 0, w-1)+PlanePad, clampInt(x+ix+1, 0, w-1)+PlanePad
		dst[x-x0] = (wa*r0[i0] + wb*r0[i1] + wc*r1[i0] + wd*r1[i1] + 32) >> 6
	}
}
