//go:build !unix

package codec

import "time"

var start = time.Now()

// cpuTime stands in with the wall clock where the process's CPU time is not at hand.
func cpuTime() time.Duration { return time.Since(start) }
