package predict

import "testing"

// TestSkipHistStates checks the bit-history state machine: every defined state's successors
// are defined states, each successor counts the bit seen (one more, or the cap) and
// discounts the other, records the bit as the last, the states past hsUsed are never reached
// from state 0, and the table is the same when built again.
func TestSkipHistStates(t *testing.T) {
	if hsUsed < 200 || hsUsed > 256 {
		t.Fatalf("%d states", hsUsed)
	}
	reached := map[int]bool{0: true}
	queue := []int{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for bit := 0; bit < 2; bit++ {
			n := int(hsNext[s<<1|bit])
			if n >= hsUsed {
				t.Fatalf("state %d, bit %d: successor %d outside the %d states", s, bit, n, hsUsed)
			}
			if !reached[n] {
				reached[n] = true
				queue = append(queue, n)
			}
		}
	}
	// (the table defines every allowed pair of counts; the discount makes some of them,
	// such as a count of 1 beside 12 or more, unreachable)
	if len(reached) != 215 || hsUsed != 251 {
		t.Fatalf("%d of %d states reached from state 0", len(reached), hsUsed)
	}
	seen := map[[3]uint8]int{}
	for s := 0; s < hsUsed; s++ {
		n0, n1 := int(hsN0[s]), int(hsN1[s])
		if !hsAllowed(n0, n1) {
			t.Fatalf("state %d: counts %d, %d not allowed", s, n0, n1)
		}
		k := [3]uint8{hsN0[s], hsN1[s], hsLast[s]}
		if o, ok := seen[k]; ok {
			t.Fatalf("states %d and %d are the same", o, s)
		}
		seen[k] = s
		for bit := 0; bit < 2; bit++ {
			n := int(hsNext[s<<1|bit])
			c, o := int(hsN1[n]), int(hsN0[n]) // the bit's count and the other's
			was, other := n1, n0
			if bit == 0 {
				c, o, was, other = int(hsN0[n]), int(hsN1[n]), n0, n1
			}
			if c == 0 || c > was+1 || c < min(was+1, 7) {
				t.Fatalf("state %d (%d, %d) after %d: count %d from %d", s, n0, n1, bit, c, was)
			}
			if o > other || other > 2 && o > other/2+1 {
				t.Fatalf("state %d (%d, %d) after %d: the other count %d from %d", s, n0, n1, bit, o, other)
			}
			if o > 0 && int(hsLast[n]) != bit {
				t.Fatalf("state %d after %d: last bit %d", s, bit, hsLast[n])
			}
		}
		p := hsInit[s].P()
		if n1 < n0 && p >= 1<<15 || n1 > n0 && p <= 1<<15 || n1 == n0 && p != 1<<15 || p == 0 || p >= ProbOne {
			t.Fatalf("state %d (%d, %d): initial probability %d", s, n0, n1, p)
		}
	}
	// a run of 1s counts up to the cap, then a 0 halves it
	s := 0
	for range 50 {
		s = int(hsNext[s<<1|1])
	}
	if hsN1[s] != 40 || hsN0[s] != 0 {
		t.Fatalf("after 50 ones: (%d, %d)", hsN0[s], hsN1[s])
	}
	s = int(hsNext[s<<1])
	if hsN1[s] != 20 || hsN0[s] != 1 || hsLast[s] != 0 {
		t.Fatalf("then a zero: (%d, %d, last %d)", hsN0[s], hsN1[s], hsLast[s])
	}
	// built again, the same table
	n0, n1, last, next, init, used := hsN0, hsN1, hsLast, hsNext, hsInit, hsUsed
	hsN0, hsN1, hsLast, hsNext, hsInit = [256]uint8{}, [256]uint8{}, [256]uint8{}, [512]uint8{}, [256]Counter{}
	buildHistStates()
	if n0 != hsN0 || n1 != hsN1 || last != hsLast || next != hsNext || init != hsInit || used != hsUsed {
		t.Fatal("the state table differs when built again")
	}
}

// TestSkipHistValidate: skip_hist takes 0..7 and needs the template (SkipCtx).
func TestSkipHistValidate(t *testing.T) {
	c := DefaultVideoConfig()
	c.SkipHist = 7
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	c.SkipHist = 8
	if c.Validate() == nil {
		t.Fatal("skip_hist 8 accepted")
	}
	c.SkipHist, c.SkipCtx = 1, false
	if c.Validate() == nil {
		t.Fatal("skip_hist without skip_ctx accepted")
	}
}
