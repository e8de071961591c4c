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
		"bounce":   "24d1c4874df80d396deabec44828453a3cf7210e23b592177191decb99766fdc",
		"drag":     "e8d7c6aa7d3026d69eef275a9aab0ac0555db08d80ca170c56540ebeb02be441",
		"kepler":   "2d290e592c9bd8138b0538aef3c2998cb4d3ba732737e97390997e4303bed187",
		"lorentz":  "a93fcc04f72f7817d9e9ca7b62d27ee7852f30253280f4567c9a18aad77f4a97",
		"pendulum": "92d46fb50c5c543d8558c709588b3fa5c85551336baf14e3cf78ac0df8e8a38b",
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
