package vision

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// y4m (YUV4MPEG2) is a header line, then per frame a "FRAME" line and the raw planes. vidlm
// keeps the header line and every FRAME line's parameters verbatim, so that a decoded y4m is
// byte-identical to the one that was encoded.

const (
	y4mMagic      = "YUV4MPEG2"
	y4mFrameTag   = "FRAME"
	maxY4MLineLen = 1 << 16
)

// Y4MError describes malformed y4m input. Frame is the 0-based frame index, or -1 for the
// stream header.
type Y4MError struct {
	Frame  int
	Reason string
}

func (e *Y4MError) Error() string {
	if e.Frame < 0 {
		return "y4m header: " + e.Reason
	}
	return fmt.Sprintf("y4m frame %d: %s", e.Frame, e.Reason)
}

// Y4MHeader is a parsed y4m stream header.
type Y4MHeader struct {
	Line      string // the whole header line, without its newline, kept verbatim
	Layout    Layout
	FrameRate Rational // F tag; zero if absent
	Interlace string   // I tag, if any
	Aspect    Rational // A tag; zero if absent
	Colour    string   // C tag as written (empty: the default, 420jpeg)
}

// Rational is a frame rate or aspect ratio.
type Rational struct{ Num, Den int }

func (r Rational) String() string { return fmt.Sprintf("%d:%d", r.Num, r.Den) }

// Float is the rational's value (0 when undefined); for display only.
func (r Rational) Float() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// y4mColour maps a C tag to a pixel format and depth.
func y4mColour(tag string) (PixelFormat, int, error) {
	base, depth := tag, 8
	if strings.HasPrefix(tag, "mono") && len(tag) > 4 {
		if d, err := strconv.Atoi(tag[4:]); err == nil {
			base, depth = "mono", d
		}
	} else if i := strings.LastIndexByte(tag, 'p'); i > 0 {
		// "420p10", "444p16"; "420paldv" has no depth.
		if d, err := strconv.Atoi(tag[i+1:]); err == nil {
			base, depth = tag[:i], d
		}
	}
	if depth < 8 || depth > 16 {
		return 0, 0, fmt.Errorf("unsupported bit depth in colour space %q", tag)
	}
	switch base {
	case "", "420jpeg", "420paldv", "420mpeg2", "420":
		return FormatYUV420, depth, nil
	case "422":
		return FormatYUV422, depth, nil
	case "444":
		return FormatYUV444, depth, nil
	case "411":
		return FormatYUV411, depth, nil
	case "444alpha":
		return FormatYUVA444, depth, nil
	case "mono":
		return FormatGray, depth, nil
	}
	return 0, 0, fmt.Errorf("unsupported colour space %q", tag)
}

// ParseY4MHeader parses a y4m header line (without its newline).
func ParseY4MHeader(line string) (Y4MHeader, error) {
	h := Y4MHeader{Line: line}
	fail := func(format string, a ...any) (Y4MHeader, error) {
		return h, &Y4MError{Frame: -1, Reason: fmt.Sprintf(format, a...)}
	}
	if !strings.HasPrefix(line, y4mMagic) || len(line) > len(y4mMagic) && line[len(y4mMagic)] != ' ' {
		return fail("not a y4m stream (it does not start with %q)", y4mMagic)
	}
	width, height := -1, -1
	for _, tok := range strings.Split(line[len(y4mMagic):], " ") {
		if tok == "" {
			continue
		}
		val := tok[1:]
		switch tok[0] {
		case 'W', 'H':
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return fail("bad %c tag %q", tok[0], tok)
			}
			if tok[0] == 'W' {
				width = n
			} else {
				height = n
			}
		case 'F', 'A':
			num, den, ok := strings.Cut(val, ":")
			n, err1 := strconv.Atoi(num)
			d, err2 := strconv.Atoi(den)
			if !ok || err1 != nil || err2 != nil || n < 0 || d < 0 {
				return fail("bad %c tag %q", tok[0], tok)
			}
			if tok[0] == 'F' {
				h.FrameRate = Rational{n, d}
			} else {
				h.Aspect = Rational{n, d}
			}
		case 'I':
			h.Interlace = val
		case 'C':
			h.Colour = val
		case 'X':
			// Extensions are kept verbatim in Line.
		default:
			return fail("unknown tag %q", tok)
		}
	}
	if width < 0 || height < 0 {
		return fail("missing width or height")
	}
	format, depth, err := y4mColour(h.Colour)
	if err != nil {
		return fail("%v", err)
	}
	h.Layout = Layout{Width: width, Height: height, Format: format, Depth: depth}
	if err := h.Layout.Validate(); err != nil {
		return fail("%v", err)
	}
	return h, nil
}

// Y4MReader reads frames from a y4m stream.
type Y4MReader struct {
	r      *bufio.Reader
	Header Y4MHeader
	frame  int
	raw    []byte
}

// NewY4MReader reads the stream header from r.
func NewY4MReader(r io.Reader) (*Y4MReader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if head, _ := br.Peek(len(y4mMagic)); len(head) > 0 && string(head) != y4mMagic {
		return nil, &Y4MError{Frame: -1, Reason: fmt.Sprintf("not a y4m stream (it does not start with %q)", y4mMagic)}
	}
	line, err := readLine(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Y4MError{Frame: -1, Reason: "empty input"}
		}
		return nil, &Y4MError{Frame: -1, Reason: err.Error()}
	}
	h, err := ParseY4MHeader(line)
	if err != nil {
		return nil, err
	}
	return &Y4MReader{r: br, Header: h}, nil
}

