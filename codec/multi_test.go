package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/vidlm/vidlm/vision"
)

// multiTestFrames returns n small moving gray frames.
func multiTestFrames(n int) []*vision.Frame {
	l := vision.Layout{Width: 48, Height: 32, Format: vision.FormatGray, Depth: 8}
	var out []*vision.Frame
	for k := 0; k < n; k++ {
		f := vision.NewFrame(l)
		for y := 0; y < l.Height; y++ {
			for x := 0; x < l.Width; x++ {
				f.Planes[0][y*l.Width+x] = uint16((x*5 + y*3 + k*2 + (x*y)%7) & 255)
			}
		}
		out = append(out, f)
	}
	return out
}

func multiTestLog(rows, rate int, extra string) []byte {
	b := []byte("t,gx,gy" + extra + "\n")
	for j := 0; j < rows; j++ {
		b = fmt.Appendf(b, "%.3f,%d,%d\n", float64(j)/float64(rate), (j*7)%13-6, (j*j)%11)
	}
	return b
}

// encodeMulti codes frames at 10 fps and each log's rows (times j/rate) interleaved in time
// order, a block per frame interval.
func encodeMulti(t testing.TB, frames []*vision.Frame, logs [][]byte, rates []int) []byte {
	t.Helper()
	specs := []StreamSpec{{Name: "clip.y4m", Video: &VideoParams{Layout: frames[0].Layout}}}
	for i, l := range logs {
		h := l[:min(len(l), sensorDetectBytes)]
		specs = append(specs, StreamSpec{Name: fmt.Sprintf("log%d.csv", i), Head: h, HeadIsAll: len(h) == len(l), Time: StreamTime{Column: 0, UnitNS: 1e9}})
	}
	var out bytes.Buffer
	e, err := NewMultiEncoder(&out, specs, WithFileID(7))
	if err != nil {
		t.Fatal(err)
	}
	rests := logs
	// Split each rest at line ends and feed rows up to each frame's time.
	lines := make([][][]byte, len(logs))
	for i, r := range rests {
		for len(r) > 0 {
			n := bytes.IndexByte(r, '\n') + 1
			if n == 0 {
				n = len(r)
			}
			lines[i] = append(lines[i], r[:n])
			r = r[n:]
		}
	}
	next := make([]int, len(logs))
	for k, f := range frames {
		for i := range logs {
			for next[i] < len(lines[i]) && next[i]*10 < (k+1)*rates[i] {
				if err := e.WriteLog(i+1, lines[i][next[i]]); err != nil {
					t.Fatal(err)
				}
				next[i]++
			}
			if err := e.EndBlock(i + 1); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.WriteFrame(0, f); err != nil {
			t.Fatal(err)
		}
	}
	for i := range logs {
		for ; next[i] < len(lines[i]); next[i]++ {
			if err := e.WriteLog(i+1, lines[i][next[i]]); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.SetTimeSpan(0, 0, int64(len(frames)-1)*100_000_000, uint64(len(frames)))
	e.SetCrossCosts(0, 1000, 1500)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// decodeMulti decodes the selected streams (all when none) into raw contents by stream.
func decodeMulti(data []byte, sel ...int) (map[int][]byte, error) {
	d, err := NewMultiDecoder(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if len(sel) > 0 {
		if err := d.Select(sel...); err != nil {
			return nil, err
		}
	}
	return readMulti(d)
}

// readMulti reads every unit d delivers into raw contents by stream.
func readMulti(d *MultiDecoder) (map[int][]byte, error) {
	out := map[int][]byte{}
	for {
		u, err := d.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if u.Frame != nil {
			p := d.Video(u.Stream)
			if out[u.Stream] == nil {
				out[u.Stream] = p.RawPrefix()
			}
			out[u.Stream] = p.AppendRawContent(out[u.Stream], u.Frame)
		} else {
			out[u.Stream] = append(out[u.Stream], u.Log...)
		}
	}
}

func TestMultiRoundTrip(t *testing.T) {
	frames := multiTestFrames(12)
	var rawVideo []byte
	p := &VideoParams{Layout: frames[0].Layout}
	p.fillDefaults()
	rawVideo = p.RawPrefix()
	for _, f := range frames {
		rawVideo = p.AppendRawContent(rawVideo, f)
	}
	logs := [][]byte{multiTestLog(250, 200, ""), multiTestLog(7, 5, ""), []byte("no header at all\r\nweird,,row")}
	data := encodeMulti(t, frames, logs, []int{200, 5, 10})
	got, err := decodeMulti(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[0], rawVideo) {
		t.Error("video stream differs")
	}
	for i, l := range logs {
		if !bytes.Equal(got[i+1], l) {
			t.Errorf("log %d differs: %q", i, got[i+1][:min(80, len(got[i+1]))])
		}
	}
	// One stream alone.
	one, err := decodeMulti(data, 1)
	if err != nil || len(one) != 1 || !bytes.Equal(one[1], logs[0]) {
		t.Fatalf("stream 1 alone: %v, %d streams", err, len(one))
	}
	// The chunks interleave: a block of the 200 Hz log comes before the second frame.
	d, _ := NewMultiDecoder(bytes.NewReader(data))
	var order []int
	for u, err := d.Next(); err == nil; u, err = d.Next() {
		order = append(order, u.Stream)
	}
	if fmt.Sprint(order[:8]) != "[1 2 3 1 0 1 0 1]" {
		t.Errorf("chunk order starts %v", order[:8])
	}
	// The trailer keeps each stream's own SHA-256.
	for i, l := range logs {
		if d.Index()[i+1].SHA256 != sha256.Sum256(l) {
			t.Errorf("trailer hash of log %d", i)
		}
	}
	info, err := ReadInfo(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Meta) != 4 || info.Meta[2].Name != "log1.csv" || info.StreamSensor[1] == nil || info.StreamSensor[1].Summary.Rows != 250 {
		t.Errorf("info: %+v", info.Meta)
	}
	if x := info.Extra[0]; !x.HasSpan || x.LastNS != 1_100_000_000 || x.Units != 12 || x.CostWithout != 1500 {
		t.Errorf("extras %+v", x)
	}
	// A single-stream Decoder names the API to use.
	if _, err := NewDecoder(bytes.NewReader(data)); err == nil {
		t.Error("NewDecoder read a file of several streams")
	}
}

// Damage in one stream's chunk is reported naming that stream; the others decode alone.
func TestMultiDamageIsolated(t *testing.T) {
	frames := multiTestFrames(6)
	logs := [][]byte{multiTestLog(120, 200, "")}
	data := encodeMulti(t, frames, logs, []int{200})
	// Find the third block chunk of stream 1 and flip a byte of its payload.
	off := -1
	n := 0
	for i := 0; i+chunkHeadSize < len(data); i++ {
		if string(data[i:i+2]) == chunkSync && data[i+2] == 'B' && data[i+3] == 1 {
			if n++; n == 3 {
				off = i + chunkHeadSize + 2
				break
			}
		}
	}
	if off < 0 {
		t.Fatal("no block chunk found")
	}
	bad := bytes.Clone(data)
	bad[off] ^= 0x10
	clean, err := decodeMulti(data)
	if err != nil {
		t.Fatal(err)
	}
	all, err := decodeMulti(bad)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Stream != 1 {
		t.Fatalf("damage: %v", err)
	}
	// Every frame of the video came through beside the damaged log.
	if !bytes.Equal(all[0], clean[0]) {
		t.Errorf("the video lost data to the log's damage: %d of %d bytes", len(all[0]), len(clean[0]))
	}
	got, err := decodeMulti(bad, 0)
	if err != nil {
		t.Fatalf("video alone beside a damaged log: %v", err)
	}
	if len(got[0]) == 0 {
		t.Fatal("no video")
	}
}

// A log with the video's motion as input decodes exactly, alone too (the decoder then decodes
// the video without returning it), and the encoder reports both costs.
// crossRecording codes ten moving frames and a 60 Hz log with the video's motion as the
// log's input; it returns the log, the file and the encoder (closed).
func crossRecording(t testing.TB) ([]byte, []byte, *MultiEncoder) {
	return crossRecordingOf(t, true, 1, StreamSpec{Cross: true})
}

// crossRecordingOf is crossRecording with the log's rate column reading the video's speed
// (related) or a pattern of its own, a block every `every` frames, and the log's spec's Cross
// and NoGate taken from spec.
func crossRecordingOf(t testing.TB, related bool, every int, spec StreamSpec) ([]byte, []byte, *MultiEncoder) {
	// The picture pans by a varying whole number of samples per frame; the log's "rate"
	// column reads that speed (×100, plus a small pattern), 10 rows per frame.
	frames := multiTestFrames(24)
	speeds := []int{0, 1, 2, 3, 2, 1, 0, 1, 3, 2, 0, 2, 3, 1, 0, 3, 1, 2, 2, 0, 1, 3, 3, 1}
	pos := 0
	for k, f := range frames {
		pos += speeds[k]
		l := f.Layout
		for y := 0; y < l.Height; y++ {
			for x := 0; x < l.Width; x++ {
				u := x + pos
				f.Planes[0][y*l.Width+x] = uint16((u*u/7 + y*y*3 + (u*y)%13) & 255)
			}
		}
	}
	log := []byte("t,rate,other\n")
	for j := 0; j < 240; j++ {
		k := min(j/10+1, len(speeds)-1) // the frame interval (k-1, k] that holds row j
		rate := speeds[k]*100 + (j*7)%5 - 2
		if !related {
			rate = (j*j*j/7)%300 + (j*7)%5 - 2
		}
		log = fmt.Appendf(log, "%.3f,%d,%d\n", float64(j)/60, rate, (j*j)%11)
	}
	p := VideoParams{Layout: frames[0].Layout, FrameRate: vision.Rational{Num: 6, Den: 1}}
	p.fillDefaults()
	p.Model.MotionBlock, p.Model.MotionRange, p.Model.Temporal = 8, 8, true
	var out bytes.Buffer
	e, err := NewMultiEncoder(&out, []StreamSpec{{Name: "clip.raw", Video: &p}, {Name: "log.csv", Head: log, HeadIsAll: true, Cross: spec.Cross, NoGate: spec.NoGate, Time: StreamTime{Column: 0, UnitNS: 1e9}}}, WithFileID(3))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(log, []byte("\n"))
	e.WriteLog(1, lines[0])
	next := 1
	for k, f := range frames {
		if err := e.WriteFrame(0, f); err != nil {
			t.Fatal(err)
		}
		for ; next < len(lines) && (next-1)*6 <= k*60; next++ {
			e.WriteLog(1, lines[next])
		}
		if (k+1)%every == 0 {
			e.EndBlock(1)
		}
	}
	for ; next < len(lines); next++ {
		e.WriteLog(1, lines[next])
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return log, out.Bytes(), e
}

func TestMultiCross(t *testing.T) {
	log, data, e := crossRecording(t)
	var out bytes.Buffer
	out.Write(data)
	with, without, ok := e.CrossCosts(1)
	if !ok || with == 0 || without == 0 {
		t.Fatalf("costs %d %d %v", with, without, ok)
	}
	got, err := decodeMulti(out.Bytes())
	if err != nil || !bytes.Equal(got[1], log) {
		t.Fatalf("round trip: %v", err)
	}
	one, err := decodeMulti(out.Bytes(), 1)
	if err != nil || !bytes.Equal(one[1], log) || len(one) != 1 {
		t.Fatalf("the log alone: %v (%d streams)", err, len(one))
	}
	info, err := ReadInfo(bytes.NewReader(out.Bytes()))
	if err != nil || !info.Meta[1].Cross || !info.Extra[1].HasCross || info.Extra[1].CostWithout != without {
		t.Fatalf("info: %v %+v", err, info.Extra)
	}
}

// A damaged length field: the reader lands inside the chunk, finds no marker, and searches
// for the next chunk; the video still comes through whole.
func TestMultiResync(t *testing.T) {
	frames := multiTestFrames(6)
	logs := [][]byte{multiTestLog(120, 200, "")}
	data := encodeMulti(t, frames, logs, []int{200})
	clean, err := decodeMulti(data)
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.Index(data, []byte("VCB\x01"))
	if k < 0 {
		t.Fatal("no block chunk")
	}
	for _, c := range []struct {
		name string
		at   int
		xor  byte
	}{
		{"length +4", 13, 0x04}, {"length -1", 13, 0x01}, {"length +256", 14, 0x01}, {"length past the end", 15, 0x40},
		{"marker", 0, 0x20}, {"type", 2, 0x01}, {"payload", 40, 0x80},
	} {
		bad := bytes.Clone(data)
		bad[k+c.at] ^= c.xor
		got, err := decodeMulti(bad)
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.Stream != 1 {
			t.Errorf("%s: %v", c.name, err)
		}
		if !bytes.Equal(got[0], clean[0]) {
			t.Errorf("%s: the video lost data to a damaged log chunk", c.name)
		}
	}
}

// The cross gate (stream.cross 2, multi_gate.go): each block of a log that takes the video's
// motion is coded with the input or alone, whichever is shorter, so the log is never larger
// than alone, nor than coded with the input in every block (stream.cross 1). On this small
// clip the input pays in some blocks and not in others, whether the log reads the video's
// speed (blocks of six frames) or not (blocks of a frame): the test wants both choices made.
// (On imu-pan the one block takes the input and keeps its gain, docs/FORMAT.md 13.3.)
func TestMultiCrossGate(t *testing.T) {
	logBytes := func(data []byte) int {
		info, err := ReadInfo(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return int(info.Extra[1].Bytes)
	}
	for _, c := range []struct {
		related bool
		every   int
	}{{true, 6}, {false, 1}} {
		log, gated, e := crossRecordingOf(t, c.related, c.every, StreamSpec{Cross: true})
		_, ungated, _ := crossRecordingOf(t, c.related, c.every, StreamSpec{Cross: true, NoGate: true})
		_, alone, _ := crossRecordingOf(t, c.related, c.every, StreamSpec{})
		got, err := decodeMulti(gated)
		if err != nil || !bytes.Equal(got[1], log) {
			t.Fatalf("%+v: round trip: %v", c, err)
		}
		one, err := decodeMulti(gated, 1)
		if err != nil || !bytes.Equal(one[1], log) {
			t.Fatalf("%+v: the log alone: %v", c, err)
		}
		g, u, a := logBytes(gated), logBytes(ungated), logBytes(alone)
		with, without, ok := e.CrossCosts(1)
		blocks := e.Sensor(1).gate.blocks
		t.Logf("%+v: log %d bytes gated, %d with the input in every block, %d alone; blocks alone/with %v; cost %d/%d bits", c, g, u, a, blocks, with>>16, without>>16)
		if !ok || with > without {
			t.Errorf("%+v: gated cost %d above the cost alone %d", c, with, without)
		}
		if g > a || g > u {
			t.Errorf("%+v: the gated log (%d bytes) is larger than alone (%d) or ungated (%d)", c, g, a, u)
		}
		if blocks[0] == 0 || blocks[1] == 0 {
			t.Errorf("%+v: blocks alone/with %v: the test wants both choices", c, blocks)
		}
		if info, _ := ReadInfo(bytes.NewReader(gated)); !info.Meta[1].Gate {
			t.Errorf("%+v: the header does not say the log is gated", c)
		}
	}
}
