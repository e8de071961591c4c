package predict

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// TestRecLearnX: the branch-free learning step of the record anchors (branch sbyte10) moves
// every score and alignment exactly as recLearn does, for a hit (e = 0) and for every miss
// (e = 1 to 255), over all 16-bit scores and a spread of alignments.
func TestRecLearnX(t *testing.T) {
	for e := int32(0); e < 256; e++ {
		for s := 0; s < 1<<16; s++ {
			a := uint16(s*7919 + int(e)*31)
			s1, a1 := uint16(s), a
			s2, a2 := uint16(s), a
			r1 := recLearn(&s1, &a1, e == 0)
			r2 := recLearnX(&s2, &a2, e)
			if s1 != s2 || a1 != a2 || r1 != r2 {
				t.Fatalf("e %d, score %d, alignment %d: recLearnX gives %d, %d (%d), recLearn %d, %d (%d)", e, s, a, s2, a2, r2, s1, a1, r1)
			}
		}
	}
}

// observeRef is recAnchors.observe as it was before branch sbyte10 (the hit as a branch,
// the winner's key and link kept in the loop): the reference TestRecObserveSame holds
// observe to.
func (r *recAnchors) observeRef(hist []byte) {
	p := len(hist) - 1
	b := hist[p]
	// Links of the new position (an anchor of the next byte).
	k2 := uint16(0)
	l2 := int32(0)
	if p >= 1 {
		k := uint32(hist[p-1])<<8 | uint32(b)
		l2 = r.last2[k]
		r.last2[k] = int32(p + 1)
		k2 = uint16(256 + k*0x9E3779B1>>20)
	}
	r.link1 = append(r.link1, r.last1[b])
	r.last1[b] = int32(p + 1)
	r.link2 = append(r.link2, l2)
	r.win[uint8(p)] = recPos{key2: k2}
	sc := (*[recKeys * recJB]uint16)(r.score)
	// Anchor q in [p-W, p-1] at distance d = p-q from b learns whether it predicted b; then,
	// as the anchor of the next byte (distance d+1), it competes with the others (and with p
	// itself, at distance 1).
	best, bq, bk := uint32(0), 0, 0
	var bl int32
	if l := r.link1[p]; l > 0 {
		if s := uint32(sc[int(b)*recJB+1]); s > best {
			best, bq, bk, bl = s, p, int(b), l
		}
	}
	if l := r.link2[p]; l > 0 {
		if s := uint32(sc[int(k2)*recJB+1]); s > best {
			best, bq, bk, bl = s, p, int(k2), l
		}
	}
	lo := max(p-recWindow, 0)
	link1, link2 := r.link1[lo:p], r.link2[lo:p]
	win := &r.win
	for i := len(link1) - 1; i >= 0; i-- {
		q := lo + i
		w := &win[uint8(q)]
		d := p - q
		jb, jn := int(recBuckets[d&255]), int(recBuckets[(d+1)&255])
		if l := link1[i]; l > 0 {
			k := int(hist[q])
			a := recLearn(&sc[(k*recJB+jb)&(recKeys*recJB-1)], &w.al1, hist[int(l)-1+d] == b)
			if d < recWindow {
				if v := uint32(sc[(k*recJB+jn)&(recKeys*recJB-1)]) + a*recAlW; v > best {
					best, bq, bk, bl = v, q, k, l
				}
			}
		}
		if l := link2[i]; l > 0 {
			k := int(w.key2)
			a := recLearn(&sc[(k*recJB+jb)&(recKeys*recJB-1)], &w.al2, hist[int(l)-1+d] == b)
			if d < recWindow {
				if v := uint32(sc[(k*recJB+jn)&(recKeys*recJB-1)]) + a*recAlW; v > best {
					best, bq, bk, bl = v, q, k, l
				}
			}
		}
	}
	r.ok = false
	if best == 0 {
		return
	}
	n := p + 1
	r.ok = true
	r.best = best
	r.key = bk
	r.dist = n - bq
	r.a1 = int(bl) - 1 + r.dist
	r.a2 = -1
	var l0 int32
	if bk < 256 {
		l0 = r.link1[bl-1]
	} else {
		l0 = r.link2[bl-1]
	}
	if l0 > 0 {
		r.a2 = int(l0) - 1 + r.dist
	}
}

// TestRecObserveSame: the record anchors' loop of branch sbyte10 (the hit without a branch,
// the winner kept as one index, the oldest position's learning after the loop) leaves every
// score, alignment and link as the loop before did and chooses the same anchor (key,
// distance, aligned positions, value) after every byte of synthetic binary, text and CAN logs, random
// bytes, runs of few values (many ties), and the first 64 KiB of two corpus logs where
// they are present.
func TestRecObserveSame(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 40000)
	few := make([]byte, 40000)
	for i := range random {
		random[i] = byte(rng.Uint32())
		few[i] = byte(rng.IntN(3))
	}
	logs := map[string][]byte{
		"receiver": testlog.ReceiverLog(40000),
		"packet":   testlog.PacketLog(40000),
		"firm":     testlog.FIRMLog(40000),
		"sirf":     testlog.SiRFLog(40000),
		"can":      testlog.CANLog(40000, 1, 2),
		"table":    testlog.TableLog(40000),
		"random":   random,
		"few":      few,
	}
	for _, f := range []string{"ublox_f9p_ubx_nmea.log", "rocket_gw1_airbrakes.FRM"} {
		if data, err := os.ReadFile("/work/corpus/sensor/" + f); err == nil {
			logs[f] = data[:min(len(data), 64<<10)]
		}
	}
	for name, data := range logs {
		a, b := newRecAnchors(), newRecAnchors()
		a.reset()
		b.reset()
		for n := 1; n <= len(data); n++ {
			h := data[:n]
			a.observe(h)
			b.observeRef(h)
			if a.ok != b.ok || a.ok && (a.key != b.key || a.dist != b.dist || a.a1 != b.a1 || a.a2 != b.a2 || a.best != b.best) {
				t.Fatalf("%s, byte %d: anchor ok %v key %d dist %d a1 %d a2 %d best %d, want ok %v key %d dist %d a1 %d a2 %d best %d",
					name, n-1, a.ok, a.key, a.dist, a.a1, a.a2, a.best, b.ok, b.key, b.dist, b.a1, b.a2, b.best)
			}
			if a.win != b.win || (n%4096 == 0 || n == len(data)) && !slices.Equal(a.score, b.score) {
				t.Fatalf("%s, byte %d: the scores or alignments differ", name, n-1)
			}
		}
		if !slices.Equal(a.link1, b.link1) || !slices.Equal(a.link2, b.link2) {
			t.Fatalf("%s: the links differ", name)
		}
	}
}

// BenchmarkRecObserve: the record anchors alone over the first 256 KiB of ublox_f9p (the
// loop before branch sbyte10, observeRef, and observe), from fresh anchors each time.
func BenchmarkRecObserve(b *testing.B) {
	data, err := os.ReadFile("/work/corpus/sensor/ublox_f9p_ubx_nmea.log")
	if err != nil {
		b.Skip(err)
	}
	data = data[:min(len(data), 256<<10)]
	for _, c := range []struct {
		name string
		f    func(r *recAnchors, h []byte)
	}{
		{"ref", (*recAnchors).observeRef},
		{"new", (*recAnchors).observe},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := newRecAnchors()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				r.reset()
				r.reserve(len(data))
				for n := 1; n <= len(data); n++ {
					c.f(r, data[:n])
				}
			}
		})
	}
}
