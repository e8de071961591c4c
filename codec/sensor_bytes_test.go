package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testlog"
)

// encodeBytesChoice encodes log under the default model with bytes blocks allowed or not.
func encodeBytesChoice(t *testing.T, log []byte, allow bool) ([]byte, *SensorEncoder) {
	return encodeBytesModel(t, log, allow, false)
}

// encodeBytesModel is encodeBytesChoice with the first byte model (v1: mark bytesBlockCols)
// instead of ByteModel2.
func encodeBytesModel(t *testing.T, log []byte, allow, v1 bool) ([]byte, *SensorEncoder) {
	t.Helper()
	return encodeSensorSet(t, log, func(enc *SensorEncoder) {
		enc.noBytes = !allow
		enc.bytesV1 = v1
	})
}

// TestSensorBytesBlock: a binary+text log takes bytes blocks, round-trips byte for byte and
// codes clearly smaller than under the cell model alone; a plain CSV takes none and its file
// is byte for byte the file of an encoder without bytes blocks.
func TestSensorBytesBlock(t *testing.T) {
	log, with, enc := sharedSensorFile(t, "two bytes blocks", twoBytesBlocksLog, 2)
	without, _ := encodeBytesChoice(t, log, false)
	if enc.bytesN != 2 {
		t.Errorf("%d bytes blocks, want 2", enc.bytesN)
	}
	if got, _ := sharedDecoded(t, "two bytes blocks", 2); !bytes.Equal(got, log) {
		t.Fatal("bytes blocks: round trip differs")
	}
	if 100*len(with) > 85*len(without) {
		t.Errorf("with bytes blocks %d bytes, without %d: expected at least 15 %% less", len(with), len(without))
	}
	t.Logf("%d bytes of log: %d with bytes blocks, %d without", len(log), len(with), len(without))

	csv := syntheticLog(20000)
	a, enc := encodeBytesChoice(t, csv, true)
	b, _ := encodeBytesChoice(t, csv, false)
	if enc.bytesN != 0 || !bytes.Equal(a, b) {
		t.Errorf("a CSV took %d bytes blocks (files equal: %v)", enc.bytesN, bytes.Equal(a, b))
	}
}

// TestSensorBytesBlockV1: bytes blocks of the first byte model (mark 1025, the files written
// before ByteModel2) still decode byte for byte, and the second model (mark 1026) codes the
// same log smaller.
func TestSensorBytesBlockV1(t *testing.T) {
	log := testlog.ReceiverLog(100 << 10)
	v1, enc1 := encodeBytesModel(t, log, true, true)
	v2, enc2 := encodeBytesModel(t, log, true, false)
	if enc1.bytesN != 1 || enc2.bytesN != 1 {
		t.Fatalf("%d and %d bytes blocks, want 1 and 1", enc1.bytesN, enc2.bytesN)
	}
	for _, c := range []struct {
		vlm  []byte
		enc  *SensorEncoder
		mark int
	}{{v1, enc1, bytesBlockCols}, {v2, enc2, bytesBlockCols2}} {
		_, _, mark, _, ok, err := parseBytesHead(c.enc.payload)
		if !ok || err != nil || mark != c.mark {
			t.Errorf("block mark %d (%v, %v), want %d", mark, ok, err, c.mark)
		}
		got, _ := decodeSensor(t, c.vlm)
		if !bytes.Equal(got, log) {
			t.Fatalf("mark %d: round trip differs", c.mark)
		}
	}
	if len(v2) >= len(v1) {
		t.Errorf("ByteModel2 %d bytes, ByteModel %d: expected smaller", len(v2), len(v1))
	}
	t.Logf("%d bytes of log: %d under ByteModel, %d under ByteModel2", len(log), len(v1), len(v2))
}

// TestSensorBytesBlockMixed: a log whose first block is CSV and second binary codes the
// second as a bytes block, and the third (CSV again) under a fresh cell model: all round-trip.
func TestSensorBytesBlockMixed(t *testing.T) {
	log, _, enc := sharedSensorFile(t, "mixed", mixedBytesLog, 2)
	if enc.bytesN == 0 || enc.bytesN == len(enc.stats) {
		t.Errorf("%d of %d blocks are bytes blocks: want some, not all", enc.bytesN, len(enc.stats))
	}
	if got, _ := sharedDecoded(t, "mixed", 2); !bytes.Equal(got, log) {
		t.Fatal("mixed blocks: round trip differs")
	}
}

