package codec

import (
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorModel11Bytes: sensor model 11's bytes blocks (FORMAT.md 12.6.7) round-trip the
// synthetic SiRF-like log (testlog.SiRFLog: big-endian fields in packets framed A0 A2 with a
// big-endian length and a 15-bit sum) and the float32 packet log of model 10's test byte for
// byte, each in one bytes block, no larger than measured when the model was made (64 KiB
// each: SiRF-like 10,169 bytes against model 10's 11,560; floats 20,263 against 20,262): the
// SiRF-like log in at most 0.9 times model 10's bytes, the float log (no framed packets) in
// at most 1.001 times.
func TestSensorModel11Bytes(t *testing.T) {
	checkBytesStep(t, sensorModelV11, []bytesStep{
		{"sirf", testlog.SiRFLog(64 << 10), 10180, 900},
		{"floats", testlog.FloatLog(64 << 10), 20270, 1001},
	})
}
