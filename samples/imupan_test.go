package samples

import (
	"bytes"
	"runtime"
	"testing"
)

// The gyroscope reads the derivative of the path the frames follow: integrating the true
// rates over a frame interval gives the change of the pose.
func TestIMUPanRateIsPoseDerivative(t *testing.T) {
	for i := 0; i < 2*IMUPanFrameRate*9; i++ {
		t0, t1 := FrameTimeNS(i), FrameTimeNS(i+1)
		p0, p1 := PoseAt(t0), PoseAt(t1)
		var sum [3]int64
		const steps = 64
		for k := 0; k < steps; k++ {
			p := PoseAt(t0 + (t1-t0)*(2*int64(k)+1)/(2*steps))
			sum[0] += p.RYaw
			sum[1] += p.RPitch
			sum[2] += p.RRoll
		}
		dt := t1 - t0
		for a, d := range [3]int64{p1.Yaw - p0.Yaw, p1.Pitch - p0.Pitch, p1.Roll - p0.Roll} {
			got := sum[a] / steps * dt / 1_000_000_000
			if diff := got - d; diff > 60 || diff < -60 {
				t.Fatalf("frame %d axis %d: integrated rate %d µrad, pose change %d", i, a, got, d)
			}
		}
	}
}

func TestIMUPanDeterministic(t *testing.T) {
	still := &Still{Width: 200, Height: 160}
	for c := range still.Planes {
		still.Planes[c] = make([]uint8, still.Width*still.Height)
		for i := range still.Planes[c] {
			still.Planes[c][i] = uint8(i*7 + c*31 + i/still.Width*3)
		}
	}
	p, err := NewIMUPan(still, 64, 48)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Frame(40).AppendRaw(nil)
	old := runtime.GOMAXPROCS(1)
	b := p.Frame(40).AppendRaw(nil)
	runtime.GOMAXPROCS(old)
	if !bytes.Equal(a, b) {
		t.Fatal("frame depends on GOMAXPROCS")
	}
	var l1, l2 []byte
	g1, g2 := NewIMULog(1), NewIMULog(1)
	for j := 0; j < 300; j++ {
		l1, l2 = g1.AppendRow(l1), g2.AppendRow(l2)
	}
	if !bytes.Equal(l1, l2) || !bytes.HasPrefix(l1, []byte("1700000000000000000,")) {
		t.Fatalf("log not reproducible: %.80s", l1)
	}
}
