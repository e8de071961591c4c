package codec

import (
	"math/rand/v2"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
)

// bestWhole is rel14Search.best as it was before ssp7: every candidate summed over every row
// of the screen.
func (w *rel14Search) bestWhole(t int, rowBase func(int) int64) (colRel13, int64) {
	n := min(w.rows, rel14Screen)
	s := w.srcs(t)
	best, bestCost := colRel13{}, int64(1<<62)
	try := func(rc colRel13) {
		if c := w.cost(rc, n, rowBase); c < bestCost {
			best, bestCost = rc, c
		}
	}
	for _, a := range s {
		try(colRel13{col: t, kind: rel14Scale, a: a, b: -1, c: -1, d: -1})
	}
	X, R := w.lat[t].X[:n], w.lat[t].Res[:n]
	for i, a := range s {
		for _, b := range s[i:] {
			for _, c := range s {
				if c == a || c == b {
					continue
				}
				p, ok := w.prodOf(a, b, c, n)
				for di := -1; di < len(s); di++ {
					d := -1
					var D []int64
					var dR []int8
					if di >= 0 {
						d = s[di]
						D, dR = w.lat[d].X, w.lat[d].Res
					}
					var plus, minus int64
					for r, x := range X {
						if R[r] < 0 {
							continue
						}
						if !ok[r] || D != nil && dR[r] < 0 {
							plus += rowBase(r)
							minus += rowBase(r)
							continue
						}
						if D != nil {
							x -= D[r]
						}
						plus += rel13Bits(x - p[r])
						minus += rel13Bits(x + p[r])
					}
					if plus < bestCost {
						best, bestCost = colRel13{col: t, kind: rel14Prod, a: a, b: b, c: c, d: d}, plus
					}
					if minus < bestCost {
						best, bestCost = colRel13{col: t, kind: rel14Prod, a: a, b: b, c: c, d: d, neg: true}, minus
					}
				}
			}
		}
	}
	return best, bestCost
}

// TestRel14BestSameAsWhole: model 14's product search, which stops summing a candidate once
// both its signs have reached the best so far (ssp7), finds the candidate and estimate of the
// search that sums every row, on tables with exact products (a·b/c, ± a fourth column),
// near-products, noise, gaps and constant columns.
func TestRel14BestSameAsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 7))
	found := 0
	for k := range 200 {
		cols := 4 + rng.IntN(6)
		rows := 64 + rng.IntN(400)
		lat := make([]predict.LatticeColumn, cols)
		for c := range lat {
			lat[c].X, lat[c].Res = make([]int64, rows), make([]int8, rows)
		}
		for r := range rows {
			for c := range cols {
				switch {
				case c == 2 && k%5 == 0:
					lat[c].X[r] = 7 // a constant
				default:
					lat[c].X[r] = int64(1+rng.IntN(1000)) + int64(r*(c+1))
				}
				if rng.IntN(40) == 0 {
					lat[c].Res[r] = -1
				}
			}
			// The last column a product of three before it (exact, near, or with a fourth).
			a, b, c := lat[0].X[r], lat[1].X[r], lat[3].X[r]
			v := prod14(a, b, c)
			switch k % 4 {
			case 1:
				v += int64(rng.IntN(5)) - 2
			case 2:
				v = -v + lat[2].X[r]
			case 3:
				v = int64(rng.IntN(1 << 20))
			}
			lat[cols-1].X[r] = v
		}
		isNum := make([]bool, cols)
		pos := make([]int, cols)
		for c := range cols {
			isNum[c], pos[c] = true, c
		}
		w := newRel14Search(lat, isNum, pos, rows)
		for tc := 1; tc < cols; tc++ {
			X, R := lat[tc].X, lat[tc].Res
			rowBase := func(r int) int64 {
				if R[r] < 0 {
					return 0
				}
				return rel13BaseBits(X, R, r)
			}
			got, gc := w.fork().best(tc, rowBase)
			want, wc := w.fork().bestWhole(tc, rowBase)
			if got != want || gc != wc {
				t.Fatalf("table %d column %d: best %+v (%d), the whole search %+v (%d)", k, tc, got, gc, want, wc)
			}
			if want.kind == rel14Prod {
				found++
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d product candidates found", found)
	}
}
