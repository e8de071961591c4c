package predict

// A hint is a vector per block predicted from outside the video (a recording's gyroscope: the
// angle the camera turned between two frames, times the focal length learned online, moves
// the whole picture). With a hint, a block's vector is predicted as the hint plus the median
// of its neighbours' departures from their hints: where the hint is right the neighbours
// depart by nothing and the prediction is the hint (even for a band's first block, which has
// no neighbour); where it is off by a constant, the neighbours carry the offset.

// PredictedHint returns block (bx, by)'s predicted vector given the field's hint (one vector
// per block, as f.V). With a nil hint it is f.Predicted(bx, by).
func (f *MotionField) PredictedHint(bx, by int, hint []MotionVector) MotionVector {
	if hint == nil {
		return f.Predicted(bx, by)
	}
	dep := func(i int) (int16, int16) { return f.V[i].X - hint[i].X, f.V[i].Y - hint[i].Y }
	var ax, ay, bx2, by2, cx, cy int16
	filter := hint[by*f.Cols+bx].Filter
	if bx > 0 {
		ax, ay = dep(by*f.Cols + bx - 1)
		filter = f.V[by*f.Cols+bx-1].Filter
	}
	if by > 0 {
		bx2, by2 = dep((by-1)*f.Cols + bx)
		if bx+1 < f.Cols {
			cx, cy = dep((by-1)*f.Cols + bx + 1)
		} else {
			cx, cy = bx2, by2
		}
	} else {
		bx2, by2, cx, cy = ax, ay, ax, ay
	}
	h := hint[by*f.Cols+bx]
	return Normalize(MotionVector{X: h.X + median3(ax, bx2, cx), Y: h.Y + median3(ay, by2, cy), Filter: filter})
}
