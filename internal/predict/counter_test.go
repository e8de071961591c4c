package predict

import "testing"

// The text model's table stores counters XOR freshCounter so that zeroed memory is fresh.
func TestFreshCounter(t *testing.T) {
	if freshCounter != NewCounter() {
		t.Fatalf("freshCounter %#x, NewCounter %#x", freshCounter, NewCounter())
	}
}
