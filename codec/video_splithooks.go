package codec

// splitGateRecord and splitGateReplay are the tests' hooks on the split gate's decisions
// (nil in the codec): the first receives each gate a band past the share codes (by the
// band's first row), the second replaces the trials' decisions (video_splittrial.go) with
// the gates it returns.
var (
	splitGateRecord func(y0, split int)
	splitGateReplay func(y0 int) int
)
