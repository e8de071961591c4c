package vision

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// FuzzY4MReader reads arbitrary bytes as y4m: the reader must end with io.EOF or a *Y4MError
// naming the right frame, never panic or allocate beyond the input; and a stream read to the
// end must be rewritten byte for byte. Run it with
//
//	GOMAXPROCS=1 nice -n 10 go test ./vision -run '^$' -fuzz '^FuzzY4MReader$' -fuzztime 10m -parallel 1
func FuzzY4MReader(f *testing.F) {
	f.Add([]byte("YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg\nFRAME\n0123456789abFRAME Ixyz\nABCDEFGHIJKL"))
	f.Add([]byte("YUV4MPEG2 W2 H2 C444p16 XCOLORRANGE=FULL\nFRAME\n0123456789abcdefghijklmn"))
	f.Add([]byte("YUV4MPEG2 W3 H1 Cmono\n"))
	f.Add([]byte("YUV4MPEG2 W1 H3 C444alpha\nFRAME\n0123456789ab"))
	f.Add([]byte("YUV4MPEG2 W5 H3 C411\nFRAME\n0123456789abcdefghijklmnopqrst"))
	if orig, err := os.ReadFile("../testdata/vtest_crop.y4m"); err == nil {
		// The real clip's header and the start of its first frame.
		f.Add(orig[:200])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewY4MReader(bytes.NewReader(data))
		if err != nil {
			var ye *Y4MError
			if !errors.As(err, &ye) || ye.Frame != -1 {
				t.Fatalf("header: %v is not a Y4MError for the header", err)
			}
			return
		}
		var out bytes.Buffer
		w := NewY4MWriter(&out, r.Header.Line)
		for n := 0; ; n++ {
			fr, err := r.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				var ye *Y4MError
				if !errors.As(err, &ye) || ye.Frame != n {
					t.Fatalf("frame %d: %v is not a Y4MError for that frame", n, err)
				}
				return
			}
			if fr.Layout != r.Header.Layout {
				t.Fatalf("frame %d has layout %+v, the header %+v", n, fr.Layout, r.Header.Layout)
			}
			if err := w.WriteFrame(fr); err != nil {
				t.Fatal(err)
			}
			if n > len(data) {
				t.Fatal("more frames than input bytes")
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("stream read to the end is not rewritten byte for byte:\n in %q\nout %q", data, out.Bytes())
		}
	})
}

// FuzzY4MFrames: wherever Y4MFrames accepts a file, the sequential reader reads exactly its
// frames, the same samples; where it refuses one, it says why (ErrY4MNotUniform or a header
// error).
func FuzzY4MFrames(f *testing.F) {
	f.Add([]byte("YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg\nFRAME\n0123456789abFRAME\nABCDEFGHIJKL"))
	f.Add([]byte("YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg\nFRAME\n0123456789abFRAME Ixyz\nABCDEFGHIJKL"))
	f.Add([]byte("YUV4MPEG2 W2 H2 C444p16\nFRAME\n0123456789abcdefghijklmn"))
	f.Add([]byte("YUV4MPEG2 W3 H1 Cmono\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		y, err := OpenY4MFrames(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			var ye *Y4MError
			if !errors.Is(err, ErrY4MNotUniform) && !errors.As(err, &ye) {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		r, err := NewY4MReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Y4MFrames accepts what the reader refuses: %v", err)
		}
		for i := 0; ; i++ {
			want, err := r.ReadFrame()
			if err == io.EOF {
				if i != y.Frames() {
					t.Fatalf("the reader finds %d frames, Y4MFrames %d", i, y.Frames())
				}
				return
			}
			if err != nil || i >= y.Frames() {
				t.Fatalf("frame %d: the reader says %v, Y4MFrames holds %d frames", i, err, y.Frames())
			}
			got, err := y.FrameAt(i)
			if err != nil {
				t.Fatal(err)
			}
			if want.Params != "" || !bytes.Equal(got.AppendRaw(nil), want.AppendRaw(nil)) {
				t.Fatalf("frame %d (parameters %q) differs from the reader's", i, want.Params)
			}
		}
	})
}
