package predict

// Decoder-side motion by template matching (VideoConfig.TMatch, "model.tmatch"). Both sides
// search, per 8-sample column of the first coded plane and per 4-row half of each 8x8 block
// row, the whole-sample vector whose displacement of the previous frame best matches the
// template: the two decoded rows above the half, from four samples left of the column to four
// right of it (16 samples where the plane allows). The candidates are the block's coded
// vector rounded to whole samples and the whole samples within tmRange of the start (the
// rounded coded vector in a block's upper half, the upper half's vector in its lower half);
// the best replaces the coded vector only where its SAD is lower than the rounded coded
// vector's by more than 1/8 per template sample. TM, the previous frame displaced by these
// vectors (P itself where the coded vector stays), is evidence only: the level of TM − P in
// the skip flag's third context and the sign of TM against the prediction in the residual's
// third context. Later planes take the first plane's vectors halved as the codec halves
// vectors (chromaVector). Everything here is integer and the same on both sides.

const (
	tmRange = 2 // the search window: ±tmRange whole samples around the start (sadTM12x5AVX2 takes 5)
	tmWide  = 2 // the template's reach left and right of the 8-sample column (12 samples)
)

// TMatchReach is how many rows, at most, the template search's vectors move from the coded
// vector rounded to whole samples: ±tmRange around the start, which is in a block's lower
// half the upper half's vector (the decoder's frames in flight bound a band's reads by it;
// the template's rows are the band's own).
const TMatchReach = 2 * tmRange

// tmVec is one column's vector of one half of a block row: whole samples, hit when it
// replaced the coded vector.
type tmVec struct {
	dx, dy int16
	hit    bool
}

// tmState is a plane model's template-matching state.
type tmState struct {
	on   bool
	cur  []int32 // TM at row y (padded): row, or P's row where no column has a vector
	row  []int32
	vecs []tmVec // the first plane's: per half of a block row of the band (from y0), per column
	any  []bool  // the first plane's: per half, whether a column has a vector
	cols int
	src  *PlaneModel // for a later plane, the first plane's model (SetTMSource)
}

// SetTMSource gives a later plane's model the first coded plane's, whose template-matching
// vectors it takes, halved (TMatch).
func (m *PlaneModel) SetTMSource(first *PlaneModel) { m.tm.src = first }

// tmBegin sets up template matching for the band [y0, y1) (BeginBand).
func (m *PlaneModel) tmBegin(y0, y1 int) {
	t := &m.tm
	t.on = m.cfg.TMatch && m.hasPrev && m.motion != nil && !m.bframe
	if !t.on {
		return
	}
	if m.ref != nil {
		// a later plane: the first plane's vectors (its band was coded before this one's)
		if t.src == nil || !t.src.tm.on {
			t.on = false
			return
		}
	} else {
		t.cols = (m.w + 7) / 8
		halves := (y1 - y0 + 3) / 4
		if cap(t.vecs) < halves*t.cols {
			t.vecs = make([]tmVec, halves*t.cols)
		}
		t.vecs = t.vecs[:halves*t.cols]
		if cap(t.any) < halves {
			t.any = make([]bool, halves)
		}
		t.any = t.any[:halves]
	}
	if cap(t.row) < m.stride {
		t.row = make([]int32, m.stride)
	}
	t.row = t.row[:m.stride]
}

// tmRow computes TM at row y (BeginRow, after m.rp).
func (m *PlaneModel) tmRow(y int) {
	t := &m.tm
	if m.ref != nil {
		m.tmRowLater(y)
		return
	}
	h := (y - m.y0) >> 2
	if (y-m.y0)&3 == 0 {
		m.tmSearch(y, h)
	}
	if !t.any[h] {
		t.cur = m.rp
		return
	}
	t.cur = t.row
	copy(t.row, m.rp)
	prev := m.st.Prev
	for bx, v := range t.vecs[h*t.cols : (h+1)*t.cols] {
		if v.hit {
			x0 := bx * 8
			predictRow(t.row[x0+PlanePad:], prev, y, x0, min(x0+8, m.w), int(v.dx)*4, int(v.dy)*4, FilterBilinear, m.maxVal)
		}
	}
}

// tmRowLater computes TM at row y of a later plane from the first plane's vectors.
func (m *PlaneModel) tmRowLater(y int) {
	t := &m.tm
	src := &t.src.tm
	sx, sy := m.motionShift[0], m.motionShift[1]
	fy := y << sy
	h := (fy - t.src.y0) >> 2
	h = clampInt(h, 0, len(src.vecs)/src.cols-1) // (every half of the first plane's band is searched)
	if !src.any[h] {
		t.cur = m.rp
		return
	}
	t.cur = t.row
	copy(t.row, m.rp)
	prev := m.st.Prev
	span := max(8>>sx, 1)
	for bx, v := range src.vecs[h*src.cols : (h+1)*src.cols] {
		x0 := bx * span
		if x0 >= m.w {
			break
		}
		if v.hit {
			qx, qy, _ := chromaVector(MotionVector{X: v.dx * 4, Y: v.dy * 4}, sx, sy)
			predictRow(t.row[x0+PlanePad:], prev, y, x0, min(x0+span, m.w), qx, qy, FilterBilinear, m.maxVal)
		}
	}
}

