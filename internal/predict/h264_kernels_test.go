package predict

import (
	"math/rand"
	"slices"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestH264HalvesAVX2 holds the H.264 half samples the search builds with the AVX2 kernels
// (h264Tap6AVX2 across, h264DownAVX2 down) to those of the Go loops, every row of b, h and
// j, on random planes of 8, 10 and 16 bits and extreme ones (all 0, all maxVal,
// alternating), widths around the kernels' multiples of 8 (the edges' clamped reads and the
// loops' remainders) and heights of 1 to 17 (the rows clamped at the top and bottom).
func TestH264HalvesAVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2")
	}
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	rng := rand.New(rand.NewSource(2641))
	build := func(prev *Plane, maxVal int32, avx bool) (b, v, j []uint16) {
		haveSAD16 = avx
		var c h264Halves
		c.reset(prev, maxVal)
		c.ensure(0, prev.H, 6)  // f: b and j
		c.ensure(0, prev.H, 13) // p: h and b
		return slices.Clone(c.b), slices.Clone(c.v), slices.Clone(c.j)
	}
	for _, maxVal := range []int32{255, 1023, 65535} {
		for _, w := range []int{1, 2, 5, 6, 7, 12, 13, 14, 20, 21, 40, 77, 130} {
			for _, h := range []int{1, 2, 3, 6, 17} {
				for kind := 0; kind < patternKinds; kind++ {
					prev := patternPlane(rng, w, h, maxVal, kind)
					b0, v0, j0 := build(prev, maxVal, false)
					b1, v1, j1 := build(prev, maxVal, true)
					if !slices.Equal(b0, b1) || !slices.Equal(v0, v1) || !slices.Equal(j0, j1) {
						t.Fatalf("maxVal %d, %dx%d, kind %d: the AVX2 halves differ from the Go loops'", maxVal, w, h, kind)
					}
				}
			}
		}
	}
}

// TestH264Tap6AVX2 holds h264Tap6AVX2 and h264DownAVX2 to their Go definitions on random
// int32 rows (any values: the sums wrap modulo 2^32 in both), at every length up to 40 and
// offsets that misalign the rows, both shifts h264Across uses and clamps of 8 to 16 bits.
func TestH264Tap6AVX2(t *testing.T) {
	if !haveSAD16 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewSource(2642))
	tap := func(r []int32, i int) int32 {
		return r[i] + r[i+5] - 5*(r[i+1]+r[i+4]) + 20*(r[i+2]+r[i+3])
	}
	for trial := 0; trial < 2000; trial++ {
		n := 8 * rng.Intn(6)
		off := rng.Intn(8)
		r := make([]int32, off+n+5)
		for i := range r {
			switch trial % 3 {
			case 0:
				r[i] = int32(rng.Uint32())
			case 1:
				r[i] = rng.Int31n(2*52*65536) - 52*65536 // vertical sums of 16-bit samples
			default:
				r[i] = rng.Int31n(1024)
			}
		}
		mv := []int32{255, 1023, 65535}[rng.Intn(3)]
		round, shift := int32(16), uint(5)
		if rng.Intn(2) == 1 {
			round, shift = 512, 10
		}
		got := make([]uint16, off+n+1)
		got[off+n] = 0xfff7
		want := make([]uint16, off+n+1)
		want[off+n] = 0xfff7
		for i := 0; i < n; i++ {
			want[off+i] = uint16(min(max((tap(r[off:], i)+round)>>shift, 0), mv))
		}
		if n > 0 {
			h264Tap6AVX2(&got[off], &r[off], n, round, shift, mv)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("h264Tap6AVX2 n %d round %d shift %d mv %d: %v, want %v", n, round, shift, mv, got, want)
		}
		// down: six rows at random offsets of one buffer
		rows := make([][]int32, 6)
		for k := range rows {
			rows[k] = make([]int32, n+rng.Intn(3))
			for i := range rows[k] {
				rows[k][i] = r[rng.Intn(len(r))]
			}
		}
		hv, v := make([]int32, n+1), make([]uint16, n+1)
		hv[n], v[n] = -7, 0xfff7
		wantHV, wantV := make([]int32, n+1), make([]uint16, n+1)
		wantHV[n], wantV[n] = -7, 0xfff7
		for i := 0; i < n; i++ {
			s := rows[0][i] + rows[5][i] - 5*(rows[1][i]+rows[4][i]) + 20*(rows[2][i]+rows[3][i])
			wantHV[i], wantV[i] = s, uint16(min(max((s+16)>>5, 0), mv))
		}
		if n > 0 {
			h264DownAVX2(&hv[0], &v[0], &rows[0][0], &rows[1][0], &rows[2][0], &rows[3][0], &rows[4][0], &rows[5][0], n, mv)
		}
		if !slices.Equal(hv, wantHV) || !slices.Equal(v, wantV) {
			t.Fatalf("h264DownAVX2 n %d mv %d: %v %v, want %v %v", n, mv, hv, v, wantHV, wantV)
		}
	}
}

