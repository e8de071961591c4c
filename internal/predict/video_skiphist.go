package predict

// Bit histories (indirect context models) for the skip flag (SkipHist, issue 16's vhist14
// round, docs/MODEL.md): a context selects an 8-bit bit-history state (hsNext), and an
// adaptive map (a Counter per state and small context) turns the state into a probability,
// one more input of the skip flag's mixer.

// hsCap[lo] is the largest count a state may hold of one bit while the other bit's count is
// lo (0..7): long runs of one bit are told apart up to 40, mixed histories up to 7.
var hsCap = [8]int{40, 20, 12, 7, 7, 7, 7, 7}

// hsN0, hsN1 and hsLast are each state's counts of 0s and 1s and its last bit (0 where one
// count is 0: the last bit is then the other's); hsNext[s<<1|bit] is the state after s sees
// bit; hsInit is each state's probability of a 1 as a Counter starts it, (n1 + 1/2)/(n0 + n1
// + 1). State 0 is the empty history. hsUsed states are defined; the others (up to 255)
// go to state 0's successors and are never reached.
var (
	hsN0, hsN1, hsLast [256]uint8
	hsNext             [512]uint8
	hsInit             [256]Counter
	hsUsed             int
)

func init() { buildHistStates() }

// buildHistStates fills the state table (hsN0 ... hsUsed).
func buildHistStates() {
	var idx [41][41][2]int
	for a := range idx {
		for b := range idx[a] {
			idx[a][b] = [2]int{-1, -1}
		}
	}
	n := 0
	add := func(n0, n1, last int) {
		idx[n0][n1][last] = n
		hsN0[n], hsN1[n], hsLast[n] = uint8(n0), uint8(n1), uint8(last)
		n++
	}
	for n0 := 0; n0 <= 40; n0++ {
		for n1 := 0; n1 <= 40; n1++ {
			if !hsAllowed(n0, n1) {
				continue
			}
			switch {
			case n0 == 0 && n1 == 0:
				add(0, 0, 0)
			case n0 == 0:
				add(0, n1, 1)
			case n1 == 0:
				add(n0, 0, 0)
			default:
				add(n0, n1, 0)
				add(n0, n1, 1)
			}
		}
	}
	hsUsed = n
	for s := 0; s < 256; s++ {
		n0, n1 := int(hsN0[s]), int(hsN1[s])
		if s >= hsUsed {
			n0, n1 = 0, 0
		}
		hsInit[s] = Counter(uint32((2*n1+1)<<22/(2*(n0+n1)+2)) << 10)
		for bit := 0; bit < 2; bit++ {
			m0, m1 := n0, n1
			if bit == 1 {
				m1++
				if m0 > 2 {
					m0 = m0/2 + 1
				}
			} else {
				m0++
				if m1 > 2 {
					m1 = m1/2 + 1
				}
			}
			if m0 <= m1 {
				m0 = min(m0, 7)
				m1 = min(m1, hsCap[m0])
			} else {
				m1 = min(m1, 7)
				m0 = min(m0, hsCap[m1])
			}
			last := bit
			if m0 == 0 || m1 == 0 {
				last = 0
				if m0 == 0 {
					last = 1
				}
			}
			t := idx[m0][m1][last]
			if t < 0 {
				panic("predict: bit-history state out of the table")
			}
			hsNext[s<<1|bit] = uint8(t)
		}
	}
}

// hsAllowed reports whether counts n0, n1 make a state.
func hsAllowed(n0, n1 int) bool {
	lo, hi := min(n0, n1), max(n0, n1)
	return lo <= 7 && hi <= hsCap[lo]
}

// The skip flag's histories (SkipHist's bits): 0, the location's, a state per sample of the
// plane (the flags at this place over the frames); 1 and 2, states in hashed tables of
// hsHashBits bits, by hsCtxA's and hsCtxB's contexts (Predict's skip contexts combined, orders
// the direct counters cannot learn). Each state's probability from a map (a Counter per
// state × the reference flag × (the location's) the skipped flags of W, N, NW, NE).
const (
	hsInputs   = 3
	hsHashBits = 22
	hsSMCtxs   = 3 * 5
	hsSMLimit  = 40 // the maps' counters' limit (1023 / 255 / 127: hand-held, Sintel −0.01 %, Caminandes 2 +0.03-0.07 %)
	// skipInputsHist: skipInputsBlend's seven and the three histories' inputs
	skipInputsHist = skipInputsBlend + hsInputs
)

type skipHistState struct {
	st  [hsInputs][]uint8   // the states
	sm  [hsInputs][]Counter // the maps, hsSMCtxs × 256
	idx [hsInputs]int       // the current sample's state indexes
	smi [hsInputs]int       // the current sample's map entries
	on  [hsInputs]bool
	n0  int // the location table's size (w·h)
}

func newHistSM(ctxs int) []Counter {
	c := make([]Counter, ctxs*256)
	for i := range c {
		c[i] = hsInit[i&255]
	}
	return c
}

// initSkipHist sets the histories to their start (initLearned).
func (m *PlaneModel) initSkipHist() {
	h := &m.hist
	*h = skipHistState{}
	for k := range hsInputs {
		if m.cfg.SkipHist>>k&1 == 0 {
			continue
		}
		h.on[k] = true
		n := 1 << hsHashBits
		if k == 0 {
			n = m.st.W * m.st.H
			h.n0 = n
		}
		h.st[k] = make([]uint8, n)
		h.sm[k] = newHistSM(hsSMCtxs)
	}
}

// skipHistCtx sets the current sample's history contexts (Predict, after the skip contexts):
// t the ten-flag template, refFlag the reference flag, pat the W, N, NW, NE flags.
func (m *PlaneModel) skipHistCtx(t, refFlag, pat int) {
	h := &m.hist
	sc := refFlag * 5 << 8
	if h.on[0] {
		i := min(m.y*m.w+m.x, h.n0-1)
		h.idx[0] = i
		h.smi[0] = (sc + int(popTable[pat&15])<<8) | int(h.st[0][i])
	}
	if h.on[1] {
		i := int((uint32(m.skipMedCtx)*0x9E3779B1 ^ uint32(t)*0x85EBCA77 ^ uint32(m.skipCtx[1])*0xC2B2AE3D) >> (32 - hsHashBits))
		h.idx[1] = i
		h.smi[1] = sc | int(h.st[1][i])
	}
	if h.on[2] {
		i := int((uint32(m.skipMedCtx)*0x9E3779B1 ^ uint32(m.skipCtx[0])*0x85EBCA77 ^ uint32(m.skipCtx[2])*0xC2B2AE3D) >> (32 - hsHashBits))
		h.idx[2] = i
		h.smi[2] = sc | int(h.st[2][i])
	}
}

// skipHistInputs puts the histories' stretched probabilities into the skip mixer's inputs
// from skipInputsBlend on (SkipP).
func (m *PlaneModel) skipHistInputs(in *[MaxMixerInputs]int32) {
	h := &m.hist
	for k := range hsInputs {
		in[skipInputsBlend+k] = 0
		if h.on[k] {
			in[skipInputsBlend+k] = Stretch(h.sm[k][h.smi[k]].P())
		}
	}
}

// skipHistUpdate trains the maps and moves the states on the coded flag (UpdateSkip).
func (m *PlaneModel) skipHistUpdate(bit int) {
	h := &m.hist
	for k := range hsInputs {
		if h.on[k] {
			h.sm[k][h.smi[k]].Update(bit, hsSMLimit)
			s := &h.st[k][h.idx[k]]
			*s = hsNext[int(*s)<<1|bit]
		}
	}
}
