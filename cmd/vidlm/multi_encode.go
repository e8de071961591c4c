package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vidlm/vidlm/codec"
	"github.com/vidlm/vidlm/internal/iocount"
	"github.com/vidlm/vidlm/vision"
)

// A recording: one video and the sensor logs recorded with it, coded into one .vlm whose
// chunks interleave in time order (codec.MultiEncoder).

// multiFlags are encode's flags for recordings.
type multiFlags struct {
	time, offset, rate []string // FILE:VALUE each
	noCross            bool
	noGyro             bool
	gyroFrames         int
	resync             float64
}

func (m *multiFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&m.time, "time", nil, "a log's time column, FILE:COLUMN (a name or a 1-based number; repeatable)")
	f.StringArrayVar(&m.offset, "offset", nil, "a log's clock offset, FILE:SECONDS, added to its times (repeatable)")
	f.StringArrayVar(&m.rate, "rate", nil, "a log without a time column: its rows' rate, FILE:HZ (repeatable)")
	f.BoolVar(&m.noCross, "no-cross", false, "code each log without the video's motion as input, and the video without a gyroscope's (and measure neither gain)")
	f.BoolVar(&m.noGyro, "no-gyro", false, "keep the logs' input from the video's motion, but code the video without a gyroscope's (every log after the frames)")
	f.Float64Var(&m.resync, "resync", 60, "with --segment: the logs tied to the video (its motion's input, or its gyroscope) restart at the first segment start at least this many seconds after their last restart (0: at every one), so that damage costs the other stream only up to there; each restart costs the log its model's learning (FORMAT.md 13.4)")
	f.IntVar(&m.gyroFrames, "gyro-frames", 0, "a log with gyroscope columns is coded in parts of this many frames' rows, each before its first frame (1 to 32); 0: parts as long as a block (a minute, 1 MiB of log or 4,000 frames)")
}

func (m *multiFlags) used() bool { return len(m.time)+len(m.offset)+len(m.rate) > 0 }

// fileValue splits FILE:VALUE at its last colon and finds FILE among the logs.
func fileValue(flag, s string, logs []string) (int, string, error) {
	k := strings.LastIndexByte(s, ':')
	if k <= 0 {
		return 0, "", usageError{fmt.Errorf("encode: --%s %q is not FILE:VALUE", flag, s)}
	}
	for i, l := range logs {
		if l == s[:k] || filepath.Base(l) == s[:k] {
			return i, s[k+1:], nil
		}
	}
	return 0, "", usageError{fmt.Errorf("encode: --%s %q: %s is not one of the logs given", flag, s, s[:k])}
}

// logInput is one log of a recording being encoded.
type logInput struct {
	name        string // as given
	f           *os.File
	head        []byte // the first 64 KiB (or all of it)
	all         bool   // head is the whole log
	delim       byte
	header      int   // bytes of the header row (0: none)
	timeCol     int   // -1: none (rate)
	unitNS      int64 // ns per time unit
	rateMilliHz int64
	offsetNS    int64
	buf         []byte // read, not yet handed to the encoder
	eof         bool
	rows        int64 // data rows handed over
	origin      int64 // its first time, ns, on its own clock
	hasOrigin   bool
	last        int64 // latest time so far (shared clock), ns
	first       int64
	timed       uint64 // rows with a time
	fields      [][]byte
}

const logHeadBytes = 1 << 16

// blockNS is the time a block of a recording's log spans, at least (but for its last).
// Blocks of a log are cut as when it is coded alone (about 1 MiB of log), or at the first
// frame after blockNS: each block costs side information and a coder flush (about 100 bytes
// on the IMU logs measured), so a block per frame would cost the log more than it holds.
var blockNS int64 = 60_000_000_000

