package codec

import (
	"reflect"
	"unsafe"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The split gate's probe (model.split_gate, encoder side only). When a band whose motion
// field the search would split (splitGateShare) is due for a probe (every splitProbeEvery
// such frames), the tile codes the band as its last probe decided (split before the first)
// and a copy of the tile's whole state codes its motion field, warp and first plane the
// other way; the smaller cost up to the end of the first plane decides the band's gate for
// its next splitProbeEvery − 1 frames that would split. The copy's run only measures: it writes
// nothing the tile keeps (the band's rows of the shared planes are put back after it), so the
// stream is the tile's own coding whatever the copy does. Nothing of the probe is stored:
// the gate flag is.

// splitGateRecord and splitGateReplay are the tests' hooks (nil in the codec): the first
// receives each gate the probe decides (by the band's first row), the second replaces the
// probe with the gates recorded, so that an encoding without the probe's copies can be
// compared with one with them (TestSplitProbeLeavesTile).
var (
	splitGateRecord func(y0, split int)
	splitGateReplay func(y0 int) int
)

// splitProbeEvery is how many frames a band's probe decides for.
const splitProbeEvery = 16

// probeGate returns the band's gate for frame f, whose field t.field the search just split
// in enough blocks: 1 (split) or 0 (plain), by the last probe (t.probeSplit). When a probe
// is due it first codes the band's first plane the other way on a copy of the tile;
// endProbe compares once the tile has coded the band.
func (t *tileCoder) probeGate(f *vision.Frame) int {
	if t.probeAge > 0 {
		t.probeAge--
		return t.probeSplit
	}
	orig := t.saveBand()
	c := cloneTile(t)
	c.PixelCost = nil // (the copy's costs are not kept)
	start := c.bc.Cost
	field, err := c.codeGated(f, 1-t.probeSplit)
	if err == nil {
		c.probeFirst = true
		err = c.codeRest(f, field, false)
	}
	t.restoreBand(orig)
	if err != nil { // cannot be (nothing interrupts the copy)
		return t.probeSplit
	}
	t.probeOther, t.probeStart, t.probing = c.bc.Cost-start, t.bc.Cost, true
	return t.probeSplit
}

// endProbe ends a probe (probeGate) once the tile has coded the band: the copy's cost
// against the tile's up to the end of the first plane (t.probeFirstEnd).
func (t *tileCoder) endProbe() {
	if !t.probing {
		return
	}
	t.probing = false
	if t.probeOther < t.probeFirstEnd-t.probeStart {
		t.probeSplit = 1 - t.probeSplit
	}
	t.probeAge = splitProbeEvery - 1
}

// bandRows is what coding a band writes into the planes' shared state (the samples, the skip
// flags, the residuals, the block flags of its rows), saved before a probe and put back after
// each of its runs.
type bandRows struct {
	cur, res [][]int32
	skip, bs [][]uint8
	cost     [][]uint32 // the samples' costs (WithPixelCosts)
}

func (t *tileCoder) bandSpans(r planeRole) (st *predict.PlaneState, a, b, ba, bb int) {
	st = t.states[r.plane]
	y0, y1 := t.band(r)
	stride := st.Cur.Stride
	return st, y0 * stride, y1 * stride, y0 / 8 * st.BlocksW, min((y1+7)/8, st.BlocksH) * st.BlocksW
}

func (t *tileCoder) saveBand() *bandRows {
	s := &bandRows{}
	for _, r := range t.roles {
		st, a, b, ba, bb := t.bandSpans(r)
		s.cur = append(s.cur, append([]int32(nil), st.Cur.Pix[a:b]...))
		s.res = append(s.res, append([]int32(nil), st.Res[a:b]...))
		s.skip = append(s.skip, append([]uint8(nil), st.Skip[a:b]...))
		s.bs = append(s.bs, append([]uint8(nil), st.BlockSkip[ba:bb]...))
		if t.PixelCost != nil {
			y0, y1 := t.band(r)
			s.cost = append(s.cost, append([]uint32(nil), t.PixelCost[r.plane][y0*st.W:y1*st.W]...))
		}
	}
	return s
}

func (t *tileCoder) restoreBand(s *bandRows) {
	for i, r := range t.roles {
		st, a, b, ba, bb := t.bandSpans(r)
		copy(st.Cur.Pix[a:b], s.cur[i])
		copy(st.Res[a:b], s.res[i])
		copy(st.Skip[a:b], s.skip[i])
		copy(st.BlockSkip[ba:bb], s.bs[i])
		if t.PixelCost != nil {
			y0, _ := t.band(r)
			copy(t.PixelCost[r.plane][y0*st.W:], s.cost[i])
		}
	}
}

// cloneTile returns a deep copy of t but for what the tiles share and only read or write in
// their own rows (the planes' states, the configuration) and the interruption check. A
// pointer into an array the tile holds becomes a copy of its own (the copy is for measuring:
// it need not be exact, but must write nothing of t's).
func cloneTile(t *tileCoder) *tileCoder {
	d := &deepCopier{seen: map[copyKey]reflect.Value{}}
	return d.copy(reflect.ValueOf(t)).Interface().(*tileCoder)
}

type deepCopier struct {
	seen map[copyKey]reflect.Value // each object copied, by address and type
}

// copyKey tells apart objects at one address (an array and its first element).
type copyKey struct {
	p uintptr
	t reflect.Type
}

var (
	sharedTypes = map[reflect.Type]bool{
		reflect.TypeOf((*predict.PlaneState)(nil)):  true,
		reflect.TypeOf((*predict.Plane)(nil)):       true,
		reflect.TypeOf((*predict.VideoConfig)(nil)): true,
		reflect.TypeOf((*interrupter)(nil)):         true,
	}
)

func (d *deepCopier) copy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || sharedTypes[v.Type()] {
			return v
		}
		k := copyKey{v.Pointer(), v.Type()}
		if c, ok := d.seen[k]; ok {
			return c
		}
		c := reflect.New(v.Type().Elem())
		d.seen[k] = c
		d.into(c.Elem(), v.Elem())
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Cap())
		if plainKind(v.Type().Elem()) {
			reflect.Copy(c, v)
			return c
		}
		for i := 0; i < v.Len(); i++ {
			d.into(c.Index(i), v.Index(i))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			c.SetMapIndex(d.copy(it.Key()), d.copy(it.Value()))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(d.copy(v.Elem()))
		return c
	default:
		c := reflect.New(v.Type()).Elem()
		d.into(c, v)
		return c
	}
}

// into copies v into the settable dst (of v's type).
func (d *deepCopier) into(dst, v reflect.Value) {
	dst = settable(dst)
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			d.into(dst.Field(i), settable(v.Field(i)))
		}
	case reflect.Array:
		if plainKind(v.Type().Elem()) {
			dst.Set(settable(v))
			return
		}
		for i := 0; i < v.Len(); i++ {
			d.into(dst.Index(i), v.Index(i))
		}
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		dst.Set(d.copy(settable(v)))
	default: // numbers, strings, funcs, channels, unsafe pointers: as they are
		dst.Set(settable(v))
	}
}

// settable returns v made usable whatever its field's export.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// plainKind reports whether values of type t hold no pointer (copied as bytes).
func plainKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return plainKind(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !plainKind(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}
