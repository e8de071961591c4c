package vision

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"testing"
)

// Y4MFrames finds every frame of a real y4m file where the sequential reader does, and refuses
// files whose frames it cannot find by index alone.
func TestY4MFramesRandomAccess(t *testing.T) {
	data, err := os.ReadFile("../testdata/vtest_crop.y4m")
	if err != nil {
		t.Fatal(err)
	}
	seq, err := NewY4MReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	y, err := OpenY4MFrames(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if y.Header != seq.Header {
		t.Fatalf("header %+v, the sequential reader's %+v", y.Header, seq.Header)
	}
	n := 0
	for ; ; n++ {
		want, err := seq.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := y.FrameAt(n)
		if err != nil {
			t.Fatal(err)
		}
		for p := range want.Planes {
			if !slices.Equal(got.Planes[p], want.Planes[p]) {
				t.Fatalf("frame %d plane %d differs from the sequential reader's", n, p)
			}
		}
	}
	if n == 0 || y.Frames() != n {
		t.Fatalf("Frames() = %d, the file holds %d", y.Frames(), n)
	}
	if _, err := y.FrameAt(n); err == nil {
		t.Error("FrameAt past the end gave no error")
	}

	span := len("FRAME\n") + y.Header.Layout.FrameBytes()
	first := len(y.Header.Line) + 1
	withParam := slices.Concat(data[:first+span], []byte("FRAME Ixyz\n"), data[first+span+len("FRAME\n"):len(data)-len(" Ixyz")])
	for name, bad := range map[string][]byte{
		"short last frame": data[:len(data)-1],
		"frame parameters": withParam,
	} {
		if _, err := OpenY4MFrames(bytes.NewReader(bad), int64(len(bad))); !errors.Is(err, ErrY4MNotUniform) {
			t.Errorf("%s: error %v, want ErrY4MNotUniform", name, err)
		}
	}
	if _, err := OpenY4MFrames(bytes.NewReader([]byte("YUV4MPEG2 W0 H0\n")), 16); err == nil {
		t.Error("a bad header was accepted")
	}
}
