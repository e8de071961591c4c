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
// multi_*.vlm (multi_cross_ungated.vlm and multi_reset_cross_ungated.vlm are the files of
// stream.cross 1, written before the cross gate).
func TestGoldenMulti(t *testing.T) {
	log, data, _ := crossRecording(t)
	got, err := decodeMulti(data)
	if err != nil {
		t.Fatal(err)
	}
	side := fmt.Sprintf("%x  clip.raw\n%x  log.csv\n", sha256.Sum256(got[0]), sha256.Sum256(log))
	checkGoldenRecording(t, "multi_cross.vlm", data, side)
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

// checkGoldenRecording holds data, a recording just encoded, to the golden file name of this
// format version and side, the SHA-256 of its streams, to the file's sidecar (-update writes
// both).
func checkGoldenRecording(t *testing.T, name string, data []byte, side string) {
	t.Helper()
	path := filepath.Join(goldenDir(FormatVersion), name)
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
		t.Errorf("%s: encoding gives %d bytes that differ from the golden file's %d", name, len(data), len(golden))
	}
	sums, err := os.ReadFile(path + ".sha256")
	if err != nil || string(sums) != side {
		t.Errorf("%s.sha256: %v\n%s\nwant\n%s", name, err, sums, side)
	}
}
