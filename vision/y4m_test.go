package vision

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func TestY4MRoundTripBytes(t *testing.T) {
	orig, err := os.ReadFile("../testdata/vtest_crop.y4m")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewY4MReader(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Header.Layout; l.Width != 160 || l.Height != 120 || l.Format != FormatYUV420 || l.Depth != 8 {
		t.Fatalf("layout %+v", l)
	}
	var out bytes.Buffer
	w := NewY4MWriter(&out, r.Header.Line)
	n := 0
	for {
		f, err := r.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteFrame(f); err != nil {
			t.Fatal(err)
		}
		n++
	}
	w.Close()
	if n != 10 || !bytes.Equal(out.Bytes(), orig) {
		t.Fatalf("%d frames; rewritten y4m differs from the original", n)
	}
}

func TestY4MColourSpaces(t *testing.T) {
	cases := []struct {
		c      string
		format PixelFormat
		depth  int
	}{
		{"", FormatYUV420, 8}, {"C420jpeg", FormatYUV420, 8}, {"C420paldv", FormatYUV420, 8},
		{"C420mpeg2", FormatYUV420, 8}, {"C422", FormatYUV422, 8}, {"C444", FormatYUV444, 8},
		{"C411", FormatYUV411, 8}, {"C444alpha", FormatYUVA444, 8}, {"Cmono", FormatGray, 8},
		{"C420p10", FormatYUV420, 10}, {"C422p12", FormatYUV422, 12}, {"C444p16", FormatYUV444, 16},
		{"C420p16", FormatYUV420, 16}, {"Cmono16", FormatGray, 16}, {"Cmono12", FormatGray, 12},
	}
	for _, c := range cases {
		line := "YUV4MPEG2 W4 H2 F30000:1001 Ip A1:1 " + c.c + " XCOLORRANGE=FULL"
		h, err := ParseY4MHeader(strings.TrimSpace(line))
		if err != nil {
			t.Errorf("%s: %v", c.c, err)
			continue
		}
		if h.Layout.Format != c.format || h.Layout.Depth != c.depth {
			t.Errorf("%s: %s %d-bit, want %s %d-bit", c.c, h.Layout.Format, h.Layout.Depth, c.format, c.depth)
		}
		if h.FrameRate != (Rational{30000, 1001}) {
			t.Errorf("%s: rate %v", c.c, h.FrameRate)
		}
	}
}

func TestY4M16BitFrameParams(t *testing.T) {
	var in bytes.Buffer
	in.WriteString("YUV4MPEG2 W2 H2 F25:1 C444p16\n")
	in.WriteString("FRAME Ixyz\n")
	for i := 0; i < 12; i++ {
		in.Write([]byte{byte(i), byte(0x80 + i)})
	}
	orig := append([]byte(nil), in.Bytes()...)
	r, err := NewY4MReader(&in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.ReadFrame()
	if err != nil {
		t.Fatal(err)
	}
	if f.Params != " Ixyz" || f.Planes[0][0] != 0x8000 || f.Planes[2][3] != 0x8B0B {
		t.Fatalf("params %q samples %x %x", f.Params, f.Planes[0][0], f.Planes[2][3])
	}
	var out bytes.Buffer
	w := NewY4MWriter(&out, r.Header.Line)
	w.WriteFrame(f)
	if !bytes.Equal(out.Bytes(), orig) {
		t.Fatal("16-bit y4m not reproduced byte for byte")
	}
}

func TestY4MErrors(t *testing.T) {
	cases := []struct {
		name, input string
		frame       int
		want        string
	}{
		{"empty", "", -1, "empty input"},
		{"not y4m", "RIFF....AVI LIST", -1, "not a y4m"},
		{"no size", "YUV4MPEG2 F25:1\n", -1, "missing width"},
		{"bad width", "YUV4MPEG2 Wx H2\n", -1, "bad W tag"},
		{"huge", "YUV4MPEG2 W100000 H100000\n", -1, "exceeds"},
		{"bad colour", "YUV4MPEG2 W2 H2 Cfoo\n", -1, "unsupported colour"},
		{"unterminated header", "YUV4MPEG2 W2 H2", -1, "not terminated"},
		{"bad frame tag", "YUV4MPEG2 W2 H2 Cmono\nFRAMX\n1234", 0, "expected a FRAME"},
		{"short frame", "YUV4MPEG2 W2 H2 Cmono\nFRAME\n1234FRAME\n12", 1, "short frame: 2 of 4"},
	}
	for _, c := range cases {
		r, err := NewY4MReader(strings.NewReader(c.input))
		for err == nil {
			_, err = r.ReadFrame()
		}
		var ye *Y4MError
		if !errors.As(err, &ye) {
			t.Errorf("%s: got %v, want a Y4MError", c.name, err)
			continue
		}
		if ye.Frame != c.frame || !strings.Contains(ye.Error(), c.want) {
			t.Errorf("%s: got %q (frame %d), want %q at frame %d", c.name, ye.Error(), ye.Frame, c.want, c.frame)
		}
	}
}

// A header claiming an enormous frame must not make the reader allocate it before the data
// arrives.
func TestY4MHugeClaimBoundedAllocation(t *testing.T) {
	in := "YUV4MPEG2 W16384 H8192 C444p16\nFRAME\nshort"
	r, err := NewY4MReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var ms0, ms1 runtimeMemStats
	readMem(&ms0)
	_, err = r.ReadFrame()
	readMem(&ms1)
	if err == nil || !strings.Contains(err.Error(), "short frame") {
		t.Fatalf("got %v", err)
	}
	if grown := ms1.TotalAlloc - ms0.TotalAlloc; grown > 16<<20 {
		t.Errorf("allocated %d bytes for a 5-byte frame", grown)
	}
}
