package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/codec"
)

// recordingInputs renders a short imu-pan clip and log into dir and adds logs of other
// shapes: a GPS log in seconds starting before the video and ending after it, a log in
// milliseconds with rows out of time order, a log without a time column.
func recordingInputs(t *testing.T, dir string) {
	t.Helper()
	if code, _, stderr := vidlmRun(t, nil, "samples", "imu-pan", "-q", "-o", dir, "--frames", "8", "--size", "96x64"); code != 0 {
		t.Fatalf("samples: %s", stderr)
	}
	var gps bytes.Buffer
	gps.WriteString("time,lat,lon,alt\r\n")
	for j := 0; j < 12; j++ {
		fmt.Fprintf(&gps, "%d.%d,48.85%04d,2.29%04d,35.%d\r\n", 1699999999+j/10, j%10, 1000+j*7, 4000-j*3, j%10)
	}
	write(t, filepath.Join(dir, "gps.csv"), gps.Bytes())
	var odd bytes.Buffer
	odd.WriteString("\"timestamp [ms]\";value;note\n")
	times := []int{0, 40, 80, 60, 120, 160, 150, 200, 260}
	for j := 0; j < 30; j++ {
		times = append(times, 300+j*33)
	}
	for j, ms := range times {
		fmt.Fprintf(&odd, "%d;%d;%s\n", 1700000000000+ms, j*j, []string{"", "ok", "\"a;b\""}[j%3])
	}
	odd.WriteString("garbage line without delimiters\n9999999999999;1;last")
	write(t, filepath.Join(dir, "odd.csv"), odd.Bytes())
	write(t, filepath.Join(dir, "plain.csv"), []byte("a,b\n1,2\n3,4\n5,6\n"))
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func sameFile(t *testing.T, a, b string) {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x, y) {
		t.Errorf("%s differs from %s", b, a)
	}
}

func TestRecordingRoundTrip(t *testing.T) {
	dir := t.TempDir()
	recordingInputs(t, dir)
	in := func(n string) string { return filepath.Join(dir, n) }
	for _, logs := range [][]string{{"imu.csv"}, {"imu.csv", "gps.csv"}, {"imu.csv", "gps.csv", "odd.csv"}} {
		name := strings.Join(logs, "+")
		t.Run(name, func(t *testing.T) {
			rec := filepath.Join(dir, name+".vlm")
			args := []string{"encode", "-q", in("imu-pan.y4m")}
			for _, l := range logs {
				args = append(args, in(l))
			}
			args = append(args, "-o", rec, "--offset", "gps.csv:-0.5")
			if len(logs) < 2 {
				args = args[:len(args)-2]
			}
			if code, _, stderr := vidlmRun(t, nil, args...); code != 0 {
				t.Fatalf("encode: exit %d: %s", code, stderr)
			}
			out := filepath.Join(dir, name+"-out")
			if code, _, stderr := vidlmRun(t, nil, "decode", rec, "-o", out+"/"); code != 0 {
				t.Fatalf("decode: exit %d: %s", code, stderr)
			}
			sameFile(t, in("imu-pan.y4m"), filepath.Join(out, "imu-pan.y4m"))
			for _, l := range logs {
				sameFile(t, in(l), filepath.Join(out, l))
			}
			// One stream alone, to stdout.
			code, stdout, stderr := vidlmRun(t, nil, "decode", rec, "--stream", logs[len(logs)-1], "-o", "-")
			if want, _ := os.ReadFile(in(logs[len(logs)-1])); code != 0 || stdout != string(want) {
				t.Errorf("--stream %s: exit %d %s", logs[len(logs)-1], code, stderr)
			}
			if code, stdout, stderr := vidlmRun(t, nil, "verify", rec); code != 0 || !strings.Contains(stdout, "OK, "+fmt.Sprint(len(logs)+1)+" streams") {
				t.Errorf("verify: exit %d: %s %s", code, stdout, stderr)
			}
			code, stdout, _ = vidlmRun(t, nil, "info", rec)
			if code != 0 || !strings.Contains(stdout, "stream 1: sensor imu.csv") || !strings.Contains(stdout, "200.00 Hz (column t_ns)") {
				t.Errorf("info:\n%s", stdout)
			}
		})
	}
	// --bframes is said to be ignored in a recording, and the file is the one without it.
	plain, withB := filepath.Join(dir, "plain.vlm"), filepath.Join(dir, "b.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", in("imu-pan.y4m"), in("imu.csv"), "-o", plain, "--file-id", "5"); code != 0 {
		t.Fatalf("encode: exit %d: %s", code, stderr)
	}
	code, _, stderr := vidlmRun(t, nil, "encode", in("imu-pan.y4m"), in("imu.csv"), "-o", withB, "--file-id", "5", "--bframes")
	if code != 0 || !strings.Contains(stderr, "--bframes is ignored") {
		t.Fatalf("--bframes: exit %d, %q", code, stderr)
	}
	sameFile(t, plain, withB)
}

