package predict

// The skip flag's counter of P against the current frame's neighbours (SkipMed), issue 16's
// vres2 round: see docs/MODEL.md.

// skipMedSize: P − MED(W, N, NW) clamped to ±8 × the skipped flags of the ten-flag template
// (0..10) × the reference flag × the temporal activity (4 levels) × the sign of the nearer of
// P − W and P − N (−, 0, +).
const skipMedSize = 17 * 11 * 3 * 4 * 3

// actLevel maps a magnitude clamped to 7 to four levels: 0, 1..2, 3..6, 7 and more.
var actLevel = [8]uint8{0, 1, 1, 2, 2, 2, 2, 3}
