package predict

import (
	"math/rand"
	"testing"
)

// TestFillTemplate holds fillTemplate's rolling bits to the template's definition: for each
// sample index i, the row above's flags from i-2 to i+2 at bits 2-6 and the previous frame's
// from i-1 to i+1 at bits 7-9, on rows of random flags (padding included) of many widths.
func TestFillTemplate(t *testing.T) {
	rnd := rand.New(rand.NewSource(11))
	for it := 0; it < 2000; it++ {
		w := 1 + rnd.Intn(70)
		s := w + 2*PlanePad
		skn, skp, tn := make([]uint8, s), make([]uint8, s), make([]uint16, s)
		for i := range skn {
			skn[i], skp[i] = uint8(rnd.Intn(2)), uint8(rnd.Intn(2))
		}
		fillTemplate(tn, skn, skp, w)
		for x := 0; x < w; x++ {
			i := x + PlanePad
			want := uint16(skn[i-2])<<2 | uint16(skn[i-1])<<3 | uint16(skn[i])<<4 | uint16(skn[i+1])<<5 |
				uint16(skn[i+2])<<6 | uint16(skp[i-1])<<7 | uint16(skp[i])<<8 | uint16(skp[i+1])<<9
			if tn[i] != want {
				t.Fatalf("width %d, x %d: %#x, want %#x", w, x, tn[i], want)
			}
		}
	}
}

// TestSetPaths: the decision functions' knob-free paths are taken exactly for the knob sets
// they are written for.
func TestSetPaths(t *testing.T) {
	for mask := 0; mask < 1<<7; mask++ {
		cfg := VideoConfig{SkipCtx: mask&1 != 0, SkipMed: mask&2 != 0, Mix2: mask&4 != 0,
			SkipBlend: mask&8 != 0, SSE: mask&16 != 0, ErrorCtx: mask&32 != 0, ResAPM: mask&64 != 0,
			MixerRate: 6}
		m := &PlaneModel{cfg: &cfg}
		m.setPaths()
		wantSkip := cfg.SkipCtx && cfg.SkipMed && !cfg.Mix2 && !cfg.SkipBlend && !cfg.SSE
		wantRes := cfg.ErrorCtx && !cfg.Mix2 && !cfg.SSE && !cfg.ResAPM
		if m.skipFull != wantSkip || m.resFull != wantRes {
			t.Fatalf("%+v: skipFull %v resFull %v", cfg, m.skipFull, m.resFull)
		}
		// the residual kernels: every residual mixing ErrorCtx's counter without Mix2, the
		// residual APM (SSE's or ResAPM's) included
		asm := haveCodeAsm && useCodeAsm
		if want := asm && cfg.ErrorCtx && !cfg.Mix2; m.asmRes != want || m.resAPMOn != (cfg.SSE || cfg.ResAPM) {
			t.Fatalf("%+v: asmRes %v resAPMOn %v", cfg, m.asmRes, m.resAPMOn)
		}
	}
}
