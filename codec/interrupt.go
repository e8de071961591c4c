package codec

import (
	"errors"
	"sync/atomic"
)

// ErrInterrupted is returned (errors.Is) by a sensor encoder's Write and Close, and by a
// Decoder's Read of a sensor stream, once the check given by WithInterrupt has reported an
// interruption. The error is sticky; the encoder has then written no block it had not written
// before the call, and what it wrote is not a complete file (the caller discards it).
var ErrInterrupted = errors.New("codec: interrupted")

// WithInterrupt gives a sensor coder a check for an interruption (a Ctrl-C, say): stop is
// called every few thousand rows or bytes inside the coding of a block (the cells' rows, a
// bytes block, the byte model's trial of a block), never per bit, and once it returns true the
// coding stops within a few milliseconds and returns ErrInterrupted. stop may be called from
// goroutines of the coder's own, so it must be safe for concurrent use (context.Context.Err
// is: pass func() bool { return ctx.Err() != nil }). It changes no coded byte. NewSensorEncoder,
// NewDecoder, NewMultiEncoder and NewMultiDecoder take it; they check it only in sensor
// streams (a video stream's caller checks between frames; a MultiDecoder also before each
// chunk).
func WithInterrupt(stop func() bool) Option {
	return func(o *options) error {
		if stop == nil {
			return errors.New("codec: WithInterrupt(nil)")
		}
		o.interrupt = stop
		return o.check("WithInterrupt", forSensorEncoder|forDecoder)
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
const (
	interruptRows  = 256
	interruptBytes = 4 << 10
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
