package codec

import (
	"encoding/binary"
	"fmt"
	"io"
)

// FileInfo is what a .vlm says about itself in its header and trailer, read without decoding.
type FileInfo struct {
	Version int
	Size    int64
	Streams []StreamHeader
	Index   []StreamIndex
	Video   *VideoParams // the video stream's parameters, if the file holds one
	Sensor  *SensorInfo  // the sensor stream's parameters and summary, if the file holds one
}

// ReadInfo reads the header and the trailer of a .vlm (seeking to its end for the index).
func ReadInfo(r io.ReadSeeker) (*FileInfo, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	cr, err := newContainerReader(r)
	if err != nil {
		return nil, err
	}
	info := &FileInfo{Version: cr.Version, Size: size, Streams: cr.Streams}
	for _, s := range cr.Streams {
		if s.Kind == KindVideo {
			if info.Video, err = unmarshalVideoParams(s.Params); err != nil {
				return nil, corrupt(int64(len(Magic)), "video stream parameters: %v", err)
			}
		}
		if s.Kind == KindSensor {
			p, err := unmarshalSensorParams(s.Params)
			if err != nil {
				return nil, corrupt(int64(len(Magic)), "sensor stream parameters: %v", err)
			}
			info.Sensor = &SensorInfo{SensorParams: *p}
		}
	}
	if size < footerSize {
		return nil, corrupt(size, "file truncated (no footer)")
	}
	foot := make([]byte, footerSize)
	if _, err := r.Seek(size-footerSize, io.SeekStart); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(r, foot); err != nil || string(foot[8:]) != footerMagic {
		return nil, corrupt(size-footerSize, "bad or missing footer (truncated file?)")
	}
	at := int64(binary.LittleEndian.Uint64(foot))
	if at < 0 || at > size-footerSize-chunkHeadSize-4 {
		return nil, corrupt(size-footerSize, "footer points outside the file")
	}
	if _, err := r.Seek(at, io.SeekStart); err != nil {
		return nil, err
	}
	ir := cr.sibling(r, at)
	if _, err := ir.next(); err != io.EOF {
		if err == nil {
			err = corrupt(at, "footer does not point at the index")
		}
		return nil, fmt.Errorf("reading the index: %w", err)
	}
	info.Index = ir.Index
	if info.Sensor != nil {
		if info.Sensor.Summary, err = readSensorSummary(cr, r, 0, cr.off, at); err != nil {
			return nil, fmt.Errorf("reading the summary: %w", err)
		}
	}
	return info, nil
}
