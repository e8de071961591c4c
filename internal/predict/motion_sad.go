package predict

// The motion search's block matching: the sum of absolute differences between a block of the
// current frame and its prediction from the previous frame by a vector, with a kernel per
// kind of vector (whole-sample, bilinear, cubic) for the blocks whose reads stay inside the
// plane's rows, and one for the blocks at its edges. Each kernel computes exactly what
// predictRow followed by the difference does (the same integer operations on the same
// samples), so the search picks the same vectors.

// sadBufLen is the buffer the kernels need for blocks of size block: the cubic filter keeps
// the horizontally filtered rows of the block and the three rows around it.
func sadBufLen(block int) int { return (block + 3) * block }

// sad is the sum of absolute differences between the block and its prediction by v. Once
// the sum after a row reaches limit it gives up and returns it (the true sum is no smaller).
func (b *block) sad(v MotionVector, limit int64) int64 {
	qx, qy := int(v.X), int(v.Y)
	ix, fx := qx>>2, qx&3
	iy, fy := qy>>2, qy&3
	if p := b.f16; p == b.prev && p != nil && uint(ix-b.ixLo) <= b.ixN && uint(iy-b.iyLo) <= b.iyN && (fx|fy == 0 || v.Filter == FilterBilinear) {
		// setFast16's vectors: what sadWhole and sadBilinear do through sad16 and sadBil16,
		// the kernel called directly.
		a := &p.Pix[(b.y0+iy)*p.Stride+b.x0+ix+PlanePad]
		rows := b.y1 - b.y0
		switch {
		case fx|fy == 0: // w = {16, 0, 0, 0}
			return sadW16AVX2(b.src16, b.w, a, p.Stride, rows, limit)
		case fy == 0: // w = {(4−fx)·4, fx·4, 0, 0}
			return sad2T16AVX2(b.src16, b.w, a, 1, p.Stride, rows, int32(16-4*fx), int32(4*fx), limit)
		case fx == 0: // w = {(4−fy)·4, 0, 4·fy, 0}
			return sad2T16AVX2(b.src16, b.w, a, p.Stride, p.Stride, rows, int32(16-4*fy), int32(4*fy), limit)
		}
		wt := [4]int32{int32((4 - fx) * (4 - fy)), int32(fx * (4 - fy)), int32((4 - fx) * fy), int32(fx * fy)}
		return sad16AVX2(b.src16, b.w, a, p.Stride, rows, &wt, limit)
	}
	w := b.prev.W
	switch {
	case fx == 0 && fy == 0:
		if b.x0+ix >= 0 && b.x1+ix <= w {
			return b.sadWhole(ix, iy, limit)
		}
	case v.Filter == FilterH264:
		if s, ok := b.sadH264(ix, iy, fx, fy, limit); ok {
			return s
		}
		if b.h264 != nil { // (without halves, the reference: every vector by predictRow)
			if s, ok := b.sadH264Edge(ix, iy, fx, fy, limit); ok {
				return s
			}
		}
		return b.sadRows(v, limit)
	case v.Filter == FilterBilinear:
		if b.x0+ix >= 0 && b.x1+ix+1 <= w {
			return b.sadBilinear(ix, iy, fx, fy, limit)
		}
	default:
		if b.x0+ix-1 >= 0 && b.x1+ix+2 <= w && len(b.buf) >= (b.y1-b.y0+3)*(b.x1-b.x0) {
			return b.sadCubic(ix, iy, fx, fy, limit)
		}
	}
	return b.sadEdge(v, fx, fy, ix, iy, limit)
}

// setFast16 readies sad's direct path for the whole-sample and bilinear vectors of a block
// 16 samples wide whose reads of prev lie inside the plane without clamping: the vectors
// (ix, iy) for which sad16 runs its kernel (the block's rows and the row below them inside
// the plane, its columns and the one right of them too, so that sadWhole and sadBilinear
// take sad16 at once), worked out once for the block and prev instead of for every
// candidate. b.f16 is prev then (nil where no vector qualifies, or without AVX2); a block
// whose prev changes takes the path only after setFast16 again (sad checks b.f16 == b.prev).
func (b *block) setFast16() {
	b.f16 = nil
	p := b.prev
	n, rows := b.x1-b.x0, b.y1-b.y0
	if !haveSAD16 || p == nil || n != 16 || rows <= 0 || b.x0 < 0 || b.y0 < 0 || b.w < b.x1 || (b.y1-1)*b.w+b.x1 > len(b.cur) || p.H < 1 || len(p.Pix) < p.H*p.Stride {
		return
	}
	// ix: b.x0+ix >= 0 and b.x1+ix+1 <= W (sadBilinear's reads, stricter than sadWhole's),
	// and sad16's column+n+1 <= Stride; iy: b.y0+iy >= 0 and b.y1+iy <= H−1 (sad16's rows).
	ixLo, ixHi := -b.x0, min(p.W-b.x1-1, p.Stride-PlanePad-b.x0-n-1)
	iyLo, iyHi := -b.y0, p.H-1-b.y1
	if ixHi < ixLo || iyHi < iyLo {
		return
	}
	b.f16, b.src16 = p, &b.cur[b.y0*b.w+b.x0]
	b.ixLo, b.ixN, b.iyLo, b.iyN = ixLo, uint(ixHi-ixLo), iyLo, uint(iyHi-iyLo)
}

