package codec

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// TestOptionErrors: an option out of range, or given to a constructor it does not apply to,
// is an error, never ignored.
func TestOptionErrors(t *testing.T) {
	p := testParams(vision.Layout{Width: 16, Height: 8, Format: vision.FormatGray, Depth: 8})
	p.Source = SourceRaw
	var buf bytes.Buffer
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"negative threads", func() error { _, err := NewVideoEncoder(&buf, p, WithThreads(-1)); return err }(), "negative"},
		{"pixel costs on sensor", func() error { _, err := NewSensorEncoder(&buf, WithPixelCosts()); return err }(), "WithPixelCosts does not apply to NewSensorEncoder"},
		{"segment workers on encoder", func() error { _, err := NewVideoEncoder(&buf, p, WithSegmentWorkers(2)); return err }(), "WithSegmentWorkers does not apply to NewVideoEncoder"},
		{"temp dir on decoder", func() error { _, err := NewDecoder(&buf, WithTempDir(os.TempDir())); return err }(), "WithTempDir does not apply to NewDecoder"},
		{"empty temp dir", func() error { _, err := EncodeSegments(t.Context(), &buf, p, nil, nil, WithTempDir("")); return err }(), "empty directory"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, c.err, c.want)
		}
	}
	if _, err := NewVideoEncoder(&buf, p, WithThreads(0), WithPixelCosts(), nil); err != nil {
		t.Errorf("WithThreads(0) and WithPixelCosts on NewVideoEncoder: %v", err)
	}
}

// TestSensorThreads: NewSensorEncoder takes WithThreads (the lattice search), and the bytes
// do not depend on it.
func TestSensorThreads(t *testing.T) {
	log, err := os.ReadFile("../testdata/co2_mauna_loa.csv")
	if err != nil {
		t.Fatal(err)
	}
	var files [][]byte
	for _, n := range []int{1, 3} {
		var buf bytes.Buffer
		e, err := NewSensorEncoder(&buf, WithThreads(n), WithFileID(testFileID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Write(log); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, buf.Bytes())
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("WithThreads changes a sensor stream's bytes")
	}
}
