package codec

import (
	"bytes"
	"sync"
	"testing"
)

// TestSensorTrialModelsReused: the trial coders give their residual models and value
// contexts back to their encoder's free list (releaseModels, SensorEncoder.trialModels), and
// later trials take them from there. Encoding the same log again in the same process writes
// the same bytes, on one thread and on two.
func TestSensorTrialModelsReused(t *testing.T) {
	log := readIMU(t)
	log = log[:bytes.LastIndexByte(log[:300_000], '\n')+1]
	for _, threads := range []int{1, 2} {
		first, enc := encodeSensorWith(t, log, WithThreads(threads))
		if enc.trialRows.Load() == 0 {
			t.Fatal("no trial ran")
		}
		again, _ := encodeSensorWith(t, log, WithThreads(threads))
		if !bytes.Equal(first, again) {
			t.Fatalf("threads %d: encoding again with reused trial models differs (%d, %d bytes)", threads, len(first), len(again))
		}
	}
}

// TestSensorByteModelDropped: once a block's bytes trial is decided the encoder drops its
// byte model (about 110 MB) where the table is wide (bytesDropCols), so that the next block's
// trials do not share the heap with it; the next block's trial makes a fresh one, in the
// state Reset gave before (the golden and frozen tests' sizes, and the corpus cmp'd against
// the binary before this). A narrow log keeps it.
func TestSensorByteModelDropped(t *testing.T) {
	// A wide table: 20 columns of slow walks, two blocks.
	log := wideWalkLog(20, 1_200_000)
	for _, tc := range []struct {
		name string
		log  []byte
		kept bool
	}{{"20 columns", log, false}, {"imu (10 columns)", readIMU(t), true}} {
		_, enc := encodeSensorWith(t, tc.log)
		if enc.summary.Blocks < 2 {
			t.Fatalf("%s: %d blocks, want 2 or more", tc.name, enc.summary.Blocks)
		}
		if enc.bytesTried == 0 {
			t.Fatalf("%s: no bytes trial ran", tc.name)
		}
		if kept := enc.bytes != nil; kept != tc.kept {
			t.Fatalf("%s: byte model kept %v, want %v", tc.name, kept, tc.kept)
		}
	}
}

// TestSensorEncodersInParallel: two sensor encoders coding at once in one process (the batch
// module, a recording's logs) each keep their own trial models (SensorEncoder.trialModels,
// senc10: one encoder's block end no longer drains the other's), and each writes the bytes
// it writes alone. Run it under -race as well (CGO_ENABLED=1).
func TestSensorEncodersInParallel(t *testing.T) {
	imu := readIMU(t)
	logs := [][]byte{
		imu[:bytes.LastIndexByte(imu[:200_000], '\n')+1],
		wideWalkLog(12, 150_000),
	}
	alone := make([][]byte, len(logs))
	for i, log := range logs {
		alone[i], _ = encodeSensorWith(t, log, WithThreads(2))
	}
	for round := range 2 {
		got := make([][]byte, len(logs))
		errs := make([]error, len(logs))
		encs := make([]*SensorEncoder, len(logs))
		var wg sync.WaitGroup
		for i, log := range logs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				enc, err := NewSensorEncoder(&buf, WithFileID(testFileID), WithThreads(2))
				if err == nil {
					_, err = enc.Write(log)
				}
				if err == nil {
					err = enc.Close()
				}
				got[i], errs[i], encs[i] = buf.Bytes(), err, enc
			}()
		}
		wg.Wait()
		for i := range logs {
			if errs[i] != nil {
				t.Fatalf("round %d, log %d: %v", round, i, errs[i])
			}
			if encs[i].trialRows.Load() == 0 {
				t.Fatalf("round %d, log %d: no trial ran", round, i)
			}
			if !bytes.Equal(got[i], alone[i]) {
				t.Fatalf("round %d, log %d: coded beside another encoder, %d bytes differ from alone (%d bytes)", round, i, len(got[i]), len(alone[i]))
			}
		}
	}
}