// tmSearch finds the vectors of half h of the band's block rows (four rows from the band's
// first), which starts at row y.
func (m *PlaneModel) tmSearch(y, h int) {
	t := &m.tm
	vs := t.vecs[h*t.cols : (h+1)*t.cols]
	upper := h&1 == 0
	if y-2 < m.y0 {
		// no decoded rows above in the band: the coded vectors
		clear(vs)
		t.any[h] = false
		return
	}
	any := false
	prev := m.st.Prev
	c0, c1 := m.st.Cur.Row(y-2), m.st.Cur.Row(y-1)
	for bx := range vs {
		x0 := bx * 8
		cv := m.motion.At(x0, y)
		cx, cy := (int(cv.X)+2)>>2, (int(cv.Y)+2)>>2
		sx, sy := cx, cy
		if !upper {
			if u := t.vecs[(h-1)*t.cols+bx]; u.hit {
				sx, sy = int(u.dx), int(u.dy)
			}
		}
		tx0, tx1 := max(x0-tmWide, 0), min(x0+8+tmWide, m.w)
		n := tx1 - tx0
		base := tmSAD(c0, c1, prev, y, tx0, n, cx, cy)
		if base == 0 {
			// no candidate can be lower
			vs[bx] = tmVec{}
			continue
		}
		best, bvx, bvy := int32(-1), 0, 0
		fast := n == 12 && haveSAD16 && tx0+sx-2 >= 0 && tx0+sx+2+n <= m.w
		var out [5]int32
		for vy := sy - tmRange; vy <= sy+tmRange; vy++ {
			if fast && y-2+vy >= 0 && y-1+vy < prev.H {
				// the five candidates of the row at once (the loop below's sums)
				a0, a1 := c0[tx0+PlanePad:], c1[tx0+PlanePad:]
				p0 := prev.Row(y - 2 + vy)[tx0+sx-2+PlanePad:]
				p1 := prev.Row(y - 1 + vy)[tx0+sx-2+PlanePad:]
				_, _ = p0[15], p1[15]
				sadTM12x5AVX2(&a0[0], &a1[0], &p0[0], &p1[0], &out)
				for k, s := range out {
					if best < 0 || s < best {
						best, bvx, bvy = s, sx-2+k, vy
					}
				}
				continue
			}
			for vx := sx - tmRange; vx <= sx+tmRange; vx++ {
				s := tmSAD(c0, c1, prev, y, tx0, n, vx, vy)
				if s >= 0 && (best < 0 || s < best) {
					best, bvx, bvy = s, vx, vy
				}
			}
		}
		v := tmVec{}
		if best >= 0 && (base < 0 || best < base) {
			v = tmVec{dx: int16(bvx), dy: int16(bvy), hit: true}
			any = true
		}
		vs[bx] = v
	}
	t.any[h] = any
}

// tmSAD is the SAD of the template (rows c0, c1 of the current frame, which are rows y−2 and
// y−1, n samples from tx0) against the previous frame displaced by (vx, vy) whole samples, or
// −1 where the displaced template leaves the plane.
func tmSAD(c0, c1 []int32, prev *Plane, y, tx0, n, vx, vy int) int32 {
	if y-2+vy < 0 || y-1+vy >= prev.H || tx0+vx < 0 || tx0+n+vx > prev.W {
		return -1
	}
	p0 := prev.Row(y - 2 + vy)[tx0+vx+PlanePad:]
	p1 := prev.Row(y - 1 + vy)[tx0+vx+PlanePad:]
	a0, a1 := c0[tx0+PlanePad:], c1[tx0+PlanePad:]
	return sadTMGo(a0[:n], a1[:n], p0[:n], p1[:n])
}

// sadTMGo is the sum of |a0 − p0| + |a1 − p1| over the rows' samples, in int32.
func sadTMGo(a0, a1, p0, p1 []int32) int32 {
	var s int32
	for i := range a0 {
		s += abs32(a0[i]-p0[i]) + abs32(a1[i]-p1[i])
	}
	return s
}

// tmLevel is the level of TM − P at sample index i: 0 equal, 1 within ±2, 2 farther.
func (m *PlaneModel) tmLevel(i int) int {
	return int(tmLevels[min(abs32(m.tm.cur[i]-m.P), 3)])
}

var tmLevels = [4]uint8{0, 1, 1, 2}
