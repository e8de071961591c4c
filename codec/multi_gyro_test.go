package codec

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// gyroRecording films a procedural still with samples.IMUPan (frames 0..n-1, 128x96) and
// codes it with its IMU log, the log in parts of every frames frames' rows before them
// (gyro true), or in blocks after the frames without any cross-modal input (gyro false). It
// returns the video's raw content, the log, the file and the encoder.
func gyroRecording(t *testing.T, n, every int, gyro bool) (video, log, file []byte, e *MultiEncoder) {
	return gyroRecordingSize(t, 128, 96, n, every, gyro)
}

// gyroRecordingSize is gyroRecording at w x h.
func gyroRecordingSize(t *testing.T, w, h, n, every int, gyro bool) (video, log, file []byte, e *MultiEncoder) {
	t.Helper()
	still := &samples.Still{Width: 320, Height: 240}
	for c := range still.Planes {
		still.Planes[c] = make([]uint8, still.Width*still.Height)
		for i := range still.Planes[c] {
			x, y := i%still.Width, i/still.Width
			still.Planes[c][i] = uint8((x*x/9 + y*y/5 + x*y/7 + c*40 + (x^y)&15) & 255)
		}
	}
	pan, err := samples.NewIMUPan(still, w, h)
	if err != nil {
		t.Fatal(err)
	}
	frames := make([]*vision.Frame, n)
	for i := range frames {
		frames[i] = pan.Frame(i)
	}
	imu := samples.NewIMULog(pan.Seed)
	log = []byte(samples.IMUHeader)
	var ends []int // each row's end in log
	var times []int64
	for j := 0; samples.IMURowTimeNS(j) < samples.FrameTimeNS(n); j++ {
		log = imu.AppendRow(log)
		ends, times = append(ends, len(log)), append(times, samples.IMURowTimeNS(j))
	}
	p := VideoParams{Layout: frames[0].Layout, FrameRate: vision.Rational{Num: samples.IMUPanFrameRate, Den: 1}}
	p.fillDefaults()
	p.normalize()
	var out bytes.Buffer
	e, err = NewMultiEncoder(&out, []StreamSpec{{Name: "pan.raw", Video: &p},
		{Name: "imu.csv", Head: log, HeadIsAll: true, Cross: gyro, Gyro: gyro, Time: StreamTime{Column: 0, UnitNS: 1, OriginNS: samples.IMUPanEpochNS}}}, WithFileID(11))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteLog(1, log); err != nil { // the whole log ahead: parts follow the frames' times
		t.Fatal(err)
	}
	row := 0
	for k, f := range frames {
		if gyro && k%every == 0 {
			for row < len(times) && times[row] <= samples.FrameTimeNS(k+every-1) {
				row++
			}
			if row > 0 {
				if err := e.CodeLog(1, int64(ends[row-1])); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := e.WriteFrame(0, f); err != nil {
			t.Fatal(err)
		}
		video = p.AppendRawContent(video, f)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return append(p.RawPrefix(), video...), log, out.Bytes(), e
}

// The gyroscope helps the video: the log's rows, coded in parts before the frames, predict
// each frame's global motion, and the video stream is smaller than coded without them; every
// stream decodes byte for byte, together and alone.
func TestMultiGyroVideo(t *testing.T) {
	video, log, file, e := gyroRecording(t, 48, 4, true)
	info, err := ReadInfo(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !info.Meta[1].Parts || info.Meta[0].Gyro != 1 {
		t.Fatalf("meta %+v", info.Meta)
	}
	for _, sel := range [][]int{nil, {0}, {1}} {
		got, err := decodeMulti(file, sel...)
		if err != nil {
			t.Fatalf("select %v: %v", sel, err)
		}
		if (sel == nil || sel[0] == 0) && !bytes.Equal(got[0], video) {
			i := 0
			for i < min(len(got[0]), len(video)) && got[0][i] == video[i] {
				i++
			}
			t.Fatalf("select %v: the video differs (%d and %d bytes, from byte %d)", sel, len(got[0]), len(video), i)
		}
		if (sel == nil || sel[0] == 1) && !bytes.Equal(got[1], log) {
			t.Fatalf("select %v: the log differs", sel)
		}
		if sel != nil && len(got) != 1 {
			t.Fatalf("select %v: %d streams", sel, len(got))
		}
	}
	with, without, ok := e.CrossCosts(0)
	if !ok || with >= without {
		t.Fatalf("motion fields: %d with the hint, %d without (%v)", with, without, ok)
	}
	_, _, plain, _ := gyroRecording(t, 48, 4, false)
	pinfo, err := ReadInfo(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	g, n := info.Extra[0].Bytes, pinfo.Extra[0].Bytes
	t.Logf("video stream: %d bytes with the gyroscope, %d without; motion fields %d / %d bits; log %d / %d bytes",
		g, n, with/CostUnit, without/CostUnit, info.Extra[1].Bytes, pinfo.Extra[1].Bytes)
	if g >= n {
		t.Fatalf("the video stream takes %d bytes with the gyroscope, %d without", g, n)
	}
}

// The hinted motion coder's gate (tileGyro) sums the coder's cost table, which init computes
// in floating point: a hint's decoding depends on its values being the same on every machine
// (this test runs under GOARCH=arm64 and GOAMD64=v3 in CI too).
func TestCostTableFixed(t *testing.T) {
	h := sha256.New()
	for _, c := range costTable {
		h.Write([]byte{byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)})
	}
	const want = "f4535e15125af4ce8390a906c71fda2e6d3c6bbc139b7e0e873533243e7de592"
	if got := fmt.Sprintf("%x", h.Sum(nil)); got != want {
		t.Fatalf("cost table hash %s, want %s", got, want)
	}
}