// restarts reports whether log l of a recording restarts at the video's segment starts
// (codec.StreamSpec.Restart): with segments, a log that takes the video's motion (or gives it
// its gyroscope, in parts as long as a group) and has a time column.
func restarts(p *codec.VideoParams, l *logInput, gyro bool, o *encodeOpts) bool {
	if p.SegmentFrames <= 0 || o.multi.noCross || l.timeCol < 0 {
		return false
	}
	// The gyroscope's log takes no input from the video, and gives it none: its hints are in
	// the video stream (stream.hint; with --gyro-frames N, the video takes it as input, and
	// the log does not restart either).
	return !gyro
}

// frameNSOf is frame k's time in ns at rate.
func frameNSOf(rate vision.Rational, k int) int64 {
	return int64(k) * 1_000_000_000 * int64(rate.Den) / int64(rate.Num)
}

// partFrames bounds how many frames a part of a gyroscope's log (--gyro-frames 0) reaches past
// the frame it precedes: less than the 4,096 frame intervals its predictor keeps (FORMAT.md
// 13.5).
var partFrames = 4000

// openLog reads a log's head and finds its delimiter and header row as the sensor encoder
// does.
func openLog(name string) (*logInput, error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", name)
	}
	l := &logInput{name: name, f: f, timeCol: -1}
	l.head = make([]byte, logHeadBytes)
	n, err := io.ReadFull(f, l.head)
	l.head = l.head[:n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		l.all, err = true, nil
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	l.delim = vision.DetectDelimiter(l.head, l.all)
	fields, _, k := vision.SplitRecord(l.head, l.delim, l.all, len(l.head)+1, nil)
	if k > 0 && vision.IsTextRow(fields) {
		l.header = k
	}
	l.buf = append([]byte(nil), l.head...)
	return l, nil
}

// columnNames returns the header row's names (unquoted, trimmed), or nil.
func (l *logInput) columnNames() []string {
	if l.header == 0 {
		return nil
	}
	fields, _, _ := vision.SplitRecord(l.head[:l.header], l.delim, true, l.header+1, nil)
	var names []string
	for _, f := range fields {
		names = append(names, strings.TrimSpace(strings.Trim(strings.TrimSpace(string(f)), `"`)))
	}
	return names
}

// timeName reports whether a column name is a time's, and the unit its name states (0: none).
func timeName(name string) (bool, int64) {
	n := strings.ToLower(strings.TrimSpace(strings.TrimLeft(name, "# ")))
	unit := int64(0)
	for _, u := range []struct {
		suffix string
		ns     int64
	}{{"ns", 1}, {"nsec", 1}, {"us", 1e3}, {"usec", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"msec", 1e6}, {"s", 1e9}, {"sec", 1e9}} {
		for _, form := range []string{"_" + u.suffix, " [" + u.suffix + "]", "[" + u.suffix + "]", "(" + u.suffix + ")", " (" + u.suffix + ")", "." + u.suffix} {
			if strings.HasSuffix(n, form) {
				unit = u.ns
				n = strings.TrimSuffix(n, form)
			}
		}
	}
	switch n {
	case "t", "time", "timestamp", "ts", "stamp", "utc", "epoch", "unix", "datetime", "clock", "timestamp_ns", "time_ns", "t_ns":
		return true, unit
	}
	return strings.Contains(n, "time") || strings.HasSuffix(n, "stamp"), unit
}

// timeOf reads a time cell as nanoseconds in unit unitNS, exactly (integer arithmetic).
func timeOf(cell []byte, unitNS int64) (int64, bool) {
	x, ok := vision.ParseNumber(bytes.TrimSpace(cell))
	if !ok {
		return 0, false
	}
	// value = Digits · 10^Exp units
	v := int64(x.Digits)
	if v < 0 {
		return 0, false
	}
	e := int(x.Exp)
	u := unitNS
	for e > 0 {
		if v > (1<<62)/10 {
			return 0, false
		}
		v *= 10
		e--
	}
	// multiply by the unit, dividing by 10 per negative power as late as possible
	for e < 0 && u%10 == 0 {
		u /= 10
		e++
	}
	if u != 0 && v > (1<<62)/u {
		return 0, false
	}
	v *= u
	for ; e < 0; e++ {
		v /= 10
	}
	if x.Neg {
		v = -v
	}
	return v, true
}

