package codec

import (
	"encoding/binary"
	"fmt"
)

// SurpriseTotals is a stream's code length as the model accounted it: the surprise,
// −log2 p, of every decision coded, summed over the whole stream, beside the bytes those
// decisions took. The encoder writes it into the trailer (an optional field: files without it
// are valid, and readers that predate it skip it), so `vidlm info` can state it without
// decoding.
type SurpriseTotals struct {
	// Cost is the surprise in 1/CostUnit bit, by part of the stream: for video one entry per
	// plane in plane order, then one for the motion field.
	Cost []uint64
	// PayloadBytes is the sum of the stream's chunk payloads; CoderBytes the part of it the
	// arithmetic coder wrote (the payloads without the chunks' own small headers).
	PayloadBytes uint64
	CoderBytes   uint64
}

// Bits returns the total surprise in bits.
func (t *SurpriseTotals) Bits() float64 {
	var sum uint64
	for _, c := range t.Cost {
		sum += c
	}
	return float64(sum) / CostUnit
}

func (t *SurpriseTotals) clone() SurpriseTotals {
	c := *t
	c.Cost = append([]uint64(nil), t.Cost...)
	return c
}

// add adds o's counts to t's.
func (t *SurpriseTotals) add(o SurpriseTotals) {
	if len(t.Cost) < len(o.Cost) {
		t.Cost = append(t.Cost, make([]uint64, len(o.Cost)-len(t.Cost))...)
	}
	for i, c := range o.Cost {
		t.Cost[i] += c
	}
	t.PayloadBytes += o.PayloadBytes
	t.CoderBytes += o.CoderBytes
}

// Index extensions follow the stream entries of the index chunk as records
//
//	record = tag:uvarint length:uvarint body[length]
//
// so that fields can be added without a new format version: a reader skips the tags it does
// not know (and readers from before any extension ignore the bytes after the entries).
const (
	extSurprise = 1 // stream:uvarint payloadBytes:uvarint coderBytes:uvarint n:uvarint cost[n]:uvarint

	maxSurpriseParts = 1 << 16
)

func appendIndexExtensions(b []byte, index []StreamIndex) []byte {
	for i, s := range index {
		if s.Surprise == nil {
			continue
		}
		body := binary.AppendUvarint(nil, uint64(i))
		body = binary.AppendUvarint(body, s.Surprise.PayloadBytes)
		body = binary.AppendUvarint(body, s.Surprise.CoderBytes)
		body = binary.AppendUvarint(body, uint64(len(s.Surprise.Cost)))
		for _, c := range s.Surprise.Cost {
			body = binary.AppendUvarint(body, c)
		}
		b = binary.AppendUvarint(b, extSurprise)
		b = binary.AppendUvarint(b, uint64(len(body)))
		b = append(b, body...)
	}
	return b
}

// readIndexExtensions reads the records after the index's stream entries into index.
func readIndexExtensions(f *fieldReader, index []StreamIndex) error {
	for len(f.b) > 0 && f.err == nil {
		tag := f.uvarint()
		body := f.bytes(f.count(uint64(len(f.b)), "index extension length"))
		if f.err != nil || tag != extSurprise {
			continue
		}
		if len(index) == 0 {
			return fmt.Errorf("surprise totals for a file without streams")
		}
		r := &fieldReader{b: body}
		s := r.count(uint64(len(index)-1), "surprise stream")
		t := &SurpriseTotals{PayloadBytes: r.uvarint(), CoderBytes: r.uvarint()}
		n := r.count(maxSurpriseParts, "surprise parts")
		for j := 0; j < n && r.err == nil; j++ {
			t.Cost = append(t.Cost, r.uvarint())
		}
		if r.err != nil {
			return fmt.Errorf("surprise totals: %w", r.err)
		}
		index[s].Surprise = t
	}
	return f.err
}
