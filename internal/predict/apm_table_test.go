package predict

import (
	"math/rand"
	"testing"
)

// TestResAPMIn holds resAPMIn (the residual kernels' APMP) to Squash and APM.P: for every
// clamped mixer output d, the entry's p is Squash(d), and the buckets its lo and w
// interpolate, and the bucket they mark for the update, are those APM.P takes for Squash(d),
// in an APM of random buckets.
func TestResAPMIn(t *testing.T) {
	rnd := rand.New(rand.NewSource(14))
	a := NewAPM(3, resAPMRate)
	for i := range a.t {
		a.t[i] = uint16(1 + rnd.Intn(65535))
	}
	for d := int32(-StretchMax); d <= StretchMax; d++ {
		e := resAPMIn[d+StretchMax]
		p, lo, w := e&0xFFFF, int(e>>16&0xFF), e>>24
		if p != Squash(d) {
			t.Fatalf("d %d: p %d, Squash %d", d, p, Squash(d))
		}
		if lo > 31 || w > apmStep {
			t.Fatalf("d %d: lo %d, w %d", d, lo, w)
		}
		ctx := int(d+StretchMax) % 3
		want := a.P(p, ctx)
		i := ctx*33 + lo
		got := (uint32(a.t[i])*(apmStep-w) + uint32(a.t[i+1])*w) / apmStep
		idx := i
		if w > apmStep/2 {
			idx = i + 1
		}
		if got != want || idx != a.idx {
			t.Fatalf("d %d (lo %d, w %d): APM %d at bucket %d, APM.P %d at %d", d, lo, w, got, idx, want, a.idx)
		}
	}
}

// TestSquashClamp holds squashClamp (the kernels' SQUASHP) to Squash and clampP for every d.
func TestSquashClamp(t *testing.T) {
	for d := int32(-StretchMax); d <= StretchMax; d++ {
		e := squashClamp[d+StretchMax]
		if p := Squash(d); e&0xFFFF != p || e>>16 != clampP(p) {
			t.Fatalf("d %d: entry %#x, Squash %d, clampP %d", d, e, p, clampP(p))
		}
	}
}
