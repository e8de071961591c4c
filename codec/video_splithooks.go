package codec

// splitGateRecord is the tests' hook on the split gate's decisions (nil in the codec): it
// receives each gate a band past the share codes (by the band's first row).
var splitGateRecord func(y0, split int)
