package predict

// MaxLatticeDim is the most columns one lattice ties together (the three axes of a sensor).
const MaxLatticeDim = 3

// LatticeParams describe G columns whose values sit on a lattice: each row's values are
// o + B·k for an integer vector k (a sensor's raw ADC counts, say) and an offset o that
// drifts slowly. Calibrated sensors print such values in decimal with many digits, most of
// which a byte-level compressor must pay for; knowing B, the model codes the small integers k
// and a tiny rounding residual instead. B is found by the encoder (FindLattices) and written
// into the stream; everything the decoder does with it is integer arithmetic.
type LatticeParams struct {
	Col int                                 // first column
	G   int                                 // number of columns, 1..MaxLatticeDim
	FB  uint                                // fractional bits of B and Off
	B   [MaxLatticeDim][MaxLatticeDim]int64 // B[a][b]: component a of basis vector b, in 2^-FB column units
	Off [MaxLatticeDim]int64                // the initial offset per axis, in 2^-FB column units
}

// Valid reports whether p can be used: a sane size, and a basis whose diagonal dominates
// (so that Lattice.Solve converges).
func (p *LatticeParams) Valid() bool {
	if p.G < 1 || p.G > MaxLatticeDim || p.FB > 40 || p.Col < 0 {
		return false
	}
	for a := 0; a < p.G; a++ {
		d := p.B[a][a]
		if d <= 0 || d > 1<<61 {
			return false
		}
		// Rows diagonally dominant (each row in its column's units), so that the
		// Gauss–Seidel steps of Solve converge.
		var off uint64
		for b := 0; b < p.G; b++ {
			if b != a {
				off += absU(p.B[a][b])
			}
		}
		if off > uint64(d)/4 || p.Off[a] > 1<<62 || p.Off[a] < -1<<62 {
			return false
		}
	}
	return true
}

// Same reports whether p and q describe the same lattice (offsets aside).
func (p *LatticeParams) Same(q *LatticeParams) bool {
	return p.Col == q.Col && p.G == q.G && p.FB == q.FB && p.B == q.B
}

// Lattice is the state of one lattice while a stream is coded: the offsets, the last k and a
// predictor per coordinate.
type Lattice struct {
	LatticeParams
	fast, slow [MaxLatticeDim]Int128 // offset estimates: the last one, and a smoothed one
	errFast    [MaxLatticeDim]int64
	errSlow    [MaxLatticeDim]int64
	K          [MaxLatticeDim]int64 // the last coordinates
	Series     [MaxLatticeDim]Series
	started    bool
}

// NewLattice starts a lattice from its parameters.
func NewLattice(p LatticeParams) *Lattice {
	l := &Lattice{LatticeParams: p}
	for a := 0; a < p.G; a++ {
		l.fast[a] = I128(p.Off[a])
		l.slow[a] = l.fast[a]
	}
	return l
}

// offset returns the offset estimate that has predicted axis a best lately.
func (l *Lattice) offset(a int) Int128 {
	if l.errSlow[a] < l.errFast[a] {
		return l.slow[a]
	}
	return l.fast[a]
}

// Predict returns the predicted value of axis a for coordinates k, in 2^-FB column units.
func (l *Lattice) Predict(a int, k *[MaxLatticeDim]int64) Int128 {
	p := l.offset(a)
	for b := 0; b < l.G; b++ {
		p = p.Add(Mul64(l.B[a][b], k[b]))
	}
	return p
}

// Solve returns the coordinates whose prediction is nearest to the values x (column units):
// Gauss–Seidel steps from the last coordinates, exact integer arithmetic. Encoder only.
func (l *Lattice) Solve(x *[MaxLatticeDim]int64) [MaxLatticeDim]int64 {
	k := l.K
	for it := 0; it < 16; it++ {
		moved := false
		for a := 0; a < l.G; a++ {
			e := I128(x[a]).Shl(l.FB).Sub(l.Predict(a, &k))
			if d := e.DivRound(uint64(l.B[a][a]), 1<<62); d != 0 {
				k[a] = clampI64(k[a]+d, 1<<62)
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return k
}

// Observe learns the coded coordinates k and the row's values x (column units).
func (l *Lattice) Observe(k *[MaxLatticeDim]int64, x *[MaxLatticeDim]int64) {
	for a := 0; a < l.G; a++ {
		e := I128(x[a]).Shl(l.FB)
		for b := 0; b < l.G; b++ {
			e = e.Sub(Mul64(l.B[a][b], k[b]))
		}
		if l.started {
			ef := int64(absU(e.Sub(l.fast[a]).Shr(l.FB).Int64(1 << 40)))
			es := int64(absU(e.Sub(l.slow[a]).Shr(l.FB).Int64(1 << 40)))
			l.errFast[a] += (ef<<4 - l.errFast[a]) >> 4
			l.errSlow[a] += (es<<4 - l.errSlow[a]) >> 4
		}
		l.fast[a] = e
		if l.started {
			l.slow[a] = l.slow[a].Add(e.Sub(l.slow[a]).Shr(3))
		} else {
			l.slow[a] = e
		}
	}
	l.K = *k
	l.started = true
}
