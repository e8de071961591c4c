package predict

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// byteTestLog is a synthetic receiver log of about n bytes: binary records of float32 fields
// that move slowly, between text lines with numbers, as a flight computer or a GPS receiver
// writes them.
func byteTestLog(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 8))
	var log []byte
	x := [6]float64{1, 2, 3, 4, 5, 6}
	for e := 0; len(log) < n; e++ {
		log = append(log, 0xAA, 0x55, byte(e), byte(e>>8))
		for i := range x {
			x[i] += rng.Float64() - 0.5
			log = binary.LittleEndian.AppendUint32(log, math.Float32bits(float32(x[i])))
		}
		if e%4 == 0 {
			log = fmt.Appendf(log, "$GPGGA,%06d.00,%.5f,N,%.5f,E,1,%02d*%02X\n", e, x[0], x[1], 6+rng.IntN(6), rng.IntN(256))
		}
	}
	return log[:n]
}

// byteProbs runs m over data and returns every bit's probability.
func byteProbs(m *ByteModel, data []byte) []uint32 {
	out := make([]uint32, 0, 8*len(data))
	for _, v := range data {
		for k := 7; k >= 0; k-- {
			out = append(out, m.P())
			m.Update(int(v) >> k & 1)
		}
	}
	return out
}

// TestByteModelReset: a model reset after coding other data predicts every bit of a log
// exactly as a fresh model does (bytes blocks rely on it: each starts from a fresh model, the
// encoder's and decoder's reused).
func TestByteModelReset(t *testing.T) {
	if !slices.Equal(NewByteModel().apm.t, NewAPM(1<<16, 7).t) {
		t.Fatal("a fresh model's APM is not NewAPM(1<<16, 7)'s")
	}
	data := byteTestLog(48 << 10)
	want := byteProbs(NewByteModel(), data)
	m := NewByteModel()
	byteProbs(m, byteTestLog(100 << 10)[50<<10:])
	for round := range 3 {
		m.Reset()
		got := byteProbs(m, data)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("round %d: bit %d: p %d after Reset, %d fresh", round, i, got[i], want[i])
			}
		}
		byteProbs(m, data[:(round+1)<<12]) // leave a different state each round
	}
}

// BenchmarkByteModel: the byte model predicting and learning a binary+text log, bit by bit
// (bytes blocks' coding loop without the coder), reset every 256 KiB as for a short block.
func BenchmarkByteModel(b *testing.B) {
	data := byteTestLog(256 << 10)
	m := NewByteModel()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var sink uint32
	for b.Loop() {
		m.Reset()
		for _, v := range data {
			for k := 7; k >= 0; k-- {
				sink += m.P()
				m.Update(int(v) >> k & 1)
			}
		}
	}
	_ = sink
}

// BenchmarkByteModelReset: Reset alone (every bytes block and every block's trial pays it).
func BenchmarkByteModelReset(b *testing.B) {
	m := NewByteModel()
	for b.Loop() {
		m.Reset()
	}
}

// BenchmarkNewByteModel: a fresh model (every sensor encode of a block of 4 KiB or more makes
// one for the bytes-block trial).
func BenchmarkNewByteModel(b *testing.B) {
	for b.Loop() {
		NewByteModel()
	}
}