// TestSensorBytesDamaged: a damaged bytes block gives an error (a CorruptError through the
// Decoder), never a panic, and never a wrong log without one.
func TestSensorBytesDamaged(t *testing.T) {
	log := testlog.ReceiverLog(12 << 10)
	vlm, enc := encodeBytesChoice(t, log, true)
	if enc.bytesN != 1 {
		t.Fatalf("%d bytes blocks, want 1", enc.bytesN)
	}
	payload := bytes.Clone(enc.payload)
	params := enc.params.marshal()
	rng := rand.New(rand.NewPCG(7, 8))
	decode := func(p []byte) ([]byte, error) {
		s, err := newSensorDecoder(params)
		if err != nil {
			t.Fatal(err)
		}
		err = s.decodeBlock(p)
		return s.out, err
	}
	if out, err := decode(payload); err != nil || !bytes.Equal(out, log[len(enc.params.Header):]) {
		t.Fatalf("the intact block does not decode: %v", err)
	}
	for i := 0; i < 40; i++ {
		var bad []byte
		if i%4 < 3 {
			bad = damage(rng, payload, i%4)
		} else { // a head claiming other sizes
			// Up to 48 KiB, 4 times the block's 12 KiB: a claim smaller than the block or
			// larger (the decoder decodes all of a claim before it finds the overrun, seconds
			// of CPU a MiB: claims up to 3 MiB took a minute and took no other path).
			bad = appendBytesHead(nil, rng.IntN(3), rng.IntN(3<<20)/64, bytesBlockCols+rng.IntN(2))
			bad = append(bad, payload[len(appendBytesHead(nil, 1, 1, bytesBlockCols2)):]...)
		}
		out, err := decode(bad)
		if err == nil && bytes.Equal(bad, payload) && !bytes.Equal(out, log[len(enc.params.Header):]) {
			t.Fatalf("damage %d: wrong log without an error", i)
		}
	}
	// Through the container, every damage is a CorruptError or decodes the log exactly.
	checkSensorDamage(t, vlm, log, 45, rng)
}

// TestSensorBytesTrialThreads: the byte model's trial on a goroutine of its own (two threads)
// writes exactly the file of the sequential trial (one thread), on a log of bytes blocks, a
// CSV and a mix.
//
// mixed: from branch s20 (the trial like for like) its third block, the receiver's log's
// end and the CSV after it, is a bytes block too (302,401 → 301,149 bytes).
func TestSensorBytesTrialThreads(t *testing.T) {
	encode := func(log []byte, threads int) ([]byte, int) {
		vlm, enc := encodeSensorWith(t, log, WithThreads(threads))
		return vlm, enc.bytesN
	}
	mixed, mixedTwo, mixedEnc := sharedSensorFile(t, "mixed", mixedBytesLog, 2)
	for _, tc := range []struct {
		name  string
		log   []byte
		bytes int // bytes blocks expected
	}{{"binary", testlog.ReceiverLog(64 << 10), 1}, {"csv", syntheticLog(30000), 0}, {"mixed", mixed, 2}} {
		one, n1 := encode(tc.log, 1)
		var two []byte
		var n2 int
		var got []byte
		if tc.name == "mixed" { // (the file TestSensorBytesBlockMixed reads)
			two, n2 = mixedTwo, mixedEnc.bytesN
			got, _ = sharedDecoded(t, "mixed", 2)
		} else {
			two, n2 = encode(tc.log, 2)
			got, _ = decodeSensor(t, two)
		}
		if n1 != tc.bytes || n2 != n1 {
			t.Errorf("%s: %d and %d bytes blocks, want %d", tc.name, n1, n2, tc.bytes)
		}
		if !bytes.Equal(one, two) {
			t.Errorf("%s: 1 thread %d bytes, 2 threads %d: not identical", tc.name, len(one), len(two))
		}
		if !bytes.Equal(got, tc.log) {
			t.Errorf("%s: round trip differs", tc.name)
		}
	}
}

