package predict

// Sensor model 16 (branch exact16; FORMAT.md 12.8.11): model 15's exact prediction's input
// (sensor_exact15.go) for the mixed residual models of multi-column logs, its counters in
// one table per stream (ExactTable) shared by the stream's residual models under a per-model
// salt, as the value contexts' are (sensor_valuectx.go): memory does not grow with the
// columns. Model 15 gave each model a table of its own (0.25 MB), which on a log of dozens of
// columns, in every trial's coder, doubled the encoder's time.
//
// A residual's counters sit in one line of 8 (32 bytes, one cache line's half) chosen by
// the model's salt and the prediction (exact): the zero and sign decisions', then for each
// sign of the residual the first two exponent nodes' and the mantissa node of exponent 1
// (magnitudes up to 3). So a residual costs one cache miss, not one per decision (a counter
// hashed by node as well took rocket_launch1's encoder from 3.6 s to 4.4 s); the decisions
// of magnitudes of 4 or more (exponent node 2 and beyond, the other mantissa nodes) go
// without the input.

// ExactBits is the log2 of the counters of a stream's exact-prediction table (16 MB).
const ExactBits = 22

// exactLine is the counters of one prediction's line.
const exactLine = 8

// ExactTable is a stream's table of the exact prediction's counters (sensor model 16). A
// counter c is held as c ⊕ exactFresh, so that the table's zero memory is every counter at
// 1/2 with no observations: making it writes nothing, and only the pages of the lines a
// stream uses are ever touched (a short log does not pay for 16 MB).
type ExactTable struct {
	t []uint32
}

// exactFresh is a fresh counter (NewCounter): a table entry of 0.
const exactFresh = 1 << 31

// NewExactTable returns a table of 2^ExactBits counters, every one at 1/2.
func NewExactTable() *ExactTable {
	return &ExactTable{t: make([]uint32, 1<<ExactBits)}
}

// exact16 is a MixedResidual's model-16 state (SetExact16): the input's key and weights;
// its counters are the stream's (tab).
type exact16 struct {
	tab  *ExactTable
	salt uint64
	line uint32 // the first counter of the prediction's line (Begin)
	neg  int    // the residual's sign once coded (0 before)
	i7   uint32
	x7   int32
	w7   [mixedSets]int32
	w87  [mix2Sets]int32
	on7  bool // a P query of it awaits its update
}

// SetExact16 gives the model (after SetMix2 on: the input joins both mixers) sensor model
// 16's exact prediction's input, its counters in tab under salt (which must differ between
// the models sharing tab), its weights at 0; a nil tab takes it away. A model that has model
// 15's input (SetModel15) uses that one instead.
func (m *MixedResidual) SetExact16(tab *ExactTable, salt uint64) {
	if tab == nil || !m.mix2 {
		m.s16 = nil
		return
	}
	m.s16 = &exact16{tab: tab, salt: hashValue(0x45584143, salt)}
}

// HasExact16 reports whether the model has model 16's input (SetExact16).
func (m *MixedResidual) HasExact16() bool { return m.s16 != nil }

// DropExact16 takes model 16's input away from the column's mixed residual models.
func (c *SensorColumn) DropExact16() {
	for _, m := range []*MixedResidual{c.valueX, c.latValueX, c.latKX} {
		if m != nil {
			m.s16 = nil
		}
	}
}

// exactOff returns the offset in the prediction's line of node's counter after a residual
// sign neg, or −1 (a decision of a magnitude of 4 or more: no input).
func exactOff(node, neg int) int {
	switch {
	case node <= NodeSign:
		return node
	case node <= NodeExp+1:
		return 2 + 3*neg + node - NodeExp
	case node == NodeMant+1: // exponent 1's mantissa bit (the bits so far: the leading one)
		return 4 + 3*neg
	}
	return -1
}

// begin sets the input's line for the next residual (Begin).
func (s *exact16) begin(pred int64) {
	s.line = uint32(hashValue(s.salt, uint64(pred))>>(64-ExactBits)) &^ (exactLine - 1)
	s.neg = 0
}

// p7 adds the input to P's dot products (set: the first mixer's weight set, mi: the
// second's), if the decision has a counter in the line.
func (s *exact16) p7(node, set, mi int, dot, dot2 *int64) {
	o := exactOff(node, s.neg)
	if o < 0 {
		return
	}
	s.on7 = true
	s.i7 = s.line | uint32(o)
	s.x7 = Counter(s.tab.t[s.i7] ^ exactFresh).st()
	*dot += int64(s.x7) * int64(s.w7[set])
	*dot2 += int64(s.x7) * int64(s.w87[mi])
}

// u7 learns the coded bit of P's decision (Update, after pr1 and pr2 were set by P).
// r2 is the second set's rate (rate2nc).
func (s *exact16) u7(m *MixedResidual, bit, limit int, r2 int64) {
	if m.node == NodeSign {
		s.neg = bit
	}
	if !s.on7 {
		return
	}
	s.on7 = false
	c := Counter(s.tab.t[s.i7] ^ exactFresh)
	c.Update(bit, limit)
	s.tab.t[s.i7] = uint32(c) ^ exactFresh
	learnExactWeights(m, bit, s.x7, &s.w7, &s.w87, r2)
}
