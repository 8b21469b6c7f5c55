package display

import (
	"slices"

	"github.com/gonotebooks/descent/gd"
)

// ColorBy colours a scatter's markers by a value per point, through
// ColorMap (default viridis) with a colour bar (plt.scatter(x, y, c=values)
// and plt.colorbar()). LogScale and ColorRange apply. Show panics if the
// number of values is not the number of points.
func ColorBy(values []float64) SeriesOption {
	v := slices.Clone(values)
	return func(c *seriesConfig) { c.colorValues = v }
}

// Classes colours a scatter's markers by class, one tab10 colour per class
// in order of first appearance, with a legend entry named after each
// (seaborn's hue=, or one plt.scatter per class with label=): the classes
// of a classification problem, the clusters of k-means. Show panics if the
// number of classes is not the number of points.
func Classes(classes []string) SeriesOption {
	v := slices.Clone(classes)
	return func(c *seriesConfig) { c.classes = v }
}

// valueRange is the range a ColorBy scatter's colours span.
func (s *Series) valueRange() (lo, hi float64) {
	if s.cfg.zRange != nil {
		return s.cfg.zRange[0], s.cfg.zRange[1]
	}
	lo, hi = extent(s.cfg.logZ, s.cfg.colorValues)
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// checkPerPoint panics unless a per-point option has one entry per point.
func (s *Series) checkPerPoint() {
	for _, p := range []struct {
		what string
		n    int
	}{{"ColorBy values", len(s.cfg.colorValues)}, {"Classes", len(s.cfg.classes)}} {
		if p.n > 0 && p.n != len(s.x) {
			panicf(gd.ErrShape, "display.Scatter", "%d %s for %d points; give one per point", p.n, p.what, len(s.x))
		}
	}
}

// byClass is the figure with each scatter coloured by class split into one
// scatter per class, in order of first appearance, coloured from the tab10
// cycle and labelled with the class, which is how both renderings draw it.
func (f *Figure) byClass() *Figure {
	split := false
	for _, s := range f.series {
		split = split || len(s.cfg.classes) > 0
	}
	if !split {
		return f
	}
	g := &Figure{cfg: f.cfg, cycle: f.cycle}
	for _, s := range f.series {
		if len(s.cfg.classes) == 0 {
			c := *s
			c.fig = g
			g.series = append(g.series, &c)
			continue
		}
		s.checkPerPoint()
		var order []string
		at := map[string]*Series{}
		for i, cl := range s.cfg.classes {
			part, ok := at[cl]
			if !ok {
				cfg := s.cfg
				cfg.classes, cfg.label = nil, cl
				cfg.color = tab10[len(order)%len(tab10)]
				part = &Series{fig: g, kind: s.kind, cfg: cfg}
				at[cl] = part
				order = append(order, cl)
				g.series = append(g.series, part)
			}
			part.x, part.y = append(part.x, s.x[i]), append(part.y, s.y[i])
		}
	}
	return g
}
