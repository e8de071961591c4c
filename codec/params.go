package codec

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// ParamList is the self-describing form of a stream's parameters in the file header: named
// integers and strings. A decoder refuses a name it does not know (it could not honour it),
// so a later vidlm can add parameters without breaking old files.
type ParamList struct {
	ints map[string]int64
	strs map[string]string
}

// NewParamList returns an empty list.
func NewParamList() *ParamList {
	return &ParamList{ints: map[string]int64{}, strs: map[string]string{}}
}

// SetInt sets an integer parameter.
func (p *ParamList) SetInt(name string, v int64) { p.ints[name] = v }

// SetString sets a string parameter.
func (p *ParamList) SetString(name, v string) { p.strs[name] = v }

// Marshal encodes the list, names in sorted order so that the bytes are reproducible.
func (p *ParamList) Marshal() []byte {
	var names []string
	for k := range p.ints {
		names = append(names, k)
	}
	for k := range p.strs {
		names = append(names, k)
	}
	sort.Strings(names)
	b := binary.AppendUvarint(nil, uint64(len(names)))
	for _, k := range names {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		if v, ok := p.ints[k]; ok {
			b = append(b, 'i')
			b = binary.AppendVarint(b, v)
		} else {
			s := p.strs[k]
			b = append(b, 's')
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

// UnmarshalParamList decodes a list written by Marshal.
func UnmarshalParamList(b []byte) (*ParamList, error) {
	p := NewParamList()
	f := &fieldReader{b: b}
	n := f.count(uint64(len(b)), "parameter count")
	for i := 0; i < n && f.err == nil; i++ {
		name := f.str(256, "parameter name length")
		switch f.byte1() {
		case 'i':
			v, k := binary.Varint(f.b)
			if k <= 0 {
				return nil, fmt.Errorf("parameter %q: malformed integer", name)
			}
			f.b = f.b[k:]
			p.ints[name] = v
		case 's':
			p.strs[name] = f.str(len(f.b), "parameter length")
		default:
			if f.err == nil {
				return nil, fmt.Errorf("parameter %q: unknown type", name)
			}
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	if len(f.b) != 0 {
		return nil, fmt.Errorf("%d stray bytes after the parameters", len(f.b))
	}
	return p, nil
}

// paramGetter reads parameters out of a list, remembering the first error and which names
// were used, so that unknown names can be refused at the end.
type paramGetter struct {
	p    *ParamList
	used map[string]bool
	err  error
}

func newParamGetter(p *ParamList) *paramGetter {
	return &paramGetter{p: p, used: map[string]bool{}}
}

// int returns the integer parameter name, which must lie in [lo, hi].
func (g *paramGetter) int(name string, lo, hi int64) int64 {
	g.used[name] = true
	v, ok := g.p.ints[name]
	if !ok {
		if g.err == nil {
			g.err = fmt.Errorf("missing parameter %q", name)
		}
		return lo
	}
	if v < lo || v > hi {
		if g.err == nil {
			g.err = fmt.Errorf("parameter %q = %d outside %d..%d", name, v, lo, hi)
		}
		return lo
	}
	return v
}

// optInt is like int but returns def when the parameter is absent.
func (g *paramGetter) optInt(name string, lo, hi, def int64) int64 {
	if _, ok := g.p.ints[name]; !ok {
		g.used[name] = true
		return def
	}
	return g.int(name, lo, hi)
}

func (g *paramGetter) str(name string) string {
	g.used[name] = true
	return g.p.strs[name]
}

// finish reports the first error, or a parameter that nothing asked for.
func (g *paramGetter) finish() error {
	if g.err != nil {
		return g.err
	}
	var unknown []string
	for k := range g.p.ints {
		if !g.used[k] {
			unknown = append(unknown, k)
		}
	}
	for k := range g.p.strs {
		if !g.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown parameter %q (written by a newer vidlm?)", unknown[0])
	}
	return nil
}
