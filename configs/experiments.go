package configs

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed experiments/*.yaml
var experimentFiles embed.FS

// Experiment returns the YAML text of a shipped experiment config (configs/experiments/NAME.yaml).
func Experiment(name string) ([]byte, error) {
	b, err := experimentFiles.ReadFile("experiments/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no shipped experiment %q (have %s)", name, strings.Join(ExperimentNames(), ", "))
	}
	return b, nil
}

// ExperimentNames lists the shipped experiment configs.
func ExperimentNames() []string {
	entries, _ := experimentFiles.ReadDir("experiments")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}
