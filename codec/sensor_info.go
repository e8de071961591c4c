package codec

import (
	"encoding/binary"
	"io"
)

// SensorInfo describes a sensor stream from its header and summary chunk, without decoding.
type SensorInfo struct {
	SensorParams
	// Summary holds the rows and each column's cost; nil if the file has no summary chunk.
	Summary *SensorSummary
}

// readSensorSummary finds the summary chunk of stream s between byte offsets from and to
// (the index) of the file whose header file read by hopping over the chunk heads, and reads it.
func readSensorSummary(file *containerReader, r io.ReadSeeker, s int, from, to int64) (*SensorSummary, error) {
	head := make([]byte, chunkHeadSize)
	for off := from; off+chunkHeadSize+4 <= to; {
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(r, head); err != nil {
			return nil, corrupt(off, "truncated chunk")
		}
		if string(head[:2]) != chunkSync {
			return nil, corrupt(off, "bad chunk marker")
		}
		size := int64(binary.LittleEndian.Uint32(head[13:]))
		if size > maxChunkSize || off+chunkHeadSize+size+4 > to {
			return nil, corrupt(off, "chunk size %d runs past the index", size)
		}
		if ChunkType(head[2]) == ChunkSummary && int(head[3]) == s {
			cr := file.sibling(r, off)
			if _, err := r.Seek(off, io.SeekStart); err != nil {
				return nil, err
			}
			c, err := cr.next()
			if err != nil {
				return nil, err
			}
			sum, err := unmarshalSensorSummary(c.Payload)
			if err != nil {
				return nil, corrupt(off, "summary: %v", err)
			}
			return sum, nil
		}
		off += chunkHeadSize + size + 4
	}
	return nil, nil
}
