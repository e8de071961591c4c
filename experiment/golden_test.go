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
		"bounce":   "6e1c765a04232821c0b8e792663937572f7a612556ac14a4cb8b90e97818216e",
		"drag":     "982306528b4a77e59d012de0d94a9e7264e020860d0929bb21ba6f056b330974",
		"kepler":   "9589064ba79de83c3792d5f08594f73013aa4eb8c450f830aa5e91215cb9a1ff",
		"lorentz":  "2d21433bf6c825b9b052f58d153affdc32f34f09a612f1ca3ce9a8223625ce5c",
		"pendulum": "b6e78cd4a4e40e952fc052840cb4dc82a1f44a2c747613115e5f2d3579f2a54d",
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
