package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testclip"
	"github.com/vidlm/vidlm/internal/testlog"
	"github.com/vidlm/vidlm/vision"
)

// Golden files: small .vlm files under testdata/golden/vN (N = the format version that wrote
// them), each beside NAME.vlm.sha256, the SHA-256 of its decoded raw content in sha256sum's
// format (taken from the source frames, not from a decoder). TestGolden decodes every one of
// them (a vidlm must keep decoding the files of every version it claims to read), and
// re-encodes the current version's from their sources: the bytes must be identical, on every
// machine (scripts/test.sh runs it under qemu-aarch64 and with GOAMD64=v1 and v3).
//
// When the bitstream changes on purpose, regenerate the current version's files in the same
// commit:
//
//	go test ./codec -run TestGolden -update
var updateGolden = flag.Bool("update", false, "rewrite the golden files of the current format version")

// goldenCase is one golden file and how to make it from the test clips.
type goldenCase struct {
	name   string
	params func(l vision.Layout) VideoParams
	frames func(t testing.TB) []*vision.Frame
}

func goldenCases() []goldenCase {
	yuv := func(t testing.TB, n int) []*vision.Frame {
		_, f := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
		return cropFrames(f[:n], 48, 40, 48, 32)
	}
	plain := func(src string, tiles, segment int) func(vision.Layout) VideoParams {
		return func(l vision.Layout) VideoParams {
			p := testParams(l)
			p.Source, p.Tiles, p.SegmentFrames = src, tiles, segment
			// The files from before GAP was a knob are pinned without it; yuv420_gap has it.
			p.Model.GAP = false
			if src == SourceY4M {
				p.Y4MHeader, _ = vision.Y4MHeaderLine(l, p.FrameRate)
			}
			return p
		}
	}
	return []goldenCase{
		{"gray8", plain(SourceRaw, 2, 2), func(t testing.TB) []*vision.Frame {
			var out []*vision.Frame
			for _, f := range yuv(t, 4) {
				out = append(out, &vision.Frame{Layout: vision.Layout{Width: f.Width, Height: f.Height, Format: vision.FormatGray, Depth: 8}, Planes: f.Planes[:1]})
			}
			return out
		}},
		{"yuv420", plain(SourceY4M, 2, 0), func(t testing.TB) []*vision.Frame { return yuv(t, 4) }},
		// CALIC's GAP among the spatial predictors, in the two segments' first frames.
		{"yuv420_gap", func(l vision.Layout) VideoParams {
			p := plain(SourceY4M, 2, 2)(l)
			p.Model.GAP = true
			return p
		}, func(t testing.TB) []*vision.Frame { return yuv(t, 4) }},
		// The camera preset's optional motion candidates: split motion blocks, the second
		// reference and the overlapped blocks (issue 16).
		{"yuv420_camera", func(l vision.Layout) VideoParams {
			p := plain(SourceY4M, 1, 0)(l)
			p.Model.GAP, p.Model.MotionSplit, p.Model.BiPred, p.Model.OBMC = true, true, true, true
			return p
		}, func(t testing.TB) []*vision.Frame {
			_, f := testclip.Y4M(t, "../testdata/vtest_crop.y4m")
			return cropFrames(f[:6], 16, 8, 128, 96)
		}},
		// The global warp (model.global_warp) on a zooming pan: warps and warp blocks coded.
		{"yuv420_warp", func(l vision.Layout) VideoParams {
			p := plain(SourceY4M, 1, 0)(l)
			p.Model.GlobalWarp = true
			return p
		}, func(t testing.TB) []*vision.Frame { return panClip(t, 96, 64, 4) }},
		// The default preset's model with res_apm (res_excl, skip_full and the rest; its
		// residual, the APM's included, and skip flag in the assembly kernels on amd64 with
		// AVX2, in Go elsewhere).
		{"yuv420_resapm", func(l vision.Layout) VideoParams {
			p := plain(SourceY4M, 2, 0)(l)
			p.Model = DefaultVideoParams(l).Model
			p.Model.ResAPM = true
			return p
		}, func(t testing.TB) []*vision.Frame { return yuv(t, 4) }},
		// The default preset's model with skip_hist (the skip flag's bit histories, all three;
		// the skip flag in Go, the residual in the kernels on amd64 with AVX2).
		{"yuv420_skiphist", func(l vision.Layout) VideoParams {
			p := plain(SourceY4M, 2, 0)(l)
			p.Model = DefaultVideoParams(l).Model
			p.Model.SkipHist = 7
			return p
		}, func(t testing.TB) []*vision.Frame { return yuv(t, 4) }},
		{"bgr", plain(SourceOpenCV, 2, 3), func(t testing.TB) []*vision.Frame {
			return cropFrames(testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)[:4], 48, 40, 48, 32)
		}},
		// The max preset's model (secondary estimation, one tile, one segment) and the model
		// without the colour transform and with half-sample motion, so that every coded path
		// is pinned.
		{"bgr_max", func(l vision.Layout) VideoParams {
			p := plain(SourceOpenCV, 1, 0)(l)
			p.Model.SSE, p.Model.MixerRate, p.Model.MotionRange = true, 10, 64
			return p
		}, func(t testing.TB) []*vision.Frame {
			return cropFrames(testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)[:4], 40, 16, 64, 48)
		}},
		{"bgr_plain", func(l vision.Layout) VideoParams {
			p := plain(SourceOpenCV, 2, 0)(l)
			p.Model.Colour, p.Model.SubSample, p.Model.Recurrence = predict.ColourNone, 2, false
			return p
		}, func(t testing.TB) []*vision.Frame {
			return cropFrames(testclip.BGR(t, "../testdata/vtest_crop.bgr", 160, 120)[:4], 40, 16, 64, 48)
		}},
		// 10 bits: the 8-bit samples widened as a 10-bit source would hold them.
		{"yuv420p10", plain(SourceY4M, 1, 2), func(t testing.TB) []*vision.Frame {
			var out []*vision.Frame
			for _, f := range yuv(t, 3) {
				g := vision.NewFrame(vision.Layout{Width: f.Width, Height: f.Height, Format: f.Format, Depth: 10})
				for p := range f.Planes {
					for i, v := range f.Planes[p] {
						g.Planes[p][i] = v<<2 | v>>6
					}
				}
				out = append(out, g)
			}
			return out
		}},
		// 16 bits: luma widened with a varying low byte, so that every bit plane carries data.
		{"gray16", plain(SourceImages, 2, 0), func(t testing.TB) []*vision.Frame {
			var out []*vision.Frame
			for k, f := range yuv(t, 3) {
				g := vision.NewFrame(vision.Layout{Width: f.Width, Height: f.Height, Format: vision.FormatGray, Depth: 16})
				for i, v := range f.Planes[0] {
					g.Planes[0][i] = v<<8 | (v*7+uint16(i+k))&0xff
				}
				out = append(out, g)
			}
			return out
		}},
	}
}

