package codec

import "hash"

// laterHash is a sensor decoder's SHA-256 of the log (sdec11, issue 12). Write hashes at
// once; later hands a piece to a goroutine that hashes it while the decoder goes on (a
// decoder of two threads or more: the hash, 2 % of a cell log's decode, on the other core).
// One piece is hashed at a time, in the order given: later and Write wait for the piece
// before. A piece's bytes must not change until wait (or Write, later, Sum) returns.
type laterHash struct {
	h    hash.Hash
	done chan struct{} // closed when the piece being hashed is in h; nil: none
}

// laterPiece is how many decoded bytes a decoder hands to laterHash.later at a time.
const laterPiece = 256 << 10

// Write hashes p after the pieces before it.
func (l *laterHash) Write(p []byte) (int, error) {
	l.wait()
	return l.h.Write(p)
}

// later hashes p on a goroutine, after the pieces before it.
func (l *laterHash) later(p []byte) {
	l.wait()
	if len(p) == 0 {
		return
	}
	done := make(chan struct{})
	l.done = done
	go func() {
		l.h.Write(p)
		close(done)
	}()
}

// wait returns once every piece given is in the hash.
func (l *laterHash) wait() {
	if l.done != nil {
		<-l.done
		l.done = nil
	}
}

// Sum appends the hash of everything given to b.
func (l *laterHash) Sum(b []byte) []byte {
	l.wait()
	return l.h.Sum(b)
}
