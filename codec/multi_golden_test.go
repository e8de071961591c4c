package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The golden recording (testdata/golden/v2/multi_cross.vlm): a video of 24 48x32 gray
// frames panning at varying speeds (clip.raw) and a 240-row log whose "rate" column reads
// that speed and takes the video's motion as input (crossRecording: the stage is in use).
// Its sidecar lists, in
// sha256sum's format, the SHA-256 of each stream under its name, so that
//
//	vidlm decode multi_cross.vlm -o out/ && (cd out && sha256sum -c ../multi_cross.vlm.sha256)
//
// checks it. TestGoldenMulti re-encodes it to identical bytes and decodes every version's
// multi_*.vlm.
func TestGoldenMulti(t *testing.T) {
	log, data, _ := crossRecording(t)
	got, err := decodeMulti(data)
	if err != nil {
		t.Fatal(err)
	}
	side := fmt.Sprintf("%x  clip.raw\n%x  log.csv\n", sha256.Sum256(got[0]), sha256.Sum256(log))
	path := filepath.Join(goldenDir(FormatVersion), "multi_cross.vlm")
	if *updateGolden {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+".sha256", []byte(side), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./codec -run TestGolden -update creates it)", err)
	}
	if !bytes.Equal(golden, data) {
		t.Errorf("multi_cross.vlm: encoding gives %d bytes that differ from the golden file's %d", len(data), len(golden))
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "v*", "multi_*.vlm"))
	if len(files) == 0 {
		t.Fatal("no golden recordings")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sums, err := os.ReadFile(f + ".sha256")
		if err != nil {
			t.Fatal(err)
		}
		d, err := NewMultiDecoder(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got, err := decodeMulti(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var have []string
		for s := range d.Streams() {
			sum := sha256.Sum256(got[s])
			have = append(have, hex.EncodeToString(sum[:])+"  "+d.Meta(s).Name)
		}
		if strings.Join(have, "\n")+"\n" != string(sums) {
			t.Errorf("%s: decoded\n%s\nsidecar\n%s", f, strings.Join(have, "\n"), sums)
		}
	}
}
