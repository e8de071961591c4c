package codec

// The sensor decoder's read-ahead (sdec13, issue 12). A Decoder of two threads or more
// decodes a sensor stream's next chunk (a block's rows formatted into the log's text, the
// header row, a bytes block joined, the summary and the trailer's check) on a goroutine while
// the caller takes the chunk before it from Read and writes it out: the model's work on one
// core, the copying, the writing (and the hash, laterHash) on the other. Two output buffers
// take turns, so memory stays that of two blocks' text whatever the log's length; the bytes
// and their order are those of the serial Read, and a chunk's error (a damaged or truncated
// file, an interruption) is returned, in its place, after every byte decoded before it and
// none of the chunk's own.

// aheadChunk is the chunk being decoded on a goroutine.
type aheadChunk struct {
	done chan struct{} // closed once the chunk is decoded into the sensorDecoder's out
	err  error         // its error (io.EOF after the trailer's check)
}

// readAhead is Read with the read-ahead: s.cur holds the chunk being read, s.out the one
// decoded ahead (owned by the goroutine until its done is closed).
func (d *Decoder) readAhead(p []byte) (int, error) {
	s := d.sensor
	for s.off == len(s.cur) {
		if d.err != nil {
			return 0, d.err
		}
		if s.next == nil {
			d.startAhead(nil)
		}
		j := s.next
		<-j.done
		s.next = nil
		if j.err != nil {
			d.err = j.err
			s.out = s.out[:0] // not the rows of the chunk decoded so far
			return 0, j.err
		}
		free := s.cur[:0]
		s.cur, s.off = s.out, 0
		s.out = nil
		s.aheadChunks++
		d.startAhead(free) // the next chunk, decoded while the caller takes this one
	}
	n := copy(p, s.cur[s.off:])
	s.off += n
	return n, nil
}

// startAhead starts decoding the stream's next chunk with output (or more: chunks of none are
// passed over) into buf on a goroutine.
func (d *Decoder) startAhead(buf []byte) {
	s := d.sensor
	j := &aheadChunk{done: make(chan struct{})}
	s.next = j
	go func() {
		defer close(j.done)
		s.hash.wait() // buf's bytes may be a piece being hashed (decodeRows)
		s.out = buf
		for len(s.out) == 0 {
			if err := d.nextSensorChunk(); err != nil {
				j.err = err
				return
			}
		}
	}()
}

// settle waits for the chunk being decoded ahead, if any (before the caller reads the
// decoder's state: SensorStats).
func (s *sensorDecoder) settle() {
	if s.next != nil {
		<-s.next.done
	}
}
