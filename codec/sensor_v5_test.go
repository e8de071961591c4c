package codec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vidlm/vidlm/internal/testlog"
)

// orderLog is a synthetic log: a date and a time of day written h.mm.ss, a code drawn from
// 200 of a table (a station, a part number), five slow random walks, and the code again in
// the last column (a cross-reference), too far to the right for the numbers coded before it
// in field order to hold it.
func orderLog(rows int) []byte {
	var log bytes.Buffer
	log.WriteString("date,time,code,w1,w2,w3,w4,w5,ref\n")
	seed := testlog.LCG(5)
	rnd := seed.IntN
	var table [200]int64
	for k := range table {
		table[k] = 100000 + rnd(900000)
	}
	var w [5]int64
	for i := 0; i < rows; i++ {
		code := table[rnd(200)]
		d := i / 24
		fmt.Fprintf(&log, "2004-%02d-%02d,%d.00.00,%d", 3+d/28, 1+d%28, i%24, code)
		for k := range w {
			w[k] += rnd(5) - 2
			fmt.Fprintf(&log, ",%d", w[k])
		}
		fmt.Fprintf(&log, ",%d\n", code)
	}
	return log.Bytes()
}

// orderGoldenRows: the rows of orderLog in the golden file sensor_order.vlm.
const orderGoldenRows = 4200

// TestSensorModel5Order: model 5 codes the code after its cross-reference (a coding order in
// the block head), where it is written as the number coded before it, reads the h.mm.ss
// times as times, round-trips byte for byte, and codes clearly smaller than model 4.
func TestSensorModel5Order(t *testing.T) {
	log := orderLog(orderGoldenRows)
	v5, enc := encodeSensorModel(t, log, 1<<16, sensorModelV5)
	v4, enc4 := encodeSensorModel(t, log, 1<<16, sensorModelV4)
	if got, _ := decodeSensor(t, v5); !bytes.Equal(got, log) {
		t.Fatal("model 5 round trip differs")
	}
	if got, _ := decodeSensor(t, v4); !bytes.Equal(got, log) {
		t.Fatal("model 4 round trip differs")
	}
	h := enc.lastHead
	if want := []int{0, 1, 3, 4, 5, 6, 7, 8, 2}; !slices.Equal(h.order, want) {
		t.Errorf("coding order %v, want %v", h.order, want)
	}
	if len(h.layouts) != 2 || !h.layouts[1].layout.DottedTime() {
		t.Errorf("model 5 layouts %v, want a date and a dotted time", h.layouts)
	}
	if h4 := enc4.lastHead; len(h4.layouts) != 1 || h4.order != nil {
		t.Errorf("model 4 layouts %v, order %v: model 4 writes what it wrote before model 5", h4.layouts, h4.order)
	}
	if 100*len(v5) > 90*len(v4) {
		t.Errorf("model 5 %d bytes, model 4 %d: expected at least 10 %% less", len(v5), len(v4))
	}
	t.Logf("%d bytes of log: model 4 %d bytes, model 5 %d; order %v", len(log), len(v4), len(v5), h.order)
}

// TestSensorModel5FieldOrder: a log whose columns do not tell one another keeps field order,
// and model 5 costs it at most a byte a block over model 4.
func TestSensorModel5FieldOrder(t *testing.T) {
	log := orbitLog(6000)
	v5, enc := encodeSensorModel(t, log, 1<<16, sensorModelV5)
	v4, _ := encodeSensorModel(t, log, 1<<16, sensorModelV4)
	if enc.lastHead.order != nil {
		t.Errorf("coding order %v, want none", enc.lastHead.order)
	}
	if blocks := len(enc.Stats()); len(v5) > len(v4)+blocks {
		t.Errorf("model 5 %d bytes, model 4 %d, %d blocks", len(v5), len(v4), blocks)
	}
	if got, _ := decodeSensor(t, v5); !bytes.Equal(got, log) {
		t.Fatal("round trip differs")
	}
}

// TestSensorOrderHead: a model-5 block head carries its coding order; a head whose order is
// not a permutation of the first fields is refused, and model 4 reads no order.
func TestSensorOrderHead(t *testing.T) {
	h := &sensorBlockHead{rows: 3, raw: 40, ec: make([]int32, 4), hasEc: make([]bool, 4), model: sensorModelV5, order: []int{0, 2, 3, 1}}
	b := h.append(nil)
	g, rest, err := parseSensorBlockHead(append(b, 0xAA), sensorModelV5)
	if err != nil || !slices.Equal(g.order, h.order) || !bytes.Equal(rest, []byte{0xAA}) {
		t.Fatalf("read %v, %x, %v; wrote %v", g, rest, err, h.order)
	}
	for _, bad := range [][]int{{0, 2, 2, 1}, {0, 4, 1, 2}, {1}, {0, 1, 2, 3, 4}} {
		h.order = bad
		if _, _, err := parseSensorBlockHead(h.append(nil), sensorModelV5); err == nil {
			t.Errorf("order %v accepted", bad)
		}
	}
	h.order, h.model = nil, sensorModelV4
	b4 := h.append(nil)
	h.model = sensorModelV5
	if b5 := h.append(nil); len(b5) != len(b4)+1 {
		t.Errorf("model 5 head of field order %d bytes, model 4 %d: want one more", len(b5), len(b4))
	}
}

// TestSensorModel4Encodes holds sensor model 4 to the files it wrote before model 5 existed:
// SetModel(4) must code the golden logs into exactly those bytes (testdata/golden/v2/
// NAME_model4.vlm, which TestGolden also decodes).
func TestSensorModel4Encodes(t *testing.T) {
	for name, log := range sensorGoldenCases(t) {
		want, err := os.ReadFile(filepath.Join(goldenDir(2), name+"_model4.vlm"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := encodeSensorModel(t, log, 1<<16, sensorModelV4)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: model 4 codes it in %d bytes that differ from its model-4 golden file's %d", name, len(got), len(want))
		}
	}
}

// TestSensorModel5Encodes holds sensor model 5 to the files it wrote before model 6 existed:
// SetModel(5) must code the golden logs (sensor_order's included) into exactly those bytes
// (testdata/golden/v2/NAME_model5.vlm, which TestGolden also decodes).
func TestSensorModel5Encodes(t *testing.T) {
	cases := sensorGoldenCases(t)
	cases["sensor_order"] = orderLog(orderGoldenRows)
	for name, log := range cases {
		want, err := os.ReadFile(filepath.Join(goldenDir(2), name+"_model5.vlm"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := encodeSensorModel(t, log, 1<<16, sensorModelV5)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: model 5 codes it in %d bytes that differ from its model-5 golden file's %d", name, len(got), len(want))
		}
	}
}

// TestSensorOrderProposals: the orders model 5's encoder tries on a block: the move its
// columns' values propose (orderLog: the code after its reference), and the numeric columns
// other than dates in reverse (the dates stay first).
func TestSensorOrderProposals(t *testing.T) {
	_, enc := encodeSensorModel(t, orderLog(orderGoldenRows), 1<<16, sensorModelV5)
	got := enc.proposeOrders(enc.lastHead)
	want := [][]int{{0, 1, 3, 4, 5, 6, 7, 8, 2}, {0, 1, 8, 7, 6, 5, 4, 3, 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("orderLog: proposals %v, want %v", got, want)
	}
	_, enc = encodeSensorModel(t, orbitLog(6000), 1<<16, sensorModelV5)
	if got := enc.proposeOrders(enc.lastHead); fmt.Sprint(got) != "[[2 1 0]]" {
		t.Errorf("orbitLog: proposals %v, want [[2 1 0]]", got)
	}
}