// sensorGoldenCases are the sensor logs whose .vlm files are golden: the awkward CSV, the
// first 1500 rows of the IMU log (lattices, LMS and timestamps at work) and a noisy orbit
// (the law stage at work, from format version 2 on).
func sensorGoldenCases(t testing.TB) map[string][]byte {
	awkward, err := os.ReadFile("../testdata/sensor_awkward.csv")
	if err != nil {
		t.Fatal(err)
	}
	imu := readIMU(t)
	cut := 0
	for rows := 0; rows < 1501; rows++ {
		cut += bytes.IndexByte(imu[cut:], '\n') + 1
	}
	return map[string][]byte{"sensor_awkward": awkward, "sensor_imu": imu[:cut], "sensor_orbit": orbitLog(1500)}
}

func goldenDir(version int) string {
	return filepath.Join("..", "testdata", "golden", "v"+strconv.Itoa(version))
}

// readSidecar reads NAME.vlm.sha256.
func readSidecar(path string) ([32]byte, error) {
	var sum [32]byte
	b, err := os.ReadFile(path)
	if err != nil {
		return sum, err
	}
	fields := strings.Fields(string(b))
	if len(fields) != 2 {
		return sum, fmt.Errorf("%s: not a sha256sum line", path)
	}
	h, err := hex.DecodeString(fields[0])
	if err != nil || len(h) != 32 {
		return sum, fmt.Errorf("%s: bad hash", path)
	}
	copy(sum[:], h)
	return sum, nil
}

