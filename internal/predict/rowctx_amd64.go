package predict

// rowCtxAVX2 is rowContextsGo's loop for n samples, n a multiple of 8, eight at a time
// (rowctx_amd64.s): the pointers are to index i of the first sample in each row (reads at
// i−1 .. i+n, writes at i .. i+n−1), the same int32 operations. haveSAD16 tells whether it
// can run.
//
//go:noescape
func rowCtxAVX2(t, c, a, gr, rn, rpn, rsn, rsp *int32, n int)