// sadEdge is sad for a block whose reads leave the plane across (or, cubic, a block without
// the buffer sadCubic needs): the columns each tap reads, clamped to the plane as predictRow
// clamps them, are worked out once for the block instead of for every sample of every row.
// With AVX2, blocks 8 or 16 samples wide gather the clamped samples and run the kernels
// (sadGathered, sadEdgeCubic16); these loops are their definition.
func (b *block) sadEdge(v MotionVector, fx, fy, ix, iy int, limit int64) int64 {
	const most = 64 // widest block (VideoConfig.MotionBlock)
	n := b.x1 - b.x0
	if n > most {
		return b.sadRows(v, limit)
	}
	w, h := b.prev.W, b.prev.H
	taps, off := 4, -1 // cubic: columns -1 to +2
	if fx == 0 && fy == 0 {
		taps, off = 1, 0
	} else if v.Filter == FilterBilinear {
		taps, off = 2, 0
	}
	if haveSAD16 && (n == 16 || n == 8) {
		if taps == 4 {
			if s, ok := b.sadEdgeCubic16(fx, fy, ix, iy, limit); ok {
				return s
			}
		} else {
			if s, ok := b.sadGathered(fx, fy, ix, iy, taps, limit); ok {
				return s
			}
		}
	}
	var cols [4][most]int
	for t := 0; t < taps; t++ {
		for j := 0; j < n; j++ {
			cols[t][j] = clampInt(b.x0+j+ix+off+t, 0, w-1) + PlanePad
		}
	}
	c0, c1, c2, c3 := cols[0][:n], cols[1][:n], cols[2][:n], cols[3][:n]
	if taps == 4 {
		return b.sadEdgeCubic(fx, fy, iy, limit, c0, c1, c2, c3)
	}
	var s int64
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		var acc int32
		switch taps {
		case 1:
			r := b.prev.Row(clampInt(y+iy, 0, h-1))
			for j, v := range src {
				acc += abs32(int32(v) - r[c0[j]])
			}
		case 2:
			wa, wb := int32((4-fx)*(4-fy)), int32(fx*(4-fy))
			wc, wd := int32((4-fx)*fy), int32(fx*fy)
			r0 := b.prev.Row(clampInt(y+iy, 0, h-1))
			r1 := b.prev.Row(clampInt(y+iy+1, 0, h-1))
			for j, v := range src {
				i0, i1 := c0[j], c1[j]
				p := (wa*r0[i0] + wb*r0[i1] + wc*r1[i0] + wd*r1[i1] + 8) >> 4
				acc += abs32(int32(v) - p)
			}
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// sadGathered is sadEdge's whole-sample (taps 1) and bilinear (taps 2) cases, and those of
// sadWhole and sadBilinear at the plane's top and bottom, for a block 8 or 16 samples wide
// with AVX2: the samples the block reads (rows+1 rows of n+1, each row and column clamped to
// the plane as sadEdge and predictRow clamp them) are gathered into b.buf, and
// sad16AVX2 (sad8AVX2) runs over them: the same int32 operations on the same samples, the
// rows' sums added in order with the same stop at limit (TestSAD16MatchesPortable). ok is
// false where it cannot run (b.buf too small).
func (b *block) sadGathered(fx, fy, ix, iy, taps int, limit int64) (int64, bool) {
	n, rows := b.x1-b.x0, b.y1-b.y0
	st := n + 1
	if rows <= 0 || len(b.buf) < (rows+1)*st || n != 16 && n != 8 {
		return 0, false
	}
	h := b.prev.H
	g := b.buf[:(rows+1)*st]
	for r := 0; r <= rows; r++ {
		b.gatherRow(g[r*st:r*st+st], clampInt(b.y0+iy+r, 0, h-1), b.x0+ix)
	}
	wt := [4]int32{16, 0, 0, 0} // (16·a + 8) >> 4 is a
	if taps == 2 {
		wt = [4]int32{int32((4 - fx) * (4 - fy)), int32(fx * (4 - fy)), int32((4 - fx) * fy), int32(fx * fy)}
	}
	src := &b.cur[b.y0*b.w+b.x0]
	if n == 8 {
		return sad8AVX2(src, b.w, &g[0], st, rows, &wt, limit), true
	}
	return sadBil16(src, b.w, &g[0], st, rows, &wt, limit), true
}

// sadBil16 is sad16AVX2 by the kernel with the fewest products for the weights w: none for
// a whole-sample vector (sadW16AVX2), two where the vector's vertical or horizontal phase
// is 0 (sad2T16AVX2), four otherwise. The same sums (the products left out are 0,
// (16·a + 8) >> 4 is a), the same stop at limit (TestSADBil16).
func sadBil16(src *uint16, srcStride int, a *int32, prevStride, rows int, w *[4]int32, limit int64) int64 {
	switch {
	case w[1] == 0 && w[2] == 0 && w[3] == 0 && w[0] == 16:
		return sadW16AVX2(src, srcStride, a, prevStride, rows, limit)
	case w[2] == 0 && w[3] == 0:
		return sad2T16AVX2(src, srcStride, a, 1, prevStride, rows, w[0], w[1], limit)
	case w[1] == 0 && w[3] == 0:
		return sad2T16AVX2(src, srcStride, a, prevStride, prevStride, rows, w[0], w[2], limit)
	}
	return sad16AVX2(src, srcStride, a, prevStride, rows, w, limit)
}

// gatherRow sets d[j] to sample clamp(x0+j, 0, W−1) of prev's row y, for j < len(d): the
// samples left of the plane are its first, those right of it its last, and the run
// between is copied.
func (b *block) gatherRow(d []int32, y, x0 int) {
	w := b.prev.W
	row := b.prev.Row(y)[PlanePad : PlanePad+w]
	n := len(d)
	lo := min(max(-x0, 0), n)   // d[:lo] left of the plane
	hi := min(max(w-x0, lo), n) // d[hi:] right of it
	for j := 0; j < lo; j++ {
		d[j] = row[0]
	}
	if lo < hi {
		copy(d[lo:hi], row[x0+lo:x0+hi])
	}
	for j := hi; j < n; j++ {
		d[j] = row[w-1]
	}
}

// sadEdgeCubic16 is sadEdgeCubic for a block 8 or 16 samples wide with AVX2: each source row
// the block reads, its n+3 samples gathered with the columns clamped, is filtered across by
// cubicRowAVX2 (d[j] = Σt tx[t]·g[j+t], sadEdgeCubic's sum over the clamped columns) into a
// ring of four, and each output row weighs the four by sadCubic16AVX2 (sadCubic8AVX2): the
// same int32 operations, the rows' sums added in order with the same stop at limit
// (TestSAD16MatchesPortable).
func (b *block) sadEdgeCubic16(fx, fy, ix, iy int, limit int64) (int64, bool) {
	n := b.x1 - b.x0
	if n != 16 && n != 8 {
		return 0, false
	}
	h := b.prev.H
	tx, ty := &cubicTaps[fx], &cubicTaps[fy]
	var g [19]int32
	var hr [4][16]int32   // source row r filtered across in hr[r&3]
	next := b.y0 + iy - 1 // the next source row to filter
	var s int64
	for y := b.y0; y < b.y1; y++ {
		for ; next <= y+iy+2; next++ {
			b.gatherRow(g[:n+3], clampInt(next, 0, h-1), b.x0+ix-1)
			cubicRowAVX2(&hr[next&3][0], &g[0], n, tx)
		}
		src := &b.cur[y*b.w+b.x0]
		h0, h1, h2, h3 := &hr[(y+iy-1)&3][0], &hr[(y+iy)&3][0], &hr[(y+iy+1)&3][0], &hr[(y+iy+2)&3][0]
		var acc int32
		if n == 16 {
			acc = sadCubic16AVX2(src, h0, h1, h2, h3, ty, b.maxVal)
		} else {
			acc = sadCubic8AVX2(src, h0, h1, h2, h3, ty, b.maxVal)
		}
		s += int64(acc)
		if s >= limit {
			return s, true
		}
	}
	return s, true
}

// sadEdgeCubic is sadEdge's cubic case, c0..c3 the clamped columns of the four taps: each
// source row is filtered across once, into a ring of four, and each output row weighs the
// four it reads, where a sample took Σk ty[k]·(Σt tx[t]·r_k[c_t]) from the rows themselves:
// the same int32 products and sums (TestSADKernels).
func (b *block) sadEdgeCubic(fx, fy, iy int, limit int64, c0, c1, c2, c3 []int) int64 {
	const most = 64 // widest block (VideoConfig.MotionBlock)
	n := len(c0)
	c1, c2, c3 = c1[:n], c2[:n], c3[:n]
	h := b.prev.H
	tx, ty := &cubicTaps[fx], &cubicTaps[fy]
	tx0, tx1, tx2, tx3 := tx[0], tx[1], tx[2], tx[3]
	ty0, ty1, ty2, ty3 := ty[0], ty[1], ty[2], ty[3]
	var hr [4][most]int32 // source row r filtered across in hr[r&3]
	next := b.y0 + iy - 1 // the next source row to filter
	var s int64
	for y := b.y0; y < b.y1; y++ {
		for ; next <= y+iy+2; next++ {
			r := b.prev.Row(clampInt(next, 0, h-1))
			d := hr[next&3][:n]
			for j := range d {
				d[j] = tx0*r[c0[j]] + tx1*r[c1[j]] + tx2*r[c2[j]] + tx3*r[c3[j]]
			}
		}
		h0, h1, h2, h3 := hr[(y+iy-1)&3][:n], hr[(y+iy)&3][:n], hr[(y+iy+1)&3][:n], hr[(y+iy+2)&3][:n]
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		src = src[:n]
		var acc int32
		for j, v := range src {
			a := ty0*h0[j] + ty1*h1[j] + ty2*h2[j] + ty3*h3[j]
			p := clamp32((a+1<<13)>>14, 0, b.maxVal)
			acc += abs32(int32(v) - p)
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// sadClamped is sad16 for a block 16 samples wide whose columns lie inside the plane but
// whose rows (row r and, for the bilinear weights, r+1) are clamped at the plane's top or
// bottom: the block's rows in up to three runs, the rows above the plane (both rows
// clamped to row 0: the kernel at stride 0 on row 0), those inside, and those at or past
// the last row (stride 0 on row H−1), each run's sum added to the runs' before with the
// limit less that sum: the same rows' sums, added in order, with the same stop as the
// gathered rows' (sadGathered), without the copy. ok is false where it cannot run.
func (b *block) sadClamped(ix, iy int, w *[4]int32, limit int64) (int64, bool) {
	p := b.prev
	n, rows := b.x1-b.x0, b.y1-b.y0
	col := b.x0 + ix + PlanePad
	if !haveSAD16 || n != 16 || rows <= 0 || col < PlanePad || col+n+1 > p.Stride || p.H < 1 || len(p.Pix) < p.H*p.Stride {
		return 0, false
	}
	if b.y0 < 0 || (b.y1-1)*b.w+b.x0+n > len(b.cur) || b.x0 < 0 {
		return 0, false
	}
	r0 := b.y0 + iy                               // the first row's source row
	top := min(max(-r0, 0), rows)                 // rows j with r0+j+1 <= 0
	bot := min(max(r0+rows-(p.H-1), 0), rows-top) // rows j with r0+j >= H−1
	var s int64
	j := 0
	run := func(cnt, row, stride int) bool {
		if cnt == 0 {
			return false
		}
		s += sadBil16(&b.cur[(b.y0+j)*b.w+b.x0], b.w, &p.Pix[row*p.Stride+col], stride, cnt, w, limit-s)
		j += cnt
		return s >= limit
	}
	if run(top, 0, 0) {
		return s, true
	}
	if run(rows-top-bot, r0+top, p.Stride) {
		return s, true
	}
	run(bot, p.H-1, 0)
	return s, true
}

// sadWhole is sad for a whole-sample vector (ix, iy) whose columns lie inside the plane.
func (b *block) sadWhole(ix, iy int, limit int64) int64 {
	if s, ok := b.sad16(ix, iy, &[4]int32{16, 0, 0, 0}, limit); ok {
		return s // (16·a + 8) >> 4 is a
	}
	if s, ok := b.sadClamped(ix, iy, &[4]int32{16, 0, 0, 0}, limit); ok {
		return s
	}
	if haveSAD16 {
		if s, ok := b.sadGathered(0, 0, ix, iy, 1, limit); ok {
			return s
		}
	}
	var s int64
	h := b.prev.H
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		r := b.prev.Row(clampInt(y+iy, 0, h-1))[b.x0+ix+PlanePad:]
		r = r[:len(src)]
		var acc int32
		for x, c := range src {
			acc += abs32(int32(c) - r[x])
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// sadBilinear is sad for a fractional vector with the bilinear filter whose reads (one column
// past the block) lie inside the plane.
func (b *block) sadBilinear(ix, iy, fx, fy int, limit int64) int64 {
	var s int64
	h := b.prev.H
	wa, wb := int32((4-fx)*(4-fy)), int32(fx*(4-fy))
	wc, wd := int32((4-fx)*fy), int32(fx*fy)
	if s, ok := b.sad16(ix, iy, &[4]int32{wa, wb, wc, wd}, limit); ok {
		return s
	}
	if s, ok := b.sadClamped(ix, iy, &[4]int32{wa, wb, wc, wd}, limit); ok {
		return s
	}
	if haveSAD16 {
		if s, ok := b.sadGathered(fx, fy, ix, iy, 2, limit); ok {
			return s
		}
	}
	n := b.x1 - b.x0
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		src = src[:n]
		a := b.prev.Row(clampInt(y+iy, 0, h-1))[b.x0+ix+PlanePad:]
		c := b.prev.Row(clampInt(y+iy+1, 0, h-1))[b.x0+ix+PlanePad:]
		// The right-hand taps as slices of their own, one sample on: every index below
		// is then provably inside (no bounds check per sample).
		a0, a1 := a[:n], a[1:n+1]
		c0, c1 := c[:n], c[1:n+1]
		var acc int32
		switch {
		case fy == 0: // wc = wd = 0
			for x, v := range src {
				p := (wa*a0[x] + wb*a1[x] + 8) >> 4
				acc += abs32(int32(v) - p)
			}
		case fx == 0: // wb = wd = 0
			for x, v := range src {
				p := (wa*a0[x] + wc*c0[x] + 8) >> 4
				acc += abs32(int32(v) - p)
			}
		default:
			for x, v := range src {
				p := (wa*a0[x] + wb*a1[x] + wc*c0[x] + wd*c1[x] + 8) >> 4
				acc += abs32(int32(v) - p)
			}
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// sadCubic is sad for a vector with the cubic filter whose reads (one column before the block,
// two past it) lie inside the plane. The filter is separable: each source row is filtered
// across once (predictRow does it again for each of the four rows it weighs), as late as
// the rows below need it, into b.buf, or taken from the search's cache (b.rows) when that
// holds rows of the block's reference plane.
func (b *block) sadCubic(ix, iy, fx, fy int, limit int64) int64 {
	if fx != 0 && b.rows != nil && b.rows.prev == b.prev {
		if s, ok := b.sadCubicCached(ix, iy, fx, fy, limit); ok {
			return s
		}
	}
	if fx == 0 {
		if s, ok := b.sadCubicDown(ix, iy, fy, limit); ok {
			return s
		}
	}
	var s int64
	h := b.prev.H
	tx, ty := &cubicTaps[fx], &cubicTaps[fy]
	n := b.x1 - b.x0
	rows := b.y1 - b.y0 + 3
	hb := b.buf[:rows*n]
	done := 0 // source rows filtered so far: row j is the plane's row y0+iy-1+j, clamped
	filter := func(upto int) {
		for ; done < upto; done++ {
			r := b.prev.Row(clampInt(b.y0+iy-1+done, 0, h-1))[b.x0+ix+PlanePad-1:]
			r = r[:n+3]
			d := hb[done*n : done*n+n]
			if fx == 0 { // taps 0, 128, 0, 0
				for x := range d {
					d[x] = 128 * r[x+1]
				}
				continue
			}
			for x := range d {
				d[x] = tx[0]*r[x] + tx[1]*r[x+1] + tx[2]*r[x+2] + tx[3]*r[x+3]
			}
		}
	}
	maxVal := b.maxVal
	for y := b.y0; y < b.y1; y++ {
		j := y - b.y0
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		if fy == 0 { // taps 0, 128, 0, 0: the row itself, filtered across
			if done <= j+1 {
				done = j + 1
				filter(j + 2)
			}
			r1 := hb[(j+1)*n : (j+1)*n+n]
			r1 = r1[:len(src)]
			var acc int32
			for x, v := range src {
				p := clamp32((128*r1[x]+1<<13)>>14, 0, maxVal)
				acc += abs32(int32(v) - p)
			}
			s += int64(acc)
			if s >= limit {
				return s
			}
			continue
		}
		filter(j + 4)
		r0 := hb[j*n : j*n+n]
		r1 := hb[(j+1)*n : (j+1)*n+n]
		r2 := hb[(j+2)*n : (j+2)*n+n]
		r3 := hb[(j+3)*n : (j+3)*n+n]
		r0, r1, r2, r3 = r0[:len(src)], r1[:len(src)], r2[:len(src)], r3[:len(src)]
		var acc int32
		for x, v := range src {
			a := ty[0]*r0[x] + ty[1]*r1[x] + ty[2]*r2[x] + ty[3]*r3[x]
			p := clamp32((a+1<<13)>>14, 0, maxVal)
			acc += abs32(int32(v) - p)
		}
		s += int64(acc)
		if s >= limit {
			return s
		}
	}
	return s
}

// visited remembers the vectors the search has tried for one block, so that it does not
// match a block twice against the same vector (its diamond steps come back to the centre,
// the refinements to the candidates). Skipping a repeat changes nothing: a vector tried
// before cost no less than the best then, and the best only gets cheaper.
type visited struct {
	gen  uint64 // in the top 24 bits of each entry; 0 marks an entry of no block
	n    int
	keys [128]uint64
}

// reset forgets every vector (a new block).
func (t *visited) reset() {
	t.gen++
	t.n = 0
	if t.gen == 1<<24 {
		t.gen = 1
		clear(t.keys[:])
	}
}

// add records v and reports whether it is new. When the table is full it reports every
// vector as new (the search then only repeats work).
func (t *visited) add(v MotionVector) bool {
	key := uint64(uint16(v.X)) | uint64(uint16(v.Y))<<16 | uint64(v.Filter)<<32 | t.gen<<40
	if t.n >= len(t.keys)*3/4 {
		return true
	}
	i := uint32(key*0x9E3779B97F4A7C15>>32) & uint32(len(t.keys)-1)
	for {
		k := t.keys[i]
		if k == key {
			return false
		}
		if k>>40 != t.gen {
			t.keys[i] = key
			t.n++
			return true
		}
		i = (i + 1) & uint32(len(t.keys)-1)
	}
}

// sadCubicCached is sadCubic for a horizontal phase fx of 1 to 3, with the rows filtered
// across from the search's cache; ok is false when a row lies outside it.
func (b *block) sadCubicCached(ix, iy, fx, fy int, limit int64) (s int64, ok bool) {
	h := b.prev.H
	c := b.rows
	if clampInt(b.y0+iy-1, 0, h-1) < c.y0 || clampInt(b.y1+iy+1, 0, h-1) >= c.y0+c.n {
		return 0, false
	}
	ty := &cubicTaps[fy]
	maxVal := b.maxVal
	a := b.x0 + ix
	if s, ok := b.sadCubicRows(ix, iy, fx, fy, limit); ok {
		return s, true
	}
	var r0, r1, r2, r3 []int32
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		n := len(src)
		var acc int32
		fast := haveSAD16 && n == 16
		fast8 := haveSAD16 && n == 8
		if fy == 0 { // taps 0, 128, 0, 0
			r1 := c.row(fx, clampInt(y+iy, 0, h-1))[a : a+n]
			if fast {
				p1 := &r1[0]
				acc = sadCubic16AVX2(&src[0], p1, p1, p1, p1, ty, maxVal)
				goto sum
			}
			if fast8 {
				p1 := &r1[0]
				acc = sadCubic8AVX2(&src[0], p1, p1, p1, p1, ty, maxVal)
				goto sum
			}
			for x, v := range src {
				p := clamp32((128*r1[x]+1<<13)>>14, 0, maxVal)
				acc += abs32(int32(v) - p)
			}
		} else {
			// The four rows slide down: one more from the cache per row (four consecutive
			// rows lie in four slots of the ring, so those taken stay valid).
			if y == b.y0 {
				r0 = c.row(fx, clampInt(y+iy-1, 0, h-1))[a : a+n]
				r1 = c.row(fx, clampInt(y+iy, 0, h-1))[a : a+n]
				r2 = c.row(fx, clampInt(y+iy+1, 0, h-1))[a : a+n]
			} else {
				r0, r1, r2 = r1, r2, r3
			}
			r3 = c.row(fx, clampInt(y+iy+2, 0, h-1))[a : a+n]
			if fast {
				acc = sadCubic16AVX2(&src[0], &r0[0], &r1[0], &r2[0], &r3[0], ty, maxVal)
				goto sum
			}
			if fast8 {
				acc = sadCubic8AVX2(&src[0], &r0[0], &r1[0], &r2[0], &r3[0], ty, maxVal)
				goto sum
			}
			for x, v := range src {
				q := ty[0]*r0[x] + ty[1]*r1[x] + ty[2]*r2[x] + ty[3]*r3[x]
				p := clamp32((q+1<<13)>>14, 0, maxVal)
				acc += abs32(int32(v) - p)
			}
		}
	sum:
		s += int64(acc)
		if s >= limit {
			return s, true
		}
	}
	return s, true
}

// sadCubicRows is sadCubicCached for a block 8 or 16 samples wide whose rows (and, with a vertical
// phase, the rows around them the filter reads) need no clamping and lie in consecutive
// slots of the cache: the rows are filled first, then sadCubic8RowsAVX2 or sadCubic16RowsAVX2 runs down them at
// the cache's stride. ok is false where it cannot run.
func (b *block) sadCubicRows(ix, iy, fx, fy int, limit int64) (int64, bool) {
	c := b.rows
	first, last := b.y0+iy, b.y1-1+iy // the rows read
	if fy != 0 {
		first, last = first-1, last+2
	}
	n := b.x1 - b.x0
	if !haveSAD16 || n != 8 && n != 16 || b.y1 <= b.y0 || first < 0 || last > b.prev.H-1 {
		return 0, false
	}
	slot := (first - c.y0) & (c.ring - 1)
	if last-first >= c.ring || slot+last-first >= c.ring+c.mirror {
		return 0, false // more rows than the ring holds, or past its mirrored rows
	}
	w := c.prev.W
	// Fill the rows not cached: slots slot.. up to the ring's end, then from slot 0 (read
	// from the mirror past the end).
	if first < c.okLo[fx-1] || last >= c.okEnd[fx-1] {
		st := c.stamp[fx-1]
		key := c.gen<<32 | uint64(uint32(first))
		nr := last - first + 1
		head := st[slot:min(slot+nr, c.ring)]
		for k, v := range head {
			if v != key+uint64(k) {
				c.row(fx, first+k)
			}
		}
		for k, v := range st[:nr-len(head)] {
			if k := k + len(head); v != key+uint64(k) {
				c.row(fx, first+k)
			}
		}
		// rows [first, last] are held now; with the range checked before (none rebuilt
		// since, and their union shorter than the ring: no two share a slot) the union is
		if lo, end := c.okLo[fx-1], c.okEnd[fx-1]; lo < end && first <= end && last+1 >= lo && max(last+1, end)-min(first, lo) <= c.ring {
			c.okLo[fx-1], c.okEnd[fx-1] = min(first, lo), max(last+1, end)
		} else {
			c.okLo[fx-1], c.okEnd[fx-1] = first, last+1
		}
	}
	tap := 0
	if fy != 0 {
		tap = w
	}
	r := c.pix[fx-1][slot*w+b.x0+ix:]
	_ = r[(last-first)*w+n-1] // the last read
	src := b.y0*b.w + b.x0
	_ = b.cur[(b.y1-1)*b.w+b.x0+n-1]
	if n == 16 {
		return sadCubic16RowsAVX2(&b.cur[src], b.w, &r[0], w, tap, b.y1-b.y0, &cubicTaps[fy], b.maxVal, limit), true
	}
	return sadCubic8RowsAVX2(&b.cur[src], b.w, &r[0], w, tap, b.y1-b.y0, &cubicTaps[fy], b.maxVal, limit), true
}

// sadCubicDown is sadCubic for a vector whose horizontal phase is 0 (the filter only down) by
// sadCubic16AVX2 or sadCubic8AVX2 on the previous plane's own rows, for a block 16 or 8
// samples wide: a row filtered across at phase 0 is 128 times the row, and the vertical taps
// times 128 on the row give the same int32 products (mod 2^32) as the taps on it filtered;
// ok is false where it cannot run (no AVX2, another width).
func (b *block) sadCubicDown(ix, iy, fy int, limit int64) (s int64, ok bool) {
	n := b.x1 - b.x0
	if !haveSAD16 || n != 16 && n != 8 {
		return 0, false
	}
	h := b.prev.H
	t := &cubicTaps[fy]
	ty := [4]int32{128 * t[0], 128 * t[1], 128 * t[2], 128 * t[3]}
	maxVal := b.maxVal
	a := b.x0 + ix + PlanePad
	if first, last := b.y0+iy-1, b.y1+iy+1; b.y1 > b.y0 && first >= 0 && last <= h-1 && a >= 0 && a+n <= b.prev.Stride {
		// No row clamped: the rows lie at the plane's stride, one call down them.
		p := b.prev.Pix[first*b.prev.Stride+a:]
		_ = p[(last-first)*b.prev.Stride+n-1] // the last read
		src := b.y0*b.w + b.x0
		_ = b.cur[(b.y1-1)*b.w+b.x0+n-1]
		if n == 16 {
			return sadCubic16RowsAVX2(&b.cur[src], b.w, &p[0], b.prev.Stride, b.prev.Stride, b.y1-b.y0, &ty, maxVal, limit), true
		}
		return sadCubic8RowsAVX2(&b.cur[src], b.w, &p[0], b.prev.Stride, b.prev.Stride, b.y1-b.y0, &ty, maxVal, limit), true
	}
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0 : y*b.w+b.x1]
		r0 := b.prev.Row(clampInt(y+iy-1, 0, h-1))[a : a+n]
		r1 := b.prev.Row(clampInt(y+iy, 0, h-1))[a : a+n]
		r2 := b.prev.Row(clampInt(y+iy+1, 0, h-1))[a : a+n]
		r3 := b.prev.Row(clampInt(y+iy+2, 0, h-1))[a : a+n]
		var acc int32
		if n == 16 {
			acc = sadCubic16AVX2(&src[0], &r0[0], &r1[0], &r2[0], &r3[0], &ty, maxVal)
		} else {
			acc = sadCubic8AVX2(&src[0], &r0[0], &r1[0], &r2[0], &r3[0], &ty, maxVal)
		}
		s += int64(acc)
		if s >= limit {
			return s, true
		}
	}
	return s, true
}

// cubicRows caches, for one search (one band of one frame), rows of the previous plane
// filtered across by the cubic filter at the horizontal phases 1 to 3, each row filled when a
// block first needs it: the search tries many cubic vectors around the same places. It holds
// the rows of one window (a row of blocks and the search range around it) in a ring: the
// search moves down the band, and a row it left is filled again if it comes back.
type cubicRows struct {
	prev  *Plane
	y0, n int // the plane rows cached, [y0, y0+n)
	ring  int // rows held at once, a power of two: row y in slot (y-y0) & (ring-1)
	gen   uint64
	stamp [3][]uint64 // per slot: gen<<32 | the row it holds
	// per phase, ring+mirror rows of prev.W (sample x at x; valid for 1 <= x < W-2): slot
	// ring+i repeats slot i for i < mirror, so that a block's rows lie at one stride even
	// where they wrap round the ring (sadCubicRows)
	pix    [3][]int32
	mirror int
	// okLo, okEnd: per phase, rows [okLo, okEnd) all held (checked by sadCubicRows, none
	// rebuilt since), so that a block's next match reading only those rows skips the
	// stamps' check; empty (the zero value) after reset and after any row of the phase is
	// rebuilt (which may evict another)
	okLo, okEnd [3]int
}

// cubicMirror is how many of the ring's first rows cubicRows repeats past its end: the 19
// rows a 16-row block reads at a vertical phase.
const cubicMirror = 19

// reset empties the cache and makes it serve rows [y0, y1) of prev, window rows (at least
// four) at once.
func (c *cubicRows) reset(prev *Plane, y0, y1, window int) {
	c.prev, c.y0, c.n = prev, y0, max(y1-y0, 0)
	c.ring = 4
	for c.ring < min(window, c.n) {
		c.ring *= 2
	}
	c.mirror = min(c.ring, cubicMirror)
	c.gen++
	c.okLo, c.okEnd = [3]int{}, [3]int{}
	for p := range c.pix {
		if cap(c.stamp[p]) < c.ring {
			c.stamp[p] = make([]uint64, c.ring)
		}
		c.stamp[p] = c.stamp[p][:c.ring]
		if n := (c.ring + c.mirror) * prev.W; cap(c.pix[p]) < n {
			c.pix[p] = make([]int32, n)
		} else {
			c.pix[p] = c.pix[p][:n]
		}
	}
}

// row returns plane row y (inside the cache) filtered across at phase fx. The row stays
// valid while the rows asked for since span fewer than the window.
func (c *cubicRows) row(fx, y int) []int32 {
	i := (y - c.y0) & (c.ring - 1)
	w := c.prev.W
	d := c.pix[fx-1][i*w : (i+1)*w]
	if key := c.gen<<32 | uint64(uint32(y)); c.stamp[fx-1][i] != key {
		c.stamp[fx-1][i] = key
		c.okLo[fx-1], c.okEnd[fx-1] = 0, 0
		t := &cubicTaps[fx]
		r := c.prev.Row(y)[PlanePad-1:]
		x := 1
		if n := (w - 3) &^ 7; haveSAD16 && n > 0 {
			cubicRowAVX2(&d[1], &r[1], n, t) // d[1:n+1], reading r[1:n+4]
			x += n
		}
		for ; x < w-2; x++ {
			q := r[x : x+4 : x+4] // one bounds check for the four taps
			d[x] = t[0]*q[0] + t[1]*q[1] + t[2]*q[2] + t[3]*q[3]
		}
		if i < c.mirror {
			copy(c.pix[fx-1][(c.ring+i)*w:(c.ring+i+1)*w], d)
		}
	}
	return d
}

// sad16 is sadBilinear's loop with the weights w (sadWhole's with {16, 0, 0, 0}) by
// sad16AVX2, for a block 16 samples wide (sad8AVX2: 8, the split field's blocks) whose rows,
// and the row below them that the bilinear filter reads, lie inside the plane without
// clamping; ok is false where it cannot run (no AVX2, another width, the plane's top or
// bottom), and the caller's loop does the work.
func (b *block) sad16(ix, iy int, w *[4]int32, limit int64) (s int64, ok bool) {
	p := b.prev
	n := b.x1 - b.x0
	if !haveSAD16 || n != 16 && n != 8 || b.y1 <= b.y0 || b.y0+iy < 0 || b.y1+iy > p.H-1 {
		return 0, false
	}
	col := b.x0 + ix + PlanePad
	first, last := (b.y0+iy)*p.Stride+col, (b.y1+iy)*p.Stride+col+n // the reads of prev
	src, srcLast := b.y0*b.w+b.x0, (b.y1-1)*b.w+b.x0+n-1            // and of cur
	if col < 0 || col+n+1 > p.Stride || last >= len(p.Pix) || src < 0 || srcLast >= len(b.cur) {
		return 0, false
	}
	if n == 8 {
		return sad8AVX2(&b.cur[src], b.w, &p.Pix[first], p.Stride, b.y1-b.y0, w, limit), true
	}
	return sadBil16(&b.cur[src], b.w, &p.Pix[first], p.Stride, b.y1-b.y0, w, limit), true
}
