package codec

import (
	"fmt"
	"io"
	"sync/atomic"
)

// Decision kinds of a video sample, for WithDecisionCosts: where a file's bits go.
const (
	DecisionBlockFlag = iota // the whole-block flag (per 8x8 block)
	DecisionSkip             // the skip flag, mixed
	DecisionSkipFast         // the skip flag where the reference plane was unchanged (one counter)
	DecisionZero             // the residual's zero flag
	DecisionSign             // its sign
	DecisionExp0             // exponent: "above 0?"
	DecisionExp1             // "above 1?"
	DecisionExp2             // "above 2?"
	DecisionExp3             // "above 3?" and later
	DecisionTop1             // the mantissa's top bit, exponent 1 (|r| 2..3)
	DecisionTop2             // the mantissa's top bit, exponents 2 and above
	DecisionLower            // the mantissa's lower bits (one counter a slot)
	// DecisionExcludable counts again (it is also in its own kind) the decision that ends the
	// path of the one residual the skip flag excluded, P − the prediction, where the sample
	// follows that path to there: a decision the model need not have made.
	DecisionExcludable
	NumDecisionKinds
)

var decisionNames = [NumDecisionKinds]string{"block flag", "skip flag (mixed)", "skip flag (reference unchanged)",
	"zero flag", "sign", "exponent > 0", "exponent > 1", "exponent > 2", "exponent > 3 and up",
	"mantissa top bit, exponent 1", "mantissa top bit, exponent >= 2", "mantissa lower bits",
	"(of these: the excluded residual's last decision)"}

// DecisionCosts sums an encoder's surprise by decision kind, the first plane apart from the
// others (WithDecisionCosts). Updated atomically: tiles coded at once add to the same sums.
type DecisionCosts struct {
	Cost  [2][NumDecisionKinds]uint64 // 1/65536 bit; [0] the first plane, [1] the later ones
	Count [2][NumDecisionKinds]uint64
}

func (d *DecisionCosts) add(plane, kind int, cost uint64) {
	atomic.AddUint64(&d.Cost[plane][kind], cost)
	atomic.AddUint64(&d.Count[plane][kind], 1)
}

// WithDecisionCosts makes a video encoder sum each decision's surprise by kind into d, for a
// table of where the bits go (vidlm encode's hidden --decision-costs). It implies
// WithPixelCosts (whose slow sample loop it instruments) and changes no byte.
func WithDecisionCosts(d *DecisionCosts) Option {
	return func(o *options) error {
		o.pixelCosts = true
		o.decisionCosts = d
		return o.check("WithDecisionCosts", forVideoEncoder)
	}
}

// Write prints the table: bytes, the share of the total, decisions and bits a decision, by
// kind and plane; total is the file's size in bytes (the rest is motion, warps, headers).
func (d *DecisionCosts) Write(w io.Writer, total int64) {
	var sum uint64
	for k := 0; k < DecisionExcludable; k++ {
		sum += d.Cost[0][k] + d.Cost[1][k]
	}
	fmt.Fprintf(w, "%-50s %12s %7s %12s %6s | %12s %7s %12s %6s\n", "decision", "Y bytes", "share", "Y count", "bits", "C bytes", "share", "C count", "bits")
	for k := 0; k < NumDecisionKinds; k++ {
		fmt.Fprintf(w, "%-50s", decisionNames[k])
		for pl := 0; pl < 2; pl++ {
			b := float64(d.Cost[pl][k]) / CostUnit / 8
			bits := 0.0
			if d.Count[pl][k] > 0 {
				bits = float64(d.Cost[pl][k]) / CostUnit / float64(d.Count[pl][k])
			}
			sep := " "
			if pl == 1 {
				sep = " | "
			}
			fmt.Fprintf(w, "%s%12.0f %6.2f%% %12d %6.3f", sep, b, 100*b/float64(total), d.Count[pl][k], bits)
		}
		fmt.Fprintln(w)
	}
	s := float64(sum) / CostUnit / 8
	fmt.Fprintf(w, "%-50s %12.0f %6.2f%%\n", "samples and block flags", s, 100*s/float64(total))
	fmt.Fprintf(w, "%-50s %12.0f %6.2f%%\n", "rest (motion, warps, LS, headers)", float64(total)-s, 100*(float64(total)-s)/float64(total))
	fmt.Fprintf(w, "%-50s %12d\n", "file", total)
}
