package codec

import (
	"bytes"
	"testing"
)

// TestSensorTrialMemo: on synthetic logs whose later trials ask for costs an earlier trial of
// the same head had (sensor_memo.go), the memo gives them (memoRows), every cost it gives is
// the one its trial codes (trialMemoCheck panics otherwise), and the bytes are those of the
// encoder without the memo, with one thread and with two; each log round-trips.
func TestSensorTrialMemo(t *testing.T) {
	check := trialMemoCheck
	trialMemoCheck = true
	t.Cleanup(func() { trialMemoCheck = check })
	logs := []struct {
		name string
		log  []byte
	}{
		{"ohlc", ohlcLog(3000, true, 1)},
		{"tmy", tmyLog(200, 1)},
		{"tickers", tickerLog(600, 7)},
		{"levels", levelsLog(6000)},
	}
	hits := 0
	for _, l := range logs {
		t.Run(l.name, func(t *testing.T) {
			one, enc1 := encodeSensorWith(t, l.log, WithThreads(1))
			two, enc2 := encodeSensorWith(t, l.log, WithThreads(2))
			if !bytes.Equal(one, two) {
				t.Fatalf("%d bytes with one thread, %d with two", len(one), len(two))
			}
			if a, b := enc1.trialRows.Load(), enc2.trialRows.Load(); a != b {
				t.Errorf("the trials coded %d rows with one thread, %d with two", a, b)
			}
			if got, _ := decodeSensor(t, one); !bytes.Equal(got, l.log) {
				t.Fatal("round trip differs")
			}
			trialMemoOff = true
			off, enc0 := encodeSensorWith(t, l.log, WithThreads(1))
			trialMemoOff = false
			if !bytes.Equal(one, off) {
				t.Errorf("%d bytes, %d without the memo", len(one), len(off))
			}
			if enc0.memoRows.Load() != 0 {
				t.Errorf("memo off: %d rows from the memo", enc0.memoRows.Load())
			}
			if enc1.memoRows.Load() > 0 {
				hits++
			}
			t.Logf("%d bytes of log: %d bytes, the trials coded %d rows, %d of them from the memo", len(l.log), len(one), enc1.trialRows.Load(), enc1.memoRows.Load())
		})
	}
	if hits == 0 {
		t.Error("no log took costs from the memo")
	}
}
