package predict

import (
	"syscall"
	"unsafe"
)

// hugePages asks the kernel to back the 2 MiB-aligned part of t with huge pages (where
// transparent huge pages are "madvise", as on most distributions): a model's hashed table is
// far larger than the TLB reaches in 4 KiB pages, so nearly every bucket lookup would also
// walk the page table. It must be called before t is first written (its pages are then
// allocated huge on first touch). It changes no value, only where the memory comes from; a
// kernel that refuses is ignored.
func hugePages(t []Counter) {
	const huge = 2 << 20
	if len(t) == 0 {
		return
	}
	start := uintptr(unsafe.Pointer(&t[0]))
	end := start + uintptr(len(t))*unsafe.Sizeof(t[0])
	lo, hi := (start+huge-1)&^(huge-1), end&^(huge-1)
	if hi <= lo {
		return
	}
	size := unsafe.Sizeof(t[0])
	r := t[(lo-start)/size : (hi-start)/size]
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Pointer(&r[0])), hi-lo), 14) // MADV_HUGEPAGE
}

// hugePagesRange is hugePages for n bytes from p.
func hugePagesRange(p unsafe.Pointer, n uintptr) {
	const huge = 2 << 20
	start := uintptr(p)
	lo, hi := (start+huge-1)&^(huge-1), (start+n)&^(huge-1)
	if hi <= lo {
		return
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo), 14) // MADV_HUGEPAGE
}
