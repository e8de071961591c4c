package codec

import (
	"bytes"
	"testing"
)

// TestSensorTrialModelsReused: the trial coders give their residual models and value
// contexts back to predict's pools (releaseModels), and later trials and later encoders
// take them from there. Encoding the same log again in the same process, its trials then
// mostly on reused models, writes the same bytes, on one thread and on two.
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
