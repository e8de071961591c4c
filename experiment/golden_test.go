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
		"bounce":   "32dda3df26ea451656765dca39c83e994e91e9ebcf8c0d561e37860fd2c937d6",
		"drag":     "1571f132f1c4da6afd12c2549d5e856a76f1bd933df9b0045ed018cc90d8f487",
		"kepler":   "93d76ff8d9d35c2bc1901b7a2fe2ff45d84f12909c96f5cb8d379e7d1c97c385",
		"lorentz":  "e796594707c88909d622e0c9aa39ecf1efebb38ed3a7287b59de0ec269aa6339",
		"pendulum": "5654f50f0a7ccdda13814ca2a20dc519a6f578b0b3f6703a6ac3cc34e117c87a",
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
