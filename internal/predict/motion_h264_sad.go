package predict

// The motion search's matching of H.264 vectors (FilterH264): H.264's half samples of the
// previous plane, b (across), h (down) and the centre j, worked out once per row of the
// plane the search reads (h264Halves, as x264 keeps them) instead of per vector tried, so
// that each quarter position is one of them or the rounded mean of two, as H.264 has it.
// The values are those h264LumaRow computes (the same clamped reads; TestH264HalvesSAD).

// h264Halves holds H.264's half samples of a plane, built row by row as the search asks.
type h264Halves struct {
	prev   *Plane
	w, h   int
	y0, y1 int // the rows held: [y0, y1) of the plane
	maxVal int32
	stamp  []uint8 // per row held: 1 b built, 2 h, 4 j
	// b, v, j are w*(y1-y0): b between (x, y) and (x+1, y), v between (x, y) and (x, y+1),
	// j their centre. Each is clamped to [0, maxVal] when built (h264Across, buildVJ), and
	// maxVal < 2^16 (the planes' samples are at most 16 bits), so uint16 holds them exactly:
	// half the memory of int32 (TestH264HalvesNarrow). Only the unrounded vertical sums
	// (hv, from −10·maxVal to 42·maxVal) need int32, one row of them.
	b, v, j []uint16
	hv      []int32 // a row's unrounded vertical sums h1, w of them
}

// reset forgets the rows built and makes the halves those of prev, every row.
func (c *h264Halves) reset(prev *Plane, maxVal int32) { c.resetRows(prev, maxVal, 0, prev.H) }

// resetRows forgets the rows built and makes the halves those of prev's rows [y0, y1)
// (clamped to the plane): a band's search keeps only the rows its vectors can read. A block
// whose reads leave them is matched as one leaving the plane (sadH264's ok false: the same
// values through predictRow).
func (c *h264Halves) resetRows(prev *Plane, maxVal int32, y0, y1 int) {
	y0, y1 = max(y0, 0), min(y1, prev.H)
	y1 = max(y1, y0)
	c.prev, c.maxVal = prev, maxVal
	if c.w != prev.W || c.h != prev.H || c.y0 != y0 || c.y1 != y1 {
		c.w, c.h, c.y0, c.y1 = prev.W, prev.H, y0, y1
		n := c.w * (y1 - y0)
		if cap(c.b) < n {
			c.b, c.v, c.j = make([]uint16, n), make([]uint16, n), make([]uint16, n)
		}
		c.b, c.v, c.j = c.b[:n], c.v[:n], c.j[:n]
		if cap(c.stamp) < y1-y0 {
			c.stamp = make([]uint8, y1-y0)
		}
		c.stamp = c.stamp[:y1-y0]
		if cap(c.hv) < c.w {
			c.hv = make([]int32, c.w)
		}
		c.hv = c.hv[:c.w]
	}
	clear(c.stamp)
}

// ensure builds the rows [y0, y1) (within the plane) of the planes the quarter position
// pos reads where they are not built yet: b's rows, or h's and j's (which share the
// vertical sums), only those it needs.
func (c *h264Halves) ensure(y0, y1, pos int) {
	needB, needV, needJ := false, false, false
	for _, s := range h264Pos[pos] {
		switch s.plane {
		case 1:
			needB = true
		case 2:
			needV = true
		case 3:
			needJ = true
		}
	}
	for y := max(y0, c.y0); y < min(y1, c.y1); y++ {
		st := &c.stamp[y-c.y0]
		if needB && *st&1 == 0 {
			c.buildB(y)
			*st |= 1
		}
		if needJ && *st&4 == 0 {
			c.buildVJ(y, true)
			*st |= 6
		} else if needV && *st&2 == 0 {
			c.buildVJ(y, false)
			*st |= 2
		}
	}
}

// buildB works out row y of b.
func (c *h264Halves) buildB(y int) {
	w, mv := c.w, c.maxVal
	r := c.prev.Row(y)[PlanePad:][:w]
	h264Across(c.b[(y-c.y0)*w:][:w], r, 16, 5, mv)
}