// headRows returns the head's data rows' fields (at most 200 rows).
func (l *logInput) headRows() [][][]byte {
	var rows [][][]byte
	b := l.head[l.header:]
	for len(b) > 0 && len(rows) < 200 {
		fields, _, n := vision.SplitRecord(b, l.delim, l.all, len(b)+1, nil)
		if n == 0 {
			break
		}
		rows = append(rows, fields)
		b = b[n:]
	}
	return rows
}

// findTime chooses the log's time column: the one --time names, else a column named as a
// time whose values are numbers that do not decrease (over the head's rows). It chooses the
// unit from the name, else from the values' size.
func (l *logInput) findTime(col string) error {
	names := l.columnNames()
	rows := l.headRows()
	// A time column holds numbers in most rows, and they mostly never decrease (a few rows out
	// of order, or text, are kept where they are: see read).
	try := func(c int) bool {
		prev, n, bad := int64(-1<<62), 0, 0
		for _, r := range rows {
			if c >= len(r) {
				bad++
				continue
			}
			v, ok := timeOf(r[c], 1)
			if !ok {
				bad++
				continue
			}
			if v < prev {
				bad++
			}
			prev = max(prev, v)
			n++
		}
		return n >= 1 && bad*8 <= len(rows)
	}
	unitFor := func(c int) int64 {
		if c < len(names) {
			if _, u := timeName(names[c]); u != 0 {
				return u
			}
		}
		// By size: integer clocks of nanoseconds, microseconds or milliseconds since 1970;
		// anything smaller is seconds.
		for _, r := range rows {
			if c < len(r) {
				v, _ := timeOf(r[c], 1)
				switch {
				case v > 1e17:
					return 1
				case v > 1e14:
					return 1e3
				case v > 1e11:
					return 1e6
				}
				return 1e9
			}
		}
		return 1e9
	}
	if col != "" {
		c := -1
		for i, n := range names {
			if n == col {
				c = i
			}
		}
		if c < 0 {
			if k, err := strconv.Atoi(col); err == nil && k >= 1 {
				c = k - 1
			}
		}
		if c < 0 {
			return usageError{fmt.Errorf("encode: --time %s:%s: no such column (columns: %s)", l.name, col, strings.Join(names, ", "))}
		}
		if !try(c) {
			return fmt.Errorf("%s: column %s is not a time (numbers that never decrease, in most rows)", l.name, col)
		}
		l.timeCol, l.unitNS = c, unitFor(c)
		return nil
	}
	for c, n := range names {
		if ok, _ := timeName(n); ok && try(c) {
			l.timeCol, l.unitNS = c, unitFor(c)
			return nil
		}
	}
	return nil
}

// rowTime returns a data row's time on the recording's clock, or false.
func (l *logInput) rowTime(fields [][]byte) (int64, bool) {
	if l.timeCol < 0 {
		return l.rows * 1_000_000_000_000 / l.rateMilliHz, true
	}
	if l.timeCol >= len(fields) {
		return 0, false
	}
	return timeOf(fields[l.timeCol], l.unitNS)
}

// fill reads more of the log into buf; it reports false at the end.
func (l *logInput) fill() error {
	if l.eof {
		return nil
	}
	if l.head != nil && l.all {
		l.eof = true
		return nil
	}
	var tmp [1 << 16]byte
	n, err := l.f.Read(tmp[:])
	l.buf = append(l.buf, tmp[:n]...)
	if err == io.EOF {
		l.eof = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", l.name, err)
	}
	return nil
}

