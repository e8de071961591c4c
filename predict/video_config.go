package predict

import "fmt"

// VideoConfig holds the video model's knobs. Every field is stored in the .vlm header, so a
// decoder rebuilds exactly the model the encoder used.
type VideoConfig struct {
	Temporal  bool // predict from the previous frame (skip flags, temporal predictors)
	MixerRate int  // learning rate of the logistic mixers (2..32)
	Limit     int  // slowest adaptation of the bit counters, in observations (16..1023)
}

// DefaultVideoConfig is the model the default preset uses.
func DefaultVideoConfig() VideoConfig {
	return VideoConfig{Temporal: true, MixerRate: 6, Limit: 255}
}

// Validate checks that every knob is in range.
func (c VideoConfig) Validate() error {
	if c.MixerRate < 1 || c.MixerRate > 64 {
		return fmt.Errorf("mixer rate %d outside 1..64", c.MixerRate)
	}
	if c.Limit < 1 || c.Limit > 1023 {
		return fmt.Errorf("counter limit %d outside 1..1023", c.Limit)
	}
	return nil
}
