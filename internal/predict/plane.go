package predict

// Plane is one plane of samples in int32, each row padded by PlanePad samples on both sides
// so that predictors can read W, WW, NE without bounds tests at the edges.
type Plane struct {
	W, H, Stride int
	Pix          []int32
}

// PlanePad is the padding on each side of a Plane's rows.
const PlanePad = 2

// NewPlane allocates a zeroed w×h plane.
func NewPlane(w, h int) *Plane {
	s := w + 2*PlanePad
	return &Plane{W: w, H: h, Stride: s, Pix: make([]int32, s*h)}
}

// Row returns row y including its padding: sample x is at index x+PlanePad.
func (p *Plane) Row(y int) []int32 {
	return p.Pix[y*p.Stride : (y+1)*p.Stride]
}

// SetRow copies samples into row y and fills its padding by replicating the edge samples.
func (p *Plane) SetRow(y int, src []uint16) {
	r := p.Row(y)
	for x, v := range src[:p.W] {
		r[x+PlanePad] = int32(v)
	}
	p.PadRow(y)
}

// PadRow fills row y's padding by replicating its edge samples.
func (p *Plane) PadRow(y int) {
	r := p.Row(y)
	for i := 0; i < PlanePad; i++ {
		r[i] = r[PlanePad]
		r[PlanePad+p.W+i] = r[PlanePad+p.W-1]
	}
}

// CopyRowTo writes row y's samples into dst.
func (p *Plane) CopyRowTo(y int, dst []uint16) {
	r := p.Row(y)[PlanePad : PlanePad+p.W]
	for x, v := range r {
		dst[x] = uint16(v)
	}
}
