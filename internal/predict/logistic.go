// Package predict holds vidlm's models: the probability primitives every model is built from
// (adaptive counters, logistic mixers, secondary estimation), the video and sensor predictors,
// and the encoder-side analysis that feeds them. Everything here that influences a probability
// is integer arithmetic, so encoder and decoder agree bit for bit on every machine.
package predict

// The logistic domain. A probability p (of a 1 bit) is held as a 16-bit integer in [1, 65535]
// (p/65536). Its stretch, ln(p/(1-p)), is held in units of 1/256, clamped to ±StretchMax (±12).
const (
	ProbBits   = 16
	ProbOne    = 1 << ProbBits // probability 1.0; real probabilities stay in [1, ProbOne-1]
	StretchMax = 3072          // ±12 in logit units of 1/256
)

// squashKnots[i] = round(65536 / (1 + exp(-(i*32-3072)/256))), clamped to [1, 65535]:
// the logistic function sampled every 1/8 logit. Hard-coded so that no floating point
// (whose last bit may differ between machines) is ever involved in a probability.
var squashKnots = [193]int32{
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2,
	2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7,
	8, 9, 10, 12, 13, 15, 17, 19, 22, 25, 28, 32,
	36, 41, 47, 53, 60, 68, 77, 87, 98, 111, 126, 143,
	162, 184, 208, 236, 267, 302, 342, 387, 439, 497, 562, 636,
	720, 815, 922, 1042, 1179, 1333, 1506, 1701, 1921, 2168, 2446, 2758,
	3108, 3500, 3938, 4427, 4971, 5577, 6249, 6992, 7812, 8714, 9702, 10782,
	11955, 13226, 14595, 16062, 17625, 19282, 21025, 22849, 24743, 26695, 28693, 30723,
	32768, 34813, 36843, 38841, 40793, 42687, 44511, 46254, 47911, 49474, 50941, 52310,
	53581, 54754, 55834, 56822, 57724, 58544, 59287, 59959, 60565, 61109, 61598, 62036,
	62428, 62778, 63090, 63368, 63615, 63835, 64030, 64203, 64357, 64494, 64614, 64721,
	64816, 64900, 64974, 65039, 65097, 65149, 65194, 65234, 65269, 65300, 65328, 65352,
	65374, 65393, 65410, 65425, 65438, 65449, 65459, 65468, 65476, 65483, 65489, 65495,
	65500, 65504, 65508, 65511, 65514, 65517, 65519, 65521, 65523, 65524, 65526, 65527,
	65528, 65529, 65530, 65530, 65531, 65532, 65532, 65533, 65533, 65533, 65534, 65534,
	65534, 65534, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535,
	65535,
}

var (
	squashTable  [2*StretchMax + 1]uint16 // squash(d) for d in [-StretchMax, StretchMax]
	stretchTable [4096]int16              // stretch(p) for p>>4
)

func init() {
	for d := -StretchMax; d <= StretchMax; d++ {
		k := (d + StretchMax) >> 5
		w := int32((d + StretchMax) & 31)
		v := squashKnots[k] * 32
		if k < len(squashKnots)-1 {
			v = squashKnots[k]*(32-w) + squashKnots[k+1]*w
		}
		p := (v + 16) >> 5
		if p < 1 {
			p = 1
		}
		if p > ProbOne-1 {
			p = ProbOne - 1
		}
		squashTable[d+StretchMax] = uint16(p)
	}
	// stretch is the inverse of squash: for each 12-bit probability bucket the d whose
	// squash is closest to the bucket's centre (squash is monotone, so one pass suffices).
	d := -StretchMax
	for i := range stretchTable {
		target := int32(i<<4 + 8)
		for d < StretchMax && int32(squashTable[d+1+StretchMax]) <= target {
			d++
		}
		best := d
		if d < StretchMax && int32(squashTable[d+1+StretchMax])-target < target-int32(squashTable[d+StretchMax]) {
			best = d + 1
		}
		stretchTable[i] = int16(best)
	}
	for d := range squashStretch {
		squashStretch[d] = int16(Stretch(uint32(squashTable[d])))
	}
	initResAPMIn()
}

// squashStretch[d+StretchMax] is Stretch(Squash(d)): what an APM given a mixer's output
// Squash(d) stretches it back to, in one lookup by d (refineD).
var squashStretch [2*StretchMax + 1]int16

// Squash maps a stretched value d (units of 1/256 logit) to a 16-bit probability in [1, 65535].
func Squash(d int32) uint32 {
	return uint32(squashTable[min(max(d, -StretchMax), StretchMax)+StretchMax])
}

// Stretch maps a 16-bit probability to ln(p/(1-p)) in units of 1/256, in [-StretchMax, StretchMax].
func Stretch(p uint32) int32 {
	return int32(stretchTable[p>>4&4095])
}
