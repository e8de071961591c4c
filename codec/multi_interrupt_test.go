package codec

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/vidlm/vidlm/internal/predict"
	"github.com/vidlm/vidlm/internal/testlog"
)

// interruptRecording encodes a recording whose logs take every path a log takes: a gated log
// (the cross gate's two coders), a log with its shadow encoder (NoGate), and the gyroscope's
// log in long parts before the frames. Each log is one block of more than 256 rows (so
// that checks fall inside it), coded by CodeLog before the frames and by Close. It returns
// the file, the first error, and the file's length when check first fired.
func interruptRecording(t *testing.T, check func() bool, fired *int) ([]byte, error) {
	t.Helper()
	frames := multiTestFrames(6)
	logs := [][]byte{multiTestLog(1500, 250, ",a"), multiTestLog(1500, 250, ",b"), multiTestLog(1500, 250, "")}
	p := VideoParams{Layout: frames[0].Layout}
	specs := []StreamSpec{{Name: "clip.raw", Video: &p},
		{Name: "gated.csv", Head: logs[0], HeadIsAll: true, Cross: true, Time: StreamTime{Column: 0, UnitNS: 1e9}},
		{Name: "shadow.csv", Head: logs[1], HeadIsAll: true, Cross: true, NoGate: true, Time: StreamTime{Column: 0, UnitNS: 1e9}},
		{Name: "gyro.csv", Head: logs[2], HeadIsAll: true, Cross: true, Gyro: true, LongParts: true, HintInVideo: true, Time: StreamTime{Column: 0, UnitNS: 1e9}}}
	opts := []Option{WithFileID(5), WithThreads(1)}
	var out bytes.Buffer
	if check != nil {
		opts = append(opts, WithInterrupt(func() bool {
			stop := check()
			if stop && *fired < 0 {
				*fired = out.Len()
			}
			return stop
		}))
	}
	e, err := NewMultiEncoder(&out, specs, opts...)
	if err != nil {
		t.Fatal(err)
	}
	run := func() error {
		for i, l := range logs {
			if err := e.WriteLog(i+1, l); err != nil {
				return err
			}
		}
		if err := e.CodeLog(3, int64(len(logs[2])/2)); err != nil {
			return err
		}
		for _, f := range frames {
			if err := e.WriteFrame(0, f); err != nil {
				return err
			}
		}
		return e.Close()
	}
	err = run()
	return out.Bytes(), err
}

// TestMultiInterrupt: WithInterrupt reaches a recording's logs, encoding and decoding. A check
// that never fires changes no byte and is called inside the blocks; one that fires stops the
// encoder with ErrInterrupted (sticky), writing nothing after it fired and not calling the
// check again, and stops the decoder's Next with ErrInterrupted, counted as no stream's
// damage.
func TestMultiInterrupt(t *testing.T) {
	plain, err := interruptRecording(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var never checkAfter
	fired := -1
	with, err := interruptRecording(t, never.check, &fired)
	calls := never.calls.Load()
	if err != nil || !bytes.Equal(plain, with) {
		t.Fatalf("a check that never fires: %v, same bytes %v", err, bytes.Equal(plain, with))
	}
	if calls < 3*1500/interruptRows {
		t.Fatalf("the encoder's check was called %d times for three logs of 1,500 rows", calls)
	}
	for _, n := range []int64{1, calls / 4, calls / 2, calls - 1} {
		c := &checkAfter{}
		c.n.Store(n)
		fired := -1
		out, err := interruptRecording(t, c.check, &fired)
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("encode, check fires at call %d of %d: %v", n, calls, err)
		}
		if len(out) != fired {
			t.Errorf("encode, n %d: %d bytes written when it fired, %d after", n, fired, len(out))
		}
		if got := c.calls.Load(); got != n {
			t.Errorf("encode, n %d: the check was called %d times", n, got)
		}
	}

	want, err := decodeMulti(plain)
	if err != nil {
		t.Fatal(err)
	}
	decode := func(check func() bool) (map[int][]byte, *MultiDecoder, error) {
		d, err := NewMultiDecoder(bytes.NewReader(plain), WithThreads(1), WithInterrupt(check))
		if err != nil {
			t.Fatal(err)
		}
		got := map[int][]byte{}
		for {
			u, err := d.Next()
			if err == io.EOF {
				return got, d, nil
			}
			if err != nil {
				return got, d, err
			}
			if u.Frame == nil {
				got[u.Stream] = append(got[u.Stream], u.Log...)
			}
		}
	}
	var dnever checkAfter
	got, _, err := decode(dnever.check)
	dcalls := dnever.calls.Load()
	if err != nil {
		t.Fatal(err)
	}
	for s := 1; s <= 3; s++ {
		if !bytes.Equal(got[s], want[s]) {
			t.Fatalf("decode with a check: stream %d differs", s)
		}
	}
	if dcalls < 3*1500/interruptRows {
		t.Fatalf("the decoder's check was called %d times", dcalls)
	}
	for _, n := range []int64{1, dcalls / 3, dcalls / 2, dcalls} {
		c := &checkAfter{}
		c.n.Store(n)
		_, d, err := decode(c.check)
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("decode, check fires at call %d of %d: %v", n, dcalls, err)
		}
		if _, err := d.Next(); !errors.Is(err, ErrInterrupted) {
			t.Errorf("decode, n %d: Next after the interruption: %v", n, err)
		}
		if got := c.calls.Load(); got != n {
			t.Errorf("decode, n %d: the check was called %d times", n, got)
		}
		for s := range d.Streams() {
			if d.Err(s) != nil || len(d.Lost(s)) != 0 {
				t.Errorf("decode, n %d: stream %d counted as damaged: %v", n, s, d.Err(s))
			}
		}
		if len(d.Damaged()) != 0 {
			t.Errorf("decode, n %d: damage %v", n, d.Damaged())
		}
	}
}

// TestBytesCostInterrupt: the byte model's trial estimates (E0, E1, E2: bytesCost) check the
// interruption every 4 KiB, stop at the check that fires, and give the same cost as without a
// check when it never fires.
func TestBytesCostInterrupt(t *testing.T) {
	data := testlog.ReceiverLog(32 << 10)[:32<<10]
	m := predict.NewByteModel2()
	want := bytesCost(m, data, nil)
	var never checkAfter
	m.Reset()
	if got := bytesCost(m, data, &interrupter{stop: never.check}); got != want || never.calls.Load() != 8 {
		t.Fatalf("cost %d (want %d), %d checks (want 8)", got, want, never.calls.Load())
	}
	c := &checkAfter{}
	c.n.Store(3)
	m.Reset()
	part := bytesCost(m, data, &interrupter{stop: c.check})
	m.Reset()
	if first := bytesCost(m, data[:8<<10], nil); part != first || c.calls.Load() != 3 {
		t.Errorf("fired at the third check: cost %d (the first 8 KiB cost %d), %d checks", part, first, c.calls.Load())
	}
}