// checkGoldenEncoding compares what encoding gives today with the golden file at path, and
// its sidecar with sum, the SHA-256 of the raw content (named raw in the sidecar); with
// -update it writes both instead.
func checkGoldenEncoding(t *testing.T, path string, data []byte, sum [32]byte, raw string) {
	t.Helper()
	if *updateGolden {
		side := fmt.Sprintf("%s  %s\n", hex.EncodeToString(sum[:]), raw)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+".sha256", []byte(side), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./codec -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(data, golden) {
		t.Errorf("%s: encoding gives %d bytes that differ from the golden file's %d: the bitstream changed. "+
			"If that is intended, regenerate with go test ./codec -run TestGolden -update and say so in the commit",
			filepath.Base(path), len(data), len(golden))
	}
	if want, err := readSidecar(path + ".sha256"); err != nil || want != sum {
		t.Errorf("%s: the sidecar does not hold the SHA-256 of the source (%v)", filepath.Base(path), err)
	}
}

func TestGolden(t *testing.T) {
	cur := goldenDir(FormatVersion)
	if *updateGolden {
		if err := os.MkdirAll(cur, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Encoding today must give the current version's golden bytes.
	for _, c := range goldenCases() {
		frames := c.frames(t)
		p := c.params(frames[0].Layout)
		checkGoldenEncoding(t, filepath.Join(cur, c.name+".vlm"), encodeFrames(t, p, frames), rawHash(&p, frames), c.name+".raw")
	}
	for name, log := range sensorGoldenCases(t) {
		// The v1 sensor goldens hold sensor model 1; the encoder writes model 2 unless told.
		// A later format version's goldens (written with -update) take the current model.
		model := sensorModelVersion
		if FormatVersion == 1 {
			model = sensorModelV1
		}
		data, _ := encodeSensorModel(t, log, 1<<16, model)
		checkGoldenEncoding(t, filepath.Join(cur, name+".vlm"), data, sha256.Sum256(log), name+".csv")
	}
	if FormatVersion >= 2 {
		// Sensor model 5's coding order and h.mm.ss times (TestSensorModel5Order).
		log := orderLog(orderGoldenRows)
		data, _ := encodeSensorModel(t, log, 1<<16, sensorModelVersion)
		checkGoldenEncoding(t, filepath.Join(cur, "sensor_order.vlm"), data, sha256.Sum256(log), "sensor_order.csv")
		// Sensor model 6's splits: fixed widths and runs of spaces (TestSensorSplitAwkward),
		// cells only, so that the files hold the splits' cell coding (the byte model codes
		// these small logs smaller).
		// Model 14's glued widths (TestSensorGluedSplit), cells only likewise.
		for name, log := range map[string][]byte{"sensor_fixed": fixedLog(splitGoldenRows), "sensor_aligned": alignedLog(splitGoldenRows), "sensor_glued": gluedLog(splitGoldenRows, true)} {
			data, _ := encodeSensorModelBytes(t, log, 1<<16, sensorModelVersion, false)
			checkGoldenEncoding(t, filepath.Join(cur, name+".vlm"), data, sha256.Sum256(log), name+".txt")
		}
		// Sensor model 6's bytes block: ByteModel2's bit-history variant (TestSensorBytesBlockModel6).
		log = testlog.ReceiverLog(bytesGoldenSize)
		data, _ = encodeSensorModel(t, log, 1<<16, sensorModelVersion)
		checkGoldenEncoding(t, filepath.Join(cur, "sensor_bytes.vlm"), data, sha256.Sum256(log), "sensor_bytes.log")
	}

	// Every golden file of every version decodes to the content its sidecar names.
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "v*"))
	sort.Strings(dirs)
	decoded := 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.vlm"))
		for _, path := range files {
			if strings.HasPrefix(filepath.Base(path), "multi_") {
				continue // recordings: TestGoldenMulti
			}
			want, err := readSidecar(path + ".sha256")
			if err != nil {
				t.Error(err)
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d, err := NewDecoder(bytes.NewReader(data), WithThreads(2))
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if d.Kind() == KindSensor {
				log, err := io.ReadAll(d)
				if err != nil {
					t.Errorf("%s: %v", path, err)
				} else if sum := sha256.Sum256(log); sum != want {
					t.Errorf("%s: decoded log has SHA-256 %x, the sidecar %x", path, sum, want)
				}
				decoded++
				continue
			}
			got, err := decodeAll(data, WithThreads(2))
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if sum := rawHash(d.Video(), got); sum != want {
				t.Errorf("%s: decoded content has SHA-256 %x, the sidecar %x", path, sum, want)
			}
			decoded++
		}
	}
	if n := len(goldenCases()) + len(sensorGoldenCases(t)); decoded < n {
		t.Errorf("decoded %d golden files, want at least the current version's %d", decoded, n)
	}
}
