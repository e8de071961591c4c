package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/vidlm/vidlm/samples"
)

// TestExperimentGolden pins the coded bytes of every rung on every world: the law rung's
// arithmetic (float64 with every product rounded explicitly) must give the same bytes on
// every machine. scripts/test.sh runs it on arm64 under qemu and with GOAMD64=v3.
func TestExperimentGolden(t *testing.T) {
	want := map[string]string{
		"bounce":   "1d26af56579611fac4295fcaacaa8c0ba970e1f9b84217e485fe6c16e8fa7c2f",
		"drag":     "f29a473479ec5091e4bbc6f8f9e8c662f8e408430981f9e176b8909b246fdc05",
		"kepler":   "7ca7220a56eb24c15c4495511d8b264af2eb9532f992a5b4dc857296c4f3c5c8",
		"lorentz":  "ff74031bb4f78ff0d9746f4db4c7736142d08653bf2f8b73e19fa085fc43fa89",
		"pendulum": "7317db87df81fb0493f8a72e3b5083b83e194808e073634a87bbf3fa2536b2df",
	}
	for _, k := range samples.WorldKinds() {
		w, err := samples.Generate(samples.WorldSpec{Kind: k, Samples: 1500, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, rung := range []string{"order0", "hold", "linear", "quadratic", "law"} {
			r, err := runModel(rung, w, LawConfig{})
			if err != nil {
				t.Fatal(err)
			}
			h.Write(r.Data)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want[k] {
			t.Errorf("%s: coded bytes hash %s, want %s", k, got, want[k])
		}
	}
}
