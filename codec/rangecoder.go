package codec

// The binary arithmetic coder: a range coder in the style of LZMA's, with a 64-bit low, a
// 32-bit range kept in [2^24, 2^32) and carry propagation through a one-byte cache and a count
// of pending 0xFF bytes. Probabilities are 16-bit (the probability of a 1 is p/65536, p in
// [1, 65535]); the split point is (range>>16)*p, so neither side of it is ever empty.

const rangeTop = 1 << 24

// rangeEncoder codes bits into an in-memory buffer.
type rangeEncoder struct {
	low       uint64
	rng       uint32
	cache     byte
	cacheSize int64
	out       []byte
}

func (e *rangeEncoder) reset(buf []byte) {
	*e = rangeEncoder{rng: 0xFFFFFFFF, cacheSize: 1, out: buf[:0]}
}

// The coding of one bit is BitCoder.Encode and BitCoder.Decode (codec/bitcoder.go), written
// out there so that each decision costs one call.

// normalize shifts bytes out until the range is back in [2^24, 2^32).
func (e *rangeEncoder) normalize() {
	for e.rng < rangeTop {
		e.rng <<= 8
		e.shiftLow()
	}
}

// shiftLow moves the top byte of low to the output. A byte is held back in cache (and a run
// of 0xFF bytes counted in cacheSize) until it is known that no carry can still reach it.
func (e *rangeEncoder) shiftLow() {
	if uint32(e.low) < 0xFF000000 || e.low>>32 != 0 {
		carry := byte(e.low >> 32)
		b := e.cache
		for {
			e.out = append(e.out, b+carry)
			b = 0xFF
			e.cacheSize--
			if e.cacheSize == 0 {
				break
			}
		}
		e.cache = byte(e.low >> 24)
	}
	e.cacheSize++
	e.low = (e.low & 0x00FFFFFF) << 8
}

// finish flushes the coder and returns the coded bytes.
func (e *rangeEncoder) finish() []byte {
	for i := 0; i < 5; i++ {
		e.shiftLow()
	}
	return e.out
}

// rangeDecoder mirrors rangeEncoder. Reading past the end of its input yields zero bytes and
// sets overrun; the stream's checksums, not the decoder, decide whether the data was valid.
type rangeDecoder struct {
	code    uint32
	rng     uint32
	in      []byte
	pos     int
	overrun bool
}

func (d *rangeDecoder) reset(in []byte) {
	*d = rangeDecoder{rng: 0xFFFFFFFF, in: in}
	// The encoder's first output byte is the initial cache (always 0); the next four fill code.
	d.next()
	for i := 0; i < 4; i++ {
		d.code = d.code<<8 | uint32(d.next())
	}
}

func (d *rangeDecoder) next() byte {
	if d.pos < len(d.in) {
		b := d.in[d.pos]
		d.pos++
		return b
	}
	d.overrun = true
	return 0
}

// normalize reads bytes in until the range is back in [2^24, 2^32).
func (d *rangeDecoder) normalize() {
	for d.rng < rangeTop {
		d.rng <<= 8
		d.code = d.code<<8 | uint32(d.next())
	}
}
