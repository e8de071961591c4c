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
// byte model (about 110 MB), so that the next block's trials do not share the heap with it;
// the next block's trial makes a fresh one, in the state Reset gave before. The log's two
// blocks code as a process that kept the model would (the golden and frozen tests' sizes).
func TestSensorByteModelDropped(t *testing.T) {
	log := readIMU(t)
	_, enc := encodeSensorWith(t, log)
	if enc.summary.Blocks < 2 {
		t.Fatalf("%d blocks, want 2 or more", enc.summary.Blocks)
	}
	if enc.bytesTried == 0 {
		t.Fatal("no bytes trial ran")
	}
	if enc.bytes != nil {
		t.Fatal("the byte model is kept after the last block")
	}
}
