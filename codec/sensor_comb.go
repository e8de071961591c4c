package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/vidlm/vidlm/internal/predict"
)

// Sensor model 10: a column predicted from other columns of its row (issue 12, `comb10`).
//
// A block head may name relations: a target field and a formula over fields coded before it
// in the row (in the block's coding order). The formula's value, computed from the row's
// numbers in their columns' units with integer arithmetic only, is one more predictor of
// the target column's Series, chosen like the others where it has erred least lately. The
// encoder finds the relations on a sample of the block's rows (findRelations); the decoder
// only evaluates them. Three kinds:
//
//   - relLinear: Σ w_i·x_i (w in 2^-16, rounded) + bias; up to relMaxSrc sources. A total
//     and its parts, a band 2·mean − upper, an illuminance near-proportional to irradiances.
//   - relRatio: x_a ± round(x_b·x_c / x_d) (x_a optional): a diffuse irradiance that is the
//     global minus the direct times the cosine of the zenith, itself a ratio of two columns.
//   - relNorm: ±sqrt(1 − Σ x_i²) over three sources, the sign of the column's last value:
//     the last component of a unit quaternion. It is computed in the finest unit U of the
//     four columns (each source scaled up to it exactly, 1 = 10^−U) and rounded to the
//     target's unit.

const (
	relLinear = 0
	relRatio  = 1
	relNorm   = 2

	relMaxSrc = 4
	// relWeightLimit bounds a linear weight (2^-16 units) and relValueLimit the values a
	// relation reads (they are clamped to it), so that sums of products stay in 128 bits
	// and every weight in a varint of a few bytes.
	relWeightLimit = 1 << 40
	relValueLimit  = 1 << 62
	relBiasLimit   = 1 << 61
	relMaxNormExp  = 18
	// relMaxCount bounds the relations of a block.
	relMaxCount = 256
)

// colRel is one relation of a block head.
type colRel struct {
	col  int   // the target field
	kind uint8 // relLinear, relRatio, relNorm
	n    int   // sources
	src  [relMaxSrc]int
	// relLinear: weights in 2^-16 and the bias in target units. relRatio: w[0] the sign of
	// the ratio term (±1) and n 3 or 4: with 4, src[0] is x_a and src[1:] are b, c, d.
	w    [relMaxSrc]int64
	bias int64
	// relNorm, from the block's column units: the powers of ten that scale each source up
	// to the unit U, 10^−U, and the power of ten the result is divided by.
	up   [relMaxSrc]int
	unit int
	down int
}

// prepareNorm sets a relNorm's scales from the block's column units; false if they are out
// of range (a unit finer than 10^-18 or coarser than 1).
func (r *colRel) prepareNorm(ec []int32) bool {
	u := ec[r.col]
	for k := 0; k < r.n; k++ {
		u = min(u, ec[r.src[k]])
	}
	if u < -relMaxNormExp || ec[r.col] > 0 {
		return false
	}
	for k := 0; k < r.n; k++ {
		if ec[r.src[k]] > 0 {
			return false
		}
		r.up[k] = int(ec[r.src[k]] - u)
	}
	r.unit, r.down = int(-u), int(ec[r.col]-u)
	return true
}

// appendRels appends a block head's relations (model 10; at least one, the coding order's
// length said that they follow).
func appendRels(b []byte, rels []colRel) []byte {
	b = binary.AppendUvarint(b, uint64(len(rels)))
	for _, r := range rels {
		b = binary.AppendUvarint(b, uint64(r.col))
		b = binary.AppendUvarint(b, uint64(r.kind))
		b = binary.AppendUvarint(b, uint64(r.n))
		for i := 0; i < r.n; i++ {
			b = binary.AppendUvarint(b, uint64(r.src[i]))
		}
		switch r.kind {
		case relLinear:
			for i := 0; i < r.n; i++ {
				b = binary.AppendUvarint(b, zigzag(r.w[i]))
			}
			b = binary.AppendUvarint(b, zigzag(r.bias))
		case relRatio:
			b = binary.AppendUvarint(b, zigzag(r.w[0]))
		}
	}
	return b
}

