// Package codec compresses video and sensor streams losslessly into .vlm files, and decodes
// them. For every sample a model (internal/predict) predicts a distribution, a binary
// arithmetic coder stores the true value under it, and encoder and decoder both update the
// model on that value: no weights are stored, the file is the model's accumulated surprise.
//
// Video: frames in, frames out.
//
//	enc, err := codec.NewVideoEncoder(w, codec.DefaultVideoParams(layout))
//	for _, f := range frames {
//		err = enc.WriteFrame(f) // a *vision.Frame of that layout
//	}
//	err = enc.Close() // writes the trailer; w stays open
//
//	dec, err := codec.NewDecoder(r)
//	for f, err := dec.ReadFrame(); err != io.EOF; f, err = dec.ReadFrame() {
//		if err != nil { ... } // a *CorruptError, say
//		// use f; io.EOF comes once every checksum has been verified
//	}
//
// Sensor logs (CSV, TSV: any text) are bytes in, the same bytes out: a SensorEncoder is an
// io.WriteCloser and a Decoder of a sensor stream an io.Reader.
//
//	enc, err := codec.NewSensorEncoder(w)
//	_, err = io.Copy(enc, log)
//	err = enc.Close()
//	dec, err := codec.NewDecoder(r)
//	_, err = io.Copy(out, dec)
//
// Recordings: a video and the sensor logs recorded with it in one file, each stream with its
// own SHA-256, chunks in the order they are given (time order).
//
//	enc, err := codec.NewMultiEncoder(w, []codec.StreamSpec{
//		{Name: "clip.y4m", Video: &params},
//		{Name: "imu.csv", Head: first64KiB, Cross: true, Time: times}, // Cross: the video's motion helps
//	})
//	err = enc.WriteFrame(0, frame)   // then the log's rows up to that frame's time:
//	err = enc.WriteLog(1, rows)      // the log from its first byte
//	err = enc.Close()
//	dec, err := codec.NewMultiDecoder(r) // Next returns each frame or block of rows as it comes
//
// Parameters: only the Layout of a VideoParams must be set; DefaultVideoParams and the
// Presets (PresetFast, PresetDefault, PresetMax) give the rest, and the header records every
// parameter, so a Decoder needs none. Options (WithThreads, WithPixelCosts, ...) change speed
// and what is measured, never the bytes; one given to a constructor it does not apply to is
// an error. EncodeSegments and OpenSegments code a stream's segments in parallel, NewSalvager
// recovers what a damaged file still holds, ReadInfo describes a file from its header and
// trailer.
//
// Errors: a damaged file is a *CorruptError naming the segment and frame; input a stream
// cannot hold is a *FormatError; a file from a newer vidlm wraps ErrVersion. The format is
// specified in docs/FORMAT.md.
package codec
