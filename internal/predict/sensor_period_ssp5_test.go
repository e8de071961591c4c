package predict

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFindPeriodSameAsBefore: FindPeriod (its lag loop on slices, ssp5) returns on columns
// with cycles, noise, gaps and outliers the periods the loop before it returned: a CRC of the
// 400 periods, taken from that loop when ssp5 replaced it (it compared them one by one).
func TestFindPeriodSameAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 17))
	h := crc32.NewIEEE()
	for i := range 400 {
		n := 20 + rng.IntN(5000)
		x, res := make([]int64, n), make([]int8, n)
		per := 2 + rng.IntN(420)
		amp := float64(1 + rng.IntN(1000))
		noise := rng.Float64() * 2 * amp
		for r := range n {
			x[r] = int64(amp*math.Sin(2*math.Pi*float64(r)/float64(per)) + noise*rng.NormFloat64())
			if i%4 == 1 {
				x[r] += int64(r) * 7 // a clock
			}
			if rng.IntN(50) == 0 {
				res[r] = -1
			}
			if rng.IntN(200) == 0 {
				x[r] += int64(rng.IntN(1 << 30)) // an outlier
			}
		}
		binary.Write(h, binary.LittleEndian, int32(FindPeriod(x, res)))
	}
	if got := h.Sum32(); got != 0x8c8d19c5 {
		t.Fatalf("the 400 periods' CRC %#08x, want %#08x", got, 0x8c8d19c5)
	}
}