// parseRels reads a block head's relations: every source coded before its target under the
// block's coding order, at most one relation a target, targets increasing.
func parseRels(f *fieldReader, n int, order []int, ec []int32) ([]colRel, error) {
	cnt := f.count(relMaxCount, "relation count")
	var rels []colRel
	last := -1
	if cnt == 0 || n < 2 {
		return nil, fmt.Errorf("%d relations in a block of %d columns", cnt, n)
	}
	for i := 0; i < cnt && f.err == nil; i++ {
		var r colRel
		r.col = f.count(uint64(n-1), "relation column")
		kind := f.count(relNorm, "relation kind")
		r.kind = uint8(kind)
		r.n = f.count(relMaxSrc, "relation sources")
		for k := 0; k < r.n && f.err == nil; k++ {
			r.src[k] = f.count(uint64(n-1), "relation source")
		}
		switch r.kind {
		case relLinear:
			for k := 0; k < r.n; k++ {
				r.w[k] = unzigzag(f.uvarint())
			}
			r.bias = unzigzag(f.uvarint())
		case relRatio:
			r.w[0] = unzigzag(f.uvarint())
		}
		if f.err != nil {
			break
		}
		ok := r.col > last && r.col < n && r.col < predict.MaxSensorColumns-1 && r.n >= 1
		switch r.kind {
		case relLinear:
			for k := 0; k < r.n; k++ {
				ok = ok && r.w[k] >= -relWeightLimit && r.w[k] <= relWeightLimit
			}
			ok = ok && r.bias >= -relBiasLimit && r.bias <= relBiasLimit
		case relRatio:
			ok = ok && (r.n == 3 || r.n == 4) && (r.w[0] == 1 || r.w[0] == -1)
		case relNorm:
			ok = ok && r.n == 3 && r.prepareNorm(ec)
		}
		for k := 0; k < r.n; k++ {
			ok = ok && codedBefore(order, r.src[k], r.col)
		}
		if !ok {
			return nil, fmt.Errorf("relation %d invalid", i)
		}
		last = r.col
		rels = append(rels, r)
	}
	return rels, f.err
}

// codedBefore reports whether field a is coded before field b in a row under coding order
// order (model 5: the order's fields first, then the rest in field order).
func codedBefore(order []int, a, b int) bool {
	return fieldPos(order, a) < fieldPos(order, b)
}

func fieldPos(order []int, f int) int {
	if f < len(order) {
		return slices.Index(order, f)
	}
	return f
}

// relValue evaluates relation r on the row's cells; ok is false when a source is not a
// number in this row. last is the target column's last value (relNorm's sign).
func relValue(r *colRel, cells []sensorCell, last int64) (int64, bool) {
	var x [relMaxSrc]int64
	for k := 0; k < r.n; k++ {
		s := r.src[k]
		if s >= len(cells) || cells[s].kind != predict.CellNumber {
			return 0, false
		}
		x[k] = cells[s].x
	}
	return evalRel(r, &x, last), true
}

// evalRel evaluates relation r on its sources' values x.
func evalRel(r *colRel, xs *[relMaxSrc]int64, last int64) int64 {
	var x [relMaxSrc]int64
	for k := 0; k < r.n; k++ {
		x[k] = min(max(xs[k], -relValueLimit), relValueLimit)
	}
	switch r.kind {
	case relLinear:
		acc := predict.I128(0)
		for k := 0; k < r.n; k++ {
			acc = acc.Add(predict.Mul64(x[k], r.w[k]))
		}
		v := acc.Add(predict.I128(1 << 15)).Shr(16).Int64(relBiasLimit)
		return v + r.bias
	case relRatio:
		b := x[r.n-3 : r.n]
		var t int64
		if d := b[2]; d != 0 {
			p := predict.Mul64(b[0], b[1])
			if d < 0 {
				p, d = p.Neg(), -d
			}
			t = p.DivRound(uint64(d), relBiasLimit)
		}
		t *= r.w[0]
		if r.n == 4 {
			t += x[0]
		}
		return t
	default: // relNorm
		s := pow10u(r.unit)
		hi, lo := bits.Mul64(s, s)
		for k := 0; k < 3; k++ {
			ah, a := bits.Mul64(absU64(x[k]), pow10u(r.up[k]))
			if ah != 0 || a > s {
				return 0 // beyond the unit sphere
			}
			h2, l2 := bits.Mul64(a, a)
			var bw uint64
			lo, bw = bits.Sub64(lo, l2, 0)
			hi, bw = bits.Sub64(hi, h2, bw)
			if bw != 0 {
				return 0 // beyond the unit sphere
			}
		}
		m := isqrtRound128(hi, lo)
		if d := pow10u(r.down); d > 1 {
			m = (m + d/2) / d
		}
		if last < 0 {
			return -int64(m)
		}
		return int64(m)
	}
}

// pow10u returns 10^k (k ≤ 19).
func pow10u(k int) uint64 {
	v := uint64(1)
	for ; k > 0; k-- {
		v *= 10
	}
	return v
}

// isqrtRound128 returns the square root of the 128-bit number hi:lo rounded to the nearest
// integer (exact: a float estimate corrected in integers).
func isqrtRound128(hi, lo uint64) uint64 {
	f := float64(hi)*0x1p64 + float64(lo)
	r := uint64(math.Sqrt(f))
	// r*r <= N < (r+1)^2
	sq := func(r uint64) (uint64, uint64) { return bits.Mul64(r, r) }
	less := func(ah, al, bh, bl uint64) bool { return ah < bh || ah == bh && al < bl }
	for r > 0 {
		h, l := sq(r)
		if !less(hi, lo, h, l) {
			break
		}
		r--
	}
	for r < 1<<63 {
		h, l := sq(r + 1)
		if less(hi, lo, h, l) {
			break
		}
		r++
	}
	// Nearest: N − r² > r (N − r² ≥ r + 1/2 in reals means N ≥ r² + r + 1 in integers).
	h, l := sq(r)
	l2, bw := bits.Sub64(lo, l, 0)
	h2, _ := bits.Sub64(hi, h, bw)
	if h2 > 0 || l2 > r {
		r++
	}
	return r
}
