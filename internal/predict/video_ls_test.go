package predict

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"
)

// TestLSKernels holds the least-squares kernels of ls_amd64.s to their Go loops: lsTaps4AVX2
// to d[x] += Σ k·r[x] in int32, lsNormalAVX2 and lsNormal32AVX2 (8-bit values) to lsNormal's
// int64 sums (records taken every other one).
func TestLSKernels(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2")
	}
	rnd := rand.New(rand.NewSource(1))
	const n = 72
	var r [4][]int32
	for i := range r {
		r[i] = make([]int32, n)
		for x := range r[i] {
			r[i][x] = rnd.Int31n(4096)
		}
	}
	k := [4]int32{-2046, 1023, -7, 13299}
	d := make([]int32, n)
	want := make([]int32, n)
	for x := range d {
		d[x] = rnd.Int31n(1<<20) - 1<<19
		want[x] = d[x] + k[0]*r[0][x] + k[1]*r[1][x] + k[2]*r[2][x] + k[3]*r[3][x]
	}
	lsTaps4AVX2(&d[0], &r[0][0], &r[1][0], &r[2][0], &r[3][0], n, &k)
	if !slices.Equal(d, want) {
		t.Fatal("lsTaps4AVX2 differs from its loop")
	}
	const cnt = 37
	buf := make([]int32, 2*cnt*lsRec)
	for i := range buf {
		buf[i] = rnd.Int31n(8191) - 4095
	}
	var got, exp [lsD + 1][lsD + 1]int64
	got[3][7], exp[3][7] = 5, 5 // the sums add to what is there
	lsNormalAVX2(&got, &buf[0], cnt, 2*lsRec)
	lsNormal(&exp, buf, cnt, 2*lsRec)
	if got != exp {
		t.Fatal("lsNormalAVX2 differs from lsNormal")
	}
	// in int32, with 8-bit values (as FitLS batches them)
	for i := range buf {
		buf[i] = rnd.Int31n(511) - 255
	}
	var got32 [lsD + 1][lsRec]int32
	exp = [lsD + 1][lsD + 1]int64{}
	lsNormal32AVX2(&got32, &buf[0], cnt, 2*lsRec)
	lsNormal(&exp, buf, cnt, 2*lsRec)
	for a := 0; a <= lsD; a++ {
		for b := a; b <= lsD; b++ {
			if int64(got32[a][b]) != exp[a][b] {
				t.Fatalf("lsNormal32AVX2 [%d][%d] = %d, lsNormal %d", a, b, got32[a][b], exp[a][b])
			}
		}
	}
}

// TestLSRowSums holds lsPredict (lsRowSums's sums at BeginRow plus c0·W + c9·WW) to the sum
// over lsRows.inputs that defines it, in a band with the warp and then one without it, for
// the three taps sets, 8- and 16-bit samples (int32 sums and int64 ones), with and without
// the AVX2 kernel.
func TestLSRowSums(t *testing.T) {
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	for _, avx := range []bool{false, true} {
		if avx && !haveSAD16 {
			continue
		}
		haveSAD16 = avx
		for _, depth := range []int{8, 16} {
			for set := 1; set <= 4; set++ {
				lsRowSumsCase(t, depth, set)
			}
		}
	}
}

func lsRowSumsCase(t *testing.T, depth, set int) {
	const w, h = 61, 48
	rnd := rand.New(rand.NewSource(int64(depth*10 + set)))
	maxVal := int32(1)<<depth - 1
	cfg := DefaultVideoConfig()
	cfg.GlobalWarp = true
	cfg.LSPred = set
	st := NewPlaneState(w, h)
	st.Prev, st.Cur = NewPlane(w, h), NewPlane(w, h)
	row := make([]uint16, w)
	for y := 0; y < h; y++ {
		for x := range row {
			row[x] = uint16(rnd.Int31n(maxVal + 1))
		}
		st.Prev.SetRow(y, row)
		for x := range row {
			row[x] = uint16(rnd.Int31n(maxVal + 1))
		}
		st.Cur.SetRow(y, row)
	}
	st.HasPrev = true
	f := NewMotionField(16, w, 0, h)
	for i := range f.V {
		f.V[i] = MotionVector{X: int16(i%5 - 2), Y: int16(i%3*4 - 3)}
	}
	blocks := make([]uint8, len(f.V))
	g := Warp{TX: 45, TY: -70, A: [4]int32{-300, 40, -40, -300}}
	m := NewPlaneModel(&cfg, st, nil, 0, 0, depth)
	n := LSTaps(set)
	c := make([]int32, n)
	for _, band := range [][2]int{{0, 24}, {24, 48}} {
		m.SetMotion(f, 0, 0)
		if band[0] == 0 {
			m.SetWarp(&g, blocks, w, h, 0, 0)
		} else {
			m.SetWarp(nil, nil, 0, 0, 0, 0)
		}
		m.BeginBand(band[0], band[1])
		if !m.LSActive() {
			t.Fatalf("depth %d set %d band %v: LS not active", depth, set, band)
		}
		for k := range c {
			c[k] = rnd.Int31n(2*LSCoefMax+1) - LSCoefMax
		}
		m.SetLS(c)
		rowOf := func(y int) []int32 {
			if y < band[0] {
				return m.zeroPix
			}
			return st.Cur.Row(y)
		}
		for y := band[0]; y < band[1]; y++ {
			m.BeginRow(y)
			r := m.lsRowsAt(y, rowOf)
			for x := 0; x < w; x++ {
				m.Predict(x)
				i := x + PlanePad
				var in [lsMaxTaps]int32
				P := r.inputs(&in, i)
				var s int64
				for k := 0; k < n; k++ {
					s += int64(c[k]) * int64(in[k])
				}
				want := clamp32(P+int32((s+LSScale/2)>>LSShift), 0, maxVal)
				if got := m.lsPredict(i); got != want {
					t.Fatalf("depth %d set %d row %d x %d (warp %v, int32 %v): %d, want %d", depth, set, y, x, m.hasGW, m.lsVec, got, want)
				}
			}
			if n >= 19 {
				lsRecordsMatchInputs(t, &r, w, n, fmt.Sprintf("depth %d set %d row %d (warp %v)", depth, set, y, m.hasGW))
			}
			m.EndRow()
		}
	}
}