// h264Across writes into d the 6-tap sums of r across, (s + round) >> shift clipped to
// [0, mv] (mv ≤ 65535, stored as uint16), each between r[x] and r[x+1] (reads past the ends
// take the end sample).
func h264Across(d []uint16, r []int32, round int32, shift uint, mv int32) {
	w := len(r)
	d = d[:w]
	cl := func(x int) int { return clampInt(x, 0, w-1) }
	edge := func(x int) {
		s := tap6(r[cl(x-2)], r[cl(x-1)], r[x], r[cl(x+1)], r[cl(x+2)], r[cl(x+3)])
		d[x] = uint16(min(max((s+round)>>shift, 0), mv))
	}
	if w < 6 {
		for x := range d {
			edge(x)
		}
		return
	}
	edge(0)
	edge(1)
	// the inside: d[x] for x in [2, w-3) from r[x-2 .. x+3]
	n := w - 5
	r0, r1, r2, r3, r4, r5 := r[0:n], r[1:n+1], r[2:n+2], r[3:n+3], r[4:n+4], r[5:n+5]
	dd := d[2 : n+2]
	i0 := 0
	if k := n &^ 7; haveSAD16 && k > 0 {
		h264Tap6AVX2(&dd[0], &r0[0], k, round, shift, mv) // dd[:k], reading r0[:k+5]
		i0 = k
	}
	for i := i0; i < len(dd); i++ {
		s := r0[i] + r5[i] - 5*(r1[i]+r4[i]) + 20*(r2[i]+r3[i])
		dd[i] = uint16(min(max((s+round)>>shift, 0), mv))
	}
	edge(w - 3)
	edge(w - 2)
	edge(w - 1)
}

// buildVJ works out row y of h and, with j, of j.
func (c *h264Halves) buildVJ(y int, j bool) {
	w, h, mv := c.w, c.h, c.maxVal
	var rows [6][]int32
	for k := range rows {
		rows[k] = c.prev.Row(clampInt(y-2+k, 0, h-1))[PlanePad:][:w]
	}
	hv := c.hv[:w]
	v := c.v[(y-c.y0)*w:][:len(hv)]
	r0, r1, r2, r3, r4, r5 := rows[0][:len(hv)], rows[1][:len(hv)], rows[2][:len(hv)], rows[3][:len(hv)], rows[4][:len(hv)], rows[5][:len(hv)]
	x0 := 0
	if k := len(hv) &^ 7; haveSAD16 && k > 0 {
		h264DownAVX2(&hv[0], &v[0], &r0[0], &r1[0], &r2[0], &r3[0], &r4[0], &r5[0], k, mv)
		x0 = k
	}
	for x := x0; x < len(hv); x++ {
		s := r0[x] + r5[x] - 5*(r1[x]+r4[x]) + 20*(r2[x]+r3[x])
		hv[x] = s
		v[x] = uint16(min(max((s+16)>>5, 0), mv))
	}
	if j {
		h264Across(c.j[(y-c.y0)*w:][:w], hv, 512, 10, mv)
	}
}

// h264Src names one of the planes a quarter position reads and its offset from the
// integer sample: plane 0 the samples, 1 b, 2 h, 3 j.
type h264Src struct{ plane, dx, dy int8 }

// h264Pos is, per quarter position (fy<<2 | fx), the two sources whose rounded mean it is
// (the same one twice for an integer or half sample).
var h264Pos = [16][2]h264Src{
	{{0, 0, 0}, {0, 0, 0}}, // G
	{{0, 0, 0}, {1, 0, 0}}, // a
	{{1, 0, 0}, {1, 0, 0}}, // b
	{{0, 1, 0}, {1, 0, 0}}, // c
	{{0, 0, 0}, {2, 0, 0}}, // d
	{{1, 0, 0}, {2, 0, 0}}, // e
	{{1, 0, 0}, {3, 0, 0}}, // f
	{{1, 0, 0}, {2, 1, 0}}, // g
	{{2, 0, 0}, {2, 0, 0}}, // h
	{{2, 0, 0}, {3, 0, 0}}, // i
	{{3, 0, 0}, {3, 0, 0}}, // j
	{{3, 0, 0}, {2, 1, 0}}, // k
	{{0, 0, 1}, {2, 0, 0}}, // n
	{{2, 0, 0}, {1, 0, 1}}, // p
	{{3, 0, 0}, {1, 0, 1}}, // q
	{{2, 1, 0}, {1, 0, 1}}, // r
}

// row returns the integer samples' row y from column x (within the plane), n of them.
func (c *h264Halves) row(s h264Src, x, y, n int) []int32 {
	x, y = x+int(s.dx), y+int(s.dy)
	return c.prev.Row(y)[x+PlanePad:][:n]
}

// half returns the half samples' (s.plane 1, 2 or 3) row y from column x, n of them.
func (c *h264Halves) half(s h264Src, x, y, n int) []uint16 {
	x, y = x+int(s.dx), y+int(s.dy)
	switch s.plane {
	case 1:
		return c.b[(y-c.y0)*c.w+x:][:n]
	case 2:
		return c.v[(y-c.y0)*c.w+x:][:n]
	}
	return c.j[(y-c.y0)*c.w+x:][:n]
}

