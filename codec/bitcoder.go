package codec

import "math"

// BitCoder codes binary decisions in either direction, so that one model loop serves both the
// encoder and the decoder: Code(bit, p) writes bit when encoding and returns the decoded bit
// when decoding. It also accounts the exact cost of every decision (the model's surprise).
type BitCoder struct {
	decoding bool
	enc      rangeEncoder
	dec      rangeDecoder
	// Cost is the accumulated surprise, −log2 p(bit), in units of 1/65536 bit.
	Cost uint64
}

// CostUnit is the number of Cost units in one bit.
const CostUnit = 1 << 16

// costTable[p>>2] = −log2(p/65536) in 1/65536 bit, taken at the centre of each run of four
// probabilities: 64 KiB, small enough to stay in cache, and within 0.1 % of the exact cost for
// every probability the models give (they keep p in [32, 65504]). Accounting is a measurement,
// not part of the coded path, so floating point is fine here.
var costTable [1 << 14]uint32

func init() {
	for i := range costTable {
		p := float64(i<<2) + 1.5
		costTable[i] = uint32(math.Round(-math.Log2(p/65536) * CostUnit))
	}
}

// NewBitEncoder returns a BitCoder that encodes into a buffer reusing buf's storage.
func NewBitEncoder(buf []byte) *BitCoder {
	c := &BitCoder{}
	c.ResetEncoder(buf)
	return c
}

// NewBitDecoder returns a BitCoder that decodes data.
func NewBitDecoder(data []byte) *BitCoder {
	c := &BitCoder{decoding: true}
	c.dec.reset(data)
	return c
}

// ResetEncoder starts a new encoded stream, reusing buf's storage.
func (c *BitCoder) ResetEncoder(buf []byte) {
	c.decoding = false
	c.enc.reset(buf)
}

// ResetDecoder starts decoding data.
func (c *BitCoder) ResetDecoder(data []byte) {
	c.decoding = true
	c.dec.reset(data)
}

// Decoding reports whether the coder decodes.
func (c *BitCoder) Decoding() bool { return c.decoding }

// Code codes one binary decision whose probability of being 1 is p/65536 (p in [1, 65535]).
// Encoding, it writes bit and returns it; decoding, it ignores bit and returns the decoded one.
func (c *BitCoder) Code(bit int, p uint32) int {
	if c.decoding {
		bit = c.dec.decode(p)
	} else {
		c.enc.encode(bit, p)
	}
	if bit != 0 {
		c.Cost += uint64(costTable[p>>2])
	} else {
		c.Cost += uint64(costTable[((1<<16)-p)>>2])
	}
	return bit
}

// Finish ends an encoded stream and returns its bytes.
func (c *BitCoder) Finish() []byte { return c.enc.finish() }

// Overrun reports whether the decoder read past the end of its data: the data was truncated
// or corrupt.
func (c *BitCoder) Overrun() bool { return c.dec.overrun }
