package predict

import (
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"unsafe"

	"github.com/vidlm/vidlm/internal/arith"
)

// TestDecoderLayout holds video_asm_amd64.s's offsets of arith.Decoder's fields.
func TestDecoderLayout(t *testing.T) {
	var d arith.Decoder
	got := [...]uintptr{unsafe.Offsetof(d.Code), unsafe.Offsetof(d.Rng), unsafe.Offsetof(d.In),
		unsafe.Offsetof(d.In) + 8, unsafe.Offsetof(d.Pos), unsafe.Offsetof(d.Overrun)}
	want := [...]uintptr{0, 4, 8, 16, 32, 40}
	if got != want {
		t.Fatalf("arith.Decoder's offsets %v, video_asm_amd64.s has %v", got, want)
	}
}

// asmState is a PlaneModel with just what the default paths' decisions read and train:
// one residual row per table, the residual's and the skip flag's weights and counters, and a
// decoder on a random stream.
type asmState struct {
	m     PlaneModel
	row0  [resRow0Len]Counter
	rowN  [resInputs - 2][resRowNLen]Counter
	resW  [resSets][resInputs]int32
	skipC [4][]Counter
	medC  []Counter
	skipW [skipSets][skipInputs]int32
	d     arith.Decoder
	in    []byte
	apm   APM // the residual APM, under withAPM
}

// randCounter is a counter at a random or extreme state: every count 0..1023 (also above the
// cap, which the update must clamp the same way) and probabilities at and near both ends.
func randCounter(rnd *rand.Rand) Counter {
	n := uint32(rnd.Intn(1024))
	var p uint32
	switch rnd.Intn(6) {
	case 0:
		p = uint32(rnd.Intn(64))
	case 1:
		p = 1<<22 - 1 - uint32(rnd.Intn(64))
	default:
		p = uint32(rnd.Intn(1 << 22))
	}
	return Counter(p<<10 | n)
}

func randWeight(rnd *rand.Rand) int32 {
	switch rnd.Intn(8) {
	case 0:
		return int32(rnd.Uint32()) // anywhere, near overflow too
	case 1:
		return 1<<31 - 1 - int32(rnd.Intn(1<<12))
	case 2:
		return -1<<31 + int32(rnd.Intn(1<<12))
	default:
		return int32(rnd.Intn(1<<18)) - 1<<17
	}
}

func newAsmState(rnd *rand.Rand) *asmState {
	s := &asmState{}
	for i := range s.row0 {
		s.row0[i] = randCounter(rnd)
	}
	for i := range s.rowN {
		for j := range s.rowN[i] {
			s.rowN[i][j] = randCounter(rnd)
		}
	}
	for i := range s.resW {
		for j := range s.resW[i] {
			s.resW[i][j] = randWeight(rnd)
		}
	}
	for i := range s.skipW {
		for j := range s.skipW[i] {
			s.skipW[i][j] = randWeight(rnd)
		}
	}
	for i := range s.skipC {
		s.skipC[i] = make([]Counter, 8)
		for j := range s.skipC[i] {
			s.skipC[i][j] = randCounter(rnd)
		}
	}
	s.medC = make([]Counter, 8)
	for j := range s.medC {
		s.medC[j] = randCounter(rnd)
	}
	// a stream of random bytes, sometimes short enough to run out (Overrun)
	s.in = make([]byte, 4+rnd.Intn(12))
	rnd.Read(s.in)
	s.d.Reset(s.in)
	// the coder at a random state: a range anywhere in [2^24, 2^32), often at the
	// renormalisation's edge, and code below it
	switch rnd.Intn(3) {
	case 0:
		s.d.Rng = arith.Top + uint32(rnd.Intn(1<<10))
	case 1:
		s.d.Rng = 0xFFFFFFFF - uint32(rnd.Intn(1<<10))
	default:
		s.d.Rng = arith.Top + uint32(rnd.Int63n(1<<32-arith.Top))
	}
	s.d.Code = uint32(rnd.Int63n(int64(s.d.Rng)))
	s.d.Pos = rnd.Intn(len(s.in) + 1)
	s.wire(rnd.Intn(16), 1+rnd.Intn(1023), rnd)
	return s
}