// lsRecordsMatchInputs holds FitLS's records (lsRows.records, inputs's values with the rows'
// windows hoisted out of the loop) to lsRows.inputs at every column of both parities of a
// row with no static block: the first n values, zeros up to lsMaxTaps, then d, P and the
// sample; a column whose sample equals P writes no record.
func lsRecordsMatchInputs(t *testing.T, r *lsRows, w, n int, what string) {
	t.Helper()
	static := make([]bool, (w+7)/8)
	buf := make([]int32, (w/2+1)*lsRec)
	for x0 := 0; x0 < 2; x0++ {
		end := r.records(buf, 0, x0, w, static)
		k := 0
		for x := x0; x < w; x += 2 {
			i := x + PlanePad
			var in [lsMaxTaps]int32
			P := r.inputs(&in, i)
			v := r.rc[i]
			if v == P {
				continue
			}
			rec := buf[k : k+lsRec]
			k += lsRec
			for j := 0; j < lsMaxTaps; j++ {
				want := in[j]
				if j >= n {
					want = 0
				}
				if rec[j] != want {
					t.Fatalf("%s x %d: record value %d is %d, inputs gives %d", what, x, j, rec[j], want)
				}
			}
			if rec[lsD] != v-P || rec[lsD+1] != P || rec[lsD+2] != v {
				t.Fatalf("%s x %d: record's d, P, sample %d %d %d, want %d %d %d", what, x, rec[lsD], rec[lsD+1], rec[lsD+2], v-P, P, v)
			}
		}
		if end != k {
			t.Fatalf("%s x0 %d: records ends at %d, want %d", what, x0, end, k)
		}
	}
}

// TestLSDotAVX2 holds lsDotAVX2 (with AVX2) and lsDot to the sum: random coefficients and
// records, the extremes of int32 in both (sums that wrap int64 included), the padding slot
// of the coefficients 0 and the record's 24th value (v − P) anything.
func TestLSDotAVX2(t *testing.T) {
	rnd := rand.New(rand.NewSource(23))
	for trial := 0; trial < 20000; trial++ {
		var c [lsMaxTaps + 1]int32
		var x [lsRec]int32
		for k := range x {
			switch rnd.Intn(6) {
			case 0:
				x[k] = math.MaxInt32
			case 1:
				x[k] = math.MinInt32
			default:
				x[k] = rnd.Int31n(1<<(1+rnd.Intn(30))) - rnd.Int31n(1<<(1+rnd.Intn(30)))
			}
		}
		for k := 0; k < lsMaxTaps; k++ {
			switch rnd.Intn(8) {
			case 0:
				c[k] = math.MaxInt32
			case 1:
				c[k] = math.MinInt32
			case 2:
				c[k] = 0
			default:
				c[k] = rnd.Int31n(2*LSCoefMax+1) - LSCoefMax
			}
		}
		var want int64
		for k := 0; k < lsMaxTaps; k++ {
			want += int64(c[k]) * int64(x[k])
		}
		if got := lsDot(&c, &x); got != want {
			t.Fatalf("trial %d: lsDot %d, want %d", trial, got, want)
		}
		if haveSAD16 {
			if got := lsDotAVX2(&c, &x); got != want {
				t.Fatalf("trial %d: lsDotAVX2 %d, want %d (c %v x %v)", trial, got, want, c, x)
			}
		}
	}
}
