package codec

import (
	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// planeRole says where a plane stands in the coding order: which plane it is, which plane
// coded before it serves as its reference, and its subsampling against that reference and
// against the full frame.
type planeRole struct {
	plane      int
	depth      int // bits per sample of the plane as coded (a colour transform may add one)
	ref        int // -1: none
	refShift   [2]uint
	frameShift [2]uint // subsampling against the frame's full size (for the tile bands)
}

// codingOrder returns the planes of layout l in the order they are coded. BGR codes G first
// (it carries most of the luma) and predicts B and R from it; YUV codes Y, then Cb from Y and
// Cr from Cb; alpha is predicted from Y.
func codingOrder(l vision.Layout, colour int) []planeRole {
	sizes := l.Planes()
	var order, refs []int
	depths := make([]int, len(sizes))
	for i := range depths {
		depths[i] = l.Depth
	}
	switch {
	case l.Format == vision.FormatBGR && colour == predict.ColourYCoCgR:
		// Y, Co, Cg: Co from Y, Cg from Co.
		order, refs = []int{0, 1, 2}, []int{-1, 0, 1}
		d := vision.YCoCgDepths(l.Depth)
		copy(depths, d[:])
	case l.Format == vision.FormatBGR:
		order, refs = []int{1, 0, 2}, []int{-1, 1, 1}
	case l.Format == vision.FormatGray:
		order, refs = []int{0}, []int{-1}
	case l.Format == vision.FormatYUVA444:
		order, refs = []int{0, 1, 2, 3}, []int{-1, 0, 1, 0}
	default:
		order, refs = []int{0, 1, 2}, []int{-1, 0, 1}
	}
	roles := make([]planeRole, len(order))
	for i, p := range order {
		r := planeRole{plane: p, ref: refs[i], depth: depths[p]}
		r.frameShift = vision.Subsampling(sizes[p], vision.PlaneSize{Width: l.Width, Height: l.Height})
		if r.ref >= 0 {
			r.refShift = vision.Subsampling(sizes[p], sizes[r.ref])
		}
		roles[i] = r
	}
	return roles
}

// tileBands cuts the frame's rows into at most tiles bands whose edges fall on multiples of 16
// rows (the block grid of the codecs most video came from), and returns each band's first row;
// the last entry is the frame height.
func tileBands(height, tiles int) []int {
	rows := (height + tiles - 1) / tiles
	rows = (rows + 15) &^ 15
	edges := []int{0}
	for y := rows; y < height; y += rows {
		edges = append(edges, y)
	}
	return append(edges, height)
}

// newPlaneStates allocates the shared per-plane state of a stream.
func newPlaneStates(l vision.Layout) []*predict.PlaneState {
	var st []*predict.PlaneState
	for _, p := range l.Planes() {
		st = append(st, predict.NewPlaneState(p.Width, p.Height))
	}
	return st
}
