package predict

// MaxMixerInputs bounds the inputs of one Mixer.
const MaxMixerInputs = 16

// Mixer combines several bit predictions by logistic mixing (as in PAQ): the output is
// squash(Σ w_i·stretch(p_i)), and the weights of the selected set move along the gradient of the
// code length after each bit, so the mixer learns which model to trust in which context.
// Weights are 16.16 fixed point.
type Mixer struct {
	n       int
	weights []int32
	inputs  [MaxMixerInputs]int32
	count   int
	sel     int
	pr      uint32
	rate    int64
}

// NewMixer returns a mixer of n inputs with sets weight sets, each weight starting at
// initWeight (16.16), learning at rate (about 2..16; larger adapts faster).
func NewMixer(n, sets int, initWeight int32, rate int) *Mixer {
	if n > MaxMixerInputs {
		panic("predict: too many mixer inputs")
	}
	m := &Mixer{n: n, weights: make([]int32, n*sets), rate: int64(rate)}
	for i := range m.weights {
		m.weights[i] = initWeight
	}
	return m
}

// passFirst gives every weight set its pass-through start: the first input's weight 1.0 (16.16),
// the others 0, and clears the inputs added so far.
func (m *Mixer) passFirst() {
	for i := range m.weights {
		m.weights[i] = 0
		if i%m.n == 0 {
			m.weights[i] = 1 << 16
		}
	}
	m.count = 0
}

// Add appends one input, a stretched probability (see Stretch).
func (m *Mixer) Add(st int32) {
	m.inputs[m.count&(MaxMixerInputs-1)] = st // (the mask only spares a bounds check: count < n)
	m.count++
}

// AddP appends one input given as a 16-bit probability.
func (m *Mixer) AddP(p uint32) { m.Add(Stretch(p)) }

// Mix returns the mixed probability (16-bit) using weight set `set`.
func (m *Mixer) Mix(set int) uint32 {
	m.sel = set * m.n
	in := m.inputs[:m.n]
	w := m.weights[m.sel:][:len(in)] // the bounds checked once here, not in the loop
	var dot int64
	for i, x := range in {
		dot += int64(x) * int64(w[i])
	}
	m.pr = Squash(int32(dot >> 16))
	return m.pr
}

// Update trains the selected weight set on the coded bit and clears the inputs.
func (m *Mixer) Update(bit int) {
	err := (int64(bit)<<16 - int64(m.pr)) * m.rate
	in := m.inputs[:m.n]
	w := m.weights[m.sel:][:len(in)]
	for i, x := range in {
		w[i] += int32((int64(x)*err + 1<<19) >> 20)
	}
	m.count = 0
}
