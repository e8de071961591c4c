package predict

// recordMax is the longest record length recordLength detects.
const recordMax = 1024

// recordLength finds the record length of a byte stream as it goes (both byte models' record
// contexts use it): each byte value's last position and last distance, and votes for each
// distance seen twice in a row for one value; the length chosen (0: none) moves to a distance
// only once its votes lead the current one's by 16. Both sides run it on the decoded bytes.
type recordLength struct {
	lastAt   [256]int32
	lastDist [256]int32
	votes    [recordMax]uint16
	rlen     int
}

// observe takes byte b, the stream's n-th (n counted from 1).
func (r *recordLength) observe(b byte, n int) {
	if d := int32(n) - r.lastAt[b]; r.lastAt[b] > 0 && d > 1 && d < recordMax {
		if d == r.lastDist[b] {
			r.votes[d]++
			if r.votes[d] == 1<<15 {
				for i := range r.votes {
					r.votes[i] >>= 1
				}
			}
			if int(d) != r.rlen && r.votes[d] > r.votes[r.rlen]+16 {
				r.rlen = int(d)
			}
		}
		r.lastDist[b] = d
	}
	r.lastAt[b] = int32(n)
}
