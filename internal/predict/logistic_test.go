package predict

import "testing"

func TestSquashMonotoneAndBounded(t *testing.T) {
	prev := uint32(0)
	for d := int32(-StretchMax - 10); d <= StretchMax+10; d++ {
		p := Squash(d)
		if p < 1 || p > ProbOne-1 {
			t.Fatalf("Squash(%d) = %d outside [1, %d]", d, p, ProbOne-1)
		}
		if p < prev {
			t.Fatalf("Squash not monotone at %d: %d < %d", d, p, prev)
		}
		prev = p
	}
	if p := Squash(0); p != ProbOne/2 {
		t.Errorf("Squash(0) = %d, want %d", p, ProbOne/2)
	}
}

func TestStretchInvertsSquash(t *testing.T) {
	// Where squash is steep enough to resolve, stretch(squash(d)) must come back to d within
	// the 12-bit bucket's width.
	for d := int32(-1500); d <= 1500; d += 7 {
		back := Stretch(Squash(d))
		if diff := back - d; diff < -40 || diff > 40 {
			t.Errorf("Stretch(Squash(%d)) = %d", d, back)
		}
	}
	if s := Stretch(ProbOne / 2); s < -8 || s > 8 {
		t.Errorf("Stretch(1/2) = %d, want about 0", s)
	}
}

func TestCounterConverges(t *testing.T) {
	c := NewCounter()
	// 90 % ones: the estimate must settle near 0.9.
	for i := 0; i < 5000; i++ {
		bit := 0
		if i%10 != 0 {
			bit = 1
		}
		c.Update(bit, 255)
	}
	if p := c.P(); p < 57000 || p > 61000 {
		t.Errorf("P = %d (%.3f), want about 0.9", p, float64(p)/ProbOne)
	}
	// Fast at first: after three ones from scratch it must already lean to 1 strongly.
	d := NewCounter()
	for i := 0; i < 3; i++ {
		d.Update(1, 255)
	}
	if p := d.P(); p < 50000 {
		t.Errorf("after 3 ones P = %d, want > 50000", p)
	}
}

func TestMixerLearnsWhomToTrust(t *testing.T) {
	// Input 0 is always right, input 1 always wrong: the mixer must learn to follow input 0.
	m := NewMixer(2, 1, 1<<14, 6)
	var last uint32
	for i := 0; i < 3000; i++ {
		bit := i * 7 % 3 & 1
		good, bad := uint32(60000), uint32(5000)
		if bit == 0 {
			good, bad = 5000, 60000
		}
		m.AddP(good)
		m.AddP(bad)
		last = m.Mix(0)
		if bit == 0 {
			last = ProbOne - last
		}
		m.Update(bit)
	}
	if last < 60000 {
		t.Errorf("mixer gives the true bit p = %d, want > 60000", last)
	}
}
