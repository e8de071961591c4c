package predict

import (
	"testing"

	"github.com/vidlm/vidlm/internal/arith"
)

// codeMixedPaths runs m through n residuals of a pseudo-random sequence (seed) along the
// coder's other paths than codeMixed's: P and Update with the sixth input (SetAlt) and a
// prediction's fraction (SetFrac), EncodeMix (the kernel), the unmixed exponent counters
// (ExpCounter), on every node.
func codeMixedPaths(m *MixedResidual, seed uint64, n int) {
	var e arith.Encoder
	e.Reset(nil)
	var cost uint64
	x := seed | 1
	var last int64
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		pred := last + int64(x>>40&255) - 128
		if x&3 == 0 {
			m.SetAlt(int64(x>>8&63) - 32)
		}
		m.SetFrac(int(x >> 50 & 7))
		m.Begin(uint64(x>>20&4095), pred, last)
		for node := range allNodes {
			bit := int(x >> (node & 63) & 1)
			switch {
			case m.ExpCounter(node) != nil:
				m.ExpCounter(node).Update(bit, 255)
			case x>>61 == 0:
				m.EncodeMix(&e, &cost, true, bit, node, 255)
			default:
				m.P(node)
				m.Update(bit, 255)
			}
		}
		r := int64(x>>58) - 32
		m.Learn(r)
		last = pred + r
	}
}

// TestMixedResetDirty: a model reset after use (reset's dirty rows and the fields outside
// the tables, senc10) equals the template field for field, after coding along every path,
// again and again (the marks of one use cleared by its reset, the next use's set anew).
func TestMixedResetDirty(t *testing.T) {
	var free TrialModels
	m := free.NewMixed()
	if !m.tracked || m.dirty != mixedTemplate().dirty {
		t.Fatal("a model from a TrialModels is not tracked and marked as the template")
	}
	if u := NewMixedResidual(); u.tracked {
		t.Fatal("a model no TrialModels handed out is tracked")
	}
	for round := range 6 {
		m.SetMix2(round&1 == 0)
		m.SetFast2(round&2 == 0)
		switch round % 3 {
		case 0:
			codeMixedPaths(m, uint64(round)*0x9e3779b97f4a7c15, 500+300*round)
		case 1:
			codeMixed(m, free.NewValueContexts(), 400*round)
		case 2:
			codeMixedPaths(m, 12345, 50)
			codeMixed(m, free.NewValueContexts(), 700)
		}
		if *m == *mixedTemplate() {
			t.Fatalf("round %d: coding left the model as new", round)
		}
		free.ReleaseMixed(m)
		m2 := free.NewMixed()
		if m2 != m {
			t.Fatal("the model given back was not reused")
		}
		if m.tracked = false; *m != *mixedTemplate() { // (tracked aside, it is the template)
			t.Fatalf("round %d: a model reset after use differs from a new one", round)
		}
		m.tracked = true
	}
}
