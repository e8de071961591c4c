// Package configs holds vidlm's presets (fast, default, max) as YAML files, embedded in the
// binary and read with viper by the command line. Experiment configurations live beside them.
package configs

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Preset returns the YAML text of the named preset.
func Preset(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown preset %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Names lists the presets.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}
