package codec

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// wideLog is a table of cols numeric columns (walks, clocks, steps) of rows rows.
func wideLog(cols, rows int) []byte {
	rng := rand.New(rand.NewPCG(9, uint64(cols)))
	var b bytes.Buffer
	for c := 0; c < cols; c++ {
		if c > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "c%d", c)
	}
	b.WriteByte('\n')
	v := make([]float64, cols)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteByte(',')
			}
			switch c % 3 {
			case 0:
				fmt.Fprintf(&b, "%d", r*10+c)
			case 1:
				v[c] += rng.NormFloat64()
				fmt.Fprintf(&b, "%.3f", v[c])
			default:
				fmt.Fprintf(&b, "%d", rng.IntN(50)+c)
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestSensorDecodeSlab: the decoder makes its column models from huge-page slabs
// (predict.MixedSlab) and the encoder does not; a table whose models outnumber a slab's
// decodes exactly under one thread and two, as does a log of cells, bytes and cells again
// (the coder after a bytes block keeps the decoder's slab).
func TestSensorDecodeSlab(t *testing.T) {
	log := wideLog(40, 1500)
	vlm, enc := encodeSensorWith(t, log)
	if enc.coder.slab != nil {
		t.Fatal("the encoder's coder has a slab")
	}
	for _, threads := range []int{1, 2} {
		d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(threads))
		if err != nil {
			t.Fatal(err)
		}
		slab := d.sensor.coder.slab
		if slab == nil {
			t.Fatal("the decoder's coder has no slab")
		}
		out, err := io.ReadAll(d)
		if err != nil || !bytes.Equal(out, log) {
			t.Fatalf("threads %d: the wide table decodes wrong (%v)", threads, err)
		}
		if d.sensor.coder.slab != slab {
			t.Fatal("the coder's slab changed")
		}
	}

	mixed, mvlm, _ := sharedSensorFile(t, "mixed", mixedBytesLog, 2)
	for _, threads := range []int{1, 2} {
		d, err := NewDecoder(bytes.NewReader(mvlm), WithThreads(threads))
		if err != nil {
			t.Fatal(err)
		}
		slab := d.sensor.coder.slab
		out, err := io.ReadAll(d)
		if err != nil || !bytes.Equal(out, mixed) {
			t.Fatalf("threads %d: cells, bytes, cells decode wrong (%v)", threads, err)
		}
		if d.sensor.coder.slab != slab || slab == nil {
			t.Fatalf("threads %d: the coder after the bytes block lost the decoder's slab", threads)
		}
	}
}
