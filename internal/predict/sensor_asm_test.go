package predict

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/arith"
)

// randMixed returns two equal MixedResidual models under model 8 (two weight sets and the
// APM) at a random state: every counter, weight, count and APM bucket random or at an
// extreme, fast2 and the sixth input on or off, model 15's input (m15), model 16's (on tab)
// or neither.
func randMixed(rnd *rand.Rand, tab *ExactTable, m15 bool) (a, b *MixedResidual) {
	a = NewMixedResidual()
	a.SetMix2(true)
	a.SetFast2(rnd.Intn(4) > 0)
	if m15 {
		a.SetModel15(true)
		a.s15 = newExact15()
		a.s15.neg = rnd.Intn(2)
		for i := range a.s15.t7 {
			a.s15.t7[i] = randCounter(rnd)
		}
		for i := range a.s15.w7 {
			a.s15.w7[i] = randWeight(rnd)
		}
		for i := range a.s15.w87 {
			a.s15.w87[i] = randWeight(rnd)
		}
	} else if tab != nil {
		a.SetExact16(tab, rnd.Uint64())
		a.s16.neg = rnd.Intn(2)
		for i := range a.s16.w7 {
			a.s16.w7[i] = randWeight(rnd)
		}
		for i := range a.s16.w87 {
			a.s16.w87[i] = randWeight(rnd)
		}
	}
	if rnd.Intn(3) > 0 {
		a.SetAlt(int64(rnd.Intn(1<<12)) - 1<<11)
	}
	rows := func(t [][mixedNodes]Counter) {
		for i := range t {
			for j := range t[i] {
				t[i][j] = randCounter(rnd)
			}
		}
	}
	for i := range a.t1 {
		for j := range a.t1[i] {
			a.t1[i][j] = randCounter(rnd)
		}
	}
	rows(a.t2[:])
	rows(a.t3[:])
	rows(a.t4[:])
	rows(a.t5[:])
	rows(a.t6[:])
	for i := range a.w {
		for j := range a.w[i] {
			a.w[i][j] = randWeight(rnd)
		}
	}
	for i := range a.w8 {
		for j := range a.w8[i] {
			a.w8[i][j] = randWeight(rnd)
		}
	}
	for i := range a.w6 {
		a.w6[i] = randWeight(rnd)
	}
	for i := range a.w86 {
		a.w86[i] = randWeight(rnd)
	}
	for i := range a.n8 {
		switch rnd.Intn(4) {
		case 0:
			a.n8[i] = 1<<24 - int32(rnd.Intn(3))
		default:
			a.n8[i] = int32(rnd.Intn(1 << 16))
		}
	}
	for i := range a.apm.t {
		a.apm.t[i] = uint16(1 + rnd.Intn(65535))
	}
	a.r1, a.r2 = int64(rnd.Intn(2001)-1000), int64(rnd.Intn(2001)-1000)
	b = cloneMixed(a)
	return a, b
}

// cloneMixed copies m with APM and model-16 state of its own (the table is shared).
func cloneMixed(m *MixedResidual) *MixedResidual {
	c := new(MixedResidual)
	*c = *m
	if m.apm != nil {
		ap := *m.apm
		ap.t = slices.Clone(m.apm.t)
		c.apm = &ap
	}
	if m.s16 != nil {
		s := *m.s16
		c.s16 = &s
	}
	if m.s15 != nil {
		s := *m.s15
		c.s15 = &s
	}
	return c
}

// sameMixed reports whether a and b hold the same state (their tables' contents included).
func sameMixed(a, b *MixedResidual) bool {
	ca, cb := *a, *b
	ca.apm, cb.apm, ca.s16, cb.s16, ca.s15, cb.s15 = nil, nil, nil, nil, nil, nil
	if ca != cb {
		return false
	}
	if (a.apm == nil) != (b.apm == nil) || (a.s16 == nil) != (b.s16 == nil) ||
		(a.s15 == nil) != (b.s15 == nil) {
		return false
	}
	if a.s15 != nil && *a.s15 != *b.s15 {
		return false
	}
	if a.apm != nil && (a.apm.idx != b.apm.idx || !slices.Equal(a.apm.t, b.apm.t)) {
		return false
	}
	if a.s16 != nil {
		sa, sb := *a.s16, *b.s16
		sa.tab, sb.tab = nil, nil
		if sa != sb {
			return false
		}
	}
	return true
}

