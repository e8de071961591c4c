package codec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// pipeBlock is the tests' block size (testBlock): many blocks in a short log.
const pipeBlock = 48 << 10

// pipeMixedLog is a CSV, a receiver's binary log and the CSV again, each a few blocks of
// pipeBlock: the receiver's blocks become bytes blocks.
func pipeMixedLog() []byte {
	csv := syntheticLog(110 << 10)
	log := append([]byte{}, csv...)
	log = append(log, testlog.ReceiverLog(100<<10)...)
	return append(log, csv[bytes.IndexByte(csv, '\n')+1:]...)
}

// TestSensorPipeSameBytes: with two threads a log of several blocks is classified block by
// block beside the coding of the block before (the pipeline, sensor_pipe.go), and the file is
// byte for byte the one of the blocks one after the other (the pipeline off) and of one
// thread. The mixed log's second block becomes a bytes block while its third is classified:
// that classify is done again (redone), as one thread would. Each file round-trips.
func TestSensorPipeSameBytes(t *testing.T) {
	defer func(v bool) { pipeWideSerial = v }(pipeWideSerial)
	pipeWideSerial = false // (the receiver's blocks are wide: a redone classify wants one beside them)
	for _, tc := range []struct {
		name   string
		log    func() []byte
		redone bool // some block must be classified again
	}{
		{"csv", func() []byte { return syntheticLog(300 << 10) }, false},
		{"mixed", pipeMixedLog, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := tc.log()
			small := func(e *SensorEncoder) { e.testBlock = pipeBlock }
			piped, pe := encodeSensorSet(t, log, small, WithThreads(2))
			serial, se := encodeSensorSet(t, log, func(e *SensorEncoder) { small(e); e.noPipe = true }, WithThreads(2))
			one, oe := encodeSensorSet(t, log, small, WithThreads(1))
			if !pe.pipe || pe.piped == 0 {
				t.Fatalf("two threads: pipeline %v, %d blocks classified beside the one before (of %d)", pe.pipe, pe.piped, len(pe.stats))
			}
			if se.pipe || se.piped != 0 || oe.pipe || oe.piped != 0 {
				t.Fatalf("the pipeline ran with noPipe (%d) or one thread (%d)", se.piped, oe.piped)
			}
			// A block is classified again only after one that became a bytes block (under
			// sensor model 20 one block of the synthetic CSV does too).
			if pe.redone > pe.bytesN || tc.redone && pe.redone == 0 {
				t.Errorf("%d blocks classified again after %d bytes blocks, want some: %v", pe.redone, pe.bytesN, tc.redone)
			}
			if !bytes.Equal(piped, serial) || !bytes.Equal(piped, one) {
				t.Fatalf("piped %d bytes, serial %d, one thread %d: not identical", len(piped), len(serial), len(one))
			}
			if pe.bytesN != oe.bytesN || pe.trialRows.Load() != oe.trialRows.Load() || pe.carried != oe.carried {
				t.Errorf("piped: %d bytes blocks, %d trial rows, %d carried; one thread %d, %d, %d", pe.bytesN, pe.trialRows.Load(), pe.carried, oe.bytesN, oe.trialRows.Load(), oe.carried)
			}
			if got, _ := decodeSensor(t, piped); !bytes.Equal(got, log) {
				t.Fatal("round trip differs")
			}
			t.Logf("%d bytes of log, %d blocks (%d bytes blocks): %d classified beside the one before, %d again; %d bytes", len(log), len(pe.stats), pe.bytesN, pe.piped, pe.redone, len(piped))
		})
	}
}

