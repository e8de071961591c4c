package codec

import "github.com/vidlm/vidlm/internal/arith"

// BitCoder codes binary decisions in either direction, so that one model loop serves both the
// encoder and the decoder: Code(bit, p) writes bit when encoding and returns the decoded bit
// when decoding. It also accounts the exact cost of every decision (the model's surprise).
//
// Hot loops that know their direction call Encode or Decode instead of Code: one call per
// decision, with the range coder and the accounting inlined into it. The video sample loop
// goes further: it runs the coder's step (internal/arith, whose state BitCoder holds) inside
// the model's decision (internal/predict/video_code.go).
type BitCoder struct {
	decoding bool
	enc      rangeEncoder
	dec      rangeDecoder
	// Cost is the accumulated surprise, −log2 p(bit), in units of 1/65536 bit.
	Cost uint64
	// noCost, decoding, leaves Cost alone: nobody asked for the surprise (WithoutCosts). An
	// encoder always accounts it (the trailer holds the totals).
	noCost bool
	// costOnly, encoding, accounts Cost and writes nothing (an encoder's trial, whose output
	// nobody reads: NewBitCostCounter).
	costOnly bool
	// kinds, with WithDecisionCosts, sums the slow sample loop's costs by decision kind for
	// plane kindPlane (0: the first plane, 1: the others).
	kinds     *DecisionCosts
	kindPlane int
}

// CostUnit is the number of Cost units in one bit.
const CostUnit = arith.CostUnit

// costTable is arith.CostTable: the cost of each probability, in 1/65536 bit.
var costTable = &arith.CostTable

// bitCost is the cost of bit under probability p/65536 of a 1.
func bitCost(bit int, p uint32) uint64 { return arith.BitCost(bit, p) }

// NewBitEncoder returns a BitCoder that encodes into a buffer reusing buf's storage.
func NewBitEncoder(buf []byte) *BitCoder {
	c := &BitCoder{}
	c.ResetEncoder(buf)
	return c
}

// NewBitCostCounter returns an encoding BitCoder that only accounts the cost of what it is
// given (Cost, the same sum as NewBitEncoder's): Code returns the bit and writes nothing
// (Finish's bytes decode to nothing). Only Code knows it; Encode would write (the sensor
// trials call Code).
func NewBitCostCounter() *BitCoder {
	c := &BitCoder{costOnly: true}
	c.enc.Reset(nil)
	return c
}

// NewBitDecoder returns a BitCoder that decodes data.
func NewBitDecoder(data []byte) *BitCoder {
	c := &BitCoder{decoding: true}
	c.dec.Reset(data)
	return c
}

// ResetEncoder starts a new encoded stream, reusing buf's storage.
func (c *BitCoder) ResetEncoder(buf []byte) {
	c.decoding, c.noCost, c.costOnly = false, false, false
	c.enc.Reset(buf)
}

// ResetDecoder starts decoding data.
func (c *BitCoder) ResetDecoder(data []byte) {
	c.decoding = true
	c.dec.Reset(data)
}

// Decoding reports whether the coder decodes.
func (c *BitCoder) Decoding() bool { return c.decoding }

// Code codes one binary decision whose probability of being 1 is p/65536 (p in [1, 65535]).
// Encoding, it writes bit and returns it; decoding, it ignores bit and returns the decoded one.
//
// It is Encode or Decode written out again (not called), so that the models that serve both
// directions with one loop (the sensor coder, motion vectors, block flags) also pay one call
// per decision.
func (c *BitCoder) Code(bit int, p uint32) int {
	if c.decoding {
		d := &c.dec
		bound := (d.Rng >> 16) * p
		one := uint32((int64(d.Code) - int64(bound)) >> 63)
		d.Code -= bound &^ one
		d.Rng = bound ^ (bound^(d.Rng-bound))&^one
		d.Normalize()
		bit = int(one & 1)
		if c.noCost {
			return bit
		}
	} else if !c.costOnly {
		e := &c.enc
		bound := (e.Rng >> 16) * p
		keep := uint32(bit) - 1
		e.Low += uint64(bound & keep)
		e.Rng = bound ^ (bound^(e.Rng-bound))&keep
		if e.Rng < rangeTop {
			e.Normalize()
		}
	}
	c.Cost += bitCost(bit, p)
	return bit
}

// Encode codes bit under probability p/65536 of a 1, on an encoding coder. The split is
// chosen without a branch, whose outcome would be as unpredictable as the bits; the
// renormalisation, about once per eight bits, is a call out of line.
func (c *BitCoder) Encode(bit int, p uint32) {
	e := &c.enc
	bound := (e.Rng >> 16) * p
	keep := uint32(bit) - 1 // 0 for a 1 (the lower part of the range), all ones for a 0
	e.Low += uint64(bound & keep)
	e.Rng = bound ^ (bound^(e.Rng-bound))&keep
	if e.Rng < rangeTop {
		e.Normalize()
	}
	c.Cost += bitCost(bit, p)
}

// Decode returns the bit coded under probability p/65536 of a 1, on a decoding coder; like
// Encode, it chooses without a branch.
func (c *BitCoder) Decode(p uint32) int {
	d := &c.dec
	bound := (d.Rng >> 16) * p
	one := uint32((int64(d.Code) - int64(bound)) >> 63) // all ones when code < bound: a 1
	d.Code -= bound &^ one
	d.Rng = bound ^ (bound^(d.Rng-bound))&^one
	d.Normalize()
	bit := int(one & 1)
	if !c.noCost {
		c.Cost += bitCost(bit, p)
	}
	return bit
}

// Finish ends an encoded stream and returns its bytes.
func (c *BitCoder) Finish() []byte { return c.enc.Finish() }

// Overrun reports whether the decoder read past the end of its data: the data was truncated
// or corrupt.
func (c *BitCoder) Overrun() bool { return c.dec.Overrun }
