package predict

import (
	"fmt"
	"math/rand"
	"testing"
)

// TestSADKernels checks that each block-matching kernel (motion_sad.go) gives exactly the sum
// of predictRow's differences, for every kind of vector, blocks inside the plane and at its
// edges, 8- and 12-bit samples, without and with the cache of filtered rows (one that holds
// only part of the plane, so that blocks near its ends fall back, and one of another plane,
// which must go unused), and that an early stop returns at least the limit.
func TestSADKernels(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for _, depth := range []int{8, 12} {
		maxVal := int32(1)<<depth - 1
		const w, h = 53, 41
		prev, cur := sadTestPlanes(rnd, w, h, maxVal, 37, 23, 20, 15)
		var rows cubicRows
		rows.reset(prev, 5, h-7, 9) // a window smaller than the plane: rows are filled again
		var other cubicRows
		other.reset(NewPlane(w, h), 0, h, h)
		for _, bs := range []int{4, 8, 16} {
			buf := make([]int32, sadBufLen(bs))
			for y0 := 0; y0 < h; y0 += bs {
				for x0 := 0; x0 < w; x0 += bs {
					blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: min(x0+bs, w), y1: min(y0+bs, h), prev: prev, maxVal: maxVal, buf: buf}
					switch (x0 + y0) / bs % 3 {
					case 1:
						blk.rows = &rows
					case 2:
						blk.rows = &other // a cache of another plane: not to be used
					}
					for qy := -13; qy <= 13; qy++ {
						for qx := -13; qx <= 13; qx++ {
							for f := uint8(0); f < 2; f++ {
								v := MotionVector{X: int16(4*(qx/2) + qx%4), Y: int16(4*(qy/2) + qy%4), Filter: f}
								want := blk.sadRows(v, 1<<62)
								if got := blk.sad(v, 1<<62); got != want {
									t.Fatalf("depth %d block %d at (%d,%d) vector %+v: sad %d, want %d", depth, bs, x0, y0, v, got, want)
								}
								limit := want / 3
								if got := blk.sad(v, limit); got < limit && got != want {
									t.Fatalf("depth %d block %d at (%d,%d) vector %+v limit %d: sad %d, want at least the limit", depth, bs, x0, y0, v, limit, got)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestSAD16MatchesPortable holds the AVX2 kernels (sad16AVX2 and sad8AVX2 for whole-sample
// and bilinear vectors, sadCubic16AVX2, sadCubic8AVX2 and cubicRowAVX2 for cubic ones through
// the search's cache; 16- and 8-wide blocks) to the Go loops they stand for: the same sum, and under a limit the same partial
// sum at the same row, on 8- and 16-bit samples, at every block position and vector of a
// small plane (the blocks at its top and bottom, which the kernels leave to the loops,
// included). Each side fills a cache of its own; the AVX2 side's holds the whole plane or
// (window 20) a ring of 32 rows, whose blocks' rows wrap round it (read from its mirrored
// rows by sadCubicRows).
func TestSAD16MatchesPortable(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: sad16AVX2 never runs")
	}
	rnd := rand.New(rand.NewSource(2))
	for _, c := range []struct{ depth, window int }{{8, 58}, {16, 58}, {8, 20}, {16, 20}} {
		depth := c.depth
		maxVal := int32(1)<<depth - 1
		const w, h = 70, 58
		prev, cur := sadTestPlanes(rnd, w, h, maxVal, 41, 29, 10, 30)
		runs := 0
		var rowsGo, rowsAVX cubicRows
		rowsGo.reset(prev, 0, h, h)
		rowsAVX.reset(prev, 0, h, c.window)
		useGo := func(b *block) { b.rows = &rowsGo }
		useAVX := func(b *block) { b.rows = &rowsAVX }
		for _, bw := range []int{8, 16} {
			for y0 := 0; y0 < h; y0 += bw {
				for x0 := 0; x0+bw <= w; x0 += 9 {
					blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: x0 + bw, y1: min(y0+bw, h), prev: prev, maxVal: maxVal, buf: make([]int32, sadBufLen(bw))}
					for qy := -20; qy <= 20; qy++ {
						for qx := -20; qx <= 20; qx++ {
							for f := uint8(0); f < 2; f++ {
								v := MotionVector{X: int16(qx), Y: int16(qy), Filter: f}
								checkSADKernel(t, &blk, v, useGo, useAVX, func() string {
									return fmt.Sprintf("depth %d block at (%d,%d)", depth, x0, y0)
								})
								if _, ok := blk.sad16(int(v.X)>>2, int(v.Y)>>2, &[4]int32{16, 0, 0, 0}, 1); ok && bw == 8 {
									runs++
								}
							}
						}
					}
				}
			}
		}
		if runs == 0 {
			t.Fatal("the kernel never ran")
		}
	}
}

// TestPredictRowAVX2 holds predictRow with its AVX2 kernels (cubic8AVX2 and bilinearRowAVX2:
// the cubic and bilinear filters inside the rows, eight samples at a time) to predictRow
// without them: the same samples for
// every vector of each filter, blocks of 4 to 24 samples inside the plane and at its edges,
// on 8- and 16-bit samples.
func TestPredictRowAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: cubic8AVX2 never runs")
	}
	defer func() { haveSAD16 = true }()
	rnd := rand.New(rand.NewSource(3))
	for _, depth := range []int{8, 16} {
		maxVal := int32(1)<<depth - 1
		const w, h = 61, 23
		prev := NewPlane(w, h)
		for y := 0; y < h; y++ {
			row := make([]uint16, w)
			for x := range row {
				v := int32(x*53+y*31)%(maxVal+1) + rnd.Int31n(9) - 4
				if rnd.Intn(8) == 0 {
					v = maxVal * rnd.Int31n(2)
				}
				row[x] = uint16(clamp32(v, 0, maxVal))
			}
			prev.SetRow(y, row)
		}
		got, want := make([]int32, 24), make([]int32, 24)
		for _, bw := range []int{4, 8, 16, 24} {
			for x0 := 0; x0+bw <= w; x0 += 5 {
				for y := 0; y < h; y += 3 {
					for qy := -9; qy <= 9; qy++ {
						for qx := -9; qx <= 9; qx++ {
							for f := uint8(0); f < 2; f++ {
								haveSAD16 = false
								predictRow(want, prev, y, x0, x0+bw, qx, qy, f, maxVal)
								haveSAD16 = true
								predictRow(got, prev, y, x0, x0+bw, qx, qy, f, maxVal)
								for j := 0; j < bw; j++ {
									if got[j] != want[j] {
										t.Fatalf("depth %d block %d at (%d,%d) vector (%d,%d) filter %d: sample %d is %d, want %d", depth, bw, x0, y, qx, qy, f, j, got[j], want[j])
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestCommitErrAVX2 holds commitErrAVX2 to Commit's loop over the active sub-predictors:
// the same errors, running errors and best sub-predictor (ties to the first, none unless
// below the blend's), for random masks, values and states, with many ties.
func TestCommitErrAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: commitErrAVX2 never runs")
	}
	rnd := rand.New(rand.NewSource(4))
	for it := 0; it < 200000; it++ {
		var sub [subSlots]int32
		var ce [subSlots]int32
		spread := []int32{3, 300, 70000}[it%3]
		for k := range sub {
			sub[k] = rnd.Int31n(spread)
			ce[k] = rnd.Int31n(spread) << 3
			if rnd.Intn(4) == 0 {
				ce[k] = ce[0] // ties
			}
		}
		mask := rnd.Uint32() & (1<<numSub - 1)
		if it%5 == 0 {
			mask &= 1<<subP | 1<<subMED | 1<<subGW
		}
		v := rnd.Int31n(spread)
		bestErr := ce[numSub]
		if it%7 == 0 {
			bestErr = 1 << 30
		}
		// the loop, on copies
		wantEC, wantCE := [subSlots]uint16{}, ce
		want, be := -1, bestErr
		for mk := mask; mk != 0; mk &= mk - 1 {
			k := trailingZeros(mk)
			e := min32(abs32(v-sub[k]), 0xFFFF)
			wantEC[k] = uint16(e)
			wantCE[k] += (e<<4 - wantCE[k]) >> 5
			if c2 := wantCE[k] * 2; c2 < be {
				want = k
			}
			be = min(be, wantCE[k]*2)
		}
		var ec [subSlots]uint16
		got := commitErrAVX2(v, &sub, &ec, &ce, mask, bestErr)
		if got != want || ec != wantEC || ce != wantCE {
			t.Fatalf("v %d mask %#x: best %d, want %d\nec %v\nwant %v\nce %v\nwant %v", v, mask, got, want, ec, wantEC, ce, wantCE)
		}
	}
}

// TestBlendAVX2 holds blendAVX2 to blendSubs's loop over the active sub-predictors: the same
// sums of weights and weighted predictions, smallest local error and spread, for random
// masks, errors (small, and large enough to reach divTable's end), running errors and
// sub-predictions of 8 to 16 bits.
func TestBlendAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: blendAVX2 never runs")
	}
	rnd := rand.New(rand.NewSource(5))
	for it := 0; it < 200000; it++ {
		var en [4][subSlots]uint16
		var ce, sub [subSlots]int32
		maxVal := []int32{255, 1023, 65535}[it%3]
		big := []int32{4, 200, 70000}[it/3%3]
		for k := 0; k < subSlots; k++ {
			for j := range en {
				en[j][k] = uint16(rnd.Int31n(min(big, 65536)))
			}
			ce[k] = rnd.Int31n(big) << 4
			sub[k] = rnd.Int31n(maxVal + 1)
		}
		mask := rnd.Uint32()&(1<<numSub-1) | 1<<subMED
		if it%4 == 0 {
			mask &= 1<<subMED | 1<<subP | 1<<subGW
		}
		var sumW, sumWP uint64
		eMin, lo, hi := int32(1<<30), maxVal, int32(0)
		for mk := mask; mk != 0; mk &= mk - 1 {
			k := trailingZeros(mk)
			e := 2*uint32(en[0][k]) + 2*uint32(en[1][k]) + uint32(en[2][k]) + uint32(en[3][k]) + 1
			e += uint32(ce[k]*6) >> 4
			e = min(e, uint32(len(divTable))-1)
			eMin = min(eMin, int32(e))
			wgt := uint64(divTable[e])
			wgt = wgt*wgt>>16 + 1
			lo, hi = min(lo, sub[k]), max(hi, sub[k])
			sumW += wgt
			sumWP += wgt * uint64(sub[k])
		}
		gW, gWP, gMin, gLo, gHi := blendAVX2(&en[0], &en[1], &en[2], &en[3], &ce, &sub, mask, maxVal)
		if gW != sumW || gWP != sumWP || gMin != eMin || gLo != lo || gHi != hi {
			t.Fatalf("mask %#x: %d %d %d %d %d, want %d %d %d %d %d", mask, gW, gWP, gMin, gLo, gHi, sumW, sumWP, eMin, lo, hi)
		}
	}
}

// TestSpreadAVX2 holds spreadAVX2 to prepareResidual's loop over the active sub-predictors of
// a selected sample: the largest minus the smallest, from 0 and maxVal, for random masks
// (sparse ones too, and single slots in each group of eight) and sub-predictions of 8 to 16
// bits, the inactive slots holding anything.
func TestSpreadAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: spreadAVX2 never runs")
	}
	rnd := rand.New(rand.NewSource(7))
	for it := 0; it < 200000; it++ {
		maxVal := []int32{255, 1023, 65535}[it%3]
		var sub [subSlots]int32
		for k := range sub {
			sub[k] = rnd.Int31n(maxVal + 1)
		}
		mask := rnd.Uint32()
		switch it / 3 % 4 {
		case 1:
			mask &= rnd.Uint32() & rnd.Uint32()
		case 2:
			mask = 1 << rnd.Intn(32)
		case 3:
			mask &= 1<<numSub - 1
		}
		lo, hi := maxVal, int32(0)
		for mk := mask; mk != 0; mk &= mk - 1 {
			k := trailingZeros(mk)
			lo, hi = min(lo, sub[k]), max(hi, sub[k])
		}
		if got := spreadAVX2(&sub, mask, maxVal); got != hi-lo {
			t.Fatalf("mask %#x maxVal %d: %d, want %d", mask, maxVal, got, hi-lo)
		}
	}
}

// TestRefFlag holds refFlag (and refFlag0 where the widths are equal) to its definition, the AND of the reference plane's skip flags
// under the sample (1 where none lie in the row), for references of the plane's width and
// of twice it, one row and two, to the rows' ends and their padding.
func TestRefFlag(t *testing.T) {
	rnd := rand.New(rand.NewSource(8))
	for it := 0; it < 2000; it++ {
		sx, sy := uint(it%2), uint(it/2%2)
		w := 1 + rnd.Intn(20)
		rw := w<<sx + 2*PlanePad
		row := func() []uint8 {
			r := make([]uint8, rw)
			for i := PlanePad; i < rw-PlanePad; i++ {
				r[i] = uint8(rnd.Intn(4) / 3) // mostly 0, some 1
				if it%3 == 0 {
					r[i] = 1
				}
			}
			return r
		}
		m := &PlaneModel{refShift: [2]uint{sx, sy}}
		m.refSkip = row()
		m.refSkip2 = m.refSkip
		if sy == 1 {
			m.refSkip2 = row()
		}
		for x := 0; x < w; x++ {
			want := uint8(1)
			x0 := x<<sx + PlanePad
			for j := 0; j < 1<<sx && x0+j < rw; j++ {
				want &= m.refSkip[x0+j] & m.refSkip2[x0+j]
			}
			if got := m.refFlag(x); got != int(want) {
				t.Fatalf("shift %d,%d width %d x %d: %d, want %d", sx, sy, w, x, got, want)
			}
			if got := m.refFlag0(x); sx == 0 && got != int(want) {
				t.Fatalf("shift %d,%d width %d x %d: refFlag0 %d, want %d", sx, sy, w, x, got, want)
			}
		}
	}
}

// TestModelLoopsAVX2 holds a PlaneModel's own blendSubs and Commit with the AVX2 kernels to
// the same methods without them (their Go loops), on random states: the same prediction,
// smallest local error and spread, and after Commit the same errors, running errors and best
// sub-predictor. (TestBlendAVX2 and TestCommitErrAVX2 check the kernels against copies of
// the loops; this one against the loops the model runs where AVX2 is missing.)
func TestModelLoopsAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the kernels never run")
	}
	defer func() { haveSAD16 = true }()
	rnd := rand.New(rand.NewSource(6))
	cfg := DefaultVideoConfig()
	const w = 40
	newModel := func() *PlaneModel {
		m := NewPlaneModel(&cfg, NewPlaneState(w, 16), nil, 0, 0, 8)
		m.BeginBand(0, 16)
		m.BeginRow(0) // (no previous frame: Commit's temporal bookkeeping does not run)
		return m
	}
	a, b := newModel(), newModel()
	for it := 0; it < 20000; it++ {
		i := 1 + PlanePad + rnd.Intn(w-2)
		a.x, a.class, a.errCur = i-PlanePad, rnd.Intn(numClasses), rnd.Intn(2)
		a.errRow, a.errRowN = a.errRows[a.errCur], a.errRows[a.errCur^1] // as BeginRow sets them
		a.activeMask = rnd.Uint32()&(1<<numSub-1)&^(1<<subLMS) | 1<<subMED
		a.selected = rnd.Intn(3) == 0
		a.blend = rnd.Int31n(256)
		for k := 0; k < subSlots; k++ {
			a.sub[k] = rnd.Int31n(256)
			a.ctxErr[a.class][k] = rnd.Int31n(1 << uint(4+rnd.Intn(12)))
			for r := 0; r < 2; r++ {
				for d := -1; d <= 1; d++ {
					a.errRows[r][i+d][k] = uint16(rnd.Int31n(1 << uint(1+rnd.Intn(14))))
				}
			}
		}
		// (the entry at i holds a stale row's errors: BeginRow does not clear the row, and
		// Commit writes every lane, 0 for the inactive sub-predictors)
		// b: the same state
		b.x, b.class, b.errCur, b.activeMask, b.selected, b.blend, b.sub = a.x, a.class, a.errCur, a.activeMask, a.selected, a.blend, a.sub
		b.ctxErr = a.ctxErr
		b.errRow, b.errRowN = b.errRows[b.errCur], b.errRows[b.errCur^1]
		for r := 0; r < 2; r++ {
			copy(b.errRows[r], a.errRows[r])
		}
		haveSAD16 = false
		want := a.blendSubs(i)
		haveSAD16 = true
		got := b.blendSubs(i)
		if got != want || a.eMin != b.eMin || a.spread != b.spread {
			t.Fatalf("blendSubs: %d (eMin %d, spread %d), want %d (%d, %d)", got, b.eMin, b.spread, want, a.eMin, a.spread)
		}
		v := rnd.Int31n(256)
		haveSAD16 = false
		a.Commit(v)
		haveSAD16 = true
		b.Commit(v)
		if a.errRows[a.errCur][i] != b.errRows[b.errCur][i] || a.ctxErr != b.ctxErr || a.bestSub != b.bestSub {
			t.Fatalf("Commit(%d) with mask %#x: the states differ", v, a.activeMask)
		}
		for k := 0; k < subSlots; k++ {
			if a.activeMask&(1<<k) == 0 && a.errRows[a.errCur][i][k] != 0 {
				t.Fatalf("Commit(%d) with mask %#x: inactive sub-predictor %d's error %d, want 0", v, a.activeMask, k, a.errRows[a.errCur][i][k])
			}
		}
	}
}

// sadTestPlanes makes the block-matching tests' previous plane and current samples: smooth
// content (x*kx + y*ky) with noise and, one sample in extremeOneIn, an extreme value, so that
// the cubic filter overshoots and its clamp matters; the current samples are the previous
// ones plus noise within ±curNoise.
func sadTestPlanes(rnd *rand.Rand, w, h int, maxVal int32, kx, ky, extremeOneIn int, curNoise int32) (*Plane, []uint16) {
	prev := NewPlane(w, h)
	cur := make([]uint16, w*h)
	for y := 0; y < h; y++ {
		row := make([]uint16, w)
		for x := range row {
			v := int32(x*kx+y*ky)%(maxVal+1) + rnd.Int31n(9) - 4
			if rnd.Intn(extremeOneIn) == 0 {
				v = maxVal * rnd.Int31n(2)
			}
			row[x] = uint16(clamp32(v, 0, maxVal))
			cur[y*w+x] = uint16(clamp32(v+rnd.Int31n(2*curNoise+1)-curNoise, 0, maxVal))
		}
		prev.SetRow(y, row)
	}
	return prev, cur
}

// recurrenceAVX2 against updateRecurrence (held to its definition by
// TestUpdateRecurrenceMatchesDefinition): the same errors and the same first best frequency,
// on random differences of every scale, ties (errors that start equal, d1 and d2 small) and the
// extremes of 16-bit samples, errors that accumulate over long runs included.
func TestRecurrenceAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: recurrenceAVX2 never runs")
	}
	rnd := rand.New(rand.NewSource(5))
	for run := 0; run < 3000; run++ {
		var got, want [8]int32
		if run%3 == 0 {
			for k := range got {
				got[k] = rnd.Int31n(1 << 20)
				if rnd.Intn(3) == 0 {
					got[k] = got[0] // ties
				}
			}
			want = got
		}
		span := []int32{1, 2, 3, 40, 600, 65535}[run%6]
		for i := 0; i < 200; i++ {
			d := rnd.Int31n(2*span+1) - span
			d1 := rnd.Int31n(2*span+1) - span
			d2 := rnd.Int31n(2*span+1) - span
			if run%11 == 0 {
				ext := []int32{-65535, 65535, -1, 1}
				d, d1, d2 = ext[rnd.Intn(4)], ext[rnd.Intn(4)], ext[rnd.Intn(4)]
			}
			if d1 == 0 {
				continue
			}
			g, w := recurrenceAVX2(&got, d, d1, d2), updateRecurrence(&want, d, d1, d2)
			if g != w || got != want {
				t.Fatalf("run %d step %d (d %d, d1 %d, d2 %d): best %d errors %v, want %d %v", run, i, d, d1, d2, g, got, w, want)
			}
		}
	}
}

// TestSADGatheredOutside holds the gathered kernels (sadGathered, sadEdgeCubic16) to the Go
// loops for blocks whose reads lie partly or wholly outside the plane, on every side and
// beyond it by up to twice the block (vectors the search's range allows on small planes):
// the same sums, and under a limit the same partial sums.
func TestSADGatheredOutside(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the gathered kernels never run")
	}
	defer func() { haveSAD16 = true }()
	rnd := rand.New(rand.NewSource(3))
	const w, h = 40, 34
	maxVal := int32(1023)
	prev, cur := sadTestPlanes(rnd, w, h, maxVal, 31, 27, 10, 30)
	for _, bw := range []int{8, 16} {
		for _, pos := range [][2]int{{0, 0}, {w - bw, 0}, {0, h - bw}, {w - bw, h - bw}, {8, 8}} {
			x0, y0 := pos[0], pos[1]
			blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: x0 + bw, y1: y0 + bw, prev: prev, maxVal: maxVal, buf: make([]int32, sadBufLen(bw))}
			for qy := -4 * (2*bw + 8); qy <= 4*(2*bw+8); qy += 5 {
				for qx := -4 * (2*bw + 8); qx <= 4*(2*bw+8); qx += 3 {
					for f := uint8(0); f < 2; f++ {
						v := MotionVector{X: int16(qx), Y: int16(qy), Filter: f}
						haveSAD16 = false
						full := blk.sad(v, 1<<62)
						limits := [3]int64{1 << 62, full / 2, 1}
						var want [3]int64
						for i, l := range limits {
							want[i] = blk.sad(v, l)
						}
						haveSAD16 = true
						for i, l := range limits {
							if got := blk.sad(v, l); got != want[i] {
								t.Fatalf("block %d at (%d,%d) vector %+v limit %d: AVX2 %d, Go %d", bw, x0, y0, v, l, got, want[i])
							}
						}
					}
				}
			}
		}
	}
}

// checkSADKernel fails t where blk's SAD under v differs between the Go loops (haveSAD16
// false, after useGo(blk)) and the AVX2 kernels (haveSAD16 true, after useAVX(blk)), in the
// full sum or under a limit (half and a fifth of the full sum, and 1: the same partial sum at
// the same row). where names the case in the failure. It leaves haveSAD16 true.
func checkSADKernel(t *testing.T, blk *block, v MotionVector, useGo, useAVX func(*block), where func() string) {
	t.Helper()
	haveSAD16 = false
	useGo(blk)
	full := blk.sad(v, 1<<62)
	limits := [4]int64{1 << 62, full / 2, full / 5, 1}
	var want [4]int64
	for i, l := range limits {
		want[i] = blk.sad(v, l)
	}
	haveSAD16 = true
	useAVX(blk)
	for i, l := range limits {
		if got := blk.sad(v, l); got != want[i] {
			t.Fatalf("%s vector %+v limit %d: AVX2 %d, Go %d", where(), v, l, got, want[i])
		}
	}
}

// TestSADBil16 holds sadBil16's kernels with fewer products (sadW16AVX2, sad2T16AVX2) to
// sad16AVX2 under every bilinear weight set and the whole-sample one: the same sums and the
// same partial sums at the stop, on 8- and 16-bit samples (full scale and zero included),
// 1 to 17 rows, strides of the planes and of the gathered buffer (17), limits from 1 up.
func TestSADBil16(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: sadBil16 never runs")
	}
	rnd := rand.New(rand.NewSource(24))
	kinds := map[string]int{}
	for trial := 0; trial < 4000; trial++ {
		maxVal := int32(255)
		if trial%2 == 1 {
			maxVal = 65535
		}
		stride := 17 + rnd.Intn(40)
		if trial%5 == 0 {
			stride = 17
		}
		rows := 1 + rnd.Intn(17)
		fill := func(v []int32) {
			for i := range v {
				switch rnd.Intn(8) {
				case 0:
					v[i] = 0
				case 1:
					v[i] = maxVal
				default:
					v[i] = rnd.Int31n(maxVal + 1)
				}
			}
		}
		prev := make([]int32, (rows+1)*stride+1)
		fill(prev)
		const srcStride = 21
		src := make([]uint16, rows*srcStride)
		for i := range src {
			src[i] = uint16(rnd.Int31n(maxVal + 1))
		}
		fx, fy := rnd.Intn(4), rnd.Intn(4)
		w := [4]int32{int32((4 - fx) * (4 - fy)), int32(fx * (4 - fy)), int32((4 - fx) * fy), int32(fx * fy)}
		limits := []int64{1 << 62, 1, int64(rnd.Intn(16 * int(maxVal) * rows)), int64(rnd.Intn(16 * int(maxVal)))}
		for _, limit := range limits {
			want := sad16AVX2(&src[0], srcStride, &prev[0], stride, rows, &w, limit)
			got := sadBil16(&src[0], srcStride, &prev[0], stride, rows, &w, limit)
			if got != want {
				t.Fatalf("fx %d fy %d, %d rows, stride %d, maxVal %d, limit %d: %d, sad16AVX2 %d", fx, fy, rows, stride, maxVal, limit, got, want)
			}
		}
		switch {
		case fx == 0 && fy == 0:
			kinds["whole"]++
		case fx == 0 || fy == 0:
			kinds["two taps"]++
		}
	}
	if kinds["whole"] == 0 || kinds["two taps"] == 0 {
		t.Fatalf("kernels not reached: %v", kinds)
	}
}

// TestSADFast16 holds sad's direct path for a block 16 samples wide (setFast16: the
// whole-sample and bilinear kernels called at once) to sad without it (the same block with
// b.f16 nil: sadWhole and sadBilinear through sad16 and sadBil16, or the edge paths): the
// same sums and the same partial sums at the stop, every bilinear vector within ±3 samples
// and the whole-sample ones with the other filters, blocks at the columns and rows of a
// plane's edges (rows clamped at the top and bottom, columns leaving the plane) and inside,
// in planes a little wider and taller than their blocks and a larger one, 8 and 16 bits. It
// checks that the path runs for the vectors sad16 would take and for no other, and that a
// block whose prev changes without setFast16 does not take it. Without AVX2 the path must
// stay off.
func TestSADFast16(t *testing.T) {
	rnd := rand.New(rand.NewSource(27))
	fast := 0
	for _, c := range []struct {
		w, h, depth int
	}{{60, 50, 8}, {60, 50, 16}, {17, 19, 8}, {18, 17, 16}, {16, 16, 8}} {
		maxVal := int32(1)<<c.depth - 1
		prev, cur := sadTestPlanes(rnd, c.w, c.h, maxVal, 37, 23, 9, 20)
		other, _ := sadTestPlanes(rnd, c.w, c.h, maxVal, 11, 5, 9, 20)
		edges := func(n, last int) []int { // 0, 1, 2, a middle one, and last−2 .. last
			var s []int
			for _, v := range []int{0, 1, 2, n / 2, last - 2, last - 1, last} {
				if v >= 0 && v <= last && (len(s) == 0 || v > s[len(s)-1]) {
					s = append(s, v)
				}
			}
			return s
		}
		for _, y0 := range append(edges(c.h, c.h-16), c.h-5) {
			for _, x0 := range edges(c.w, c.w-16) {
				blk := block{cur: cur, w: c.w, x0: x0, y0: y0, x1: x0 + 16, y1: min(y0+16, c.h), prev: prev, maxVal: maxVal, buf: make([]int32, sadBufLen(16))}
				blk.setFast16()
				if !haveSAD16 && blk.f16 != nil {
					t.Fatal("the direct path is on without AVX2")
				}
				ref := blk
				ref.f16 = nil
				for qy := -13; qy <= 13; qy++ {
					for qx := -13; qx <= 13; qx++ {
						for f := uint8(0); f <= FilterH264; f++ {
							if f != FilterBilinear && (qx&3 != 0 || qy&3 != 0) {
								continue
							}
							v := MotionVector{X: int16(qx), Y: int16(qy), Filter: f}
							ix, iy := qx>>2, qy>>2
							direct := blk.f16 != nil && uint(ix-blk.ixLo) <= blk.ixN && uint(iy-blk.iyLo) <= blk.iyN
							if direct {
								fast++
								if _, ok := ref.sad16(ix, iy, &[4]int32{16, 0, 0, 0}, 1); !ok || x0+ix+17 > c.w {
									t.Fatalf("%dx%d block at (%d,%d) vector %+v: direct, but sad16 would not run", c.w, c.h, x0, y0, v)
								}
							} else if haveSAD16 && x0+ix >= 0 && x0+ix+17 <= c.w {
								if _, ok := ref.sad16(ix, iy, &[4]int32{16, 0, 0, 0}, 1); ok {
									t.Fatalf("%dx%d block at (%d,%d) vector %+v: sad16 would run, not direct", c.w, c.h, x0, y0, v)
								}
							}
							full := ref.sad(v, 1<<62)
							for _, l := range []int64{1 << 62, full, full / 2, 1} {
								if got, want := blk.sad(v, l), ref.sad(v, l); got != want {
									t.Fatalf("%dx%d depth %d block at (%d,%d) vector %+v limit %d: %d, want %d", c.w, c.h, c.depth, x0, y0, v, l, got, want)
								}
							}
							if direct && qx%3 == 0 {
								moved := blk
								moved.prev = other
								ref2 := moved
								ref2.f16 = nil
								if got, want := moved.sad(v, 1<<62), ref2.sad(v, 1<<62); got != want {
									t.Fatalf("block at (%d,%d) vector %+v on another plane: %d, want %d", x0, y0, v, got, want)
								}
							}
						}
					}
				}
			}
		}
	}
	if haveSAD16 && fast == 0 {
		t.Fatal("the direct path never ran")
	}
}

// TestCubicRowsHeld holds sadCubicRows on a cache kept across matches (whose rows' check
// sadCubicRows skips for rows it checked before, cubicRows.okLo/okEnd) to the same match on
// a cache emptied before each: random blocks 8 and 16 wide and tall, vectors of every phase
// across a plane taller than the ring, so that rows are evicted between matches and ranges
// checked before lie partly outside the ring, with rows filled by another reader between
// matches; 8 and 16 bits.
func TestCubicRowsHeld(t *testing.T) {
	rnd := rand.New(rand.NewSource(71))
	runs := 0
	for _, c := range []struct{ bs, window, depth int }{{8, 12, 8}, {16, 20, 16}, {8, 16, 16}} {
		maxVal := int32(1)<<c.depth - 1
		const w, h = 48, 90
		prev, cur := sadTestPlanes(rnd, w, h, maxVal, 31, 19, 7, 30)
		var held, fresh cubicRows
		held.reset(prev, 0, h, c.window)
		for trial := 0; trial < 4000; trial++ {
			x0 := rnd.Intn(w/c.bs) * c.bs
			y0 := rnd.Intn(h/c.bs) * c.bs
			// mostly near the last block, as the search moves
			if trial%5 != 0 {
				y0 = min(max(y0/4+h/3, 0), h-c.bs)
			}
			blk := block{cur: cur, w: w, x0: x0, y0: y0, x1: x0 + c.bs, y1: y0 + c.bs, prev: prev, maxVal: maxVal, buf: make([]int32, sadBufLen(c.bs))}
			ix, iy := rnd.Intn(9)-4, rnd.Intn(13)-6
			fx, fy := 1+rnd.Intn(3), rnd.Intn(4)
			if x0+ix-1 < 0 || x0+c.bs+ix+2 > w {
				continue
			}
			if trial%3 == 1 {
				// another reader of the cache (sadCubicCached) fills a row, which may evict
				// one sadCubicRows checked before
				held.row(fx, h/3+rnd.Intn(h/3))
			}
			blk.rows = &held
			got, ok := blk.sadCubicRows(ix, iy, fx, fy, 1<<62)
			fresh.reset(prev, 0, h, c.window)
			blk.rows = &fresh
			want, ok2 := blk.sadCubicRows(ix, iy, fx, fy, 1<<62)
			if ok != ok2 || got != want {
				t.Fatalf("block %d at (%d,%d) vector (%d+%d/4, %d+%d/4): %d %v, fresh cache %d %v", c.bs, x0, y0, ix, fx, iy, fy, got, ok, want, ok2)
			}
			if ok {
				runs++
			}
		}
	}
	if haveSAD16 && runs == 0 {
		t.Fatal("sadCubicRows never ran")
	}
}