// TestSensorPipeWrites: the pipeline gives the same file whatever the pieces the log is
// written in (the next block is classified only once it is whole, after the block in
// flight's bytes at the start of e.pending).
func TestSensorPipeWrites(t *testing.T) {
	log := syntheticLog(300 << 10)
	want, _ := encodeSensorSet(t, log, func(e *SensorEncoder) { e.testBlock = pipeBlock }, WithThreads(1))
	var buf bytes.Buffer
	enc, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(2))
	if err != nil {
		t.Fatal(err)
	}
	enc.testBlock = pipeBlock
	for i := 0; i < len(log); i += 10 << 10 {
		if _, err := enc.Write(log[i:min(i+10<<10, len(log))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if enc.piped == 0 || !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("%d blocks piped; %d bytes, one thread %d: identical %v", enc.piped, buf.Len(), len(want), bytes.Equal(buf.Bytes(), want))
	}
}

// TestSensorWritesCutAnywhere: the file does not depend on how the log is cut into writes,
// even when a write ends inside the record that crosses a block's size (as a pipe's pieces
// do): one byte a write, and pieces of 1 to 5,000 bytes, give the file of one write, with
// one thread and with two.
func TestSensorWritesCutAnywhere(t *testing.T) {
	log := syntheticLog(300 << 10)
	small := func(e *SensorEncoder) { e.testBlock = pipeBlock }
	want, we := encodeSensorSet(t, log, small, WithThreads(1))
	if len(we.stats) < 4 {
		t.Fatalf("%d blocks, want several", len(we.stats))
	}
	rng := rand.New(rand.NewPCG(52, 1))
	for _, tc := range []struct {
		name    string
		threads int
		piece   func() int
	}{
		{"bytes, one thread", 1, func() int { return 1 }},
		{"bytes, two threads", 2, func() int { return 1 }},
		{"pieces, two threads", 2, func() int { return 1 + rng.IntN(5000) }},
	} {
		var buf bytes.Buffer
		enc, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(tc.threads))
		if err != nil {
			t.Fatal(err)
		}
		small(enc)
		for i := 0; i < len(log); {
			n := min(tc.piece(), len(log)-i)
			if _, err := enc.Write(log[i : i+n]); err != nil {
				t.Fatal(err)
			}
			i += n
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: %d bytes in %d blocks, one write %d bytes in %d blocks", tc.name, buf.Len(), len(enc.stats), len(want), len(we.stats))
		}
	}
}

// TestSensorClassifyRestored: what the pipeline saves before a speculative classify and puts
// back after it (saveClassify, restoreClassify) is all the encoder's state that classify
// changes, beyond the block's rows: the encoder, printed field by field, is the same after a
// save, a classify of the next block and the restore as before them. (It fails if the restore
// is left out, or if classify writes a field of SensorEncoder that is not in classifyState.)
func TestSensorClassifyRestored(t *testing.T) {
	for _, tc := range []struct {
		name string
		log  []byte
	}{{"csv", syntheticLog(150 << 10)}, {"mixed", pipeMixedLog()[:170<<10]}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			e, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(1))
			if err != nil {
				t.Fatal(err)
			}
			e.testBlock = pipeBlock
			if _, err := e.Write(tc.log); err != nil { // (blocks coded, one more pending)
				t.Fatal(err)
			}
			if len(e.stats) < 2 || len(e.pending) < 1<<10 {
				t.Fatalf("%d blocks coded, %d bytes pending", len(e.stats), len(e.pending))
			}
			state := func() string {
				// The block's rows are not classify's state (a classify again splits them again).
				rows, fields := rowBufs{e.cells, e.starts, e.ends, e.offs}, e.fields
				e.cells, e.starts, e.ends, e.offs, e.fields = nil, nil, nil, nil, nil
				defer func() {
					e.cells, e.starts, e.ends, e.offs, e.fields = rows.cells, rows.starts, rows.ends, rows.offs, fields
				}()
				return fmt.Sprintf("%+v", e)
			}
			before := state()
			s := e.saveClassify()
			if _, h := e.nextBlock(true); h == nil {
				t.Fatal("no block classified")
			}
			during := state()
			e.restoreClassify(s)
			after := state()
			if before == during {
				t.Fatal("classify changed nothing: the test sees nothing")
			}
			if after != before {
				t.Errorf("classify's state not put back:\n%s", firstDiff(before, after))
			}
		})
	}
}

// firstDiff returns where a and b first differ, with some context.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("before: …%s…\nafter:  …%s…", a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}