// wire points s.m at s's tables.
func (s *asmState) wire(rset, limit int, rnd *rand.Rand) {
	m := &s.m
	m.resFull, m.skipFull = true, true
	m.resRow0 = &s.row0
	for i := range s.rowN {
		m.resRowN[i] = &s.rowN[i]
	}
	m.resW = &s.resW
	m.rset, m.limit = rset, limit
	m.skipCounters = s.skipC
	m.skipMedC = s.medC
	m.skipW = &s.skipW
	if rnd != nil {
		for i := range m.skipCtx {
			m.skipCtx[i] = rnd.Intn(8)
		}
		m.skipMedCtx = rnd.Intn(8)
		m.skipSet = rnd.Intn(skipSets)
		rates := []int64{1, 2, 3, 6, 12, 24, 63, 64} // Validate's 1..64
		m.mixRate = rates[rnd.Intn(len(rates))]
	}
}

// clone is a deep copy of s, wired to its own tables.
func (s *asmState) clone() *asmState {
	c := *s
	c.skipC = [4][]Counter{}
	for i := range s.skipC {
		c.skipC[i] = append([]Counter(nil), s.skipC[i]...)
	}
	c.medC = append([]Counter(nil), s.medC...)
	c.apm.t = append([]uint16(nil), s.apm.t...)
	c.d.In = c.in
	m := s.m
	c.m = m
	c.wire(m.rset, m.limit, nil)
	if s.m.resAPM != nil {
		c.m.resAPM, c.m.resFull = &c.apm, s.m.resFull
	}
	return &c
}

// withAPM gives s the residual APM (resAPMOn: ResAPM's contexts or SSE's, ErrorCtx without
// Mix2, so that the Go path takes decResSSE and encResSSE below apmSlots) at a random state:
// buckets anywhere in 1..65535 and near both ends, the sample's context anywhere in the
// slot's, the index anywhere (the kernels leave it: only Update reads it, after P).
func (s *asmState) withAPM(rnd *rand.Rand) {
	mul := 16
	if rnd.Intn(2) == 0 {
		mul = resAPMCtxs
	}
	n := apmSlots * mul * 33
	s.apm = APM{t: make([]uint16, n), rate: resAPMRate}
	for i := range s.apm.t {
		switch rnd.Intn(4) {
		case 0:
			s.apm.t[i] = uint16(1 + rnd.Intn(64))
		case 1:
			s.apm.t[i] = uint16(65535 - rnd.Intn(64))
		default:
			s.apm.t[i] = uint16(1 + rnd.Intn(65535))
		}
	}
	s.apm.idx = rnd.Intn(len(s.apm.t))
	m := &s.m
	m.resFull, m.resAPMOn = false, true
	m.cfg = &VideoConfig{ErrorCtx: true, ResAPM: mul == resAPMCtxs, SSE: mul != resAPMCtxs}
	m.resAPM = &s.apm
	m.apmMul, m.apmSub = mul, rnd.Intn(mul)
}

// same reports how s and o differ, "" if in nothing (the tables and the decoder).
func (s *asmState) same(o *asmState) string {
	switch {
	case s.row0 != o.row0:
		return "resRow0"
	case s.rowN != o.rowN:
		return "resRowN"
	case s.resW != o.resW:
		return "resW"
	case s.skipW != o.skipW:
		return "skipW"
	case s.d.Code != o.d.Code || s.d.Rng != o.d.Rng || s.d.Pos != o.d.Pos || s.d.Overrun != o.d.Overrun:
		return "decoder"
	case !slices.Equal(s.apm.t, o.apm.t):
		return "resAPM"
	}
	for i := range s.skipC {
		for j := range s.skipC[i] {
			if s.skipC[i][j] != o.skipC[i][j] {
				return "skipCounters"
			}
		}
	}
	for j := range s.medC {
		if s.medC[j] != o.medC[j] {
			return "skipMedC"
		}
	}
	return ""
}

// TestDecResidualAsm holds decResidualAsm to decRes's Go path on random and extreme states:
// the result, every counter, every weight and the decoder's state.
func TestDecResidualAsm(t *testing.T) {
	testDecResidualAsm(t, 16, false)
}

// TestDecResidualAsmAPM is TestDecResidualAsm with the residual APM (ResAPM's or SSE's):
// decResidualAsm against decRes's decResSSE, the APM's buckets and index compared too.
func TestDecResidualAsmAPM(t *testing.T) {
	testDecResidualAsm(t, 26, true)
}

