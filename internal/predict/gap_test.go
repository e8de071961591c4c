package predict

import "testing"

// gap follows an edge: N along a vertical one, W along a horizontal one; it is planar on a
// smooth ramp, and its thresholds scale with the depth.
func TestGAP(t *testing.T) {
	for _, c := range []struct {
		name                      string
		W, N, NW, NE, WW, NN, NNE int32
		shift                     uint
		want                      int32
	}{
		// A vertical edge: the columns left of the sample are 10, its own and right 200.
		{"vertical edge", 10, 200, 10, 200, 10, 200, 200, 0, 200},
		// A horizontal edge: the rows above are 200, this row 10.
		{"horizontal edge", 10, 200, 200, 200, 10, 200, 200, 0, 10},
		// A smooth ramp: planar (2(W+N) + NE - NW) / 4.
		{"ramp", 100, 104, 102, 106, 98, 108, 110, 0, 103},
		// The 8-bit vertical edge scaled to 10 bits is still followed.
		{"vertical edge, 10 bit", 40, 800, 40, 800, 40, 800, 800, 2, 800},
		// A weak horizontal edge (dv − dh = 30): a quarter of the way from planar (102) to W.
		{"weak horizontal edge", 100, 100, 100, 110, 100, 140, 110, 0, 101},
	} {
		if got := gap(c.W, c.N, c.NW, c.NE, c.WW, c.NN, c.NNE, c.shift, 1023); got != c.want {
			t.Errorf("%s: gap = %d, want %d", c.name, got, c.want)
		}
	}
}
