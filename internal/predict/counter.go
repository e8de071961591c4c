package predict

// Counter is an adaptive bit probability. It starts fast (each new observation weighs 1/(n+1.5)
// of the estimate) and settles to a fixed rate once it has seen `limit` observations, so rare
// contexts learn quickly and frequent ones become precise. The state packs the probability of a
// 1 in the high 22 bits and the observation count in the low 10.
type Counter uint32

// counterRate[n] = 65536/(n+1.5): the weight of the next observation after n observations.
var counterRate [1024]int32

// counterRate16 is counterRate in 16 bits (its largest value is 43690), for the video coder's
// kernels (video_asm_amd64.h's UPDC and CUPD): 2 KB instead of 4 KB of the L1 data cache that
// the model's tables share. The extra last entry lets CUPD gather 32 bits at entry 1023
// (VPGATHERDD at 2n, the upper 16 bits masked off).
var counterRate16 [1024 + 1]uint16

func init() {
	for n := range counterRate {
		counterRate[n] = int32(65536 * 2 / (2*n + 3))
		counterRate16[n] = uint16(counterRate[n])
	}
}

// NewCounter returns a counter at probability 1/2 with no observations.
func NewCounter() Counter { return Counter(1 << 31) }

// P returns the probability of a 1 as a 16-bit value in [1, 65535].
func (c Counter) P() uint32 {
	return max(uint32(c)>>16, 1)
}

// st is Stretch(c.P()): the 12-bit bucket of P is the top 12 bits of c (P's floor of 1
// falls in bucket 0 either way).
func (c Counter) st() int32 {
	return int32(stretchTable[uint32(c)>>20])
}

// Update moves the counter towards bit (0 or 1); limit (1..1023) caps the count and so sets
// the slowest adaptation rate, 1/(limit+1.5).
func (c *Counter) Update(bit int, limit int) {
	c.updateTo(int64(bit)<<22, uint32(limit))
}

// updateTo is Update with the bit as its 22-bit target (bit << 22), for loops that update
// many counters on one bit.
func (c *Counter) updateTo(target int64, limit uint32) {
	// The state widened to 64 bits: as a uint32 the count was masked twice, once for the
	// rate's index (zero-extended) and once for the new count (−1.1 % of decoding).
	v := uint64(uint32(*c))
	n := v & 1023
	p := int64(v >> 10)
	p += (target - p) * int64(counterRate[n]) >> 16
	m := min(uint32(n)+1, limit) // (n never exceeds limit: the same as "n++ below limit, else limit")
	*c = Counter(uint32(p)<<10 | m)
}
