package codec

import (
	"bytes"
	"runtime"
	"sync/atomic"
	"testing"
)

// earlyOff sets the trials decided early back to the code before them (every lattice trial
// on both its stretches, every relations check on all its rows) for the duration of a test.
func earlyOff(t *testing.T) {
	a, b := latticeEarlyFar, relEarlyFar
	latticeEarlyFar, relEarlyFar = 0, 0
	t.Cleanup(func() { latticeEarlyFar, relEarlyFar = a, b })
}

// TestSensorTrialsEarly: on synthetic logs whose lattice trial (tickers, levels) or relations
// check (OHLC, TMY) is plain on part of its rows, the trials code fewer rows than with every
// trial coded whole, the bytes are the same (the verdicts are), the bytes and the rows coded
// do not depend on the thread count or GOMAXPROCS, and each log round-trips.
func TestSensorTrialsEarly(t *testing.T) {
	logs := []struct {
		name     string
		log      []byte
		lat, rel bool // expect the lattice trial, the relations check decided early
	}{
		{"tickers", tickerLog(600, 7), true, false},
		{"levels", levelsLog(6000), true, false},
		{"ohlc", ohlcLog(3000, true, 1), false, true},
		{"tmy", tmyLog(200, 1), false, true},
	}
	for _, l := range logs {
		t.Run(l.name, func(t *testing.T) {
			one, enc1 := encodeSensorWith(t, l.log, WithThreads(1))
			if (enc1.earlyLat > 0) != l.lat || (enc1.earlyRel > 0) != l.rel {
				t.Fatalf("lattice trials decided early %d, relations checks %d: want %v, %v", enc1.earlyLat, enc1.earlyRel, l.lat, l.rel)
			}
			if got, _ := decodeSensor(t, one); !bytes.Equal(got, l.log) {
				t.Fatal("round trip differs")
			}
			encodeLikeOneThread(t, l.log, one, func(procs int, enc *SensorEncoder) {
				if a, b := enc.trialRows.Load(), enc1.trialRows.Load(); a != b || enc.earlyLat != enc1.earlyLat || enc.earlyRel != enc1.earlyRel {
					t.Errorf("WithThreads(3), GOMAXPROCS %d: the trials coded %d rows (%d, %d early), one thread's %d (%d, %d)", procs, a, enc.earlyLat, enc.earlyRel, b, enc1.earlyLat, enc1.earlyRel)
				}
			})
			func() {
				earlyOff(t)
				whole, enc0 := encodeSensorWith(t, l.log, WithThreads(1))
				if enc0.earlyLat != 0 || enc0.earlyRel != 0 {
					t.Errorf("early decisions off: %d, %d decided early", enc0.earlyLat, enc0.earlyRel)
				}
				if a, b := enc1.trialRows.Load(), enc0.trialRows.Load(); a >= b {
					t.Errorf("trial rows %d, %d with every trial whole", a, b)
				}
				if !bytes.Equal(one, whole) {
					t.Errorf("%d bytes, %d with every trial whole", len(one), len(whole))
				}
				t.Logf("%d bytes of log: %d bytes, the trials coded %d rows (%d with every trial whole)", len(l.log), len(one), enc1.trialRows.Load(), enc0.trialRows.Load())
			}()
		})
	}
}

// TestRunStaged: runStaged runs the second stage only when the first does not decide; what
// decided sees is the first stage's whole work; with one thread no second-stage trial runs
// once the first has decided; with cont, second[i] starts after first[i] has returned.
func TestRunStaged(t *testing.T) {
	for _, threads := range []int{1, 2, 4} {
		for _, decide := range []bool{false, true} {
			e := &SensorEncoder{threads: threads}
			var firstDone [3]atomic.Bool
			var ran, stopped atomic.Int32
			first := make([]func(), 3)
			second := make([]func(stop *atomic.Bool), 3)
			for i := range first {
				first[i] = func() {
					for range 1000 {
						runtime.Gosched()
					}
					firstDone[i].Store(true)
				}
				second[i] = func(stop *atomic.Bool) {
					if !firstDone[i].Load() {
						t.Errorf("threads %d: second[%d] started before first[%d] returned", threads, i, i)
					}
					ran.Add(1)
					for range 1000 {
						if stop != nil && stop.Load() {
							stopped.Add(1)
							return
						}
						runtime.Gosched()
					}
				}
			}
			asked := 0
			got := e.runStaged(first, func() bool {
				asked++
				for i := range firstDone {
					if !firstDone[i].Load() {
						t.Errorf("threads %d: decided asked before first[%d] returned", threads, i)
					}
				}
				return decide
			}, second, true)
			if got != decide || asked != 1 {
				t.Errorf("threads %d, decide %v: runStaged returned %v, decided asked %d times", threads, decide, got, asked)
			}
			if !decide && (ran.Load() != 3 || stopped.Load() != 0) {
				t.Errorf("threads %d: not decided, the second stage ran %d trials (%d stopped), want 3 (0)", threads, ran.Load(), stopped.Load())
			}
			if decide && threads == 1 && ran.Load() != 0 {
				t.Errorf("one thread, decided: the second stage ran %d trials", ran.Load())
			}
		}
	}
}