func TestRecordingTimes(t *testing.T) {
	dir := t.TempDir()
	recordingInputs(t, dir)
	in := func(n string) string { return filepath.Join(dir, n) }
	// A log without a time column is refused, naming it, unless --rate.
	code, _, stderr := vidlmRun(t, nil, "encode", in("imu-pan.y4m"), in("plain.csv"), "-o", in("x.vlm"))
	if code != 1 || !strings.Contains(stderr, "plain.csv: no time column") || !strings.Contains(stderr, "--rate") {
		t.Errorf("no time column: exit %d: %s", code, stderr)
	}
	rec := in("rate.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", in("imu-pan.y4m"), in("plain.csv"), "--rate", "plain.csv:2.5", "-o", rec); code != 0 {
		t.Fatalf("--rate: exit %d: %s", code, stderr)
	}
	if code, _, stderr := vidlmRun(t, nil, "decode", rec, "--stream", "plain.csv", "-o", in("plain.out")); code != 0 {
		t.Fatalf("decode: %s", stderr)
	}
	sameFile(t, in("plain.csv"), in("plain.out"))
	f, _ := os.Open(rec)
	info, err := codec.ReadInfo(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// 3 rows at 2.5 Hz: 0, 0.4 and 0.8 s.
	if x := info.Extra[1]; x.FirstNS != 0 || x.LastNS != 800_000_000 || x.Units != 3 {
		t.Errorf("rate span %+v", x)
	}
	// --time names a column (by number), --offset shifts it.
	rec = in("time.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", in("imu-pan.y4m"), in("gps.csv"), in("imu.csv"), "--time", "gps.csv:1", "--offset", "imu.csv:0.25", "-o", rec); code != 0 {
		t.Fatalf("--time: exit %d: %s", code, stderr)
	}
	f, _ = os.Open(rec)
	info, err = codec.ReadInfo(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The GPS log's clock starts 1699999999 s, the IMU's at 1.7e9 s: the GPS is first, the
	// IMU one second later, plus its offset.
	if x := info.Extra[2]; x.FirstNS != 1_250_000_000 {
		t.Errorf("imu span %+v", x)
	}
	if info.Meta[1].Time.Column != 0 || info.Meta[2].Time.OffsetNS != 250_000_000 {
		t.Errorf("meta %+v", info.Meta)
	}
	for _, bad := range [][]string{
		{"--time", "gps.csv:nosuch"},
		{"--rate", "gps.csv:fast"},
		{"--offset", "other.csv:1"},
	} {
		args := append([]string{"encode", in("imu-pan.y4m"), in("gps.csv"), "-o", in("y.vlm")}, bad...)
		if code, _, stderr := vidlmRun(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d: %s", bad, code, stderr)
		}
	}
}

// Damage in the log's chunk costs the log alone when the video takes nothing from it: the
// video is written and verified; so too by default, where the gyroscope's hints are in the
// video stream. When the video takes the log's gyroscope as input (--gyro-frames 4), it
// fails with the log.
func TestRecordingDamage(t *testing.T) {
	dir := t.TempDir()
	recordingInputs(t, dir)
	in := func(n string) string { return filepath.Join(dir, n) }
	rec := in("r.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--no-cross", in("imu-pan.y4m"), in("imu.csv"), "-o", rec); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := vidlmRun(t, nil, "decode", rec, "-o", in("out.y4m")); code != 2 || !strings.Contains(stderr, "--stream") {
		t.Errorf("a recording to one file: exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(rec)
	k := bytes.Index(data, []byte("VCB\x01"))
	if k < 0 {
		t.Fatal("no block chunk")
	}
	data[k+30] ^= 1
	write(t, rec, data)
	out := in("out")
	code, _, stderr := vidlmRun(t, nil, "decode", rec, "-o", out+"/")
	if code != 1 || !strings.Contains(stderr, "imu.csv") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	sameFile(t, in("imu-pan.y4m"), filepath.Join(out, "imu-pan.y4m"))
	if _, err := os.Stat(filepath.Join(out, "imu.csv")); err == nil {
		t.Error("the damaged log was written")
	}

	for _, c := range []struct {
		flags []string
		video bool // the video is written
	}{{nil, true}, {[]string{"--gyro-frames", "4"}, false}} {
		gyro := in(fmt.Sprintf("g%d.vlm", len(c.flags)))
		args := append([]string{"encode", "-q", in("imu-pan.y4m"), in("imu.csv"), "-o", gyro}, c.flags...)
		if code, _, stderr := vidlmRun(t, nil, args...); code != 0 {
			t.Fatal(stderr)
		}
		data, _ = os.ReadFile(gyro)
		if k = bytes.Index(data, []byte("VCB\x01")); k < 0 {
			t.Fatal("no block chunk")
		}
		data[k+30] ^= 1
		write(t, gyro, data)
		out = in(fmt.Sprintf("gout%d", len(c.flags)))
		code, _, stderr = vidlmRun(t, nil, "decode", gyro, "-o", out+"/")
		if code != 1 || !strings.Contains(stderr, "imu.csv") {
			t.Errorf("%v: exit %d: %s", c.flags, code, stderr)
		}
		if c.video {
			sameFile(t, in("imu-pan.y4m"), filepath.Join(out, "imu-pan.y4m"))
		} else if _, err := os.Stat(filepath.Join(out, "imu-pan.y4m")); err == nil {
			t.Errorf("%v: the video was written", c.flags)
		}
		if _, err := os.Stat(filepath.Join(out, "imu.csv")); err == nil {
			t.Errorf("%v: the damaged log was written", c.flags)
		}
	}
}

func TestRecordingReport(t *testing.T) {
	dir := t.TempDir()
	recordingInputs(t, dir)
	in := func(n string) string { return filepath.Join(dir, n) }
	rec := in("r.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", in("imu-pan.y4m"), in("imu.csv"), in("gps.csv"), "-o", rec); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := vidlmRun(t, nil, "report", rec, "-o", in("rep"))
	if code != 0 || !strings.Contains(stdout, "imu.csv") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	// both directions' gains: the video's motion fields with imu.csv's gyroscope, gps.csv
	// with the video's motion (imu.csv, coded before the frames, takes none)
	for _, want := range []string{"cross-modal gain, imu-pan.y4m: ", "motion fields with the gyroscope", "cross-modal gain, gps.csv: "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "cross-modal gain, imu.csv") {
		t.Errorf("a gain for the gyroscope's log, which takes no input:\n%s", stdout)
	}
	csv, err := os.ReadFile(filepath.Join(in("rep"), "timeline.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// 8 frames, 54 IMU rows in one window, 12 GPS rows in one window; the GPS clock starts a
	// second before the IMU's, so the GPS is at the first frame.
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 1+8+1+1 || !strings.HasPrefix(lines[9], "1,imu.csv,sensor,1.000000,1.270000,54,") {
		t.Errorf("timeline:\n%s", csv)
	}
	if _, err := os.Stat(filepath.Join(in("rep"), "timeline.png")); err != nil {
		t.Error(err)
	}
}

// With segments, a recording's logs that take the video's motion restart at each segment
// start (--resync 0: at every one), and `decode --salvage` writes what damage left: a
// damaged frame costs the rest of its segment and that segment's rows, the other segments
// are written exactly. Without --salvage, neither stream is written. The gyroscope's log
// (default), whose hints are in the video stream, restarts nowhere, and its damage costs the
// video nothing.
func TestRecordingSalvageSegments(t *testing.T) {
	dir := t.TempDir()
	in := func(n string) string { return filepath.Join(dir, n) }
	if code, _, stderr := vidlmRun(t, nil, "samples", "imu-pan", "-q", "-o", dir, "--frames", "24", "--size", "64x48"); code != 0 {
		t.Fatalf("samples: %s", stderr)
	}
	// restarts far apart (none in the clip) are found at once, not segment by segment
	far := in("far.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--segment", "1", "--resync", "1000000", in("imu-pan.y4m"), in("imu.csv"), "-o", far); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := vidlmRun(t, nil, "decode", far, "-o", in("far")+"/"); code != 0 {
		t.Fatal(stderr)
	}
	sameFile(t, in("imu-pan.y4m"), filepath.Join(in("far"), "imu-pan.y4m"))
	sameFile(t, in("imu.csv"), filepath.Join(in("far"), "imu.csv"))
	hinted := in("h.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--segment", "8", "--resync", "0", in("imu-pan.y4m"), in("imu.csv"), "-o", hinted); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(hinted)
	k := bytes.Index(data, []byte("VCB\x01"))
	if k < 0 || bytes.Count(data, []byte("VCB\x01")) != 1 {
		t.Fatal("the gyroscope's log is not in one part")
	}
	data[k+40] ^= 4
	write(t, hinted, data)
	code, _, stderr := vidlmRun(t, nil, "decode", "--salvage", hinted, "-o", in("hout")+"/")
	if code != 1 || !strings.Contains(stderr, "imu.csv: lost chunks 0-0") || strings.Contains(stderr, "imu-pan.y4m: lost") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	sameFile(t, in("imu-pan.y4m"), filepath.Join(in("hout"), "imu-pan.y4m"))
	rec := in("r.vlm")
	if code, _, stderr := vidlmRun(t, nil, "encode", "-q", "--no-gyro", "--segment", "8", "--resync", "0", in("imu-pan.y4m"), in("imu.csv"), "-o", rec); code != 0 {
		t.Fatal(stderr)
	}
	data, _ = os.ReadFile(rec)
	// frame 10, in segment 1 (the log's block of segment 0's rows is already decoded)
	k = -1
	for from := 0; ; {
		j := bytes.Index(data[from:], []byte("VCF\x00"))
		if j < 0 {
			t.Fatal("no frame 10")
		}
		if binary.LittleEndian.Uint32(data[from+j+5:]) == 10 {
			k = from + j
			break
		}
		from += j + 1
	}
	data[k+40] ^= 4
	write(t, rec, data)
	code, _, stderr = vidlmRun(t, nil, "decode", rec, "-o", in("plain")+"/")
	if code != 1 {
		t.Errorf("exit %d: %s", code, stderr)
	}
	for _, n := range []string{"imu-pan.y4m", "imu.csv"} {
		if _, err := os.Stat(filepath.Join(in("plain"), n)); err == nil {
			t.Errorf("%s was written without --salvage", n)
		}
	}
	out := in("out")
	code, _, stderr = vidlmRun(t, nil, "decode", "--salvage", rec, "-o", out+"/")
	if code != 1 || !strings.Contains(stderr, "imu-pan.y4m: lost frames 10-15") || !strings.Contains(stderr, "imu.csv: lost chunks 1-1") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	orig, _ := os.ReadFile(in("imu-pan.y4m"))
	got, err := os.ReadFile(filepath.Join(out, "imu-pan.y4m"))
	if err != nil {
		t.Fatal(err)
	}
	h := bytes.IndexByte(orig, '\n') + 1
	fs := (len(orig) - h) / 24
	want := append(bytes.Clone(orig[:h+10*fs]), orig[h+16*fs:]...)
	if !bytes.Equal(got, want) {
		t.Errorf("salvaged video: %d bytes, want %d (frames 0-9 and 16-23)", len(got), len(want))
	}
	log, _ := os.ReadFile(in("imu.csv"))
	glog, err := os.ReadFile(filepath.Join(out, "imu.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// the salvaged log is the log with one run of rows taken out
	lines, glines := bytes.SplitAfter(log, []byte("\n")), bytes.SplitAfter(glog, []byte("\n"))
	i := 0
	for i < len(glines) && i < len(lines) && bytes.Equal(glines[i], lines[i]) {
		i++
	}
	cut := len(lines) - len(glines)
	if cut <= 0 || i == len(glines) || !bytes.Equal(bytes.Join(glines[i:], nil), bytes.Join(lines[i+cut:], nil)) {
		t.Errorf("salvaged log: %d of %d lines, not the log with one run taken out", len(glines), len(lines))
	}
}