// nextRow splits the next record off buf (reading more as needed): its bytes and its time
// on the log's own clock (ok false: none). It returns nil at the end of the log.
func (l *logInput) nextRow() ([]byte, int64, bool, error) {
	for {
		if len(l.buf) > 0 {
			var n int
			l.fields, _, n = vision.SplitRecord(l.buf, l.delim, l.eof, 1<<20, l.fields[:0])
			if n > 0 {
				row := l.buf[:n]
				l.buf = l.buf[n:]
				t, ok := l.rowTime(l.fields)
				l.rows++
				return row, t, ok, nil
			}
		}
		if l.eof {
			return nil, 0, false, nil
		}
		if len(l.buf) < cap(l.buf)/4 {
			l.buf = append(make([]byte, 0, max(1<<17, 2*len(l.buf))), l.buf...)
		}
		if err := l.fill(); err != nil {
			return nil, 0, false, err
		}
	}
}

// pendingRow is a row read ahead: it waits for its place in time.
type pendingRow struct {
	row []byte
	t   int64 // on the recording's clock, ns
	ok  bool
	end bool
}

// hasGyroColumns reports whether a log's column names look like a gyroscope's: gx, gy, gz,
// wx.., gyro_x.., w_RS_S_x (EuRoC), omega...
func hasGyroColumns(names []string) bool {
	for _, n := range names {
		n = strings.ToLower(n)
		switch {
		case strings.Contains(n, "gyr"), strings.Contains(n, "omega"), strings.HasPrefix(n, "w_"),
			n == "gx" || n == "gy" || n == "gz" || n == "wx" || n == "wy" || n == "wz":
			return true
		}
	}
	return false
}

