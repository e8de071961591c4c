package codec

import (
	"encoding/binary"
	"fmt"
)

// Index extensions of files of several streams (docs/FORMAT.md §8.1): what the encoder knows
// of each stream only at the end, for vidlm info and reports. Decoding never needs them.
const (
	// extTimeSpan: stream:uvarint first-ns:varint last-ns:varint units:uvarint bytes:uvarint
	// — the stream's times (on the file's shared clock: the first frame at 0) of its first
	// and last frame or row, how many frames or timed rows there are, and the bytes of its
	// chunks (heads and CRCs included).
	extTimeSpan = 2
	// extCross: stream:uvarint with-cost:uvarint without-cost:uvarint — the stream's surprise
	// (1/CostUnit bit) as coded, and as the same model codes it with its cross-modal input
	// held at zero (measured by the encoder).
	extCross = 3
)

// StreamExtra is what the trailer of a file of several streams says of one stream besides its
// size and checksum.
type StreamExtra struct {
	HasSpan         bool
	FirstNS, LastNS int64
	Units           uint64 // frames, or rows with a time
	Bytes           uint64 // the stream's chunks' bytes
	HasCross        bool
	CostWith        uint64 // surprise as coded, 1/CostUnit bit
	CostWithout     uint64 // surprise with the cross-modal input held at zero
}

// SetTimeSpan records stream s's time span for the trailer (see StreamExtra).
func (e *MultiEncoder) SetTimeSpan(s int, firstNS, lastNS int64, units uint64) {
	e.spans[s] = StreamExtra{HasSpan: true, FirstNS: firstNS, LastNS: lastNS, Units: units}
}

// spanRecords returns the time span records, with each stream's bytes.
func (e *MultiEncoder) spanRecords() []indexExtra {
	var out []indexExtra
	for s, x := range e.spans {
		b := binary.AppendUvarint(nil, uint64(s))
		b = binary.AppendVarint(b, x.FirstNS)
		b = binary.AppendVarint(b, x.LastNS)
		b = binary.AppendUvarint(b, x.Units)
		b = binary.AppendUvarint(b, e.cw.bytes[s])
		out = append(out, indexExtra{tag: extTimeSpan, body: b})
	}
	return out
}

// SetCrossCosts records stream s's cost with and without its cross-modal input for the
// trailer (see StreamExtra).
func (e *MultiEncoder) SetCrossCosts(s int, with, without uint64) {
	b := binary.AppendUvarint(nil, uint64(s))
	b = binary.AppendUvarint(b, with)
	b = binary.AppendUvarint(b, without)
	e.extra = append(e.extra, indexExtra{tag: extCross, body: b})
}

// readStreamExtras reads the time spans and cross-modal costs from an index chunk's payload.
func readStreamExtras(payload []byte, streams int) ([]StreamExtra, error) {
	out := make([]StreamExtra, streams)
	f := &fieldReader{b: payload}
	f.uvarint()
	for i := 0; i < streams; i++ {
		f.uvarint()
		f.uvarint()
		f.bytes(32)
		n := f.count(uint64(len(f.b)), "segment count")
		for j := 0; j < n && f.err == nil; j++ {
			f.uvarint()
			f.uvarint()
		}
	}
	for len(f.b) > 0 && f.err == nil {
		tag := f.uvarint()
		body := f.bytes(f.count(uint64(len(f.b)), "index extension length"))
		if f.err != nil || (tag != extTimeSpan && tag != extCross) {
			continue
		}
		r := &fieldReader{b: body}
		s := r.count(uint64(streams-1), "stream")
		if r.err != nil {
			return nil, r.err
		}
		x := &out[s]
		switch tag {
		case extTimeSpan:
			x.HasSpan = true
			x.FirstNS, x.LastNS = r.varint(), r.varint()
			x.Units = r.uvarint()
			x.Bytes = r.uvarint()
		case extCross:
			x.HasCross = true
			x.CostWith, x.CostWithout = r.uvarint(), r.uvarint()
		}
		if r.err != nil {
			return nil, fmt.Errorf("extension %d: %v", tag, r.err)
		}
	}
	return out, f.err
}

func (f *fieldReader) varint() int64 {
	if f.err != nil {
		return 0
	}
	v, n := binary.Varint(f.b)
	if n <= 0 {
		f.err = fmt.Errorf("malformed or truncated field")
		return 0
	}
	f.b = f.b[n:]
	return v
}

// Extras returns, once Next has returned io.EOF, what the trailer's extensions say of every
// stream: time spans, chunk bytes and cross-modal costs.
func (d *MultiDecoder) Extras() ([]StreamExtra, error) {
	return readStreamExtras(d.cr.indexPayload, len(d.cr.Streams))
}
