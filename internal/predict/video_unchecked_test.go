package predict

import "testing"

// TestUncheckedLoads holds ld32, ld16, ld8 and at to plain indexing at every index.
func TestUncheckedLoads(t *testing.T) {
	a32 := []int32{-7, 1 << 30, 3, -1 << 31, 5}
	a16 := []uint16{1, 65535, 300, 0}
	a8 := []uint8{255, 0, 17}
	for i := range a32 {
		if ld32(a32, i) != a32[i] || at(a32, i) != &a32[i] {
			t.Errorf("ld32/at(%d)", i)
		}
	}
	for i := range a16 {
		if ld16(a16, i) != a16[i] {
			t.Errorf("ld16(%d)", i)
		}
	}
	for i := range a8 {
		if ld8(a8, i) != a8[i] {
			t.Errorf("ld8(%d)", i)
		}
	}
	rows := make([][subSlots]uint16, 3)
	for i := range rows {
		if at(rows, i) != &rows[i] {
			t.Errorf("at(rows, %d)", i)
		}
	}
}

// TestPredictChecksBounds: Predict reads its rows without a bounds check each, so it checks x
// against the plane's width itself, and BeginRow (checkRows) that the rows are whole.
func TestPredictChecksBounds(t *testing.T) {
	cfg := DefaultVideoConfig()
	const w = 24
	m := NewPlaneModel(&cfg, NewPlaneState(w, 16), nil, 0, 0, 8)
	m.BeginBand(0, 16)
	m.BeginRow(0)
	m.Predict(w - 1) // the last sample: no panic
	for _, x := range []int{w, w + 3, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Predict(%d) of a %d-sample row did not panic", x, w)
				}
			}()
			m.Predict(x)
		}()
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("checkRows passed a short row")
			}
		}()
		m.rowT = m.rowT[:m.stride-1]
		m.checkRows()
	}()
}
