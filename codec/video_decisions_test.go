package codec

import (
	"bytes"
	"testing"
)

// TestDecisionCosts checks that WithDecisionCosts changes no byte and that its sums, the
// block flags' and the samples' decisions, are the costs the encoder accounted for the planes.
func TestDecisionCosts(t *testing.T) {
	pan := knobClips(t)[2]
	var dc DecisionCosts
	var buf bytes.Buffer
	e, err := NewVideoEncoder(&buf, pan.p, WithFileID(testFileID), WithDecisionCosts(&dc))
	if err != nil {
		t.Fatal(err)
	}
	var planes uint64
	for _, f := range pan.frames {
		if err := e.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		for _, c := range e.Stats().PlaneCost {
			planes += c
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if plain := encodeFrames(t, pan.p, pan.frames); !bytes.Equal(plain, buf.Bytes()) {
		t.Fatalf("WithDecisionCosts codes %d bytes, without %d", buf.Len(), len(plain))
	}
	var sum uint64
	for k := 0; k < DecisionExcludable; k++ {
		sum += dc.Cost[0][k] + dc.Cost[1][k]
	}
	if sum == 0 || dc.Count[0][DecisionSkip] == 0 || dc.Count[1][DecisionSign] == 0 {
		t.Fatalf("empty sums: %+v", dc)
	}
	t.Logf("decisions %.0f bytes, the planes' costs %.0f bytes, file %d", float64(sum)/CostUnit/8, float64(planes)/CostUnit/8, buf.Len())
	if sum > planes || sum < planes-planes/100 {
		t.Fatalf("the decisions cost %d, the planes %d", sum, planes)
	}
}
