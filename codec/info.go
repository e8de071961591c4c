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
	Video   *VideoParams // the (first) video stream's parameters, if the file holds one
	Sensor  *SensorInfo  // the (first) sensor stream's parameters and summary, if the file holds one
	// By stream, for files of several streams (multi.go): each stream's name and times, its
	// parameters (one of StreamVideo, StreamSensor is set) and what the trailer adds (time
	// spans, cross-modal costs; zero when absent).
	Meta         []StreamMeta
	StreamVideo  []*VideoParams
	StreamSensor []*SensorInfo
	Extra        []StreamExtra
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
	for i, s := range cr.Streams {
		params, meta, _, err := splitStreamMeta(s.Params)
		if err != nil {
			return nil, corrupt(int64(len(Magic)), "stream %d parameters: %v", i, err)
		}
		info.Meta = append(info.Meta, meta)
		var v *VideoParams
		var si *SensorInfo
		if s.Kind == KindVideo {
			if v, err = unmarshalVideoParams(params); err != nil {
				return nil, corrupt(int64(len(Magic)), "video stream parameters: %v", err)
			}
			if info.Video == nil {
				info.Video = v
			}
		}
		if s.Kind == KindSensor {
			p, err := unmarshalSensorParams(params)
			if err != nil {
				return nil, corrupt(int64(len(Magic)), "sensor stream parameters: %v", err)
			}
			si = &SensorInfo{SensorParams: *p}
			if info.Sensor == nil {
				info.Sensor = si
			}
		}
		info.StreamVideo = append(info.StreamVideo, v)
		info.StreamSensor = append(info.StreamSensor, si)
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
	for i, si := range info.StreamSensor {
		if si != nil {
			if err = readSensorSummary(si, cr, r, i, cr.off, at); err != nil {
				return nil, fmt.Errorf("reading the summary: %w", err)
			}
		}
	}
	if info.Extra, err = readStreamExtras(ir.indexPayload, len(cr.Streams)); err != nil {
		return nil, corrupt(at, "index: %v", err)
	}
	return info, nil
}
