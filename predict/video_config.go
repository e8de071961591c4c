package predict

import "fmt"

// VideoConfig holds the video model's knobs. Every field is stored in the .vlm header, so a
// decoder rebuilds exactly the model the encoder used.
type VideoConfig struct {
	Temporal  bool // predict from the previous frame (skip flags, temporal predictors)
	MixerRate int  // learning rate of the logistic mixers (2..32)
	Limit     int  // slowest adaptation of the bit counters, in observations (16..1023)
	// MotionBlock is the block size of motion compensation in samples of the first coded
	// plane (0: off); MotionRange the largest displacement searched, in samples.
	MotionBlock int
	MotionRange int
}

// DefaultVideoConfig is the model the default preset uses.
func DefaultVideoConfig() VideoConfig {
	return VideoConfig{Temporal: true, MixerRate: 6, Limit: 255, MotionBlock: 16, MotionRange: 32}
}

// Validate checks that every knob is in range.
func (c VideoConfig) Validate() error {
	if c.MixerRate < 1 || c.MixerRate > 64 {
		return fmt.Errorf("mixer rate %d outside 1..64", c.MixerRate)
	}
	if c.Limit < 1 || c.Limit > 1023 {
		return fmt.Errorf("counter limit %d outside 1..1023", c.Limit)
	}
	if c.MotionBlock != 0 && (c.MotionBlock < 4 || c.MotionBlock > 64 || c.MotionBlock&(c.MotionBlock-1) != 0) {
		return fmt.Errorf("motion block %d is not 0 or a power of two in 4..64", c.MotionBlock)
	}
	if c.MotionRange < 0 || c.MotionRange > MaxMotionRange {
		return fmt.Errorf("motion range %d outside 0..%d", c.MotionRange, MaxMotionRange)
	}
	return nil
}

// MaxMotionRange bounds VideoConfig.MotionRange, in samples.
const MaxMotionRange = 256
