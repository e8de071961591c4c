package predict

import (
	"slices"
	"testing"
)

// TestMixedSlab: a slab's models and exact table are in exactly the state of
// NewMixedResidual's and NewExactTable's and code alike, past a slab's end too; a nil slab
// gives the plain constructors' (the encoder's).
func TestMixedSlab(t *testing.T) {
	fresh := new(MixedResidual)
	fresh.reset()
	want := codeMixed(fresh, NewValueContexts(), 3000)

	var a MixedSlab
	var ms []*MixedResidual
	for i := 0; i < mixedSlabN+3; i++ {
		m := a.New()
		if *m != *mixedTemplate() {
			t.Fatalf("model %d of the slab differs from a new one", i)
		}
		ms = append(ms, m)
	}
	for i, m := range ms {
		for _, o := range ms[:i] {
			if o == m {
				t.Fatalf("model %d handed out twice", i)
			}
		}
	}
	vc := NewValueContexts()
	x := a.ExactTable()
	if !slices.Equal(x.t, NewExactTable().t) {
		t.Fatal("the slab's exact table differs from a new one")
	}
	if got := codeMixed(ms[mixedSlabN+1], vc, 3000); !slices.Equal(got, want) {
		t.Fatal("a slab's model codes differently from a new one")
	}
	// A model used beside others of its slab stays apart from them.
	if got := codeMixed(ms[mixedSlabN], NewValueContexts(), 3000); !slices.Equal(got, want) {
		t.Fatal("a slab's model next to a used one codes differently")
	}

	var none *MixedSlab
	if m := none.New(); *m != *mixedTemplate() {
		t.Fatal("a nil slab's model differs from a new one")
	}
	if x := none.ExactTable(); x == nil || !slices.Equal(x.t, NewExactTable().t) {
		t.Fatal("a nil slab's exact table differs from a new one")
	}
}
