package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// v8PacketLog returns n bytes of a synthetic binary packet log: two packet types (a sync
// word, a type byte, a counter) of little-endian float32 fields that drift, and a text line
// every eighth packet.
func v8PacketLog(n int) []byte {
	rng := rand.New(rand.NewPCG(23, 24))
	var log []byte
	x := [5]float64{101325, 20.5, -3, 0.25, 9.81}
	for e := 0; len(log) < n; e++ {
		typ := byte(e % 3 / 2)
		log = append(log, 0xB5, 0x62, 0x10+typ, byte(e))
		for i := range x[:3+2*int(typ)] {
			x[i] += (rng.Float64() - 0.5) * float64(i+1) * 0.1
			log = binary.LittleEndian.AppendUint32(log, math.Float32bits(float32(x[i])))
		}
		if e%8 == 0 {
			log = fmt.Appendf(log, "$GNRMC,%06d.00,A,%.4f,N*%02X\n", e, x[1], rng.IntN(256))
		}
	}
	return log[:n]
}

// TestSensorModel8Bytes: sensor model 8's bytes blocks (FORMAT.md 12.6.4) round-trip a
// candump log and a binary packet log byte for byte, each in one bytes block, the candump log
// in fewer bytes than model 7 (its column numbers and line keys) and the packet log (no
// fixed-width text) within 0.2 % of model 7, both no larger than measured when the model was
// made (64 KiB each: candump 5,442 bytes against model 7's 5,664; packets 25,380 against
// 25,368).
func TestSensorModel8Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV8, []bytesStep{
		{"candump", testlog.CANLog(64<<10, 21, 22), 5460, 999},
		{"packets", v8PacketLog(64 << 10), 25400, 1002},
	})
}