// TestSensorBytesDecodeThreads: a decoder of two threads decodes a bytes block on a goroutine
// while it reads and decodes the next block; it must deliver exactly what a decoder of one
// thread does: the same log and statistics, and on damaged files the same bytes before the
// same error (block, offset, reason).
func TestSensorBytesDecodeThreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name, shared string
		makeLog      func() []byte
	}{{"bytes,bytes", "two bytes blocks", twoBytesBlocksLog}, {"cells,bytes,cells", "mixed", mixedBytesLog}} {
		log, vlm, enc := sharedSensorFile(t, tc.shared, tc.makeLog, 2)
		if enc.bytesN == 0 {
			t.Fatalf("%s: no bytes block", tc.name)
		}
		decode := func(vlm []byte, threads int) (out []byte, stats string, err error) {
			d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(threads))
			if err != nil {
				return nil, "", err
			}
			out, err = io.ReadAll(d)
			return out, fmt.Sprint(d.SensorStats()), err
		}
		out1, st1, err1 := decode(vlm, 1)
		out2, st2 := sharedDecoded(t, tc.shared, 2) // decode(vlm, 2), which fails the test on an error
		if err1 != nil || !bytes.Equal(out1, log) || !bytes.Equal(out2, log) || st1 != st2 {
			t.Fatalf("%s: 1 thread (%v) and 2 threads differ or fail", tc.name, err1)
		}
		for i := 0; i < 24; i++ {
			bad := damage(rng, vlm, i%3)
			if i%4 == 3 { // damage inside the second block's payload
				bad = bytes.Clone(vlm)
				bad[len(vlm)/2+rng.IntN(len(vlm)/4)] ^= 0x10
			}
			o1, s1, e1 := decode(bad, 1)
			o2, s2, e2 := decode(bad, 2)
			if !bytes.Equal(o1, o2) || s1 != s2 || fmt.Sprint(e1) != fmt.Sprint(e2) {
				t.Fatalf("%s damage %d: 1 thread %d bytes, %v; 2 threads %d bytes, %v", tc.name, i, len(o1), e1, len(o2), e2)
			}
			var c1, c2 *CorruptError
			if e1 != nil && (!errors.As(e1, &c1) || !errors.As(e2, &c2) || *c1 != *c2) {
				t.Fatalf("%s damage %d: errors %#v and %#v", tc.name, i, c1, c2)
			}
		}
	}
}

// TestSensorBytesDecodeMemory: WithMemory below a second byte model's bytesJobMiB makes a
// decoder of two threads decode bytes blocks one after the other (one byte model live), at
// bytesJobMiB beside each other; the log is the same either way. WithMemory is a decoder's
// option only, and not negative.
func TestSensorBytesDecodeMemory(t *testing.T) {
	log, vlm, _ := sharedSensorFile(t, "two bytes blocks", twoBytesBlocksLog, 2)
	for _, c := range []struct {
		mib   int
		async bool
	}{{0, false}, {bytesJobMiB - 1, false}, {bytesJobMiB, true}, {1024, true}} {
		d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(2), WithMemory(c.mib))
		if err != nil {
			t.Fatal(err)
		}
		if d.sensor.async != c.async {
			t.Fatalf("WithMemory(%d): bytes blocks decoded beside the next: %v, want %v", c.mib, d.sensor.async, c.async)
		}
		out, err := io.ReadAll(d)
		if err != nil || !bytes.Equal(out, log) {
			t.Fatalf("WithMemory(%d): %d bytes (%v), want the log's %d", c.mib, len(out), err, len(log))
		}
	}
	if _, err := NewDecoder(bytes.NewReader(vlm), WithMemory(-1)); err == nil {
		t.Fatal("WithMemory(-1) accepted")
	}
	if _, err := NewSensorEncoder(io.Discard, WithMemory(512)); err == nil {
		t.Fatal("NewSensorEncoder accepted WithMemory")
	}
}