func testDecResidualAsm(t *testing.T, seed int64, apm bool) {
	if !haveCodeAsm || !useCodeAsm {
		t.Skip("no assembly on this build or CPU")
	}
	rnd := rand.New(rand.NewSource(seed))
	for trial := range 10000 {
		a := newAsmState(rnd)
		if apm {
			a.withAPM(rnd)
		}
		b := a.clone()
		depth := 1 + rnd.Intn(asmMaxDepth)
		codeZero := rnd.Intn(3) != 0
		want := b.m.decResidualGo(&b.d, nil, codeZero, depth)
		var got int64
		if apm {
			got = decResidualAPMAsm(&a.m, &a.d, codeZero, depth)
		} else {
			got = decResidualAsm(&a.m, &a.d, codeZero, depth)
		}
		if got != want {
			t.Fatalf("trial %d (depth %d, zero %v): residual %d, Go path %d", trial, depth, codeZero, got, want)
		}
		if diff := a.same(b); diff != "" {
			t.Fatalf("trial %d (depth %d, zero %v, residual %d): %s differs from the Go path's", trial, depth, codeZero, got, diff)
		}
	}
}

// TestDecSkipAsm holds decSkipAsm to decSkip's default path the same way.
func TestDecSkipAsm(t *testing.T) {
	if !haveCodeAsm || !useCodeAsm {
		t.Skip("no assembly on this build or CPU")
	}
	rnd := rand.New(rand.NewSource(17))
	for trial := range 20000 {
		a := newAsmState(rnd)
		b := a.clone()
		want := b.m.decSkip(&b.d, nil)
		got := decSkipAsm(&a.m, &a.d)
		if got != int64(want) {
			t.Fatalf("trial %d: bit %d, Go path %d", trial, got, want)
		}
		if diff := a.same(b); diff != "" {
			t.Fatalf("trial %d: %s differs from the Go path's", trial, diff)
		}
	}
}

// TestEncoderLayout holds video_asm_amd64.h's offsets of arith.Encoder's fields.
func TestEncoderLayout(t *testing.T) {
	typ := reflect.TypeOf(arith.Encoder{})
	want := map[string]uintptr{"Low": 0, "Rng": 8, "cache": 12, "cacheSize": 16, "out": 24}
	for name, off := range want {
		f, ok := typ.FieldByName(name)
		if !ok || f.Offset != off {
			t.Errorf("arith.Encoder.%s at %d (found %v), video_asm_amd64.h has %d", name, f.Offset, ok, off)
		}
	}
}

// encPair is two encoders at the same random state: the output so far, low, range and the
// held-back run (set through a prefix of coded bits).
func encPair(rnd *rand.Rand) (a, b *arith.Encoder) {
	a, b = new(arith.Encoder), new(arith.Encoder)
	a.Reset(make([]byte, 0, rnd.Intn(80)))
	b.Reset(nil)
	for range rnd.Intn(200) {
		bit, p := rnd.Intn(2), uint32(32+rnd.Intn(65504-32+1))
		if rnd.Intn(4) == 0 {
			// runs of 0xFF bytes and carries: a low near the top of its 32 bits
			p = 65504
			bit = 0
		}
		a.Encode(bit, p)
		b.Encode(bit, p)
	}
	return a, b
}

// sameEnc reports whether two encoders are at the same state, their output included.
func sameEnc(a, b *arith.Encoder) bool {
	ca, cb := *a, *b
	return a.Low == b.Low && a.Rng == b.Rng && string(ca.Finish()) == string(cb.Finish())
}

// TestEncResidualAsm holds encResidualAsm to encRes's Go path on random and extreme states:
// every counter, weight, the cost and the coder's state and output.
func TestEncResidualAsm(t *testing.T) {
	testEncResidualAsm(t, 18, false)
}

// TestEncResidualAsmAPM is TestEncResidualAsm with the residual APM, as
// TestDecResidualAsmAPM.
func TestEncResidualAsmAPM(t *testing.T) {
	testEncResidualAsm(t, 28, true)
}

