package predict

import (
	"hash/crc32"
	"os"
	"testing"
)

// byte2Probs runs m over data and returns the CRC-32 of every bit's probability (16 bits
// each, in coding order).
func byte2Probs(m *ByteModel2, data []byte) uint32 {
	var buf [2]byte
	h := crc32.NewIEEE()
	for _, v := range data {
		for k := 7; k >= 0; k-- {
			p := m.P()
			buf[0], buf[1] = byte(p), byte(p>>8)
			h.Write(buf[:])
			m.Update(int(v) >> k & 1)
		}
	}
	return h.Sum32()
}

// TestByteModel2Probs: ByteModel2 gives every bit of a binary+text log exactly the
// probabilities it gave when bytes blocks of mark 1026 were first written (a CRC of them
// recorded then), fresh and after a Reset: its speed work must not change one coded bit.
func TestByteModel2Probs(t *testing.T) {
	const want = 0x3b5dff3b
	data := byteTestLog(64 << 10)
	if got := byte2Probs(NewByteModel2(), data); got != want {
		t.Fatalf("fresh model: probabilities' CRC %#08x, want %#08x", got, want)
	}
	m := NewByteModel2()
	byte2Probs(m, byteTestLog(100 << 10)[50<<10:])
	m.Reset()
	if got := byte2Probs(m, data); got != want {
		t.Fatalf("after Reset: probabilities' CRC %#08x, want %#08x", got, want)
	}
}

// bench2Data is the first 200 KB of a corpus log (benchmarks only; skipped without it).
func bench2Data(b *testing.B, name string) []byte {
	data, err := os.ReadFile("/work/corpus/sensor/" + name)
	if err != nil {
		b.Skip(err)
	}
	return data[:min(len(data), 200_000)]
}

// benchByteModel2 runs the model over data bit by bit (bytes blocks' coding loop without the
// coder), from a reset model each time.
func benchByteModel2(b *testing.B, data []byte) {
	m := NewByteModel2()
	b.SetBytes(int64(len(data)))
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

// BenchmarkByteModel2: the second byte model over the synthetic log and the first 200 KB of
// two corpus logs coded as bytes blocks (a u-blox receiver's UBX+NMEA, a flight computer's
// binary frames).
func BenchmarkByteModel2(b *testing.B) {
	b.Run("synthetic", func(b *testing.B) { benchByteModel2(b, byteTestLog(200_000)) })
	b.Run("ublox", func(b *testing.B) { benchByteModel2(b, bench2Data(b, "ublox_f9p_ubx_nmea.log")) })
	b.Run("frm", func(b *testing.B) { benchByteModel2(b, bench2Data(b, "rocket_gw1_airbrakes.FRM")) })
}

// BenchmarkByteModel2Reset: Reset alone (every bytes block and every block's trial pays it).
func BenchmarkByteModel2Reset(b *testing.B) {
	m := NewByteModel2()
	for b.Loop() {
		m.Reset()
	}
}
