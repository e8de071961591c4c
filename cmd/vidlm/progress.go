package main

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports long work on stderr: frames, MPix/s and, when the total is known, an ETA.
// It stays silent with -q or when stderr is not a terminal.
type progress struct {
	bar    *progressbar.ProgressBar
	start  time.Time
	pixels float64
}

func newProgress(a *app, what string, total int) *progress {
	p := &progress{start: time.Now()}
	f, ok := a.stderr.(*os.File)
	if a.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return p
	}
	max := int64(total)
	if total <= 0 {
		max = -1
	}
	p.bar = progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(a.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("frames"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
	return p
}

// frame records one more frame of n pixels.
func (p *progress) frame(n int) {
	p.pixels += float64(n)
	if p.bar == nil {
		return
	}
	el := time.Since(p.start).Seconds()
	if el > 0 {
		p.bar.Describe(fmt.Sprintf("%.1f MPix/s", p.pixels/el/1e6))
	}
	p.bar.Add(1)
}

// done clears the bar.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// rate is the throughput so far in MPix/s.
func (p *progress) rate() float64 {
	el := time.Since(p.start).Seconds()
	if el <= 0 {
		return 0
	}
	return p.pixels / el / 1e6
}
