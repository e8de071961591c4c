package samples

// Deterministic noise for the physics worlds: a seeded integer generator (SplitMix64) and
// Gaussian samples drawn by inverting a fixed-point table of the normal distribution, so the
// same seed gives the same noise, bit for bit, on every machine.

// GaussOne is 1.0 in the units of GaussCDF (2^48).
const GaussOne = 1 << 48

const (
	gaussTableLen = 1281 // Φ at x = i/128, i in [0, 1280]
	gaussStepQ16  = 512  // 65536/128: table step in Q16
)

// GaussCDF returns Φ(x), the standard normal distribution function, at x = xq/65536, in units
// of 2^-48 (0 to GaussOne). Between the table's points (every 1/128) it interpolates
// linearly; beyond ±10 it is 0 or 1. This piecewise-linear Φ is the exact distribution of the
// noise the worlds add (GaussianQ16 inverts it), so entropy floors computed with it are exact.
func GaussCDF(xq int64) uint64 {
	neg := xq < 0
	if neg {
		xq = -xq
	}
	var v uint64
	i := xq / gaussStepQ16
	if i >= gaussTableLen-1 {
		v = GaussOne
	} else {
		f := uint64(xq % gaussStepQ16)
		a, b := gaussTable[i], gaussTable[i+1]
		v = a + ((b-a)*f+gaussStepQ16/2)/gaussStepQ16
	}
	if neg {
		return GaussOne - v
	}
	return v
}

// RNG is SplitMix64: a small, fast, seeded integer generator.
type RNG struct{ s uint64 }

// NewRNG returns a generator started from seed.
func NewRNG(seed uint64) *RNG { return &RNG{s: seed} }

// Uint64 returns the next 64 random bits.
func (r *RNG) Uint64() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// GaussianQ16 returns a standard normal sample in Q16 (1/65536 units): the smallest x on the
// Q16 grid in [-10, 10] with GaussCDF(x) > u, for u uniform on [0, 2^48).
func (r *RNG) GaussianQ16() int64 {
	u := r.Uint64() >> 16
	lo, hi := int64(-10<<16), int64(10<<16)
	for lo < hi {
		mid := lo + (hi-lo)/2
		if GaussCDF(mid) > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// Observe quantises a noiseless value s (in LSB, Q16) with Gaussian noise of sigma (LSB, Q16)
// added before rounding, clipped to [0, max].
func (r *RNG) Observe(sQ16, sigmaQ16 int64, max int) int32 {
	z := r.GaussianQ16()
	v := sQ16 + (sigmaQ16*z)>>16
	y := (v + 1<<15) >> 16 // round half up (arithmetic shift floors)
	if y < 0 {
		y = 0
	}
	if y > int64(max) {
		y = int64(max)
	}
	return int32(y)
}
