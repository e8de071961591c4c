package samples

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"
)

func TestGaussTable(t *testing.T) {
	for i := range gaussTableLen {
		want := (1 - 0.5*math.Erfc(float64(i)/128/math.Sqrt2)) * GaussOne
		if d := math.Abs(float64(gaussTable[i]) - want); d > 2 {
			t.Fatalf("gaussTable[%d] = %d, Φ = %.1f", i, gaussTable[i], want)
		}
	}
	for _, x := range []float64{-3.3, -1, -0.01, 0, 0.5, 2.2, 9.99} {
		got := float64(GaussCDF(int64(x*65536))) / GaussOne
		want := 1 - 0.5*math.Erfc(x/math.Sqrt2)
		if math.Abs(got-want) > 1e-5 {
			t.Errorf("GaussCDF(%g) = %g, want %g", x, got, want)
		}
	}
}

func TestGaussianMoments(t *testing.T) {
	r := NewRNG(7)
	const n = 200000
	var s, s2 float64
	for range n {
		z := float64(r.GaussianQ16()) / 65536
		s += z
		s2 += z * z
	}
	mean, v := s/n, s2/n-(s/n)*(s/n)
	if math.Abs(mean) > 0.01 || math.Abs(v-1) > 0.01 {
		t.Fatalf("mean %g variance %g", mean, v)
	}
}

func TestSin(t *testing.T) {
	for x := -20.0; x < 20; x += 0.0137 {
		if d := math.Abs(Sin(x) - math.Sin(x)); d > 1e-13 {
			t.Fatalf("Sin(%g) off by %g", x, d)
		}
	}
}

// TestWorldGolden pins the data of every world: the same seed must give the same truth and the
// same observations on every machine (scripts/test.sh runs it under qemu-aarch64 too).
func TestWorldGolden(t *testing.T) {
	want := map[string]string{
		"bounce":   "44160ee0159b0d2c7766ac64a462be7f5388a45e1ce672e1072477b1eef31f7a",
		"drag":     "0797bae7a4c46c90a02df418aefde5d3c71a4812866286319332bf14136a960e",
		"kepler":   "2949799526bff75f1be94b403dcf8a7f498ccb6b3cfa3d1563f78b391facd4ff",
		"lorentz":  "22f934195d7da8d3ebb24d0d737bf1d33889db13550eff15ac760ba35d87f830",
		"pendulum": "1120a0b0ef990374c0705360d809a82c8489273b61c7595427b0df2633fff8a8",
	}
	for _, k := range WorldKinds() {
		w, err := Generate(WorldSpec{Kind: k, Samples: 10000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if h := w.Hash(); h != want[k] {
			t.Errorf("%s: hash %s, want %s", k, h, want[k])
		}
	}
}

func TestWorldErrors(t *testing.T) {
	for _, c := range []struct {
		spec WorldSpec
		want string
	}{
		{WorldSpec{Kind: "kepler", Samples: 10, Params: map[string]float64{"gm": -1}}, "gm must be > 0"},
		{WorldSpec{Kind: "kepler", Samples: 10, Params: map[string]float64{"noise": -1}}, "noise must be > 0"},
		{WorldSpec{Kind: "kepler", Samples: 10, Params: map[string]float64{"dt": 0}}, "dt must be > 0"},
		{WorldSpec{Kind: "kepler", Samples: 10, Params: map[string]float64{"mass": 1}}, `no parameter "mass"`},
		{WorldSpec{Kind: "bounce", Samples: 10, Params: map[string]float64{"restitution": 1.5}}, "restitution must be <= 1"},
		{WorldSpec{Kind: "comet", Samples: 10}, "unknown world"},
		{WorldSpec{Kind: "drag", Samples: 100000}, "falls below its launch height"},
		{WorldSpec{Kind: "kepler", Samples: 10, Params: map[string]float64{"adc_step": 1e-6}}, "leaves the ADC range"},
	} {
		_, err := Generate(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestWorldCSV(t *testing.T) {
	w, err := Generate(WorldSpec{Kind: "lorentz", Samples: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(w.CSV()), "\n")
	if lines[0] != "t_ms,x,y,z" || !strings.HasPrefix(lines[2], "10,") || len(lines) != 5 {
		t.Fatalf("CSV %q", lines)
	}
	d, err := Generate(WorldSpec{Kind: "drag", Samples: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if l := strings.Split(string(d.CSV()), "\n"); !strings.HasPrefix(l[2], "1.250,") {
		t.Fatalf("drag CSV %q", l)
	}
}

// TestVideoGolden pins the frames of a filmed world (the disc's position goes through the
// explicitly rounded PixelOf and Sin).
func TestVideoGolden(t *testing.T) {
	want := map[string]string{"kepler": "c0b4565f2fbbf9b929ab5b69a500b5ae51f6e938c6e4027545ea83dd2d201b2b", "pendulum": "bdd7e18bdce46a51e68df908da79f52dfe7905c94aa5deb120677b4bc15b7bae"}
	for k := range want {
		w, err := Generate(WorldSpec{Kind: k, Samples: 1000, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		v, err := RenderVideo(w, VideoSpec{Frames: 10, Every: 100, Size: 64, Radius: 4.5, Noise: 2, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, f := range v.Frames {
			for _, p := range f.Planes[0] {
				h.Write([]byte{byte(p)})
			}
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want[k] {
			t.Errorf("%s: frames hash %s, want %s", k, got, want[k])
		}
	}
}