// TestSensorBytesTrialGivesUp: the byte model gives a block up where it falls well behind the
// cells (checkLoses) and not where it is behind only on a start at rest, which the cells code
// for almost nothing. Both logs rest for 3,000 rows, then move: three random walks of tenths
// printed as binary doubles (0.30000000000000004), which the byte model codes smaller than
// the cells in the end (it must not be given up), or three large integers moving together,
// which the cells code smaller (it is given up before the block's end, and it was right to
// be). One thread and two write the same files, which round-trip. Under sensor model 7: model
// 8's column numbers (FORMAT.md 12.6.4) make the byte model win the second log too.
func TestSensorBytesTrialGivesUp(t *testing.T) {
	for v, want := range []bool{false, true} {
		log := givesUpLog(300<<10, want)
		var files [][]byte
		for _, threads := range []int{1, 2} {
			vlm, enc := encodeSensorModelWith(t, log, sensorModelV7, WithThreads(threads))
			lost := len(enc.bytesLost) == 1 && enc.bytesLost[0] < len(log)*3/4
			if lost != want || enc.bytesN != 1-len(enc.bytesLost) {
				t.Errorf("log %d, threads %d: %d bytes blocks, given up at %v of %d bytes: want given up %v", v, threads, enc.bytesN, enc.bytesLost, len(log), want)
			}
			if want && threads == 1 {
				// The block as a bytes block would indeed be larger than the cells' payload.
				bc := NewBitEncoder(nil)
				codeBytes(bc, predict.NewByteModel2(), bytes.Clone(log))
				if b, p := len(bc.Finish()), len(enc.payload); b < p {
					t.Errorf("the bytes block would take %d bytes, the cells %d: giving it up was wrong", b, p)
				}
			}
			files = append(files, vlm)
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("log %d: 1 thread %d bytes, 2 threads %d: not identical", v, len(files[0]), len(files[1]))
		}
		if got, _ := decodeSensor(t, files[1]); !bytes.Equal(got, log) {
			t.Errorf("log %d: round trip differs", v)
		}
	}
}

// givesUpLog is a log at rest for its first 3,000 rows (a clock, constant columns), then
// moving (TestSensorBytesTrialGivesUp): random walks of tenths printed as binary doubles, or
// (together) large integers moving together.
func givesUpLog(n int, together bool) []byte {
	rng := rand.New(rand.NewPCG(9, 10))
	var log []byte
	var k [3]int
	for i := 0; len(log) < n; i++ {
		for c := range k {
			if i >= 3000 {
				k[c] += rng.IntN(5) - 2
			}
		}
		if together {
			log = fmt.Appendf(log, "%d,%d,%d,%d\n", 1700000000123+i*250, 1e9+k[0]*997, 1e9+k[0]*997+k[1], 5e8-k[0]*997+k[2])
		} else {
			log = fmt.Appendf(log, "%d.%06d,%v,%v,%v\n", 1700000000+i/1000, i%1000*1000, float64(k[0])*0.1, float64(k[1])*0.1, float64(k[2])*0.1)
		}
	}
	return log
}

// TestSensorBytesTrialFirstGate: on a CSV whose byte model's cost on the first 2 KiB, scaled
// to the block, is over 3 times the cells' payload, model 18's trial reads no more than those
// 2 KiB (one thread: the estimates are computed only as needed); model 19's (like for like,
// branch s20) goes on where E0 like for like is below P, as here, but the pace rule
// (paceLost, branch s20c) gives the bytes up at 4 KiB (in s20, without it, the trial stopped
// within E2, 10,752 bytes read), and model 20's at 8 KiB (its bytes model keeps pace
// longer); all judge the cells' win far and write the file of an encoder without bytes blocks.
func TestSensorBytesTrialFirstGate(t *testing.T) {
	log := givesUpLog(200<<10, true)[:150<<10]
	log = log[:bytes.LastIndexByte(log, '\n')+1]
	_, enc18 := encodeSensorModelWith(t, log, sensorModelV18, WithThreads(1))
	if enc18.bytesTried != bytesFirstBytes || enc18.bytesN != 0 || !enc18.bytesLast.far {
		t.Errorf("model 18: the trial read %d bytes, %d bytes blocks, far %v: want %d, none, far", enc18.bytesTried, enc18.bytesN, enc18.bytesLast.far, bytesFirstBytes)
	}
	_, enc19 := encodeSensorModelWith(t, log, sensorModelV19, WithThreads(1))
	if enc19.bytesTried != 2*bytesFirstBytes || enc19.bytesN != 0 || !enc19.bytesLast.far {
		t.Errorf("model 19: the trial read %d bytes, %d bytes blocks, far %v: want %d, none, far", enc19.bytesTried, enc19.bytesN, enc19.bytesLast.far, 2*bytesFirstBytes)
	}
	// Model 20's bytes model (faster mixers at first) keeps pace longer: it gives up at 8 KiB.
	vlm, enc := encodeSensorWith(t, log, WithThreads(1))
	if enc.bytesTried != 4*bytesFirstBytes || enc.bytesN != 0 || !enc.bytesLast.far {
		t.Errorf("the trial read %d bytes, %d bytes blocks, far %v: want %d, none, far", enc.bytesTried, enc.bytesN, enc.bytesLast.far, 4*bytesFirstBytes)
	}
	without, _ := encodeBytesChoice(t, log, false)
	if !bytes.Equal(vlm, without) {
		t.Error("the file differs from the one without bytes blocks")
	}
}

