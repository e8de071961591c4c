package codec

import (
	"testing"
)

// TestWarpSubsErrorCtx codes a zooming pan under the global warp alone, with the warp's two
// more sub-predictors (model.warp_subs) and with the residual's error context too
// (model.error_ctx): each round trips, the decoder reads back exactly the knobs set (the
// warp_subs key only with the warp), and each step makes the file smaller.
func TestWarpSubsErrorCtx(t *testing.T) {
	frames := panClip(t, 192, 144, 8)
	steps := []struct {
		name               string
		warp, subs, errCtx bool
	}{
		{"warp", true, false, false},
		{"warp+subs", true, true, false},
		{"warp+subs+error_ctx", true, true, true},
		{"subs without warp", false, true, false},
	}
	var last int
	for i, s := range steps {
		p := testParams(frames[0].Layout)
		p.Model.GlobalWarp, p.Model.WarpSubs, p.Model.ErrorCtx = s.warp, s.subs, s.errCtx
		data := encodeFrames(t, p, frames)
		vp := roundTripParams(t, data, frames)
		if vp.Model.GlobalWarp != s.warp || vp.Model.WarpSubs != (s.subs && s.warp) || vp.Model.ErrorCtx != s.errCtx {
			t.Fatalf("%s: the header gives back %+v", s.name, vp.Model)
		}
		t.Logf("pan 192x144, %d frames, %s: %d bytes", len(frames), s.name, len(data))
		if i > 0 && i < 3 && len(data) >= last {
			t.Errorf("%s: %d bytes, not below the step before (%d)", s.name, len(data), last)
		}
		last = len(data)
	}
}