// BenchmarkH264Halves builds every row of b, h and j of a 640x360 8-bit plane, with the
// AVX2 kernels and with the Go loops.
func BenchmarkH264Halves(b *testing.B) {
	prev := randomPlane(rand.New(rand.NewSource(1)), 640, 360, 255)
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	for _, avx := range []bool{false, true} {
		name := "go"
		if avx {
			name = "avx2"
		}
		b.Run(name, func(b *testing.B) {
			if avx && !cpu.X86.HasAVX2 {
				b.Skip("no AVX2")
			}
			haveSAD16 = avx
			var c h264Halves
			for i := 0; i < b.N; i++ {
				c.reset(prev, 255)
				c.ensure(0, prev.H, 6)
				c.ensure(0, prev.H, 13)
			}
		})
	}
}

// TestH264HalvesNarrow holds the half samples stored as uint16 (h264Halves.b, v, j) to the
// int32 values the filter gives (the 6 taps across with the ends clamped, the vertical sums
// and the taps across them for j, worked out here in int32), every row, on planes of 8, 10 and 16 bits: random ones and the extremes (all 0,
// all maxVal, alternating 0 and maxVal across, down and both, whose taps reach the sums'
// bounds −10·maxVal and 42·maxVal before the clamp), with and without AVX2 (the
// kernels' uint16 stores too: it fails with a signed pack, VPACKSSDW, checked).
func TestH264HalvesNarrow(t *testing.T) {
	defer func(had bool) { haveSAD16 = had }(haveSAD16)
	rng := rand.New(rand.NewSource(5))
	for _, avx := range []bool{false, true} {
		if avx && !cpu.X86.HasAVX2 {
			continue
		}
		haveSAD16 = avx
		for _, maxVal := range []int32{255, 1023, 65535} {
			for _, w := range []int{1, 5, 13, 40} {
				const h = 9
				for kind := 0; kind < patternKinds; kind++ {
					prev := patternPlane(rng, w, h, maxVal, kind)
					var c h264Halves
					c.reset(prev, maxVal)
					c.ensure(0, h, 6)
					c.ensure(0, h, 13)
					wantB, wantV, wantJ := make([]int32, w), make([]int32, w), make([]int32, w)
					hv := make([]int32, w)
					// across in int32, the reads past the ends clamped (h264Across's definition)
					across := func(d, r []int32, round int32, shift uint) {
						for x := range d {
							var s int32
							for k, tap := range [6]int32{1, -5, 20, 20, -5, 1} {
								s += tap * r[clampInt(x-2+k, 0, w-1)]
							}
							d[x] = min(max((s+round)>>shift, 0), maxVal)
						}
					}
					for y := 0; y < h; y++ {
						across(wantB, prev.Row(y)[PlanePad:][:w], 16, 5)
						for x := 0; x < w; x++ {
							var s int32
							for k, tap := range [6]int32{1, -5, 20, 20, -5, 1} {
								s += tap * prev.Row(clampInt(y-2+k, 0, h-1))[PlanePad+x]
							}
							hv[x] = s
							wantV[x] = min(max((s+16)>>5, 0), maxVal)
						}
						across(wantJ, hv, 512, 10)
						for x := 0; x < w; x++ {
							i := y*w + x
							if int32(c.b[i]) != wantB[x] || int32(c.v[i]) != wantV[x] || int32(c.j[i]) != wantJ[x] {
								t.Fatalf("avx %v, maxVal %d, %dx%d, kind %d, (%d, %d): stored b, h, j %d %d %d, the filter's %d %d %d",
									avx, maxVal, w, h, kind, x, y, c.b[i], c.v[i], c.j[i], wantB[x], wantV[x], wantJ[x])
							}
						}
					}
				}
			}
		}
	}
}

// patternKinds is the number of planes patternPlane makes.
const patternKinds = 6

// patternPlane returns a w x h plane of samples in [0, maxVal]: random for kind 0, and the
// extremes the half-sample filters' sums reach for the others: all 0 (1), all maxVal (2),
// and 0 and maxVal alternating across and down (3), in pairs of columns (4) and in pairs of
// rows (5), whose 6-tap sums hit −10·maxVal and 42·maxVal.
func patternPlane(rng *rand.Rand, w, h int, maxVal int32, kind int) *Plane {
	p := randomPlane(rng, w, h, maxVal)
	for y := 0; y < h; y++ {
		r := p.Row(y)[PlanePad:][:w]
		for x := range r {
			switch kind {
			case 1:
				r[x] = 0
			case 2:
				r[x] = maxVal
			case 3:
				r[x] = maxVal * int32((x+y)&1)
			case 4:
				r[x] = maxVal * int32(((x>>1)+y)&1)
			case 5:
				r[x] = maxVal * int32((x^(y>>1))&1)
			}
		}
	}
	return p
}
