package predict

// Sensor model 15's byte model (NewByteModel2Model15; FORMAT.md 12.8.10): model 14's with
// the additions of bytes_model2_frm15.go.

// NewByteModel2Model15 returns a fresh model of sensor model 15's bytes blocks: model 14's
// with frm15's binary-record additions (bytes_model2_frm15.go).
func NewByteModel2Model15() *ByteModel2 {
	m := NewByteModel2Model14()
	m.v15 = true
	m.f15 = newFrm15()
	m.Reset()
	return m
}

// Model15 tells whether m is sensor model 15's variant (NewByteModel2Model15).
func (m *ByteModel2) Model15() bool { return m.v15 }