func testEncResidualAsm(t *testing.T, seed int64, apm bool) {
	if !haveCodeAsm || !useCodeAsm {
		t.Skip("no assembly on this build or CPU")
	}
	rnd := rand.New(rand.NewSource(seed))
	for trial := range 20000 {
		a := newAsmState(rnd)
		if apm {
			a.withAPM(rnd)
		}
		b := a.clone()
		ea, eb := encPair(rnd)
		depth := 1 + rnd.Intn(asmMaxDepth)
		codeZero := rnd.Intn(3) != 0
		lim := int32(1)<<depth - 1
		r := int32(rnd.Int63n(2*int64(lim)+1)) - lim
		if rnd.Intn(2) == 0 {
			r = int32(rnd.Intn(7)) - 3
		}
		if !codeZero && r == 0 {
			r = 1
		}
		ca, cb := uint64(rnd.Intn(1000)), uint64(0)
		cb = ca
		b.m.encResidualGo(eb, &cb, codeZero, r, depth)
		ea.Reserve(encAsmRoom)
		if apm {
			encResidualAPMAsm(&a.m, ea, &ca, codeZero, int64(r), depth)
		} else {
			encResidualAsm(&a.m, ea, &ca, codeZero, int64(r), depth)
		}
		if ca != cb {
			t.Fatalf("trial %d (depth %d, zero %v, r %d): cost %d, Go path %d", trial, depth, codeZero, r, ca, cb)
		}
		a.d, b.d = arith.Decoder{}, arith.Decoder{}
		if diff := a.same(b); diff != "" {
			t.Fatalf("trial %d (depth %d, zero %v, r %d): %s differs from the Go path's", trial, depth, codeZero, r, diff)
		}
		if !sameEnc(ea, eb) {
			t.Fatalf("trial %d (depth %d, zero %v, r %d): the coder differs from the Go path's", trial, depth, codeZero, r)
		}
	}
}

// TestEncSkipAsm holds encSkipAsm to encSkip's default path the same way.
func TestEncSkipAsm(t *testing.T) {
	if !haveCodeAsm || !useCodeAsm {
		t.Skip("no assembly on this build or CPU")
	}
	rnd := rand.New(rand.NewSource(19))
	for trial := range 20000 {
		a := newAsmState(rnd)
		b := a.clone()
		ea, eb := encPair(rnd)
		bit := rnd.Intn(2)
		ca := uint64(rnd.Intn(1000))
		cb := ca
		b.m.encSkip(eb, &cb, bit)
		ea.Reserve(encAsmRoom)
		encSkipAsm(&a.m, ea, &ca, int64(bit))
		if ca != cb {
			t.Fatalf("trial %d: cost %d, Go path %d", trial, ca, cb)
		}
		a.d, b.d = arith.Decoder{}, arith.Decoder{}
		if diff := a.same(b); diff != "" {
			t.Fatalf("trial %d: %s differs from the Go path's", trial, diff)
		}
		if !sameEnc(ea, eb) {
			t.Fatalf("trial %d: the coder differs from the Go path's", trial)
		}
	}
}

// TestAPMDivisions holds APMP's multiplication (video_asm_amd64.h) to the division by 192
// of APM.pStretched: x·22369622 >> 32 for every interpolated sum x up to 65535·192.
func TestAPMDivisions(t *testing.T) {
	for x := uint64(0); x <= 65535*apmStep; x++ {
		if x*22369622>>32 != x/apmStep {
			t.Fatalf("x %d: %d, want %d", x, x*22369622>>32, x/apmStep)
		}
	}
	if 192*22369622 != 4294967424 {
		t.Fatal("192·M is not APMP's 4294967424")
	}
}

// TestSquashClampDot holds SQUASHP's and APMP's compares of the dot product (video_asm_amd64.h)
// to the clamp of dot >> 16 to ±StretchMax: dot < −201326592 exactly when dot >> 16 <
// −StretchMax, dot > 201392127 exactly when dot >> 16 > StretchMax, around both ends.
func TestSquashClampDot(t *testing.T) {
	for _, c := range []int64{-StretchMax << 16, (StretchMax + 1) << 16} {
		for dot := c - 1<<17; dot <= c+1<<17; dot++ {
			if lo := dot < -201326592; lo != (dot>>16 < -StretchMax) {
				t.Fatalf("dot %d: below %v, dot>>16 %d", dot, lo, dot>>16)
			}
			if hi := dot > 201392127; hi != (dot>>16 > StretchMax) {
				t.Fatalf("dot %d: above %v, dot>>16 %d", dot, hi, dot>>16)
			}
		}
	}
}
