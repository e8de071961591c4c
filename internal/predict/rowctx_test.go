package predict

import (
	"math"
	"math/rand"
	"testing"
)

// rowCtxAVX2 against rowContextsGo: the four rows equal at every index, on random rows of
// 8- and 16-bit samples and residuals, rows of the extremes (all 0, all maxVal, 0 and maxVal
// alternating, where the differences reach ±maxVal and the clamps of clampD both ends), and
// any int32 (where abs32 and the sums wrap), widths 8 to 90; and nothing written outside
// the samples' indexes.
func TestRowCtxAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2: the kernel never runs")
	}
	rnd := rand.New(rand.NewSource(16))
	fill := func(r []int32, kind int, maxVal int32) {
		for i := range r {
			switch kind {
			case 0:
				r[i] = rnd.Int31n(maxVal + 1)
			case 1:
				r[i] = rnd.Int31n(2*maxVal+1) - maxVal // residuals
			case 2:
				r[i] = maxVal * int32((i+rnd.Intn(2))&1)
			case 3:
				r[i] = int32(rnd.Uint32())
			case 4:
				r[i] = [3]int32{math.MinInt32, math.MaxInt32, 0}[rnd.Intn(3)]
			case 5:
				r[i] = r[max(i-1, 0)] + rnd.Int31n(5) - 2 // small differences: clampD inside
			}
		}
	}
	for it := 0; it < 3000; it++ {
		w := 8 + rnd.Intn(83)
		k := w &^ 7
		s := w + 2*PlanePad
		maxVal := [2]int32{255, 65535}[rnd.Intn(2)]
		var in [6][]int32 // rn, rpn, rsn, rsp and two more of the same kind
		kind := rnd.Intn(6)
		for j := range in {
			in[j] = make([]int32, s)
			kk := kind
			if rnd.Intn(4) == 0 {
				kk = rnd.Intn(6)
			}
			fill(in[j], kk, maxVal)
		}
		if kind == 5 {
			copy(in[1], in[0]) // the previous frame close to the row above
			for i := range in[1] {
				in[1][i] += rnd.Int31n(7) - 3
			}
		}
		var want, got [4][]int32
		for j := range want {
			want[j], got[j] = make([]int32, s), make([]int32, s)
			for i := range want[j] {
				want[j][i] = int32(rnd.Uint32())
				got[j][i] = want[j][i]
			}
		}
		rowContextsGo(want[0], want[1], want[2], want[3], in[0], in[1], in[2], in[3], 0, k)
		rowCtxAVX2(&got[0][PlanePad], &got[1][PlanePad], &got[2][PlanePad], &got[3][PlanePad],
			&in[0][PlanePad], &in[1][PlanePad], &in[2][PlanePad], &in[3][PlanePad], k)
		for j := range want {
			for i := range want[j] {
				if got[j][i] != want[j][i] {
					t.Fatalf("it %d (w %d, kind %d): row %d at %d: %d, want %d", it, w, kind, j, i, got[j][i], want[j][i])
				}
			}
		}
	}
}

// rowContextsGo against the contexts' definitions as Predict and prepareResidual had them
// sample by sample, on random rows (8- and 10-bit samples, residuals of both signs).
func TestRowContextsDefinition(t *testing.T) {
	rnd := rand.New(rand.NewSource(17))
	for it := 0; it < 500; it++ {
		w := 1 + rnd.Intn(40)
		s := w + 2*PlanePad
		maxVal := [2]int32{255, 1023}[rnd.Intn(2)]
		rn, rpn, rsn, rsp := make([]int32, s), make([]int32, s), make([]int32, s), make([]int32, s)
		spread := 1 + rnd.Int31n(maxVal)
		for i := 0; i < s; i++ {
			rn[i] = rnd.Int31n(maxVal + 1)
			rpn[i] = clamp32(rn[i]+rnd.Int31n(2*spread+1)-spread, 0, maxVal)
			rsn[i] = rnd.Int31n(2*spread+1) - spread
			rsp[i] = rnd.Int31n(2*spread+1) - spread
		}
		rt, rc, ra, rg := make([]int32, s), make([]int32, s), make([]int32, s), make([]int32, s)
		rowContextsGo(rt, rc, ra, rg, rn, rpn, rsn, rsp, 0, w)
		for x := 0; x < w; x++ {
			i := x + PlanePad
			N, NW, NE := rn[i], rn[i-1], rn[i+1]
			dN, dNW, dNE := N-rpn[i], NW-rpn[i-1], NE-rpn[i+1]
			wt := abs32(dN) + abs32(dNW) + abs32(dNE)
			// skipCtx[1] = (((clampD(dW)·5 + clampD(dN))·5 + clampD(dNW))·5 + clampD(dNE))·4 + pc
			for cw := 0; cw < 5; cw++ {
				if got, want := (cw*125+int(rc[i]))*4+3, (((cw*5+clampD(dN))*5+clampD(dNW))*5+clampD(dNE))*4+3; got != want {
					t.Fatalf("skipCtx[1] at x %d: %d, want %d", x, got, want)
				}
			}
			rsW := rnd.Int31n(2*maxVal+1) - maxVal
			wa := 2*abs32(rsW) + 2*abs32(rsn[i]) + abs32(rsn[i-1]) + abs32(rsn[i+1]) + abs32(rsp[i])
			W := rnd.Int31n(maxVal + 1)
			wg := abs32(W-NW) + abs32(N-NW) + abs32(NE-N)
			if rt[i] != wt || 2*abs32(rsW)+ra[i] != wa || abs32(W-NW)+rg[i] != wg {
				t.Fatalf("x %d: t %d a %d g %d, want %d %d %d", x, rt[i], 2*abs32(rsW)+ra[i], abs32(W-NW)+rg[i], wt, wa, wg)
			}
		}
	}
}
