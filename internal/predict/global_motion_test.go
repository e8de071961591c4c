package predict

import "testing"

// TestEstimateGlobalMotion fits the global motion of a field whose vectors follow a known
// zoom, rotation and translation, and checks that the fit gives those vectors back.
func TestEstimateGlobalMotion(t *testing.T) {
	const w, h = 640, 480
	truth := GlobalMotion{TX: 7, TY: -5, A: [4]int32{655, -131, 131, 655}, CX: w / 2, CY: h / 2} // 1 % zoom, a little rotation
	f := NewMotionField(16, w, 0, h)
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			f.V[by*f.Cols+bx] = truth.VectorAt(bx*16+8, by*16+8)
		}
	}
	g, ok := EstimateGlobalMotion(f, w, h)
	if !ok {
		t.Fatal("no fit")
	}
	worst := 0
	for by := 0; by < f.Rows; by++ {
		for bx := 0; bx < f.Cols; bx++ {
			a, b := g.VectorAt(bx*16+8, by*16+8), f.V[by*f.Cols+bx]
			worst = max(worst, int(abs16(a.X-b.X)), int(abs16(a.Y-b.Y)))
		}
	}
	t.Logf("fit %+v, truth %+v, worst vector error %d quarter samples", g, truth, worst)
	if worst > 1 {
		t.Errorf("fitted vectors differ from the field's by up to %d quarter samples", worst)
	}
	if _, ok := EstimateGlobalMotion(NewMotionField(16, 32, 0, 32), 32, 32); ok {
		t.Error("a fit from a zero field of 4 blocks")
	}
}
