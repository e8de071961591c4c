package predict

import "testing"

// TestRecLearnX: the branch-free learning step of the record anchors (branch sbyte10) moves
// every score and alignment exactly as recLearn does, for a hit (e = 0) and for every miss
// (e = 1 to 255), over all 16-bit scores and a spread of alignments.
func TestRecLearnX(t *testing.T) {
	for e := int32(0); e < 256; e++ {
		for s := 0; s < 1<<16; s++ {
			a := uint16(s*7919 + int(e)*31)
			s1, a1 := uint16(s), a
			s2, a2 := uint16(s), a
			r1 := recLearn(&s1, &a1, e == 0)
			r2 := recLearnX(&s2, &a2, e)
			if s1 != s2 || a1 != a2 || r1 != r2 {
				t.Fatalf("e %d, score %d, alignment %d: recLearnX gives %d, %d (%d), recLearn %d, %d (%d)", e, s, a, s2, a2, r2, s1, a1, r1)
			}
		}
	}
}
