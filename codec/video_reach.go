package codec

import (
	"reflect"

	"github.com/vidlm/vidlm/internal/predict"
)

// How far each part of the model reads the reference frames (the frames before the current
// one, and their side maps) beyond a tile's band: the decoder's frames in flight
// (video_pipe.go) start a tile of frame t+1 only where no unfinished tile of frame t writes a
// row it reads or reads a row it writes, and that needs every reader's reach.
//
// Every knob of predict.VideoConfig is listed in knobReads with what it reads. A knob set in
// a stream and missing from the list counts as reading the whole frame (tileCoder.reach
// returns the frame's height, and each such tile waits for all of the frame before: the full
// barrier), so a new knob is safe before anyone states its reach; TestKnobReadsListed asks
// for the entry.

// refRead is what a knob makes the model read of the reference frames.
type refRead uint8

const (
	// readsMargin: rows just around the band or the sample (the temporal predictors at
	// the same place, the skip flags' and residuals' templates, the band's top rows, the
	// least-squares predictor's taps) or nothing of the reference frames: the pipeline's
	// margin covers them
	readsMargin refRead = iota
	// readsField: the reference frames displaced by the band's motion field (any block's
	// vector; block_refs' older frames; obmc's neighbours' vectors, which are the band's
	// own, clamped to its field)
	readsField
	// readsWarps: the reference frames displaced by the band's warps (the first, warp2's,
	// warp3's)
	readsWarps
	// readsSecond: the frame before the previous one displaced by each block's vector
	// chained with the band's previous field's vector where it lands, or by twice the
	// vector without one (bipred, and warp_subs' two-reference sub-predictors)
	readsSecond
	// readsTMatch: the previous frame displaced by the template search's vectors, within
	// predict.TMatchReach rows of the coded vector's (the templates are the band's rows)
	readsTMatch
	// readsSerial: needs the frames one by one (B frames reorder them, tile_merge merges
	// every band's models between two frames): no frames in flight
	readsSerial
	// readsAll: a knob not listed: the whole frame
	readsAll
)

// knobReads lists every field of predict.VideoConfig with what it reads when set.
var knobReads = map[string]refRead{
	"Temporal":       readsMargin,
	"MixerRate":      readsMargin,
	"Limit":          readsMargin,
	"MotionBlock":    readsField,
	"MotionRange":    readsField,
	"Colour":         readsMargin,
	"SSE":            readsMargin,
	"Recurrence":     readsMargin,
	"GAP":            readsMargin,
	"SubSample":      readsField,
	"BiPred":         readsSecond,
	"MotionSplit":    readsField,
	"SplitGate":      readsField,
	"OBMC":           readsField,
	"BFrames":        readsSerial,
	"BFrameBackward": readsSerial,
	"BFrameModes":    readsSerial,
	"GlobalWarp":     readsWarps,
	"WarpSubs":       readsSecond,
	"ErrorCtx":       readsMargin,
	"SkipCtx":        readsMargin,
	"Mix2":           readsMargin,
	"SkipMed":        readsMargin,
	"SkipBlend":      readsMargin,
	"ResSets":        readsMargin,
	"Warp2":          readsWarps,
	"Warp3":          readsWarps,
	"WarpTaps":       readsWarps,
	"LSPred":         readsMargin,
	"TMatch":         readsTMatch,
	"PResCtx":        readsMargin,
	"H264Filter":     readsField,
	"BlockRefs":      readsField,
	"TileMerge":      readsSerial,
	"BandTop":        readsMargin,
	"ResExcl":        readsMargin,
	"SkipFull":       readsMargin,
	"ResAPM":         readsMargin,
	"SkipHist":       readsMargin,
}

// modelReads returns the set (a bit per refRead) of what model m's knobs that are set (not
// zero) read of the reference frames.
func modelReads(m *predict.VideoConfig) uint {
	v := reflect.ValueOf(m).Elem()
	var set uint
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			continue
		}
		r, ok := knobReads[v.Type().Field(i).Name]
		if !ok {
			r = readsAll
		}
		set |= 1 << r
	}
	return set
}

// reach returns how many frame rows beyond its band the tile's reads of the reference frames
// reach, the largest of its knobs' (modelReads): the motion field's and the warps' (field,
// warp and the second and third warps coded with it) displacements of the samples it
// predicts, the second reference's chained vectors, the template search's; the frame's
// height where a knob's reach is not known. The interpolation filters, the rows just outside
// the band and the subsampled planes' rounding are the pipeline's margin.
func (t *tileCoder) reach(field *predict.MotionField, warp *predict.Warp) int {
	first := t.roles[0]
	st := t.states[first.plane]
	if t.reads&(1<<readsAll|1<<readsSerial) != 0 {
		return st.H << first.frameShift[1]
	}
	rows := 0
	if field != nil {
		q := fieldReach(field) // quarter samples of the first plane (predict.compensateRowRefs)
		if t.reads&(1<<readsField|1<<readsTMatch) != 0 {
			rows = max(rows, (q+3)/4+1)
		}
		if t.reads&(1<<readsTMatch) != 0 {
			rows = max(rows, (q+3)/4+1+predict.TMatchReach)
		}
		if t.reads&(1<<readsSecond) != 0 {
			// predict.ChainMotion: the vector plus the previous field's where it lands
			// (at most its largest), clamped; twice the vector without a previous field
			q2 := 2 * q
			if t.prevField != nil {
				q2 = q + fieldReach(t.prevField)
			}
			q2 = min(q2, 4*predict.MaxMotionRange)
			rows = max(rows, (q2+3)/4+1)
		}
	}
	if warp != nil && t.reads&(1<<readsWarps) != 0 {
		y0, y1 := t.band(first)
		rows = max(rows, warpReach(warp, st.W, st.H, y0, y1))
		if t.wc2 != nil && t.wc2.cur {
			rows = max(rows, warpReach(&t.wc2.warp, st.W, st.H, y0, y1))
		}
		if t.wc3 != nil && t.wc3.cur {
			rows = max(rows, warpReach(&t.wc3.warp, st.W, st.H, y0, y1))
		}
	}
	return rows << first.frameShift[1]
}

// fieldReach returns the largest vertical displacement of field f's vectors, in quarter
// samples.
func fieldReach(f *predict.MotionField) int {
	q := 0
	for _, v := range f.V {
		q = max(q, int(v.Y), -int(v.Y))
	}
	return q
}

// warpReach returns how many rows warp g of a w×h plane moves the samples of rows [y0−1, y1)
// at most (predict's planeWarp.rowStart: the vertical displacement is affine in x and y, so
// largest at a corner), rounded up, plus one.
func warpReach(g *predict.Warp, w, h, y0, y1 int) int {
	cx, cy := int64(w/2), int64(h/2)
	m := int64(0)
	for _, x := range [2]int64{0, int64(w - 1)} {
		for _, y := range [2]int64{int64(y0 - 1), int64(y1)} {
			d := int64(g.TY)<<10 + int64(g.A[2])*(x-cx) + int64(g.A[3])*(y-cy)
			m = max(m, d, -d)
		}
	}
	return int((m+1<<16-1)>>16) + 1
}
