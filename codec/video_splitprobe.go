package codec

import (
	"errors"
	"reflect"
	"unsafe"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/vision"
)

// The split gate's probe (model.split_gate, encoder side only). A band whose motion field
// the search would split (splitGateShare) is coded, every splitProbeEvery frames, from two
// copies of the tile's whole state, once with the field plain and once split; the tile then
// takes the copy that coded it smaller, and its decision holds for the band's next
// splitProbeEvery − 1 frames that would split. Nothing of the probe is stored: the gate flag
// is, and the bytes are those the tile would have coded with that flag.

// splitProbeEvery is how many frames a band's probe decides for.
const splitProbeEvery = 8

// errBandCoded tells code that the probe has coded the band already (probeGate).
var errBandCoded = errors.New("band coded by the split probe")

// probeGate returns the band's gate for frame f, whose field t.field the search just split
// in enough blocks: 1 (split) or 0 (plain), by the last probe while it holds. When a probe is
// due it codes the band both ways, makes t the copy that coded the smaller and returns
// coded = true: the band is coded.
func (t *tileCoder) probeGate(f *vision.Frame) (split int, coded bool) {
	if t.probeAge > 0 {
		t.probeAge--
		return t.probeSplit, false
	}
	orig := t.saveBand()
	var runs [2]*tileCoder
	var cost [2]uint64
	var plainRows *bandRows
	for g := 0; g < 2; g++ {
		c := cloneTile(t)
		c.PixelCost = t.PixelCost // shared by the tiles: the band's rows are saved
		start := c.bc.Cost
		field, err := c.codeGated(f, g)
		if err == nil {
			err = c.codeRest(f, field, false)
		}
		if err != nil { // cannot be (no interruption here): keep the split, uncoded
			t.restoreBand(orig)
			return 1, false
		}
		runs[g], cost[g] = c, c.bc.Cost-start
		if g == 0 {
			plainRows = t.saveBand()
			t.restoreBand(orig)
		}
	}
	g := 0
	if cost[1] < cost[0] {
		g = 1
	}
	if !splitProbeAdopt {
		t.restoreBand(orig)
		t.probeSplit, t.probeAge = g, splitProbeEvery-1
		return g, false
	}
	if g == 0 {
		t.restoreBand(plainRows)
	}
	*t = *runs[g]
	t.probeSplit, t.probeAge = g, splitProbeEvery-1
	return g, true
}

// splitProbeAdopt: the tile takes the probe's copy that won (false: it codes the band once
// more itself, which the tests compare).
var splitProbeAdopt = true

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
// their own rows (the planes' states, the configuration) and the interruption check.
func cloneTile(t *tileCoder) *tileCoder {
	d := &deepCopier{seen: map[uintptr]reflect.Value{}}
	return d.copy(reflect.ValueOf(t)).Interface().(*tileCoder)
}

type deepCopier struct {
	seen map[uintptr]reflect.Value
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
		if c, ok := d.seen[v.Pointer()]; ok {
			return c
		}
		c := reflect.New(v.Type().Elem())
		d.seen[v.Pointer()] = c
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
