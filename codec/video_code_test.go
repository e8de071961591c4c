package codec

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/vision"
)

// TestSampleLoopsAgree holds the two codings of video samples to each other: the model's own
// loop with the coder's steps inline (internal/predict/video_code.go, used when no per-pixel
// costs are asked for) and codeSample through ResP, UpdateRes and BitCoder (used with
// WithPixelCosts). On the real crops, with the default model, without its error context and
// warp, and with every optional part that touches a decision (SSE, the camera preset's
// sub-predictors), both give the same bytes
// and the same surprise totals, and every decoder (fast with or without costs, per-pixel)
// gives back the frames and the totals.
func TestSampleLoopsAgree(t *testing.T) {
	r, yuv := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
	py := testParams(r.Header.Layout)
	py.Source, py.Y4MHeader = SourceY4M, r.Header.Line
	bgr := testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)
	pb := testParams(bgr[0].Layout)
	pb.Source = SourceOpenCV
	for _, c := range []struct {
		name   string
		p      VideoParams
		frames []*vision.Frame
	}{{"y4m", py, yuv}, {"bgr", pb, bgr}} {
		for _, variant := range []string{"default", "plain", "sse+camera"} {
			p := c.p
			m := &p.Model
			switch variant {
			case "plain": // without the error context's counter (a mixer input of 0) and the warp
				m.ErrorCtx, m.WarpSubs, m.GlobalWarp = false, false, false
			case "sse+camera":
				m.SSE, m.MotionSplit, m.BiPred, m.OBMC, m.GlobalWarp = true, true, true, true, true
			}
			name := c.name + "/" + variant
			t.Run(name, func(t *testing.T) {
				fast := encodeFrames(t, p, c.frames)
				slow := encodeFrames(t, p, c.frames, WithPixelCosts())
				if !bytes.Equal(fast, slow) {
					t.Fatalf("the fast loop codes %d bytes, codeSample %d, not the same", len(fast), len(slow))
				}
				stored := func(data []byte) SurpriseTotals {
					info, err := ReadInfo(bytes.NewReader(data))
					if err != nil {
						t.Fatal(err)
					}
					if info.Index[0].Surprise == nil {
						t.Fatal("no surprise totals in the trailer")
					}
					return *info.Index[0].Surprise
				}
				want := stored(slow)
				if got := stored(fast); !slices.Equal(got.Cost, want.Cost) || got.Cost[0] == 0 {
					t.Fatalf("surprise totals %v, codeSample's %v", got.Cost, want.Cost)
				}
				modes := []struct {
					name  string
					opts  []Option
					costs bool
				}{{"plain", nil, true}, {"WithoutCosts", []Option{WithoutCosts()}, false}, {"WithPixelCosts", []Option{WithPixelCosts()}, true}}
				for _, mode := range modes {
					d, err := NewDecoder(bytes.NewReader(fast), mode.opts...)
					if err != nil {
						t.Fatal(err)
					}
					var got []*vision.Frame
					for {
						f, err := d.ReadFrame()
						if errors.Is(err, io.EOF) {
							break
						}
						if err != nil {
							t.Fatalf("%s decoder: %v", mode.name, err)
						}
						got = append(got, f)
					}
					sameFrames(t, got, c.frames)
					if tot := d.Totals(); mode.costs && !slices.Equal(tot.Cost, want.Cost) {
						t.Fatalf("%s decoder measures %v, the encoder %v", mode.name, tot.Cost, want.Cost)
					}
				}
			})
		}
	}
}
