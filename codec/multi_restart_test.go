package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/vidlm/vidlm/samples"
	"github.com/vidlm/vidlm/vision"
)

// restartRecording films samples.IMUPan (n frames of 48x32 in segments of seg frames) and
// codes it with its IMU log restarting at every segment start (StreamSpec.Restart): with gyro,
// the log in one part per segment before the segment's frames (the video takes its
// gyroscope); without, in a block per segment after the frames, the video's motion its input.
// It returns the video's frames (raw content each), the log's rows (header first) with their
// segments, and the file.
func restartRecording(t *testing.T, n, seg int, gyro bool) (frames [][]byte, rows [][]byte, rowSeg []int, file []byte) {
	t.Helper()
	still := &samples.Still{Width: 320, Height: 240}
	for c := range still.Planes {
		still.Planes[c] = make([]uint8, still.Width*still.Height)
		for i := range still.Planes[c] {
			x, y := i%still.Width, i/still.Width
			still.Planes[c][i] = uint8((x*x/9 + y*y/5 + x*y/7 + c*40 + (x^y)&15) & 255)
		}
	}
	pan, err := samples.NewIMUPan(still, 48, 32)
	if err != nil {
		t.Fatal(err)
	}
	imu := samples.NewIMULog(pan.Seed)
	rows = [][]byte{[]byte(samples.IMUHeader)}
	rowSeg = []int{0}
	var times []int64
	for j := 0; samples.IMURowTimeNS(j) < samples.FrameTimeNS(n); j++ {
		rows = append(rows, imu.AppendRow(nil))
		tj := samples.IMURowTimeNS(j)
		times = append(times, tj)
		// a row belongs to segment s from frame s·seg−1's time: the rows of its intervals
		s := 0
		for s+1 < (n+seg-1)/seg && tj >= samples.FrameTimeNS((s+1)*seg-1) {
			s++
		}
		rowSeg = append(rowSeg, s)
	}
	p := VideoParams{Layout: pan.Frame(0).Layout, FrameRate: vision.Rational{Num: samples.IMUPanFrameRate, Den: 1}, SegmentFrames: seg}
	p.fillDefaults()
	p.normalize()
	var out bytes.Buffer
	e, err := NewMultiEncoder(&out, []StreamSpec{{Name: "pan.raw", Video: &p},
		{Name: "imu.csv", Head: bytes.Join(rows, nil), HeadIsAll: true, Cross: true, Gyro: gyro, LongParts: true, Restart: true,
			Time: StreamTime{Column: 0, UnitNS: 1, OriginNS: samples.IMUPanEpochNS}}}, WithFileID(11))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteLog(1, rows[0]); err != nil {
		t.Fatal(err)
	}
	given, logged := 1, int64(len(rows[0]))
	cur := 0
	for k := 0; k < n; k++ {
		if k%seg == 0 && k > 0 {
			if !gyro && given < len(rows) && rowSeg[given] > cur {
				if err := e.EndBlock(1); err != nil {
					t.Fatal(err)
				}
			}
			cur = k / seg
			if err := e.RestartLog(1, cur); err != nil {
				t.Fatal(err)
			}
		}
		if gyro && k%seg == 0 {
			// the segment's rows, as one part before its first frame
			for given < len(rows) && rowSeg[given] == cur {
				logged += int64(len(rows[given]))
				if err := e.WriteLog(1, rows[given]); err != nil {
					t.Fatal(err)
				}
				given++
			}
			if err := e.CodeLog(1, logged); err != nil {
				t.Fatal(err)
			}
		}
		f := pan.Frame(k)
		if err := e.WriteFrame(0, f); err != nil {
			t.Fatal(err)
		}
		frames = append(frames, p.AppendRawContent(nil, f))
		// after the frame, the rows up to its time (of this segment only: the next restarts)
		for !gyro && given < len(rows) && times[given-1] <= samples.FrameTimeNS(k) && rowSeg[given] == cur {
			if err := e.WriteLog(1, rows[given]); err != nil {
				t.Fatal(err)
			}
			given++
		}
	}
	for ; !gyro && given < len(rows); given++ {
		if err := e.WriteLog(1, rows[given]); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return frames, rows, rowSeg, out.Bytes()
}

// decodeLost decodes every stream of a recording, as far as it can: the frames and log bytes
// decoded, each stream's error and runs lost.
func decodeLost(t *testing.T, data []byte) (frames [][]byte, log []byte, errs [2]error, lost [2][]LostRange) {
	t.Helper()
	d, err := NewMultiDecoder(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for {
		u, err := d.Next()
		if err != nil {
			if !d.Verified() {
				t.Fatalf("the file failed: %v", err)
			}
			break
		}
		if u.Frame != nil {
			frames = append(frames, d.Video(0).AppendRawContent(nil, u.Frame))
		} else {
			log = append(log, u.Log...)
		}
	}
	for i := range errs {
		errs[i], lost[i] = d.Err(i), d.Lost(i)
	}
	return frames, log, errs, lost
}

// chunkOffset returns the offset of the chunk of stream s, type typ, number seq in a file.
func chunkOffset(t *testing.T, data []byte, typ ChunkType, s, seq int) int {
	t.Helper()
	cr, err := newContainerReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for {
		ch, err := cr.next()
		if err == io.EOF {
			t.Fatalf("no chunk %c %d of stream %d", typ, seq, s)
		}
		if err != nil {
			t.Fatal(err)
		}
		if ch.Type == typ && ch.Stream == s && int(ch.Seq) == seq {
			return int(ch.Offset)
		}
	}
}

// Damage in one stream's chunk costs another stream only up to the video's next segment start
// when the log restarts there (stream.reset): a damaged gyroscope part loses its segment's
// rows and frames; a damaged frame loses the rest of its segment and, for a log that takes the
// video's motion, that segment's rows. Everything else decodes exactly.
func TestMultiRestartDamage(t *testing.T) {
	const n, seg = 48, 12
	for _, c := range []struct {
		name string
		gyro bool
		typ  ChunkType
		s    int
		seq  int
		// frames lost, log chunks lost; log segments lost (-1: the log is whole and verified)
		lostFrames, lostChunks [2]int
		logSeg                 int
	}{
		{"gyroscope part", true, ChunkBlock, 1, 1, [2]int{12, 23}, [2]int{1, 1}, 1},
		{"frame, gyroscope", true, ChunkFrame, 0, 28, [2]int{28, 35}, [2]int{-1, -1}, -1},
		{"frame, video's motion to the log", false, ChunkFrame, 0, 28, [2]int{28, 35}, [2]int{2, 2}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			frames, rows, rowSeg, data := restartRecording(t, n, seg, c.gyro)
			got, log, errs, _ := decodeLost(t, data)
			if errs[0] != nil || errs[1] != nil || !bytes.Equal(bytes.Join(got, nil), bytes.Join(frames, nil)) || !bytes.Equal(log, bytes.Join(rows, nil)) {
				t.Fatalf("round trip: %v %v, %d of %d frames", errs[0], errs[1], len(got), len(frames))
			}
			bad := bytes.Clone(data)
			off := chunkOffset(t, data, c.typ, c.s, c.seq)
			bad[off+chunkHeadSize+20] ^= 0x10
			got, log, errs, lost := decodeLost(t, bad)
			t.Logf("lost %v %v; %d frames, %d log bytes; errs %v / %v", lost[0], lost[1], len(got), len(log), errs[0], errs[1])
			var want [][]byte
			for k, f := range frames {
				if k < c.lostFrames[0] || k > c.lostFrames[1] {
					want = append(want, f)
				}
			}
			if !bytes.Equal(bytes.Join(got, nil), bytes.Join(want, nil)) {
				t.Errorf("video: %d frames decoded, want the %d outside %v, exactly", len(got), len(want), c.lostFrames)
			}
			if len(lost[0]) != 1 || lost[0][0].First != c.lostFrames[0] || lost[0][0].Last != c.lostFrames[1] || errs[0] == nil {
				t.Errorf("video lost %v (err %v), want frames %v", lost[0], errs[0], c.lostFrames)
			}
			var wantLog []byte
			for j, r := range rows {
				if rowSeg[j] != c.logSeg || j == 0 {
					wantLog = append(wantLog, r...)
				}
			}
			if !bytes.Equal(log, wantLog) {
				t.Errorf("log: %d bytes decoded, want %d (all but segment %d's rows)", len(log), len(wantLog), c.logSeg)
			}
			if c.logSeg < 0 {
				if errs[1] != nil || len(lost[1]) != 0 {
					t.Errorf("the log lost %v: %v", lost[1], errs[1])
				}
			} else if len(lost[1]) != 1 || lost[1][0].First != c.lostChunks[0] || lost[1][0].Last != c.lostChunks[1] || errs[1] == nil {
				t.Errorf("log lost %v (err %v), want chunks %v", lost[1], errs[1], c.lostChunks)
			}
			var ce *CorruptError
			if !errors.As(errs[0], &ce) {
				t.Errorf("video error %v", errs[0])
			}
			if c.logSeg < 0 {
				// the log alone: the damaged frame's chunk is skipped, not decoded, and costs nothing
				one, err := decodeMulti(bad, 1)
				if err != nil || !bytes.Equal(one[1], bytes.Join(rows, nil)) {
					t.Errorf("the log alone beside a damaged frame: %v", err)
				}
			}
		})
	}
}

// The golden recordings with restarts (testdata/golden/v2/multi_reset_gyro.vlm and
// multi_reset_cross.vlm, stream.reset): 24 frames of 48x32 in segments of 8 from
// restartRecording, the IMU log restarting at segments 1 and 2, in parts before the frames
// (the video takes its gyroscope) or in blocks after them (it takes the video's motion).
// TestGoldenMulti decodes them with the others.
func TestGoldenMultiReset(t *testing.T) {
	for _, c := range []struct {
		name string
		gyro bool
	}{{"multi_reset_gyro.vlm", true}, {"multi_reset_cross.vlm", false}} {
		frames, rows, _, data := restartRecording(t, 24, 8, c.gyro)
		cr, err := newContainerReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var restarts []uint32
		for {
			ch, err := cr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Stream == 1 && ch.Type == ChunkBlock && ch.Seq > 0 && ch.Flags&FlagSegmentStart != 0 {
				restarts = append(restarts, ch.Segment)
			}
		}
		if len(restarts) != 2 || restarts[0] != 1 || restarts[1] != 2 {
			t.Fatalf("%s: the log restarts at segments %v, want [1 2]", c.name, restarts)
		}
		side := fmt.Sprintf("%x  pan.raw\n%x  imu.csv\n", sha256.Sum256(bytes.Join(frames, nil)), sha256.Sum256(bytes.Join(rows, nil)))
		checkGoldenRecording(t, c.name, data, side)
	}
}

// A second damaged frame in a segment already lost costs nothing more: the gyroscope's log
// stays whole and verified.
func TestMultiRestartTwoFrames(t *testing.T) {
	frames, rows, _, data := restartRecording(t, 48, 12, true)
	bad := bytes.Clone(data)
	for _, k := range []int{28, 30} {
		bad[chunkOffset(t, data, ChunkFrame, 0, k)+chunkHeadSize+20] ^= 0x10
	}
	got, log, errs, lost := decodeLost(t, bad)
	if errs[1] != nil || !bytes.Equal(log, bytes.Join(rows, nil)) {
		t.Errorf("the log beside two damaged frames: %v", errs[1])
	}
	if len(lost[0]) != 1 || lost[0][0].First != 28 || lost[0][0].Last != 35 || len(got) != len(frames)-8 {
		t.Errorf("video lost %v, %d frames decoded", lost[0], len(got))
	}
}
