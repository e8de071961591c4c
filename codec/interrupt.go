package codec

import (
	"context"
	"errors"
	"sync/atomic"
)

// ErrInterrupted is returned (errors.Is) by a sensor encoder's Write and Close, by a video
// encoder's WriteFrame and Close, and by a Decoder's Read or ReadFrame, once the check given by
// WithInterrupt has reported an interruption. The error is sticky; the encoder has then
// written no block or frame it had not written before the call, and what it wrote is not a
// complete file (the caller discards it).
var ErrInterrupted = errors.New("codec: interrupted")

// WithInterrupt gives a coder a check for an interruption (a Ctrl-C, say): stop is called
// every few thousand rows or bytes inside the coding of a sensor block (the cells' rows, a
// bytes block, the byte model's trial of a block) and every interruptVideoRows (4) rows of a
// video frame's tile (and each row of blocks of the encoder's motion search), never per bit
// or sample, and once it returns true the coding stops within a few milliseconds (tens at 4K)
// and returns ErrInterrupted. stop may be called from
// goroutines of the coder's own, so it must be safe for concurrent use (context.Context.Err
// is: pass func() bool { return ctx.Err() != nil }). It changes no coded byte.
// NewVideoEncoder, NewSensorEncoder, NewDecoder, NewMultiEncoder and NewMultiDecoder take it
// (a MultiDecoder also checks it before each chunk); EncodeSegments and SegmentedFile.Decode
// check their context the same way, inside each frame.
func WithInterrupt(stop func() bool) Option {
	return func(o *options) error {
		if stop == nil {
			return errors.New("codec: WithInterrupt(nil)")
		}
		o.interrupt = stop
		return o.check("WithInterrupt", forVideoEncoder|forSensorEncoder|forDecoder)
	}
}

// interrupter holds a coder's interruption check (WithInterrupt); its methods are safe for
// concurrent use, and a nil *interrupter is never interrupted.
type interrupter struct {
	stop  func() bool
	fired atomic.Bool
}

// newInterrupter returns the interrupter of stop, or nil when there is none.
func newInterrupter(stop func() bool) *interrupter {
	if stop == nil {
		return nil
	}
	return &interrupter{stop: stop}
}

// ctxInterrupter is the interrupter that fires once ctx is done (EncodeSegments and
// SegmentedFile.Decode take a context rather than WithInterrupt).
func ctxInterrupter(ctx context.Context) *interrupter {
	return newInterrupter(func() bool { return ctx.Err() != nil })
}

// interrupted calls the check (once it has fired, it is not called again) and reports whether
// the coding is to stop.
func (x *interrupter) interrupted() bool {
	if x == nil {
		return false
	}
	if x.fired.Load() {
		return true
	}
	if x.stop() {
		x.fired.Store(true)
		return true
	}
	return false
}

// Rows and bytes coded between two calls of the interruption check. A row of the cell model
// costs tens of microseconds, a byte of the byte model about 6 (ByteModel2): a check every
// 256 rows or 4 KiB is some 25 ms of coding at most, and its cost (a context's mutex) is lost
// in the coding.
// A video band is checked every interruptVideoRows rows of its planes (all planes counted):
// a sample costs about a microsecond, so 4 rows of 3840 samples are some 15 ms of coding, and
// the check's cost (a context's mutex) is lost in them.
const (
	interruptRows      = 256
	interruptBytes     = 4 << 10
	interruptVideoRows = 4
)

// codeBytesInterruptible is codeBytes in pieces of interruptBytes, with the check of x
// between them; it reports false (data partly coded) if interrupted.
func codeBytesInterruptible(bc *BitCoder, m byteModel, data []byte, x *interrupter) bool {
	if x == nil {
		codeBytes(bc, m, data)
		return true
	}
	for i := 0; i < len(data); i += interruptBytes {
		if x.interrupted() {
			return false
		}
		codeBytes(bc, m, data[i:min(i+interruptBytes, len(data))])
	}
	return true
}
