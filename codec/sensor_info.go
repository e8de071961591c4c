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
	// Blocks counts the stream's block chunks found before the summary; BytesBlocks those
	// of them that are bytes blocks (coded whole by the byte model, whose surprise is not
	// measured: Summary's columns do not count them), with their rows, the log's bytes they
	// hold, and the bytes of the file their chunks take (heads and checksums included).
	Blocks, BytesBlocks int
	BytesBlockRows      int64
	BytesBlockRaw       int64
	BytesBlockFileBytes int64
}

// readSensorSummary finds the summary chunk of stream s between byte offsets from and to
// (the index) of the file whose header file read by hopping over the chunk heads, and reads it
// into si; on the way it reads the head of each of the stream's blocks to count the bytes
// blocks.
func readSensorSummary(si *SensorInfo, file *containerReader, r io.ReadSeeker, s int, from, to int64) error {
	head := make([]byte, chunkHeadSize)
	var lead [3 * binary.MaxVarintLen64]byte // a block payload's first fields
	for off := from; off+chunkHeadSize+4 <= to; {
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.ReadFull(r, head); err != nil {
			return corrupt(off, "truncated chunk")
		}
		if string(head[:2]) != chunkSync {
			return corrupt(off, "bad chunk marker")
		}
		size := int64(binary.LittleEndian.Uint32(head[13:]))
		if size > maxChunkSize || off+chunkHeadSize+size+4 > to {
			return corrupt(off, "chunk size %d runs past the index", size)
		}
		if ChunkType(head[2]) == ChunkBlock && int(head[3]) == s {
			si.Blocks++
			n := min(int(size), len(lead))
			if _, err := io.ReadFull(r, lead[:n]); err != nil {
				return corrupt(off, "truncated chunk")
			}
			if rows, raw, _, _, ok, err := parseBytesHead(lead[:n]); ok && err == nil {
				si.BytesBlocks++
				si.BytesBlockRows += int64(rows)
				si.BytesBlockRaw += int64(raw)
				si.BytesBlockFileBytes += chunkHeadSize + size + 4
			}
		}
		if ChunkType(head[2]) == ChunkSummary && int(head[3]) == s {
			cr := file.sibling(r, off)
			if _, err := r.Seek(off, io.SeekStart); err != nil {
				return err
			}
			c, err := cr.next()
			if err != nil {
				return err
			}
			sum, err := unmarshalSensorSummary(c.Payload)
			if err != nil {
				return corrupt(off, "summary: %v", err)
			}
			si.Summary = sum
			return nil
		}
		off += chunkHeadSize + size + 4
	}
	return nil
}
