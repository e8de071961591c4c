package predict

import "unsafe"

// MixedSlab makes a decoder's MixedResidual models in slabs of mixedSlabN, each slab
// backed by huge pages where the kernel gives them (hugePagesRange: transparent huge pages
// in "madvise" mode). A decoder makes its columns' models (300 KB each) in its first rows and
// keeps them to the end: in 4 KiB pages each costs 77 page faults (tmy3_greensboro's decode:
// about 100 models, a third of its 28,000 faults, a fifth of its time in the kernel), in a
// slab's huge pages one fault covers 2 MiB. A model from a slab is reset from the template
// as NewMixedResidual's are, so it holds the same values; only where its memory comes from
// changes. A slab stays alive while any of its models does, so it is for an owner that
// keeps its models (a decoder), not for the encoder's trial coders, which drop theirs
// (TrialModels.ReleaseMixed). Not safe for concurrent use; the zero value is ready.
type MixedSlab struct {
	free []MixedResidual // the current slab's models not yet handed out
}

// mixedSlabN is the models of a slab: 27 × 315 KB, about 8.3 MB (3 huge pages at least).
const mixedSlabN = 27

// New returns a model in NewMixedResidual's state from the slab; a nil slab gives
// NewMixedResidual's.
func (a *MixedSlab) New() *MixedResidual {
	if a == nil {
		return NewMixedResidual()
	}
	if len(a.free) == 0 {
		a.free = make([]MixedResidual, mixedSlabN)
		hugePagesRange(unsafe.Pointer(&a.free[0]), uintptr(len(a.free))*unsafe.Sizeof(a.free[0]))
	}
	m := &a.free[0]
	a.free = a.free[1:]
	m.reset()
	return m
}

// ExactTable returns a new exact table (NewExactTable) for the slab's owner, in huge pages
// (hugePages): 8 faults instead of up to 4,096 as the stream's lines touch its 16 MB. The
// values are NewExactTable's (zero memory). Not for the encoder's trial coders: their
// tables, short lived and sparsely touched, would each take whole 2 MiB pages where they
// touch a line (tmy3_greensboro's encoder measured 5 MB more at its peak, near issue 12's
// 256 MiB). A nil slab gives NewExactTable's. (The value contexts, NewValueContexts, are
// in huge pages for every owner: their reset touches the whole table anyway.)
func (a *MixedSlab) ExactTable() *ExactTable {
	if a == nil {
		return NewExactTable()
	}
	t := make([]uint32, 1<<ExactBits)
	hugePagesRange(unsafe.Pointer(&t[0]), uintptr(len(t))*unsafe.Sizeof(t[0]))
	return &ExactTable{t: t}
}
