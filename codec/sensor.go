package codec

import (
	"errors"
	"io"
)

// ErrSensorUnsupported is returned until sensor streams are implemented.
var ErrSensorUnsupported = errors.New("codec: sensor streams are not implemented yet")

// SensorEncoder compresses a sensor log (CSV/TSV text) into a .vlm: write the log's bytes into
// it, then Close. Decoding restores the bytes exactly (see Decoder.Read).
type SensorEncoder struct{}

// NewSensorEncoder writes the header of a .vlm holding one sensor stream to w.
func NewSensorEncoder(w io.Writer, opts ...Option) (*SensorEncoder, error) {
	return nil, ErrSensorUnsupported
}

// Write takes more of the log.
func (e *SensorEncoder) Write(p []byte) (int, error) { return 0, ErrSensorUnsupported }

// Close codes what is left and writes the trailer; it does not close the underlying writer.
func (e *SensorEncoder) Close() error { return ErrSensorUnsupported }

// Read reads the decoded log of a sensor stream; it returns io.EOF once the whole log has been
// delivered and the trailer's checksums verified.
func (d *Decoder) Read(p []byte) (int, error) { return 0, ErrSensorUnsupported }
