package predict

// APM is secondary estimation (SSE): it refines a probability given a small context by
// interpolating between 33 adaptive buckets over the stretched input probability, and learns
// how the primary model is mis-calibrated in that context.
type APM struct {
	t    []uint16
	idx  int
	rate uint
}

const apmStep = 2 * StretchMax / 32 // stretch distance between two buckets

// NewAPM returns an APM of n contexts adapting at 1/2^rate per update (rate about 6..7).
func NewAPM(n int, rate uint) *APM {
	a := &APM{t: make([]uint16, n*33), rate: rate}
	a.Reset()
	return a
}

// Reset returns every context to the identity: bucket j holds squash(j·apmStep − StretchMax),
// so a fresh APM gives back (nearly) the probability it is given.
func (a *APM) Reset() {
	var row [33]uint16
	for j := range row {
		row[j] = uint16(Squash(int32(j*apmStep - StretchMax)))
	}
	for c := 0; c < len(a.t); c += 33 {
		copy(a.t[c:c+33], row[:])
	}
}

// P refines probability pr (16-bit) in context ctx; call Update with the coded bit next.
func (a *APM) P(pr uint32, ctx int) uint32 {
	return a.pStretched(Stretch(pr), ctx)
}

// pStretched is P given Stretch(pr) instead of pr.
func (a *APM) pStretched(st int32, ctx int) uint32 {
	s := uint32(st + StretchMax) // 0..2·StretchMax
	lo := s / apmStep
	w := s - lo*apmStep
	if lo >= 32 {
		lo, w = 31, apmStep
	}
	i := ctx*33 + int(lo)
	t := a.t[i : i+2]
	p := (uint32(t[0])*(apmStep-w) + uint32(t[1])*w) / apmStep
	a.idx = i
	if w > apmStep/2 {
		a.idx = i + 1
	}
	return max(p, 1)
}

// resAPMIn[d+StretchMax] is, for the mixer's clamped output d, everything the residual
// kernels' APM (APMP, video_asm_amd64.h) needs before it reads the buckets, in one lookup by
// d: Squash(d) in bits 0-15, and of pStretched(Stretch(Squash(d))) the bucket lo (0..31) in
// bits 16-23 and the weight w (0..apmStep, 192 where pStretched clamps lo) in bits 24-31.
// Built by initResAPMIn from squashTable and squashStretch (logistic.go's init).
var resAPMIn [2*StretchMax + 1]uint32

// squashClamp[d+StretchMax] is Squash(d) in bits 0-15 and clampP(Squash(d)) in bits 16-31:
// the mixer's p, which its training needs, and the coder's probability, in one lookup
// (SQUASHP, video_asm_amd64.h). Built by initResAPMIn.
var squashClamp [2*StretchMax + 1]uint32

func initResAPMIn() {
	for d := range squashClamp {
		p := uint32(squashTable[d])
		squashClamp[d] = p | clampP(p)<<16
	}
	for d := range resAPMIn {
		s := uint32(int32(squashStretch[d]) + StretchMax)
		lo := s / apmStep
		w := s - lo*apmStep
		if lo >= 32 {
			lo, w = 31, apmStep
		}
		resAPMIn[d] = uint32(squashTable[d]) | lo<<16 | w<<24
	}
}

// Update moves the bucket nearest to the last query towards bit.
func (a *APM) Update(bit int) {
	v := int32(a.t[a.idx])
	target := int32(bit) * (ProbOne - 1)
	v += (target - v) >> a.rate
	if v < 1 {
		v = 1
	}
	a.t[a.idx] = uint16(v)
}
