package main

import "github.com/vidlm/vidlm/vision"

// frameSupply is what delivers frames one by one: a vision.FrameSource, a codec.Decoder.
type frameSupply interface {
	ReadFrame() (*vision.Frame, error)
}

// prefetcher reads frames one ahead on its own goroutine: encoding, the reading and unpacking
// of the next frame (OpenCV's decoding and conversion, or the y4m's planes) overlaps the
// coding of this one; decoding, the decoding of the next frame overlaps the writing of this
// one, instead of leaving a thread idle between frames. The sources and the decoder return a
// new Frame on every call, so a frame read ahead is never overwritten.
type prefetcher struct {
	src  frameSupply
	next chan prefetched
	stop chan struct{}
	done chan struct{}
	err  error // the source's first error (io.EOF included), returned from then on
}

type prefetched struct {
	f   *vision.Frame
	err error
}

// startPrefetch starts reading src ahead. Call Stop before closing src.
func startPrefetch(src frameSupply) *prefetcher {
	p := &prefetcher{src: src, next: make(chan prefetched, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *prefetcher) run() {
	defer close(p.done)
	for {
		f, err := p.src.ReadFrame()
		select {
		case p.next <- prefetched{f, err}:
		case <-p.stop:
			return
		}
		if err != nil {
			return // the source is not read past its end or its first failure
		}
	}
}

// ReadFrame returns the next frame as the source would have.
func (p *prefetcher) ReadFrame() (*vision.Frame, error) {
	if p.err != nil {
		return nil, p.err
	}
	r := <-p.next
	p.err = r.err
	return r.f, r.err
}

// Stop ends the reading ahead and waits for it, after which the source may be closed. It
// may be called more than once.
func (p *prefetcher) Stop() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}
