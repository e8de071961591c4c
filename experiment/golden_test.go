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
		"bounce":   "20de23ca11052b776ad2c40cde85dcc61239731d1545f4c9ec96cb11fcbc38f5",
		"drag":     "5ffa5d1f0be32a35076d439cb272d3b51941434dca6100ff4755208bd7366303",
		"kepler":   "fa68c4b2b7739780fee37e95237a7e9c76c85b9687d824f8178868c939755915",
		"lorentz":  "6dd23583c0c06b84f2cb9a6e0941a72be46e8b9c44ab93ad5db952f1e3bda135",
		"pendulum": "1e4c000826e18b814a6c319e01d4b5da84cfa312e5dbc9c71cbdf9575aee0b6f",
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
