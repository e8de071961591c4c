package codec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestSensorMatch: a market log whose open is the last row's close, whose adjusted close is
// the close, and whose high or low is often the open or the close; model 3 codes such a number
// as the cell it copies, so the log round-trips and shrinks well below model 2's size.
func TestSensorMatch(t *testing.T) {
	var log bytes.Buffer
	log.WriteString("date,open,high,low,close,adjclose,volume\n")
	seed := testlog.LCG(7)
	rnd := seed.IntN
	closeP := int64(14692500)
	for i := 0; i < 3000; i++ {
		open := closeP
		closeP = open + rnd(40001) - 20000
		high, low := max(open, closeP)+rnd(3)*rnd(5000), min(open, closeP)-rnd(3)*rnd(5000)
		f := func(v int64) string { return fmt.Sprintf("%d.%04d00", v/10000, v%10000) }
		fmt.Fprintf(&log, "%d,%s,%s,%s,%s,%s,%d\n", 20000101+i, f(open), f(high), f(low), f(closeP), f(closeP), 900000000+rnd(500000000))
	}
	v3, _ := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV3)
	v2, _ := encodeSensorModel(t, log.Bytes(), 1<<16, sensorModelV2)
	got, _ := decodeSensor(t, v3)
	if !bytes.Equal(got, log.Bytes()) {
		t.Fatal("model 3 round trip differs")
	}
	if 100*len(v3) > 85*len(v2) {
		t.Errorf("model 3 %d bytes, model 2 %d: expected at least 15 %% less", len(v3), len(v2))
	}
	t.Logf("%d bytes of log: model 2 %d bytes, model 3 %d", log.Len(), len(v2), len(v3))
}

// TestSensorModel3Encodes holds sensor model 3 to the files it wrote before model 4 existed:
// SetModel(3) must code the golden logs into exactly those bytes (testdata/golden/v2/
// NAME_model3.vlm, which TestGolden also decodes).
func TestSensorModel3Encodes(t *testing.T) {
	for name, log := range sensorGoldenCases(t) {
		want, err := os.ReadFile(filepath.Join(goldenDir(2), name+"_model3.vlm"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := encodeSensorModel(t, log, 1<<16, sensorModelV3)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: model 3 codes it in %d bytes that differ from its model-3 golden file's %d", name, len(got), len(want))
		}
	}
}

// TestSensorClassifyParallelSameBytes: the encoder reads a block's cells (numbers, dates,
// quoted numbers and numbers with a unit, float printings, units) split among its threads;
// a log of all of them, two blocks long, must code to the same bytes on 1 thread and on 3,
// and decode to itself.
func TestSensorClassifyParallelSameBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("when,iso,v,p,x,r,n\n")
	for i := 0; b.Len() < 1<<20+1<<18; i++ {
		s := int64(1386018900 + 60*i)
		tm := time.Unix(s, 0).UTC()
		fmt.Fprintf(&b, "%s,%s,%d.%d V,\"%d\",%.3f,%v,%d\n", tm.Format("2006-01-02 15:04:05"), tm.Format("2006-01-02T15:04:05Z"),
			12+i%3, i%10, 40+i%7, float64(i%97)*0.125, float64(i%13)/7, (i*7919)%1000-500)
	}
	log := []byte(b.String())
	code := func(threads int) []byte {
		vlm, enc := encodeSensorWith(t, log, WithThreads(threads))
		if n := len(enc.Stats()); n != 2 {
			t.Fatalf("%d blocks, want 2", n)
		}
		return vlm
	}
	one, three := code(1), code(3)
	if !bytes.Equal(one, three) {
		t.Fatalf("1 thread: %d bytes, 3 threads: %d bytes, not identical", len(one), len(three))
	}
	if got, _ := decodeSensor(t, three); !bytes.Equal(got, log) {
		t.Fatal("round trip differs")
	}
	t.Logf("%d bytes → %d", len(log), len(three))
}
