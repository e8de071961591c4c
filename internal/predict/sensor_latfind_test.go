package predict

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// latticeColumns turns printed cells (one slice per column) into what FindLattices reads.
func latticeColumns(t *testing.T, cells [][]string) []LatticeColumn {
	t.Helper()
	cols := make([]LatticeColumn, len(cells))
	for c, col := range cells {
		nums := make([]vision.Number, len(col))
		ec := int32(math.MaxInt32)
		for i, s := range col {
			x, ok := vision.ParseNumber([]byte(s))
			if !ok {
				t.Fatalf("%q is not a number", s)
			}
			nums[i] = x
			ec = min(ec, x.Exp)
		}
		for _, x := range nums {
			v := int64(x.Digits * vision.Pow10(int(x.Exp-ec)))
			if x.Neg {
				v = -v
			}
			cols[c].X = append(cols[c].X, v)
			cols[c].Res = append(cols[c].Res, int8(x.Exp-ec))
		}
	}
	return cols
}

// TestFindLatticesCoupled: three columns printed from float32 values o + B·k with a coupled
// basis (as a calibrated accelerometer prints them) are found as one lattice with that basis.
func TestFindLatticesCoupled(t *testing.T) {
	B := [3][3]float64{{4.82e-4, 1.24e-6, 1.39e-6}, {3.6e-7, 4.85e-4, 3.0e-6}, {-3.7e-7, -2.9e-6, 4.87e-4}}
	o := [3]float64{1.3e-5, -7.7e-6, 2.1e-5}
	rng := rand.New(rand.NewPCG(1, 2))
	k := [3]int{0, -40, 2040}
	cells := make([][]string, 4)
	for r := 0; r < 3000; r++ {
		for a := range k {
			if r%500 < 250 {
				k[a] += rng.IntN(7) - 3 // at rest
			} else {
				k[a] += rng.IntN(301) - 150 // moving
			}
		}
		cells[0] = append(cells[0], strconv.FormatFloat(float64(r)*0.01+rng.Float64(), 'f', 3, 64)) // no lattice
		for a := 0; a < 3; a++ {
			v := o[a]
			for b := 0; b < 3; b++ {
				v += B[a][b] * float64(k[b])
			}
			cells[1+a] = append(cells[1+a], strconv.FormatFloat(float64(float32(v)), 'g', 7, 32))
		}
	}
	cols := latticeColumns(t, cells)
	got := FindLattices(cols, nil)
	if len(got) != 1 || got[0].Col != 1 || got[0].G != 3 {
		t.Fatalf("found %+v, want one lattice over columns 1..3", got)
	}
	p := got[0]
	for a := 0; a < 3; a++ {
		unit := math.Pow10(int(-minExp(t, cells[1+a])))
		for b := 0; b < 3; b++ {
			est := math.Ldexp(float64(p.B[a][b]), -int(p.FB)) / unit
			if d := math.Abs(est - B[a][b]); d > 2e-8 {
				t.Errorf("B[%d][%d] = %.4g, want %.4g", a, b, est, B[a][b])
			}
		}
	}
	if !p.Valid() {
		t.Fatal("the lattice is not valid")
	}
}

func minExp(t *testing.T, col []string) int32 {
	e := int32(math.MaxInt32)
	for _, s := range col {
		x, _ := vision.ParseNumber([]byte(s))
		e = min(e, x.Exp)
	}
	return e
}

// TestFindLatticesClock: a timestamp counting ticks of 2^-21 s with jitter, printed with 10
// significant digits, is found as a one-dimensional lattice of one tick.
func TestFindLatticesClock(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ticks := int64(0)
	var col []string
	for r := 0; r < 3000; r++ {
		col = append(col, strconv.FormatFloat(float64(ticks)/(1<<21), 'g', 10, 64))
		ticks += 21137 + int64(rng.IntN(3))
		if rng.IntN(50) == 0 {
			ticks -= 5284
		}
	}
	got := FindLattices(latticeColumns(t, [][]string{col}), nil)
	if len(got) != 1 || got[0].G != 1 {
		t.Fatalf("found %+v, want one lattice", got)
	}
	unit := math.Pow10(int(-minExp(t, col)))
	step := math.Ldexp(float64(got[0].B[0][0]), -int(got[0].FB)) / unit
	if tick := 1.0 / (1 << 21); math.Abs(step-tick) > 1e-4*tick {
		t.Fatalf("step %.6g s, want one tick, %.6g s", step, tick)
	}
}

// TestFindLatticesNone: values without a lattice (random decimals) give none.
func TestFindLatticesNone(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var col []string
	v := 0.0
	for r := 0; r < 3000; r++ {
		v += rng.NormFloat64()
		col = append(col, strconv.FormatFloat(v, 'f', 4, 64))
	}
	if got := FindLattices(latticeColumns(t, [][]string{col}), nil); len(got) != 0 {
		t.Fatalf("found %+v in random values", got)
	}
}

