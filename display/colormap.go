package display

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// colorMap is a matplotlib colour map given by evenly spaced stops, from
// the colour of the lowest value to that of the highest.
type colorMap [][3]uint8

// colorMaps are the maps ColorMap accepts, by matplotlib's names: viridis
// (the default, readable in grey and by colour-blind readers), gray and
// Greys for pictures (low values black, or white), RdBu_r for signed values
// such as weights (blue below zero, red above), and Blues for counts.
var colorMaps = map[string]colorMap{
	// matplotlib's viridis at 0, 0.1, ..., 1.
	"viridis": {{0x44, 0x01, 0x54}, {0x48, 0x24, 0x75}, {0x41, 0x44, 0x87}, {0x35, 0x5f, 0x8d}, {0x2a, 0x78, 0x8e},
		{0x21, 0x91, 0x8c}, {0x22, 0xa8, 0x84}, {0x44, 0xbf, 0x70}, {0x7a, 0xd1, 0x51}, {0xbd, 0xdf, 0x26}, {0xfd, 0xe7, 0x25}},
	"gray":  {{0, 0, 0}, {255, 255, 255}},
	"greys": {{255, 255, 255}, {0, 0, 0}},
	// RdBu_r at 0, 0.125, ..., 1.
	"rdbu_r": {{0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde}, {0xf7, 0xf7, 0xf7},
		{0xf4, 0xa5, 0x82}, {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f}},
	// Blues at 0, 0.125, ..., 1.
	"blues": {{0xf7, 0xfb, 0xff}, {0xde, 0xeb, 0xf7}, {0xc6, 0xdb, 0xef}, {0x9e, 0xca, 0xe1}, {0x6b, 0xae, 0xd6},
		{0x42, 0x92, 0xc6}, {0x21, 0x71, 0xb5}, {0x08, 0x51, 0x9c}, {0x08, 0x30, 0x6b}},
}

// colorMapNamed looks a map up by name, ignoring case, or panics naming the
// ones there are.
func colorMapNamed(op, name string) colorMap {
	if m, ok := colorMaps[strings.ToLower(name)]; ok {
		return m
	}
	names := make([]string, 0, len(colorMaps))
	for n := range colorMaps {
		names = append(names, n)
	}
	slices.Sort(names)
	panicf(gd.ErrValue, op, "unknown colour map %q: use one of %s", name, strings.Join(names, ", "))
	return nil
}

// at interpolates the map at t in [0, 1] (clamped); NaN is transparent.
func (m colorMap) at(t float64) color.RGBA {
	if math.IsNaN(t) {
		return color.RGBA{}
	}
	t = math.Max(0, math.Min(1, t)) * float64(len(m)-1)
	i := min(int(t), len(m)-2)
	f := t - float64(i)
	a, b := m[i], m[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*f)) }
	return color.RGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 255}
}

// hex lists the stops as #rrggbb, for an ECharts visualMap.
func (m colorMap) hex() []string {
	out := make([]string, len(m))
	for i, c := range m {
		out[i] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
}

// css is the colour at t as #rrggbb.
func (m colorMap) css(t float64) string {
	c := m.at(t)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}
