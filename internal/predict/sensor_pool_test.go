package predict

import (
	"slices"
	"testing"
)

// codeMixed runs m through n residuals of a fixed pseudo-random sequence the way the codec
// codes them (Begin, the value contexts' BeginValues, P4 and Update4 on each node, Learn)
// and returns every probability it gave: what an encoder would code under it.
func codeMixed(m *MixedResidual, vc *ValueContexts, n int) []uint32 {
	m.SetMix2(true)
	m.SetFast2(true)
	m.SetValueContexts(vc, 0x1234)
	var ps []uint32
	x := uint64(88172645463325252)
	var last int64
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		r := int64(x>>58) - 32
		pred := last + int64(x>>40&7) - 3
		m.Begin(uint64(x>>20&1023), pred, last)
		m.BeginValues(last, int64(x>>30&63), int64(x>>36&63), 2, 0)
		for node := range 6 {
			p := m.P4(node, r, 3, 0, node, 0)
			ps = append(ps, p)
			m.Update4(int(x>>node&1), 255)
		}
		m.Learn(r)
		last = pred + r
	}
	return ps
}

// TestMixedResidualReuse: a MixedResidual and a ValueContexts table put back to their fresh
// state (reset, as TrialModels' NewMixed and NewValueContexts do to a model given back by
// its ReleaseMixed and ReleaseValueContexts) equal new ones field for field and give the
// very probabilities new ones give.
func TestMixedResidualReuse(t *testing.T) {
	freshM := new(MixedResidual)
	freshM.reset()
	freshV := &ValueContexts{t: make([]Counter, 1<<ValueCtxBits)}
	freshV.reset()
	want := codeMixed(freshM, freshV, 3000)

	m, vc := NewMixedResidual(), NewValueContexts()
	codeMixed(m, vc, 5000) // used: counters, weights, contexts, histories all moved
	m.SetAlt(99)
	m.SetFrac(3)
	m.reset()
	vc.reset()
	if *m != *mixedTemplate() {
		t.Fatal("a reset MixedResidual differs from a new one")
	}
	if !slices.Equal(vc.t, NewValueContexts().t) {
		t.Fatal("a reset ValueContexts differs from a new one")
	}
	if got := codeMixed(m, vc, 3000); !slices.Equal(got, want) {
		t.Fatal("a reused MixedResidual codes differently from a new one")
	}

	// Through a free list: whatever it returns (a released model or a new one) is fresh.
	var free TrialModels
	free.ReleaseMixed(m)
	free.ReleaseValueContexts(vc)
	m2, vc2 := free.NewMixed(), free.NewValueContexts()
	if m2 != m || vc2 != vc {
		t.Fatal("the models given back were not reused")
	}
	if got := codeMixed(m2, vc2, 3000); !slices.Equal(got, want) {
		t.Fatal("a model from the pool codes differently from a new one")
	}
}
