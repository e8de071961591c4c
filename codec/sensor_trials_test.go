package codec

import (
	"bytes"
	"runtime"
	"testing"
)

// TestSensorTrialsSameBytes: the encoder's trials (chooseLattices, tryValues, chooseOrder)
// run side by side on up to WithThreads goroutines (runTrials); the bytes do not depend on
// the thread count nor on GOMAXPROCS, and each log round-trips. The logs are the synthetic
// ones that take each trial (hourlyLog: lattices, valueLog: value modes, orderLog: coding
// order; gridLog and tickerLog: model 13's relations, whose search, chooseRel13, runs its
// columns side by side too); run it under -race too.
func TestSensorTrialsSameBytes(t *testing.T) {
	logs := []struct {
		name string
		log  []byte
	}{
		{"hourly", hourlyLog(hourlyDays)},
		{"value", valueLog(2400)}, // (the value trial takes 2,048 rows or more)
		{"order", orderLog(orderGoldenRows)},
		{"grid", gridLog(4000, 3)},
		{"tickers", tickerLog(600, 7)},
	}
	for _, l := range logs {
		t.Run(l.name, func(t *testing.T) {
			one, enc1 := encodeSensorWith(t, l.log, WithThreads(1))
			if enc1.trialRows.Load() == 0 {
				t.Fatal("no trial ran")
			}
			if got, _ := decodeSensor(t, one); !bytes.Equal(got, l.log) {
				t.Fatal("round trip differs")
			}
			encodeLikeOneThread(t, l.log, one, func(procs int, enc *SensorEncoder) {
				if a, b := enc.trialRows.Load(), enc1.trialRows.Load(); a != b {
					t.Errorf("WithThreads(3), GOMAXPROCS %d: the trials coded %d rows, one thread's %d", procs, a, b)
				}
			})
			t.Logf("%d bytes of log: %d bytes, the trials coded %d rows, %d model-13 relations", len(l.log), len(one), enc1.trialRows.Load(), len(enc1.lastHead.rel13))
		})
	}
}

// encodeLikeOneThread encodes log with three threads under GOMAXPROCS 2 and 1, fails unless
// each writes one, the one-thread encoder's bytes, and hands each encoder to check.
func encodeLikeOneThread(t *testing.T, log, one []byte, check func(procs int, enc *SensorEncoder)) {
	t.Helper()
	for _, procs := range []int{2, 1} {
		old := runtime.GOMAXPROCS(procs)
		got, enc := encodeSensorWith(t, log, WithThreads(3))
		runtime.GOMAXPROCS(old)
		if !bytes.Equal(got, one) {
			t.Fatalf("WithThreads(3), GOMAXPROCS %d: %d bytes differ from one thread's %d", procs, len(got), len(one))
		}
		check(procs, enc)
	}
}