// TestCheckLoses: the trial's bytes block is given up at a check where it is behind by more
// than an eighth of what the cells code after it, or by more than 9/8 of the cells' payload
// so far once the cells have spent half their share; not where it is ahead, nor where it is
// behind only on a start the cells code for almost nothing. The figures are those of the
// corpus's checks (docs/MODEL.md, "Sensor encoder speed").
func TestCheckLoses(t *testing.T) {
	const p = 235_000
	for _, c := range []struct {
		name                    string
		sofar, cells, row, rows int64
		want                    bool
	}{
		{"rocket_gw2's first check: 1.275 of the cells, 0.039 of P at 0.062 of the rows", 11_685, 9_165, 188, 3012, true},
		{"behind by 9/8 but the cells under half their share (a start at rest)", 2_000, 1_000, 1000, 3000, false},
		{"just under 9/8 of the cells", 10_300, 9_165, 188, 3012, false},
		{"ahead (a winning bytes block, 0.96 of the cells)", 96_000, 100_000, 1500, 3000, false},
		{"behind by more than an eighth of the rest (the rule before)", 120_000, 100_000, 1300, 3000, true},
	} {
		if got := checkLoses(c.sofar, c.cells, p, c.row, c.rows, false); got != c.want {
			t.Errorf("%s: checkLoses %v, want %v", c.name, got, c.want)
		}
	}
	// Model 12 behind at the check before too (strict): behind at all is enough once the cells
	// have spent half their share.
	const pEmg = 36_740
	for _, c := range []struct {
		name                    string
		sofar, cells, row, rows int64
		before, want            bool
	}{
		{"emg.txt's second check: 1.014 of the cells", 4_478, 4_414, 12_500, 100_003, false, true},
		{"emg.txt's last check: 1.021 of the cells, past catching up", 32_878, 32_211, 87_502, 100_003, true, true},
		{"behind but the cells under half their share (a start at rest)", 1_100, 1_000, 50_000, 100_003, false, false},
		{"ahead (0.99 of the cells)", 22_000, 22_200, 56_251, 100_003, false, false},
	} {
		if got := checkLoses(c.sofar, c.cells, pEmg, c.row, c.rows, false); got != c.before {
			t.Errorf("%s: checkLoses before model 12 %v, want %v", c.name, got, c.before)
		}
		if got := checkLoses(c.sofar, c.cells, pEmg, c.row, c.rows, true); got != c.want {
			t.Errorf("%s: checkLoses from model 12 %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCheckLoses19: from sensor model 19 on the strict rule (behind at this check and the
// one before) gives up only where the bytes' pace since the check before, carried over the
// cells' rest, also reaches P: emg.txt's second check (1.008 of the cells at the first, 1.014
// at the second: a pace of 1.02) still loses; the quake-like catalogue of
// TestSensorModel19Ulp (3,000 rows, 1.031 then 1.014 of the cells: a pace of 0.994), whose
// bytes block ends at 0.955 of the cells, goes on. The other two rules are checkLoses'.
func TestCheckLoses19(t *testing.T) {
	for _, c := range []struct {
		name                       string
		sofar, cells, p, row, rows int64
		lastSofar, lastCells       int64
		strict, want               bool
	}{
		{"emg.txt's second check", 4_478, 4_414, 36_740, 12_500, 100_003, 2_225, 2_207, true, true},
		{"the catalogue's second check", 2_619, 2_583, 19_445, 375, 3000, 1_431, 1_388, true, false},
		{"the catalogue's second check, not behind at the first", 2_619, 2_583, 19_445, 375, 3000, 1_431, 1_388, false, false},
		{"behind but the cells under half their share (a start at rest)", 1_100, 1_000, 36_740, 50_000, 100_003, 500, 450, true, false},
		{"rocket_gw2's first check (9/8 of the cells)", 11_685, 9_165, 235_000, 188, 3012, 0, 0, false, true},
		{"behind by more than an eighth of the rest", 120_000, 100_000, 235_000, 1300, 3000, 100_000, 90_000, false, true},
	} {
		if got := checkLoses19(c.sofar, c.cells, c.p, c.row, c.rows, c.strict, c.sofar-c.lastSofar, c.cells-c.lastCells); got != c.want {
			t.Errorf("%s: checkLoses19 %v, want %v", c.name, got, c.want)
		}
	}
}

// TestBytesBlockMarked: a bytes block's statistics say so (ByteModel), the encoder's and the
// decoder's alike, on one thread and two (the decoder's bytes job); a cell block's do not.
func TestBytesBlockMarked(t *testing.T) {
	for name, log := range interruptLogs() {
		vlm, enc := encodeSensorWith(t, log)
		want := name == "bytes"
		if st := enc.Stats(); len(st) != 1 || st[0].ByteModel != want {
			t.Fatalf("%s: encoder's stats %+v, want ByteModel %v", name, st, want)
		}
		for _, threads := range []int{1, 2} {
			d, err := NewDecoder(bytes.NewReader(vlm), WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, d); err != nil {
				t.Fatal(err)
			}
			if st := d.SensorStats(); len(st) != 1 || st[0].ByteModel != want {
				t.Errorf("%s, %d threads: decoder's stats %+v, want ByteModel %v", name, threads, st, want)
			}
		}
	}
}

// bytesGoldenSize is the size of the binary+text log in the golden file sensor_bytes.vlm.
const bytesGoldenSize = 48 << 10

// TestSensorBytesBlockModel6: under sensor model 6 a bytes block is coded by ByteModel2's
// model-6 variant (bit histories, FORMAT.md 12.6.2), under model 5 by ByteModel2 as before:
// both files round-trip byte for byte and model 6's is smaller.
func TestSensorBytesBlockModel6(t *testing.T) {
	// The model-6 golden file of a bytes block holds one, of model 6.
	vlm, err := os.ReadFile(filepath.Join(goldenDir(2), "sensor_bytes_model6.vlm"))
	if err != nil {
		t.Fatal(err)
	}
	_, d := decodeSensor(t, vlm)
	if st := d.SensorStats(); len(st) != 1 || !st[0].ByteModel || d.Sensor().Model != sensorModelV6 {
		t.Fatalf("sensor_bytes_model6.vlm: model %d, blocks %+v; want one bytes block of model 6", d.Sensor().Model, st)
	}

	log := testlog.ReceiverLog(300 << 10)
	files := [2][]byte{encodeOneBytesBlock(t, log, sensorModelV5), encodeOneBytesBlock(t, log, sensorModelV6)}
	if len(files[1]) >= len(files[0]) {
		t.Errorf("model 6 %d bytes, model 5 %d: expected smaller", len(files[1]), len(files[0]))
	}
	t.Logf("%d bytes of log: %d under model 5, %d under model 6", len(log), len(files[0]), len(files[1]))
}

// TestSensorBytesBlockModel7: a synthetic flight-computer log of binary packets
// (testlog.PacketLog) is one bytes block under sensor models 6 and 7; both round-trip byte
// for byte, and model 7's record view (FORMAT.md 12.6.3) codes it in at most 0.9 times model
// 6's bytes (measured when it was made: 24,470 against 28,276 bytes, 0.865).
func TestSensorBytesBlockModel7(t *testing.T) {
	log := testlog.PacketLog(64 << 10)
	files := [2][]byte{encodeOneBytesBlock(t, log, sensorModelV6), encodeOneBytesBlock(t, log, sensorModelV7)}
	t.Logf("%d bytes of log: %d under model 6, %d under model 7", len(log), len(files[0]), len(files[1]))
	if len(files[1])*10 > len(files[0])*9 {
		t.Errorf("model 7 %d bytes, model 6 %d: not 10 %% smaller", len(files[1]), len(files[0]))
	}
}

// encodeOneBytesBlock codes log under the sensor model given and checks that the file holds
// one bytes block, says that model and decodes to log byte for byte.
func encodeOneBytesBlock(t *testing.T, log []byte, model int) []byte {
	t.Helper()
	file, enc := encodeSensorModelWith(t, log, model)
	if enc.bytesN != 1 {
		t.Fatalf("model %d: %d bytes blocks, want 1", model, enc.bytesN)
	}
	got, d := decodeSensor(t, file)
	if !bytes.Equal(got, log) {
		t.Fatalf("model %d: round trip differs", model)
	}
	if d.Sensor().Model != model {
		t.Fatalf("file of model %d says model %d", model, d.Sensor().Model)
	}
	return file
}

// bytesStep is a synthetic log that a sensor model's bytes blocks must code, as one bytes
// block, in at most anchor bytes (measured when the model was made) and at most ratio/1000
// times the bytes of the model before it (999: fewer; 1002: within 0.2 %).
type bytesStep struct {
	name   string
	log    []byte
	anchor int
	ratio  int
}

// checkBytesStep codes each step's log as one bytes block under model and under model−1
// (encodeOneBytesBlock checks both round trips) and holds model's size to the step's
// anchor and ratio.
func checkBytesStep(t *testing.T, model int, steps []bytesStep) {
	t.Helper()
	for _, s := range steps {
		before := len(encodeOneBytesBlock(t, s.log, model-1))
		got := len(encodeOneBytesBlock(t, s.log, model))
		t.Logf("%s: model %d %d bytes, model %d %d", s.name, model-1, before, model, got)
		if got > s.anchor {
			t.Errorf("%s: model %d %d bytes, want at most %d (model %d: %d)", s.name, model, got, s.anchor, model-1, before)
		}
		if got*1000 > before*s.ratio {
			t.Errorf("%s: model %d %d bytes against model %d's %d: above %d/1000 of it", s.name, model, got, model-1, before, s.ratio)
		}
	}
}

// TestBytesPaceLost: the pace rule (paceLost, sensor model 19's bytes trial): the bytes are
// given up where the bytes block projected at their pace since the point before (the bytes'
// cost between e/2 and e against the cells' for the same bytes, carried over the cells'
// rest) reaches 9/8 of P at two points in a row; one point over it alone is not enough,
// nor is anything before P is known. The block: 512 rows of 64 bytes, the
// cells at 0.3125 of a byte a byte (P 10,240).
func TestBytesPaceLost(t *testing.T) {
	const rows, rowLen = 512, 64
	e := &SensorEncoder{}
	for r := range rows {
		e.offs = append(e.offs, rowLen*(r+1))
	}
	trial := func(perByte func(i int) float64) *bytesTrial {
		tr := &bytesTrial{e: e, size: rows * rowLen, n0: bytesFirstBytes, n: bytesTrialBytes, rows: rows, offs: e.offs, lfl: true}
		for r := range rows {
			tr.pre = append(tr.pre, int64(20*r))
		}
		var b float64
		for i := 0; i < bytesTrialBytes; i++ {
			b += perByte(i)
			if (i+1)%bytesStopStep == 0 {
				tr.stepC[i/bytesStopStep] = uint64(b) * 8 * CostUnit
			}
		}
		tr.final.Store(20 * rows)
		return tr
	}
	for _, c := range []struct {
		name    string
		perByte func(i int) float64
		x       int // paceLost's points up to this byte
		want    bool
	}{
		{"the bytes at 1.28 of the cells' pace: lost at 4 KiB", func(int) float64 { return 0.4 }, 4 << 10, true},
		{"the same, at 2 KiB alone: not yet", func(int) float64 { return 0.4 }, 4<<10 - bytesStopStep, false},
		{"the bytes at 0.96 of it", func(int) float64 { return 0.3 }, 32 << 10, false},
		{"over 9/8 between 2 and 4 KiB only", func(i int) float64 { return map[bool]float64{true: 0.4, false: 0.3}[i >= 2<<10 && i < 4<<10] }, 32 << 10, false},
		{"over it from 4 KiB on: lost at 16 KiB", func(i int) float64 { return map[bool]float64{true: 0.4, false: 0.3}[i >= 4<<10] }, 16 << 10, true},
		{"over it from 4 KiB on, up to 16 KiB less a step: not yet", func(i int) float64 { return map[bool]float64{true: 0.4, false: 0.3}[i >= 4<<10] }, 16<<10 - bytesStopStep, false},
	} {
		tr := trial(c.perByte)
		if got := tr.paceLost(c.x); got != c.want {
			t.Errorf("%s: paceLost(%d) %v, want %v", c.name, c.x, got, c.want)
		}
		tr.final.Store(0)
		if tr.paceLost(c.x) {
			t.Errorf("%s: lost before P is known", c.name)
		}
	}
}
