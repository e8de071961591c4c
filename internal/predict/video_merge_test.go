package predict

import "testing"

// TestMergeModels checks MergeModels' rule on three models of one plane: where the bands
// differ, a counter of fewer than mergeOwnCount observations takes the count-weighted mean
// of the probabilities and keeps its count, one of more keeps its state; equal counters,
// the mixers' weights and the running errors are left as they are.
func TestMergeModels(t *testing.T) {
	cfg := DefaultVideoConfig()
	st := NewPlaneState(16, 16)
	ms := []*PlaneModel{NewPlaneModel(&cfg, st, nil, 0, 0, 8), NewPlaneModel(&cfg, st, nil, 0, 0, 8), NewPlaneModel(&cfg, st, nil, 0, 0, 8)}
	c := func(p, n uint32) Counter { return Counter(p<<10 | n) }
	// index 5 of the skip flag's first context: counts 10, 100 and 0 (initial)
	ms[0].skipCounters[0][5] = c(1000, 10)
	ms[1].skipCounters[0][5] = c(3000, 100)
	// index 7 of the residual's last context: counts 1, 3 and 70
	last := ms[0].counterTables()
	rows := len(last) - 1
	for i, s := range []Counter{c(100, 1), c(500, 3), c(1<<21, 70)} {
		ms[i].counterTables()[rows][7] = s
	}
	ms[2].skipMix.weights[3] = 12345
	ms[1].ctxErr[2][1] = 77
	MergeModels(ms)
	p5 := uint32((10*1000 + 100*3000 + 55) / 110)
	for i, want := range []Counter{c(p5, 10), c(3000, 100), c(p5, 0)} {
		if got := ms[i].skipCounters[0][5]; got != want {
			t.Errorf("model %d: skip counter %#x, want %#x", i, got, want)
		}
	}
	p7 := uint32((1*100 + 3*500 + 70*(1<<21) + 37) / 74)
	for i, want := range []Counter{c(p7, 1), c(p7, 3), c(1<<21, 70)} {
		if got := ms[i].counterTables()[rows][7]; got != want {
			t.Errorf("model %d: residual counter %#x, want %#x", i, got, want)
		}
	}
	if ms[0].skipCounters[0][6] != NewCounter() || ms[2].skipMix.weights[3] != 12345 || ms[0].skipMix.weights[3] == 12345 || ms[1].ctxErr[2][1] != 77 || ms[0].ctxErr[2][1] != 0 {
		t.Error("MergeModels changed what it should leave")
	}
}

// TestMergeCounters4 checks the four-band path (mergeCounters4, pairs compared as words)
// against mergeCounters on tables of random states, odd length, with equal stretches.
func TestMergeCounters4(t *testing.T) {
	const n = 1001
	var a, b [4][]Counter
	seed := uint32(1)
	rnd := func() uint32 { seed = seed*1664525 + 1013904223; return seed }
	for i := range a {
		a[i] = make([]Counter, n)
	}
	for j := range n {
		base := Counter(rnd()>>10<<10 | rnd()%200)
		for i := range a {
			a[i][j] = base
			if rnd()%3 == 0 && j%7 != 0 {
				a[i][j] = Counter(rnd()>>10<<10 | rnd()%200)
			}
		}
	}
	for i := range a {
		b[i] = append([]Counter(nil), a[i]...)
	}
	mergeCounters4(a[0], a[1], a[2], a[3])
	mergeCounters(b[:], 0, n)
	for i := range a {
		for j := range n {
			if a[i][j] != b[i][j] {
				t.Fatalf("band %d index %d: %#x, mergeCounters %#x", i, j, a[i][j], b[i][j])
			}
		}
	}
}