// sadH264 is sad for an H.264 vector through the search's halves, or ok false where the
// block's reads (the integer samples and the one right and below) leave the plane.
func (b *block) sadH264(ix, iy, fx, fy int, limit int64) (s int64, ok bool) {
	c := b.h264
	if c == nil || b.x0+ix < 0 || b.x1+ix >= c.w || b.y0+iy < c.y0 || b.y1+iy >= c.y1 {
		return 0, false
	}
	c.ensure(b.y0+iy, b.y1+iy+1, fy<<2|fx)
	n := b.x1 - b.x0
	p := &h264Pos[fy<<2|fx]
	// The same sums in the same order whichever planes the position reads (the integer
	// samples are int32, the halves uint16; h264Pos puts the integer samples first).
	if haveSAD16 && n == 16 && b.y1 > b.y0 && p[1].plane != 0 {
		// All the rows by one kernel call: the first row's slices, and the last's checked.
		// (Only the integer position reads two integer rows, and sad matches it by sadWhole.)
		ya, yl := b.y0+iy, b.y1-1+iy
		src := &b.cur[b.y0*b.w+b.x0]
		_ = b.cur[(b.y1-1)*b.w+b.x0+n-1]
		rows := b.y1 - b.y0
		s2 := c.half(p[1], b.x0+ix, ya, n)
		_ = c.half(p[1], b.x0+ix, yl, n)
		if p[0].plane != 0 {
			s1 := c.half(p[0], b.x0+ix, ya, n)
			_ = c.half(p[0], b.x0+ix, yl, n)
			return sadAvg16UUAVX2(src, b.w, &s1[0], c.w, &s2[0], c.w, rows, limit), true
		}
		s1 := c.row(p[0], b.x0+ix, ya, n)
		_ = c.row(p[0], b.x0+ix, yl, n)
		return sadAvg16IUAVX2(src, b.w, &s1[0], c.prev.Stride, &s2[0], c.w, rows, limit), true
	}
	for y := b.y0; y < b.y1; y++ {
		src := b.cur[y*b.w+b.x0:][:n]
		var acc int32
		switch {
		case p[0].plane != 0:
			s1 := c.half(p[0], b.x0+ix, y+iy, n)
			s2 := c.half(p[1], b.x0+ix, y+iy, n)
			for x, v := range src {
				acc += abs32(int32(v) - (int32(s1[x])+int32(s2[x])+1)>>1)
			}
		case p[1].plane != 0:
			s1 := c.row(p[0], b.x0+ix, y+iy, n)
			s2 := c.half(p[1], b.x0+ix, y+iy, n)
			for x, v := range src {
				acc += abs32(int32(v) - (s1[x]+int32(s2[x])+1)>>1)
			}
		default:
			s1 := c.row(p[0], b.x0+ix, y+iy, n)
			s2 := c.row(p[1], b.x0+ix, y+iy, n)
			for x, v := range src {
				acc += abs32(int32(v) - (s1[x]+s2[x]+1)>>1)
			}
		}
		s += int64(acc)
		if s >= limit {
			return s, true
		}
	}
	return s, true
}

// sadH264Edge is sadRows for an H.264 vector (ix, iy, phase fx, fy) of a block at most 16
// samples wide and 16 rows tall whose reads leave the search's halves (the plane's edges,
// or the band's rows): the samples the block reads, rows and columns clamped to the plane
// as h264LumaChunk clamps them, gathered once for the block instead of six rows for each
// row, and each window row's 6-tap sums across worked out once instead of for each row and
// sample that reads them; each sample then as h264LumaChunk has it (the same int32
// operations on the same samples: TestSADH264Edge), the rows' sums added in order with the
// same stop at limit. ok is false for a larger block.
// h264EdgeMost is the widest and tallest block sadH264Edge takes (its windows on the stack).
const h264EdgeMost = 16

func (b *block) sadH264Edge(ix, iy, fx, fy int, limit int64) (s int64, ok bool) {
	const most = h264EdgeMost
	n, rows := b.x1-b.x0, b.y1-b.y0
	if n <= 0 || n > most || rows <= 0 || rows > most {
		return 0, false
	}
	p := b.prev
	h := p.H
	// win[r][t]: the sample of row y0+iy−2+r, column x0+ix−2+t, clamped (h264LumaChunk's
	// window of output row k is win[k:k+6])
	var win [most + 5][most + 5]int32
	c0 := b.x0 + ix - 2
	for r := 0; r < rows+5; r++ {
		b.gatherRow(win[r][:n+5], clampInt(b.y0+iy-2+r, 0, h-1), c0)
	}
	// across[r][j]: b1 across window row r between output columns j and j+1 (unrounded),
	// for the rows h264LumaPhase reads at this phase
	var across [most + 5][most]int32
	if blo, bhi := h264AcrossRows(fx, fy); blo <= bhi {
		for r := 0; r < rows+5; r++ {
			h264AcrossRow(across[r][:n], &win[r])
		}
	}
	var pr [most]int32
	for k := 0; k < rows; k++ {
		d := pr[:n]
		h264LumaPhase(d, win[k:k+6], across[k:k+6], fx, fy, b.maxVal)
		y := b.y0 + k
		src := b.cur[y*b.w+b.x0:][:n]
		var acc int32
		for x, c := range src {
			acc += abs32(int32(c) - d[x])
		}
		s += int64(acc)
		if s >= limit {
			return s, true
		}
	}
	return s, true
}