// encodeMulti codes one video and its logs into w.
func encodeMulti(a *app, cmd *cobra.Command, v *settings, inputs []string, w io.Writer, o *encodeOpts) error {
	var video string
	var logNames []string
	for _, in := range inputs {
		if o.kind == "" && isSensorInput(in) {
			logNames = append(logNames, in)
		} else if video == "" {
			video = in
		} else {
			return usageError{fmt.Errorf("encode: two videos (%s, %s): a recording holds one video and its logs", video, in)}
		}
	}
	if video == "" {
		return usageError{errors.New("encode: a recording needs a video besides its logs")}
	}
	for _, in := range logNames {
		if in == "-" {
			return usageError{errors.New("encode: a recording's logs must be files (or named pipes), not -")}
		}
	}
	in, p, err := openVideoToEncode(a, cmd, v, video)
	if err != nil {
		return err
	}
	defer in.Close()
	rate := p.FrameRate
	if rate.Num <= 0 || rate.Den <= 0 {
		rate = vision.Rational{Num: 30, Den: 1}
	}
	if o.multi.resync < 0 || o.multi.resync > 1e6 {
		return usageError{fmt.Errorf("encode: --resync %g: give 0 to 1000000 seconds", o.multi.resync)}
	}
	if o.multi.gyroFrames < 0 || o.multi.gyroFrames > 32 {
		return usageError{fmt.Errorf("encode: --gyro-frames %d: give 0 to 32", o.multi.gyroFrames)}
	}
	logs := make([]*logInput, len(logNames))
	defer func() {
		for _, l := range logs {
			if l != nil {
				l.f.Close()
			}
		}
	}()
	for i, n := range logNames {
		if logs[i], err = openLog(n); err != nil {
			return err
		}
	}
	times := map[int]string{}
	for _, s := range o.multi.time {
		i, c, err := fileValue("time", s, logNames)
		if err != nil {
			return err
		}
		times[i] = c
	}
	for _, s := range o.multi.rate {
		i, hz, err := fileValue("rate", s, logNames)
		if err != nil {
			return err
		}
		mhz, ok := timeOf([]byte(hz), 1000)
		if !ok || mhz <= 0 {
			return usageError{fmt.Errorf("encode: --rate %q: not a positive rate in Hz", s)}
		}
		logs[i].rateMilliHz = mhz
	}
	for _, s := range o.multi.offset {
		i, sec, err := fileValue("offset", s, logNames)
		if err != nil {
			return err
		}
		ns, ok := timeOf([]byte(sec), 1e9)
		if !ok {
			return usageError{fmt.Errorf("encode: --offset %q: not a number of seconds", s)}
		}
		logs[i].offsetNS = ns
	}
	for i, l := range logs {
		if l.rateMilliHz > 0 {
			if _, ok := times[i]; ok {
				return usageError{fmt.Errorf("encode: %s: give --time or --rate, not both", l.name)}
			}
			continue
		}
		if err := l.findTime(times[i]); err != nil {
			return err
		}
		if l.timeCol < 0 {
			return fmt.Errorf("%s: no time column found (a column named t, time, timestamp... whose numbers never decrease); name it with --time %s:COLUMN or give the rows' rate with --rate %s:HZ", l.name, filepath.Base(l.name), filepath.Base(l.name))
		}
	}
	// The logs' clocks: the earliest first time of the logs with a time column is the first
	// frame's time (so logs sharing a clock keep their alignment); --offset shifts a log.
	origin, hasOrigin := int64(0), false
	for _, l := range logs {
		if l.timeCol < 0 {
			continue
		}
		for _, r := range l.headRows() {
			if t, ok := l.rowTime(r); ok {
				if !hasOrigin || t < origin {
					origin, hasOrigin = t, true
				}
				break
			}
		}
	}
	if p.Model.BFrames && !a.quiet {
		// The codec codes a recording's frames in order (FORMAT.md §13); say so rather than drop it unseen.
		fmt.Fprintf(a.stderr, "vidlm: %s: no B frames in a recording (its chunks follow the logs' time order): --bframes is ignored\n", video)
	}
	specs := []codec.StreamSpec{{Name: filepath.Base(video), Video: &p, Time: codec.StreamTime{Column: -1}}}
	if video == "-" {
		specs[0].Name = "stdin.y4m"
	}
	// The log whose rows also predict the video's motion: the first with gyroscope columns.
	gyro := -1
	for i, l := range logs {
		if gyro < 0 && !o.multi.noCross && !o.multi.noGyro && hasGyroColumns(l.columnNames()) {
			gyro = i
		}
	}
	for i, l := range logs {
		st := codec.StreamTime{Column: l.timeCol, UnitNS: l.unitNS, RateMilliHz: l.rateMilliHz, OffsetNS: l.offsetNS}
		if l.timeCol >= 0 {
			st.OriginNS = origin
		}
		specs = append(specs, codec.StreamSpec{Name: filepath.Base(l.name), Head: l.head, HeadIsAll: l.all, Time: st, Cross: !o.multi.noCross, Gyro: i == gyro, LongParts: o.multi.gyroFrames == 0, HintInVideo: o.multi.gyroFrames == 0,
			Restart: restarts(&p, l, i == gyro, o)})
	}
	cw := &iocount.Writer{W: w}
	enc, err := codec.NewMultiEncoder(cw, specs, append(o.codecOptions(), codec.WithThreads(o.threads), a.interruptOption())...)
	if err != nil {
		return err
	}
	// Hand each log its header row, then the rows as their times come.
	ahead := make([]pendingRow, len(logs))
	read := func(i int) error {
		l := logs[i]
		row, t, ok, err := l.nextRow()
		if err != nil {
			return err
		}
		if row == nil {
			ahead[i] = pendingRow{end: true}
			return nil
		}
		if ok {
			if l.timeCol >= 0 {
				t -= origin
			}
			t += l.offsetNS
			if l.timed == 0 {
				l.first = t
			}
			l.timed++
			// A row earlier than the one before keeps its place in the log (it is kept
			// exactly): it goes out with its predecessor.
			l.last = max(l.last, t)
			if l.timed == 1 {
				l.last = t
			}
		}
		ahead[i] = pendingRow{row: row, t: l.last, ok: ok}
		return nil
	}
	// The gyroscope's log goes to the encoder ahead of the frames (up to blockNS or a
	// block's worth of bytes), and its rows up to each frame's time are coded before it:
	// every gyroFrames frames, or (0) all the rows read ahead as one part when a frame's rows
	// are not all coded yet.
	var given, coded int64 // its bytes handed over, and coded
	type queued struct{ t, end int64 }
	var queue []queued
	for i, l := range logs {
		if i == gyro {
			given = int64(l.header)
		}
		if l.header > 0 {
			if err := enc.WriteLog(i+1, l.buf[:l.header]); err != nil {
				return err
			}
			l.buf = l.buf[l.header:]
		}
		if err := read(i); err != nil {
			return err
		}
	}
	// With segments (--segment N), the logs that take the video's motion or give it their
	// gyroscope restart at each segment start, so that damage in one segment costs the other
	// stream only up to the next (FORMAT.md 13.4). A row belongs to segment j from the time of
	// frame j·N−1: the rows of the segment's frame intervals.
	segN := p.SegmentFrames
	// restartSegs lists the segments the logs restart at: the first segment start at least
	// --resync seconds after the last (segment 0 starts the logs anyway).
	restartSegs := []int{0}
	resyncNS := int64(o.multi.resync * 1e9)
	// nextRestart returns the restart after the one at segment last.
	nextRestart := func(last int) int {
		next := last + 1
		if segNS := frameNSOf(rate, segN); segNS > 0 && resyncNS > 2*segNS {
			next = last + int(resyncNS/segNS) - 1 // then a step or two
		}
		for frameNSOf(rate, next*segN)-frameNSOf(rate, last*segN) < resyncNS {
			next++
		}
		return next
	}
	// restartUpTo returns the last restart segment at or before segment j.
	restartUpTo := func(j int) int {
		for {
			next := nextRestart(restartSegs[len(restartSegs)-1])
			if next > j {
				break
			}
			restartSegs = append(restartSegs, next)
		}
		for k := len(restartSegs) - 1; ; k-- {
			if restartSegs[k] <= j {
				return restartSegs[k]
			}
		}
	}
	rowSegment := func(t int64) int {
		if segN <= 0 || t < frameNSOf(rate, segN-1) {
			return 0
		}
		k := int(t / 1_000_000_000 * int64(rate.Num) / int64(rate.Den))
		for k > 0 && frameNSOf(rate, k) > t {
			k--
		}
		for frameNSOf(rate, k+1) <= t {
			k++
		}
		return restartUpTo((k + 1) / segN)
	}
	logSeg := make([]int, len(logs))
	restartAt := func(i int, t int64) error {
		if !specs[i+1].Restart {
			return nil
		}
		if j := rowSegment(t); j > logSeg[i] {
			logSeg[i] = j
			return enc.RestartLog(i+1, j)
		}
		return nil
	}
	// rowsUpTo hands every log the rows up to time t (ns) and ends their blocks.
	// A log's rows go out as a block once they span blockNS (or at the end): a block per
	// frame would cost each block's side information and coder flush many times over.
	blockStart := make([]int64, len(logs))
	pendingRows := make([]int, len(logs))
	// gyroUpTo reads the gyroscope's log up to time readTo (or a block's worth of bytes) and
	// codes its rows up to time t as a part.
	gyroUpTo := func(t, readTo int64, all bool) error {
		if gyro < 0 {
			return nil
		}
		for !ahead[gyro].end && (all || ahead[gyro].t <= readTo) && given-coded < 1<<20 {
			given += int64(len(ahead[gyro].row))
			queue = append(queue, queued{ahead[gyro].t, given})
			if err := enc.WriteLog(gyro+1, ahead[gyro].row); err != nil {
				return err
			}
			if err := read(gyro); err != nil {
				return err
			}
		}
		n := 0
		for n < len(queue) && (all || queue[n].t <= t) {
			n++
		}
		if n == 0 {
			return nil
		}
		coded = queue[n-1].end
		queue = append(queue[:0], queue[n:]...)
		return enc.CodeLog(gyro+1, coded)
	}
	rowsUpTo := func(t int64, all bool) error {
		for i := range logs {
			if i == gyro {
				continue
			}
			for !ahead[i].end && (all || ahead[i].t <= t) {
				if specs[i+1].Restart && rowSegment(ahead[i].t) > logSeg[i] {
					if pendingRows[i] > 0 {
						if err := enc.EndBlock(i + 1); err != nil {
							return err
						}
						pendingRows[i] = 0
					}
					if err := restartAt(i, ahead[i].t); err != nil {
						return err
					}
				}
				if pendingRows[i] == 0 {
					blockStart[i] = ahead[i].t
				}
				if err := enc.WriteLog(i+1, ahead[i].row); err != nil {
					return err
				}
				pendingRows[i]++
				if err := read(i); err != nil {
					return err
				}
			}
			if pendingRows[i] > 0 && (all || t-blockStart[i] >= blockNS) {
				if err := enc.EndBlock(i + 1); err != nil {
					return err
				}
				pendingRows[i] = 0
			}
		}
		return nil
	}
	prog := newProgress(a, "encoding", in.total)
	ctx := cmd.Context()
	start := time.Now()
	frames := 0
	pixels := p.Layout.Width * p.Layout.Height
	frameNS := func(k int) int64 { return int64(k) * 1_000_000_000 * int64(rate.Den) / int64(rate.Num) }
	for o.frames == 0 || frames < o.frames {
		if ctx.Err() != nil {
			prog.done()
			return fmt.Errorf("%s: interrupted at frame %d; no output written", in.name, frames)
		}
		f, err := in.ReadFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			prog.done()
			return fmt.Errorf("%s: %w", in.name, err)
		}
		// Every gyroFrames frames, the gyroscope's rows up to the last of them go first; or
		// (0), while rows up to this frame's time are left, those read ahead.
		if g := o.multi.gyroFrames; g > 0 && frames%g == 0 {
			t := frameNS(frames + g - 1)
			if err := gyroUpTo(t, t+blockNS, false); err != nil {
				prog.done()
				return err
			}
		}
		// With restarts, a part holds no row of a later segment: the log restarts at the
		// segment's first frame, before the rows of its intervals.
		segCap := int64(math.MaxInt64)
		if gyro >= 0 && specs[gyro+1].Restart {
			cur := frames / segN
			next := nextRestart(restartUpTo(cur))
			segCap = frameNS(next*segN-1) - 1
			if frames%segN == 0 && frames > 0 && restartUpTo(cur) == cur {
				if err := enc.RestartLog(gyro+1, frames/segN); err != nil {
					prog.done()
					return err
				}
			}
		}
		for gyro >= 0 && o.multi.gyroFrames == 0 {
			t := min(frameNS(frames), segCap)
			if len(queue) > 0 && queue[0].t > t || len(queue) == 0 && (ahead[gyro].end || ahead[gyro].t > t) {
				break
			}
			t = min(t+blockNS, frameNS(frames+partFrames), segCap)
			if err := gyroUpTo(t, t, false); err != nil {
				prog.done()
				return err
			}
		}
		if err := enc.WriteFrame(0, f); err != nil {
			prog.done()
			return fmt.Errorf("%s: %w", in.name, err)
		}
		// The rows up to this frame's time follow it (so that a row is coded once the frames
		// around it are known).
		if err := rowsUpTo(frameNS(frames), false); err != nil {
			prog.done()
			return err
		}
		frames++
		prog.frame(pixels)
	}
	prog.done()
	if err := rowsUpTo(0, true); err != nil {
		return err
	}
	for gyro >= 0 && (!ahead[gyro].end || len(queue) > 0) {
		if err := gyroUpTo(0, 0, true); err != nil {
			return err
		}
	}
	if frames > 0 {
		enc.SetTimeSpan(0, 0, frameNS(frames-1), uint64(frames))
	}
	for i, l := range logs {
		enc.SetTimeSpan(i+1, l.first, l.last, l.timed)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if !a.quiet {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d frames %dx%d %s", in.name, frames, p.Layout.Width, p.Layout.Height, p.Layout.Format)
		for _, l := range logs {
			fmt.Fprintf(&b, " + %s (%d rows)", filepath.Base(l.name), l.rows)
		}
		secs := time.Since(start).Seconds()
		fmt.Fprintf(&b, " → %d bytes, %.2f MPix/s\n", cw.N, float64(frames*pixels)/1e6/max(secs, 1e-9))
		if with, without, ok := enc.CrossCosts(0); ok && without > 0 {
			gain := (float64(without) - float64(with)) / codec.CostUnit
			fmt.Fprintf(&b, "  %s's motion fields with %s's gyroscope: %.0f bits, without: %.0f bits (same vectors), gain %.0f bits (%.3f%%)\n",
				specs[0].Name, specs[gyro+1].Name, float64(with)/codec.CostUnit, float64(without)/codec.CostUnit, gain, 100*gain*codec.CostUnit/float64(without))
			if n, ok := enc.HintBits(); ok {
				fmt.Fprintf(&b, "  of which the gyroscope's hints, in the video stream: %.0f bits\n", float64(n)/codec.CostUnit)
			}
		}
		for i, l := range logs {
			if with, without, ok := enc.CrossCosts(i + 1); ok && without > 0 {
				gain := (float64(without) - float64(with)) / codec.CostUnit
				fmt.Fprintf(&b, "  %s with the video's motion: %.0f bits, without: %.0f bits, gain %.0f bits (%.3f%%)\n",
					filepath.Base(l.name), float64(with)/codec.CostUnit, float64(without)/codec.CostUnit, gain, 100*gain*codec.CostUnit/float64(without))
			}
		}
		o.summary = b.String()
	}
	return nil
}

