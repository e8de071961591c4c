package experiment

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/vidlm/vidlm/configs"
)

// UnknownConfigError is a CONFIG argument that is neither a file nor a shipped config.
type UnknownConfigError struct{ Err error }

func (e *UnknownConfigError) Error() string { return e.Err.Error() }

// ConfigText finds the config arg names: a YAML file (any argument with a path separator or
// an extension, or that exists), or the name of a config shipped in configs/experiments. It
// returns the name to report in errors and, for a shipped config, its text (nil for a file:
// LoadConfig reads it).
func ConfigText(arg string) (file string, data []byte, err error) {
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, `/\.`) {
		return arg, nil, nil
	}
	data, err = configs.Experiment(arg)
	if err != nil {
		return "", nil, &UnknownConfigError{err}
	}
	return "configs/experiments/" + arg + ".yaml", data, nil
}

// maxSweepPoints bounds the values one --set may expand to (a typo such as seed=1..1e9
// should be an error, not a run that never ends).
const maxSweepPoints = 10000

// splitValues reads the value of a --set: values separated by commas, where an integer range
// "a..b" (inclusive, a ≤ b) stands for every integer from a to b.
func splitValues(val string) ([]string, error) {
	var vals []string
	for _, v := range strings.Split(val, ",") {
		lo, hi, isRange := strings.Cut(v, "..")
		if !isRange {
			vals = append(vals, v)
			continue
		}
		a, errA := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		b, errB := strconv.ParseInt(strings.TrimSpace(hi), 10, 64)
		switch {
		case errA != nil || errB != nil:
			return nil, fmt.Errorf("range %q: a..b takes two integers", v)
		case a > b:
			return nil, fmt.Errorf("range %q: %d is above %d", v, a, b)
		case b-a >= maxSweepPoints || len(vals)+int(b-a) >= maxSweepPoints:
			return nil, fmt.Errorf("range %q: more than %d values", v, maxSweepPoints)
		}
		for x := a; x <= b; x++ {
			vals = append(vals, strconv.FormatInt(x, 10))
		}
	}
	return vals, nil
}