// TestLatticeSolve: the integer solver finds the coordinates the values were made from.
func TestLatticeSolve(t *testing.T) {
	p := LatticeParams{G: 2, FB: 20, B: [3][3]int64{{5000 << 20, 30 << 20}, {-20 << 20, 7000 << 20}}}
	if !p.Valid() {
		t.Fatal("invalid")
	}
	l := NewLattice(p)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 1000; i++ {
		k := [3]int64{rng.Int64N(2e6) - 1e6, rng.Int64N(2e6) - 1e6}
		var x [3]int64
		for a := 0; a < 2; a++ {
			x[a] = (p.B[a][0]*k[0]+p.B[a][1]*k[1])>>20 + rng.Int64N(100) - 50
		}
		if got := l.Solve(&x); got != k {
			t.Fatalf("Solve(%v) = %v, want %v", x, got, k)
		}
		l.Observe(&k, &x)
	}
}

func TestInt128(t *testing.T) {
	for _, c := range [][2]int64{{3, 4}, {-3, 4}, {1 << 62, 1 << 40}, {-(1 << 62), 1 << 40}, {math.MaxInt64, math.MinInt64}} {
		p := Mul64(c[0], c[1])
		back := p.Shr(40)
		if c[1] == 1<<40 && back.Int64(math.MaxInt64) != c[0] {
			t.Errorf("(%d·2^40)>>40 = %d", c[0], back.Int64(math.MaxInt64))
		}
		if p.Sign() != sign(c[0])*sign(c[1]) {
			t.Errorf("sign of %d·%d", c[0], c[1])
		}
	}
	if got := I128(-7).DivRound(2, 100); got != -4 {
		t.Errorf("-7/2 rounds to %d", got)
	}
	if got := I128(1000).Shl(60).DivRound(1<<60, 1<<62); got != 1000 {
		t.Errorf("1000·2^60/2^60 = %d", got)
	}
	// Quo against math/big, quotients past 64 bits and halves of both signs included;
	// DivRound is Quo clamped.
	for _, c := range []struct {
		a, b int64
		d    uint64
	}{{7, 1, 2}, {-7, 1, 2}, {math.MaxInt64, math.MaxInt64, 3}, {math.MinInt64 + 1, math.MaxInt64, 1000}, {1 << 62, 1 << 40, 1<<64 - 1}, {-5, 1 << 62, 1 << 61}, {12345, -678, 10}} {
		x := Mul64(c.a, c.b)
		want := new(big.Int).Mul(big.NewInt(c.a), big.NewInt(c.b))
		d := new(big.Int).SetUint64(c.d)
		half := new(big.Int).Rsh(d, 1)
		abs := new(big.Int).Abs(want)
		q := new(big.Int).Div(abs.Add(abs, half), d)
		if want.Sign() < 0 {
			q.Neg(q)
		}
		got := x.Quo(c.d)
		gotBig := new(big.Int).Lsh(big.NewInt(got.Hi), 64)
		gotBig.Add(gotBig, new(big.Int).SetUint64(got.Lo))
		if gotBig.Cmp(q) != 0 {
			t.Errorf("%d·%d / %d: Quo %v, want %v", c.a, c.b, c.d, gotBig, q)
		}
		limit := int64(1 << 40)
		wantClamped := q.Int64()
		if !q.IsInt64() || wantClamped > limit {
			wantClamped = limit
		}
		if q.Sign() < 0 && (!q.IsInt64() || wantClamped < -limit) {
			wantClamped = -limit
		}
		if got := x.DivRound(c.d, limit); got != wantClamped {
			t.Errorf("%d·%d / %d: DivRound %d, want %d", c.a, c.b, c.d, got, wantClamped)
		}
	}
}

func sign(v int64) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// TestSeriesCross: a series that is twice another plus noise is predicted through the
// cross-channel stage far better than from its own past.
func TestSeriesCross(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var a, b Series
	av := int64(0)
	var eb, n int64
	for i := 0; i < 20000; i++ {
		da := int64(rng.NormFloat64() * 1000)
		av += da
		bv := 2*av + int64(rng.NormFloat64()*50)
		a.Update(av - 0*a.Predict())
		pb := b.PredictCross(da)
		b.Update(bv)
		if i > 2000 {
			eb += max(bv-pb, pb-bv)
			n++
		}
	}
	// From its own past the error would be about |2·N(0,1000)| ≈ 1600.
	if eb/n > 400 {
		t.Fatalf("mean |error| %d", eb/n)
	}
}