// runEncodeMulti encodes a recording: inputs are one video and its logs.
func runEncodeMulti(a *app, cmd *cobra.Command, inputs []string, o *encodeOpts) error {
	if o.output == "" {
		return usageError{errors.New("encode: -o OUTPUT is required")}
	}
	if o.report != "" {
		return usageError{errors.New("encode: --report is not available for recordings yet; run vidlm report on the .vlm")}
	}
	if _, err := o.fileIDOption(); err != nil {
		return err
	}
	v, err := loadSettings(cmd)
	if err != nil {
		return err
	}
	outs := newOutputs(a, o.force, inputs...)
	var w io.Writer = a.stdout
	if o.output != "-" {
		out, err := outs.create(o.output)
		if err != nil {
			return err
		}
		w = out
	}
	err = encodeMulti(a, cmd, v, inputs, w, o)
	if err == nil && a.ctx.Err() != nil {
		// Interrupted where nothing checked (reading the logs, say): the output is
		// complete, but an interrupted command leaves none.
		err = codec.ErrInterrupted
	}
	if err != nil {
		outs.abort()
		if we := asOutputError(err); we != nil {
			return we
		}
		if errors.Is(err, codec.ErrInterrupted) {
			// inside a log's block (codec.WithInterrupt), or after the frames
			return fmt.Errorf("%s: %w", inputs[0], errInterrupted)
		}
		return err
	}
	if o.output == "-" {
		if f, ok := w.(flushWriter); ok {
			if err := f.Flush(); err != nil {
				return err
			}
		}
	} else if err := outs.commit(); err != nil {
		return err
	}
	fmt.Fprint(a.stderr, o.summary)
	return nil
}