// TestSensorAsmMatchesGo holds mixPAsm and mixUpdateAsm to P and Update: from random states
// (model 15's input, model 16's, or neither), residuals of random decisions, every
// probability, counter, weight, count, APM bucket and model-15 or model-16 counter the same
// after each decision.
func TestSensorAsmMatchesGo(t *testing.T) {
	if !haveSensorAsm || !useSensorAsm {
		t.Skip("no assembly in this build, or no AVX2")
	}
	rnd := rand.New(rand.NewSource(12))
	tabA, tabB := NewExactTable(), NewExactTable()
	for i := range tabA.t {
		if rnd.Intn(4) > 0 {
			tabA.t[i] = uint32(randCounter(rnd))
		}
	}
	copy(tabB.t, tabA.t)
	trials := 24
	if testing.Short() {
		trials = 4
	}
	for trial := 0; trial < trials; trial++ {
		var a, b *MixedResidual
		switch trial % 4 {
		case 3:
			a, b = randMixed(rnd, nil, false)
		case 2:
			a, b = randMixed(rnd, nil, true)
		default:
			a, b = randMixed(rnd, tabA, false)
			b.s16.tab = tabB
		}
		for v := 0; v < 300; v++ {
			avg16 := uint64(rnd.Int63n(1 << uint(rnd.Intn(40)+1)))
			pred, last := rnd.Int63n(1<<20)-1<<19, rnd.Int63n(1<<20)-1<<19
			if rnd.Intn(2) == 0 && a.t6On {
				d := rnd.Int63n(1<<16) - 1<<15
				a.SetAlt(d)
				b.SetAlt(d)
			}
			frac := rnd.Intn(mixedFrac + 1)
			a.SetFrac(frac)
			b.SetFrac(frac)
			a.Begin(avg16, pred, last)
			b.Begin(avg16, pred, last)
			if !sameMixed(a, b) {
				t.Fatalf("trial %d value %d: Begin differs", trial, v)
			}
			// The decisions of a residual as mixedResidual makes them (mixed nodes only:
			// the others take their counter directly).
			nodes := []int{NodeZero, NodeSign, NodeExp, NodeExp + 1, NodeExp + 2 + rnd.Intn(8)}
			e := 1 + rnd.Intn(3)
			for k := 0; k < 2*e; k++ {
				nodes = append(nodes, NodeMant+8*(e-1)+rnd.Intn(8))
			}
			if rnd.Intn(8) == 0 {
				nodes = append(nodes, rnd.Intn(12), NodeMant+rnd.Intn(24))
			}
			for _, node := range nodes {
				pa := a.P(node)
				pb := b.PMix(node)
				if pa != pb {
					t.Fatalf("trial %d value %d node %d: P %d, kernel %d", trial, v, node, pa, pb)
				}
				if !sameMixed(a, b) {
					t.Fatalf("trial %d value %d node %d: state after P differs", trial, v, node)
				}
				bit := 0
				if uint32(rnd.Intn(65536)) < pa || rnd.Intn(16) == 0 {
					bit = 1
				}
				limit := []int{255, 1023, 1 + rnd.Intn(1023)}[rnd.Intn(3)]
				a.Update(bit, limit)
				b.UpdateMix(bit, limit)
				if !sameMixed(a, b) {
					t.Fatalf("trial %d value %d node %d: state after Update differs", trial, v, node)
				}
				if a.s16 != nil && tabA.t[a.s16.i7] != tabB.t[b.s16.i7] {
					t.Fatalf("trial %d value %d node %d: model 16's counter differs", trial, v, node)
				}
			}
			r := rnd.Int63n(4001) - 2000
			a.Learn(r)
			b.Learn(r)
		}
	}
	if !slices.Equal(tabA.t, tabB.t) {
		t.Fatal("model 16's tables differ")
	}
}

// randTrialMixed returns two equal random MixedResidual models for trial number trial of
// the kernel tests, cycling through the three kinds the kernels branch on: model 16's exact
// input on its own table each (tabA, tabB), model 15's input, and neither.
func randTrialMixed(rnd *rand.Rand, trial int, tabA, tabB *ExactTable) (a, b *MixedResidual) {
	switch trial % 3 {
	case 2:
		return randMixed(rnd, nil, true)
	case 1:
		return randMixed(rnd, nil, false)
	}
	a, b = randMixed(rnd, tabA, false)
	b.s16.tab = tabB
	return a, b
}

// beginBoth begins a random value (its average magnitude, prediction and last value) in
// both models.
func beginBoth(rnd *rand.Rand, a, b *MixedResidual) {
	avg16 := uint64(rnd.Int63n(1 << uint(rnd.Intn(40)+1)))
	pred, last := rnd.Int63n(1<<20)-1<<19, rnd.Int63n(1<<20)-1<<19
	a.Begin(avg16, pred, last)
	b.Begin(avg16, pred, last)
}