// readLine reads one '\n'-terminated line of at most maxY4MLineLen bytes.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		b = append(b, chunk...)
		if len(b) > maxY4MLineLen {
			return "", fmt.Errorf("line longer than %d bytes", maxY4MLineLen)
		}
		if err == nil {
			return string(b[:len(b)-1]), nil
		}
		if err != bufio.ErrBufferFull {
			if err == io.EOF && len(b) > 0 {
				return "", fmt.Errorf("line not terminated by a newline")
			}
			return "", err
		}
	}
}

// ReadFrame reads the next frame. It returns io.EOF after the last complete frame, and a
// *Y4MError for a malformed FRAME line or a short frame.
func (y *Y4MReader) ReadFrame() (*Frame, error) {
	if _, err := y.r.Peek(1); err == io.EOF {
		return nil, io.EOF
	}
	line, err := readLine(y.r)
	if err != nil {
		return nil, &Y4MError{Frame: y.frame, Reason: "bad FRAME line: " + err.Error()}
	}
	if !strings.HasPrefix(line, y4mFrameTag) || len(line) > len(y4mFrameTag) && line[len(y4mFrameTag)] != ' ' {
		return nil, &Y4MError{Frame: y.frame, Reason: fmt.Sprintf("expected a FRAME line, found %q", truncate(line, 40))}
	}
	size := y.Header.Layout.FrameBytes()
	if y.raw, err = readExactly(y.r, y.raw, size); err != nil {
		return nil, &Y4MError{Frame: y.frame, Reason: err.Error()}
	}
	f := NewFrame(y.Header.Layout)
	f.Params = line[len(y4mFrameTag):]
	f.SetRaw(y.raw)
	y.frame++
	return f, nil
}

// readExactly reads n bytes into buf (reusing its storage). It grows the buffer only as data
// actually arrives, so a header that claims an enormous frame cannot make it allocate more
// than the input holds.
func readExactly(r io.Reader, buf []byte, n int) ([]byte, error) {
	if cap(buf) >= n {
		buf = buf[:n]
		got, err := io.ReadFull(r, buf)
		if err != nil {
			return buf, shortRead(got, n, err)
		}
		return buf, nil
	}
	var b bytes.Buffer
	got, err := io.CopyN(&b, r, int64(n))
	if err != nil {
		return buf, shortRead(int(got), n, err)
	}
	return b.Bytes(), nil
}

func shortRead(got, want int, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("short frame: %d of %d bytes", got, want)
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Y4MWriter writes a y4m stream.
type Y4MWriter struct {
	w       io.Writer
	header  string
	started bool
	buf     []byte
}

// NewY4MWriter returns a writer whose stream header line (without newline) is header, e.g.
// "YUV4MPEG2 W768 H576 F25:1 C420jpeg".
func NewY4MWriter(w io.Writer, header string) *Y4MWriter {
	return &Y4MWriter{w: w, header: header}
}

// Y4MHeaderLine builds a header line for a layout that did not come from y4m.
func Y4MHeaderLine(l Layout, rate Rational) (string, error) {
	var c string
	switch l.Format {
	case FormatYUV420:
		c = "420jpeg"
	case FormatYUV422:
		c = "422"
	case FormatYUV444:
		c = "444"
	case FormatYUV411:
		c = "411"
	case FormatYUVA444:
		c = "444alpha"
	case FormatGray:
		c = "mono"
	default:
		return "", fmt.Errorf("y4m cannot hold %s frames", l.Format)
	}
	if l.Depth > 8 {
		if l.Format == FormatGray {
			c += strconv.Itoa(l.Depth)
		} else {
			c = strings.TrimSuffix(c, "jpeg") + "p" + strconv.Itoa(l.Depth)
		}
	} else if l.Depth < 8 {
		return "", fmt.Errorf("y4m cannot hold %d-bit samples", l.Depth)
	}
	if rate.Num == 0 || rate.Den == 0 {
		rate = Rational{25, 1}
	}
	return fmt.Sprintf("%s W%d H%d F%d:%d Ip A1:1 C%s", y4mMagic, l.Width, l.Height, rate.Num, rate.Den, c), nil
}

// WriteFrame writes one frame (and the stream header before the first).
func (y *Y4MWriter) WriteFrame(f *Frame) error {
	y.buf = y.buf[:0]
	if !y.started {
		y.buf = append(y.buf, y.header...)
		y.buf = append(y.buf, '\n')
		y.started = true
	}
	y.buf = append(y.buf, y4mFrameTag...)
	y.buf = append(y.buf, f.Params...)
	y.buf = append(y.buf, '\n')
	y.buf = f.AppendRaw(y.buf)
	_, err := y.w.Write(y.buf)
	return err
}

// Close writes the header if no frame was written (an empty stream is still a valid y4m).
func (y *Y4MWriter) Close() error {
	if y.started {
		return nil
	}
	y.started = true
	_, err := io.WriteString(y.w, y.header+"\n")
	return err
}
