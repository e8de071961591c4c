package main

import (
	"errors"
	"io"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// listSource delivers its frames, then err, and counts the reads it was asked for.
type listSource struct {
	frames []*vision.Frame
	err    error
	reads  int
}

func (s *listSource) Layout() vision.Layout      { return vision.Layout{} }
func (s *listSource) FrameRate() vision.Rational { return vision.Rational{} }
func (s *listSource) Close() error               { return nil }
func (s *listSource) ReadFrame() (*vision.Frame, error) {
	s.reads++
	if s.reads > len(s.frames) {
		return nil, s.err
	}
	return s.frames[s.reads-1], nil
}

// The prefetcher hands out the source's frames in order, then the source's error, again on
// every later call, and never reads the source past it.
func TestPrefetchOrderAndEnd(t *testing.T) {
	for _, end := range []error{io.EOF, errors.New("frame 3 damaged")} {
		src := &listSource{err: end}
		for i := 0; i < 5; i++ {
			src.frames = append(src.frames, &vision.Frame{Params: string(rune('a' + i))})
		}
		p := startPrefetch(src)
		for i, want := range src.frames {
			f, err := p.ReadFrame()
			if err != nil || f != want {
				t.Fatalf("frame %d: %v, %v; want the source's frame %d", i, f, err, i)
			}
		}
		for k := 0; k < 3; k++ {
			if f, err := p.ReadFrame(); f != nil || err != end {
				t.Fatalf("after the last frame: %v, %v; want %v", f, err, end)
			}
		}
		p.Stop()
		p.Stop()
		if src.reads != len(src.frames)+1 {
			t.Fatalf("the source was read %d times, want %d", src.reads, len(src.frames)+1)
		}
	}
}

// Stop returns while frames are still unread (the encoder stopped early: --frames, an error),
// leaving the source to be closed.
func TestPrefetchStopEarly(t *testing.T) {
	src := &listSource{err: io.EOF}
	for i := 0; i < 100; i++ {
		src.frames = append(src.frames, &vision.Frame{})
	}
	p := startPrefetch(src)
	if _, err := p.ReadFrame(); err != nil {
		t.Fatal(err)
	}
	p.Stop()
	if src.reads > 3 {
		t.Fatalf("read %d frames ahead of one taken, want at most 2 more", src.reads)
	}
}