// TestSensorAsmDecodes holds mixDecAsm (DecodeMix) to the Go path, d.Decode(P(node)) then
// Update: from random states and random streams (some of them short, so that the decoders
// run past their end), the same bits, decoder states and model states after each decision.
func TestSensorAsmDecodes(t *testing.T) {
	if !haveSensorAsm || !useSensorAsm {
		t.Skip("no assembly in this build, or no AVX2")
	}
	rnd := rand.New(rand.NewSource(13))
	tabA, tabB := NewExactTable(), NewExactTable()
	trials := 16
	if testing.Short() {
		trials = 4
	}
	overruns := 0
	for trial := 0; trial < trials; trial++ {
		a, b := randTrialMixed(rnd, trial, tabA, tabB)
		n := 8 + rnd.Intn(1024)
		if trial%2 == 0 {
			n = 8 + rnd.Intn(64) // (runs past its end)
		}
		in := make([]byte, n)
		rnd.Read(in)
		var da, db arith.Decoder
		da.Reset(in)
		db.Reset(in)
		for v := 0; v < 300; v++ {
			beginBoth(rnd, a, b)
			nodes := []int{NodeZero, NodeSign, NodeExp, NodeExp + 1, NodeExp + 2 + rnd.Intn(8),
				NodeMant + rnd.Intn(24), NodeMant + rnd.Intn(24)}
			for _, node := range nodes {
				limit := []int{255, 1023, 1 + rnd.Intn(1023)}[rnd.Intn(3)]
				ba := da.Decode(a.P(node))
				a.Update(ba, limit)
				bb := b.DecodeMix(&db, node, limit)
				if ba != bb || da.Code != db.Code || da.Rng != db.Rng || da.Pos != db.Pos ||
					da.Overrun != db.Overrun {
					t.Fatalf("trial %d value %d node %d: bit %d, kernel %d; decoder %+v, kernel's %+v",
						trial, v, node, ba, bb, da, db)
				}
				if !sameMixed(a, b) {
					t.Fatalf("trial %d value %d node %d: state differs", trial, v, node)
				}
			}
			a.Learn(int64(v))
			b.Learn(int64(v))
		}
		if da.Overrun {
			overruns++
		}
	}
	if overruns == 0 {
		t.Error("no decoder ran past its end")
	}
	if !slices.Equal(tabA.t, tabB.t) {
		t.Fatal("model 16's tables differ")
	}
}

// TestSensorAsmEncodes holds mixEncAsm (EncodeMix) to the Go path, P(node), e.Encode when
// writing, arith.BitCost added to the cost, then Update: from random states, the same
// encoder states, output, costs and model states after each decision, writing and (as the
// encoder's trials do) only counting.
func TestSensorAsmEncodes(t *testing.T) {
	if !haveSensorAsm || !useSensorAsm {
		t.Skip("no assembly in this build, or no AVX2")
	}
	rnd := rand.New(rand.NewSource(14))
	tabA, tabB := NewExactTable(), NewExactTable()
	trials := 16
	if testing.Short() {
		trials = 4
	}
	for trial := 0; trial < trials; trial++ {
		a, b := randTrialMixed(rnd, trial, tabA, tabB)
		write := trial%4 != 3
		var ea, eb arith.Encoder
		ea.Reset(nil)
		eb.Reset(nil)
		ca, cb := uint64(rnd.Int63()), uint64(0)
		cb = ca
		for v := 0; v < 300; v++ {
			beginBoth(rnd, a, b)
			nodes := []int{NodeZero, NodeSign, NodeExp, NodeExp + 1, NodeExp + 2 + rnd.Intn(8),
				NodeMant + rnd.Intn(24), NodeMant + rnd.Intn(24)}
			for _, node := range nodes {
				limit := []int{255, 1023, 1 + rnd.Intn(1023)}[rnd.Intn(3)]
				bit := rnd.Intn(2)
				p := a.P(node)
				if write {
					ea.Encode(bit, p)
				}
				ca += arith.BitCost(bit, p)
				a.Update(bit, limit)
				b.EncodeMix(&eb, &cb, write, bit, node, limit)
				if ca != cb || ea.Low != eb.Low || ea.Rng != eb.Rng || ea.Len() != eb.Len() {
					t.Fatalf("trial %d value %d node %d: cost %d, kernel %d; low %x rng %x len %d, kernel's %x %x %d",
						trial, v, node, ca, cb, ea.Low, ea.Rng, ea.Len(), eb.Low, eb.Rng, eb.Len())
				}
				if !sameMixed(a, b) {
					t.Fatalf("trial %d value %d node %d: state differs", trial, v, node)
				}
			}
			a.Learn(int64(v))
			b.Learn(int64(v))
		}
		if oa, ob := ea.Finish(), eb.Finish(); !slices.Equal(oa, ob) {
			t.Fatalf("trial %d: outputs differ", trial)
		} else if write && len(oa) < 100 {
			t.Fatalf("trial %d: only %d bytes written", trial, len(oa))
		}
	}
	if !slices.Equal(tabA.t, tabB.t) {
		t.Fatal("model 16's tables differ")
	}
}
