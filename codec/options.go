package codec

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// Option configures an encoder or a decoder. Each option says which constructors take it;
// given to another, the constructor fails with an error rather than ignore it, as it does for
// a value out of range.
type Option func(*options) error

// users is a set of constructors an option applies to.
type users uint8

const (
	forVideoEncoder    users = 1 << iota // NewVideoEncoder
	forSensorEncoder                     // NewSensorEncoder
	forSegmentsEncoder                   // EncodeSegments
	forDecoder                           // NewDecoder
	forSegmentsDecoder                   // SegmentedFile.Decode
	forSalvager                          // NewSalvager
)

var userNames = [...]string{"NewVideoEncoder", "NewSensorEncoder", "EncodeSegments", "NewDecoder", "SegmentedFile.Decode", "NewSalvager"}

func (u users) String() string {
	var names []string
	for i, n := range userNames {
		if u&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

type options struct {
	user       users // the constructor the options are for
	threads    int
	pixelCosts bool
	// decisionCosts, with WithDecisionCosts, sums the encoder's costs by decision kind
	decisionCosts *DecisionCosts
	noCosts       bool        // WithoutCosts
	segments      int         // most segments coded at once (0: as many as threads)
	tempDir       string      // where EncodeSegments may spill segments ("": nowhere, keep them in memory)
	fileID        uint64      // the file identifier an encoder writes
	fileIDSet     bool        // fileID was given; otherwise an encoder draws it at random
	interrupt     func() bool // WithInterrupt
	memoryMiB     int         // WithMemory (memorySet: given)
	memorySet     bool
}

// check returns an error if the options are not for one of the constructors in u.
func (o *options) check(name string, u users) error {
	if o.user&u == 0 {
		return fmt.Errorf("codec: %s does not apply to %s (only to %s)", name, o.user, u)
	}
	return nil
}

// WithThreads sets how many goroutines code at once: the tiles of a frame, the segments of
// EncodeSegments and SegmentedFile.Decode, the lattice search of a sensor stream; a sensor
// Decoder of two or more decodes the next block while the caller reads the one before
// (sensor_ahead.go). 0 (the default) means GOMAXPROCS. It changes the speed, never the
// bytes. Every constructor takes it.
func WithThreads(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("codec: WithThreads(%d): negative", n)
		}
		if n > 0 {
			o.threads = n
		}
		return nil
	}
}

// WithSegmentWorkers caps how many segments EncodeSegments and SegmentedFile.Decode code at
// once (each holds a model: see VideoParams.SegmentWorkerBytes); the threads are still all
// used, the rest of them on tiles. 0 (the default) means as many as there are threads.
func WithSegmentWorkers(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("codec: WithSegmentWorkers(%d): negative", n)
		}
		o.segments = n
		return o.check("WithSegmentWorkers", forSegmentsEncoder|forSegmentsDecoder)
	}
}

// WithMemory sets how many MiB a Decoder may take beyond one coder's for blocks decoded at
// once: a sensor stream's bytes block is decoded on a goroutine beside the next block (with
// two threads or more) only if a second byte model, bytesJobMiB, fits; otherwise the blocks
// are decoded one after the other, in one byte model. By default there is no such limit. It
// changes the speed and the memory, never the output.
func WithMemory(mib int) Option {
	return func(o *options) error {
		if mib < 0 {
			return fmt.Errorf("codec: WithMemory(%d): negative", mib)
		}
		o.memoryMiB, o.memorySet = mib, true
		return o.check("WithMemory", forDecoder)
	}
}

// WithPixelCosts makes the coder keep the surprise of every sample of the last frame (see
// FrameStats.PixelCost). NewVideoEncoder and NewDecoder take it; a sensor stream has no
// pixels, so a Decoder of one keeps none.
func WithPixelCosts() Option {
	return func(o *options) error {
		o.pixelCosts = true
		return o.check("WithPixelCosts", forVideoEncoder|forDecoder)
	}
}

// WithoutCosts makes a Decoder skip the accounting of each decision's surprise, which only
// statistics use: a video stream's FrameStats.PlaneCost and MotionCost stay zero, and so do the
// costs in a sensor stream's SensorStats (their row, byte and block counts are kept). It makes
// decoding a few per cent faster (docs/ARCHITECTURE.md, Performance) and changes nothing
// else; WithPixelCosts overrides it for video. Encoders always account (the trailer holds the
// totals).
func WithoutCosts() Option {
	return func(o *options) error {
		o.noCosts = true
		return o.check("WithoutCosts", forDecoder)
	}
}

// WithTempDir lets EncodeSegments move a segment coded ahead of its turn into an unlinked
// temporary file in dir once it is larger than 8 MiB. Without it (the default) such segments
// wait in memory, and the library writes no file but its output.
func WithTempDir(dir string) Option {
	return func(o *options) error {
		if dir == "" {
			return errors.New("codec: WithTempDir: empty directory")
		}
		o.tempDir = dir
		return o.check("WithTempDir", forSegmentsEncoder)
	}
}

// WithFileID sets the 64-bit identifier an encoder writes into the file header (format
// version 2). Every chunk's CRC covers it, so that a chunk copied in from another file is
// detected as damage. By default an encoder draws it at random, so two encodes of the same
// input differ in these 8 bytes (and in every chunk's CRC); give the same identifier to get
// the same bytes. NewVideoEncoder, NewSensorEncoder and EncodeSegments take it.
func WithFileID(id uint64) Option {
	return func(o *options) error {
		o.fileID, o.fileIDSet = id, true
		return o.check("WithFileID", forVideoEncoder|forSensorEncoder|forSegmentsEncoder)
	}
}

// randomFileID draws a file identifier from the operating system's random source.
func randomFileID() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand.Read does not fail on supported systems
	}
	return binary.LittleEndian.Uint64(b[:])
}

// buildOptions applies opts for constructor u and returns the first error.
func buildOptions(u users, opts []Option) (options, error) {
	o := options{user: u, threads: runtime.GOMAXPROCS(0)}
	for _, f := range opts {
		if f == nil {
			continue
		}
		if err := f(&o); err != nil {
			return o, err
		}
	}
	if !o.fileIDSet && u&(forVideoEncoder|forSensorEncoder|forSegmentsEncoder) != 0 {
		o.fileID = randomFileID()
	}
	return o, nil
}
