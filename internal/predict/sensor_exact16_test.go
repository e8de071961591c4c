package predict

import (
	"math"
	"testing"
)

// TestExactOff: every decision with the input has its own counter in the line, for each
// sign; the others (magnitudes of 4 or more) have none.
func TestExactOff(t *testing.T) {
	seen := map[int]bool{}
	for neg := 0; neg < 2; neg++ {
		for node := 0; node < allNodes; node++ {
			if node == NodeZero || node == NodeSign {
				if neg == 1 {
					continue // coded before the sign is known
				}
			}
			o := exactOff(node, neg)
			want := node <= NodeExp+1 || node == NodeMant+1
			if (o >= 0) != want {
				t.Errorf("node %d neg %d: offset %d", node, neg, o)
			}
			if o < 0 {
				continue
			}
			if o >= exactLine || seen[o] {
				t.Errorf("node %d neg %d: offset %d out of the line or taken", node, neg, o)
			}
			seen[o] = true
		}
	}
	if len(seen) != exactLine {
		t.Errorf("%d of the line's %d counters used", len(seen), exactLine)
	}
}

// TestExact16Shared: two models sharing a table under different salts learn a level's
// distribution each for its own; the same model fed the same residuals with and without the
// input codes them the same way up to the input's learning (cheaper with it); DropExact16 and
// a model without SetMix2 take none.
func TestExact16Shared(t *testing.T) {
	cost := func(exact bool) float64 {
		tab := NewExactTable()
		a, b := NewMixedResidual(), NewMixedResidual()
		for _, m := range []*MixedResidual{a, b} {
			m.SetMix2(true)
		}
		if exact {
			a.SetExact16(tab, 1)
			b.SetExact16(tab, 5)
		}
		var bitsCost float64
		for i := 0; i < 20000; i++ {
			// A prediction on few values; the residual is the prediction's own.
			for k, m := range []*MixedResidual{a, b} {
				pred := int64(i % 7 * 256)
				r := int64((i%7)%3) - 1
				if k == 1 {
					r = -r
				}
				bitsCost += codeResidualCost(m, r, pred)
			}
		}
		return bitsCost
	}
	with, without := cost(true), cost(false)
	t.Logf("with the input %.0f bits, without %.0f", with, without)
	if with > without*0.9 {
		t.Errorf("with the input %.0f bits, without %.0f", with, without)
	}
	m := NewMixedResidual()
	m.SetExact16(NewExactTable(), 1)
	if m.HasExact16() {
		t.Errorf("a model without SetMix2 took the input")
	}
	c := NewSensorColumn()
	c.Mix2 = true
	c.ValueMixed().SetExact16(NewExactTable(), 2)
	c.DropExact16()
	if c.ValueMixed().HasExact16() {
		t.Errorf("DropExact16 left the input")
	}
}

// codeResidualCost codes r after prediction pred with m's decisions (zero, sign, exponent,
// mantissa of magnitudes below 4, as the codec's mixedResidual does for those) and returns
// their cost in bits.
func codeResidualCost(m *MixedResidual, r, pred int64) float64 {
	m.Begin(16, pred, pred)
	c := 0.0
	bit := func(node, b int) {
		p := float64(m.P(node)) / 65536
		if b == 0 {
			p = 1 - p
		}
		c -= math.Log2(p)
		m.Update(b, 255)
	}
	if r == 0 {
		bit(NodeZero, 1)
		m.Learn(0)
		return c
	}
	bit(NodeZero, 0)
	neg := 0
	if r < 0 {
		neg = 1
	}
	bit(NodeSign, neg)
	a := r
	if a < 0 {
		a = -a
	}
	bit(NodeExp, b2iP(a > 1))
	if a > 1 {
		bit(NodeExp+1, 0)
		bit(NodeMant+1, int(a&1))
	}
	m.Learn(r)
	return c
}

func b2iP(b bool) int {
	if b {
		return 1
	}
	return 0
}
