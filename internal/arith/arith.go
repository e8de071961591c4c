// Package arith is vidlm's binary arithmetic coder: the range coder's state and its coding
// step, and the table of decision costs. It lives apart from codec so that the model's hottest
// loop (predict's video sample coding) can run the coding step inline next to the model, one
// call per decision instead of three; codec's BitCoder holds the same state and codes every
// other decision (sensor, motion vectors, block flags) the same way.
//
// A range coder in the style of LZMA's: a 64-bit low, a 32-bit range kept in [2^24, 2^32) and
// carry propagation through a one-byte cache and a count of pending 0xFF bytes. Probabilities
// are 16-bit (the probability of a 1 is p/65536, p in [1, 65535]); the split point is
// (range>>16)*p, so neither side of it is ever empty.
//
// The fields are exported for the loops that write the coding step out inline (codec's
// BitCoder, predict's sample coder); nothing else should touch them.
package arith

import (
	"math"
	"slices"
)

// Top is the bottom of the range's interval [Top, 2^32) between decisions.
const Top = 1 << 24

// Encoder codes bits into an in-memory buffer.
type Encoder struct {
	Low       uint64
	Rng       uint32
	cache     byte
	cacheSize int64
	out       []byte
}

// Reset starts a new stream, reusing buf's storage.
func (e *Encoder) Reset(buf []byte) {
	*e = Encoder{Rng: 0xFFFFFFFF, cacheSize: 1, out: buf[:0]}
}

// Encode codes bit under probability p/65536 of a 1. The split is chosen without a branch,
// whose outcome would be as unpredictable as the bits; the renormalisation, about once per
// eight bits, is a call out of line.
func (e *Encoder) Encode(bit int, p uint32) {
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1 // 0 for a 1 (the lower part of the range), all ones for a 0
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < Top {
		e.Normalize()
	}
}

// Normalize shifts bytes out until the range is back in [2^24, 2^32).
func (e *Encoder) Normalize() {
	for e.Rng < Top {
		e.Rng <<= 8
		e.ShiftLow()
	}
}

// ShiftLow moves the top byte of low to the output. A byte is held back in cache (and a run
// of 0xFF bytes counted in cacheSize) until it is known that no carry can still reach it.
func (e *Encoder) ShiftLow() {
	if uint32(e.Low) < 0xFF000000 || e.Low>>32 != 0 {
		carry := byte(e.Low >> 32)
		b := e.cache
		for {
			e.out = append(e.out, b+carry)
			b = 0xFF
			e.cacheSize--
			if e.cacheSize == 0 {
				break
			}
		}
		e.cache = byte(e.Low >> 24)
	}
	e.cacheSize++
	e.Low = (e.Low & 0x00FFFFFF) << 8
}

// Reserve makes room in the output for n bytes beyond those a held-back run of bytes will
// take, so that code writing the output in place (predict's amd64 kernels, which code at most
// n bytes' worth of range shifts a call) need not grow it.
func (e *Encoder) Reserve(n int) {
	if cap(e.out)-len(e.out) < n+int(e.cacheSize) {
		e.grow(n + int(e.cacheSize))
	}
}

func (e *Encoder) grow(n int) { e.out = slices.Grow(e.out, n) }

// Len is the number of bytes written so far (a few more are held in the coder's state until
// Finish).
func (e *Encoder) Len() int { return len(e.out) }

// Finish flushes the coder and returns the coded bytes.
func (e *Encoder) Finish() []byte {
	for i := 0; i < 5; i++ {
		e.ShiftLow()
	}
	return e.out
}

// Decoder mirrors Encoder. Reading past the end of its input yields zero bytes and sets
// Overrun; the stream's checksums, not the decoder, decide whether the data was valid.
type Decoder struct {
	Code    uint32
	Rng     uint32
	In      []byte
	Pos     int
	Overrun bool
}

// Reset starts decoding in.
func (d *Decoder) Reset(in []byte) {
	*d = Decoder{Rng: 0xFFFFFFFF, In: in}
	// The encoder's first output byte is the initial cache (always 0); the next four fill code.
	d.Next()
	for i := 0; i < 4; i++ {
		d.Code = d.Code<<8 | uint32(d.Next())
	}
}

// Next returns the next input byte (0 past the end, setting Overrun).
func (d *Decoder) Next() byte {
	if d.Pos < len(d.In) {
		b := d.In[d.Pos]
		d.Pos++
		return b
	}
	d.Overrun = true
	return 0
}

// Decode returns the bit coded under probability p/65536 of a 1, chosen without a branch.
func (d *Decoder) Decode(p uint32) int {
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63) // all ones when code < bound: a 1
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	return int(one & 1)
}

// Normalize reads bytes in until the range is back in [2^24, 2^32).
func (d *Decoder) Normalize() {
	for d.Rng < Top {
		d.Rng <<= 8
		d.Code = d.Code<<8 | uint32(d.Next())
	}
}

// CostUnit is the number of cost units in one bit.
const CostUnit = 1 << 16

// CostTable[p>>2] = −log2(p/65536) in 1/65536 bit, taken at the centre of each run of four
// probabilities: 64 KiB, small enough to stay in cache, and within 0.1 % of the exact cost for
// every probability the models give (they keep p in [32, 65504]). Accounting is a measurement,
// not part of the coded path, so floating point is fine here.
var CostTable [1 << 14]uint32

func init() {
	for i := range CostTable {
		p := float64(i<<2) + 1.5
		CostTable[i] = uint32(math.Round(-math.Log2(p/65536) * CostUnit))
	}
}

// BitCost is the cost of bit under probability p/65536 of a 1: CostTable at p for a 1, at
// 65536−p for a 0, chosen without a branch.
func BitCost(bit int, p uint32) uint64 {
	keep := uint32(bit) - 1 // 0 for a 1, all ones for a 0
	q := p ^ (p^(1<<16-p))&keep
	return uint64(CostTable[q>>2&(1<<14-1)])
}
