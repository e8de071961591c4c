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
		"bounce":   "382bf8991849f0df3395449edb5a16629748916cfb06817420345e684c1741f7",
		"drag":     "33cb4fb13c729acef863f5ee5b8b8407092eac9ce922b0892e789a095eeeaa28",
		"kepler":   "95ba07eaf3f68ebccb30cd21a0f6d28a73b9dd8b8c1cf1c323300271ecd8da98",
		"lorentz":  "52c55656e7c130fd2ea07ddbe8a95cd4a1e6425c9e764754b7e0fd637622703c",
		"pendulum": "d479a34c801c0c5d3c3746a823426c81301a712821abc613f061d999c9101d8b",
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
