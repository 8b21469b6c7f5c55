package display

import (
	"fmt"
	"math"
)

// Every output has a size budget. A chart has a few hundred pixel columns,
// so a line of a million points or a cloud of a million markers draws no
// differently from a few thousand well-chosen ones, while its HTML (the data
// of the live chart) and its SVG (the static picture) would run to hundreds
// of megabytes. Before drawing, each series is reduced to what the plot can
// show, from the same layout both renderings use, and the text form of the
// output says when that happened and how.
const (
	// maxLinePoints and maxScatterPoints bound one series after reduction.
	// A line's shape needs at most four points per pixel column (first,
	// lowest, highest, last), a few thousand on the widest charts; past
	// the bound, every k-th point is kept.
	maxLinePoints    = 10000
	maxScatterPoints = 20000
)

// reduceSeries returns the points of s to draw in the frame (thinning the
// colour values of a ColorBy scatter in s to match), and a note for
// the text form when they are fewer than the series holds ("" otherwise).
// Lines keep their shape: consecutive points that fall in one pixel column
// are cut to the first, lowest, highest and last of them, in order, and
// gaps (non-finite values) stay. Scatters keep one point per small cell of
// the plot, the first to fall there, with cells growing until the budget is
// met: markers that would cover each other are drawn once.
func reduceSeries(s *Series, x, y []float64, sx, sy axisScale, fr frame) (rx, ry []float64, note string) {
	switch s.kind {
	case kindLine, kindArrows:
		if len(x) <= 4*int(fr.plotW())+2 {
			return x, y, ""
		}
		rx, ry = perColumn(x, y, sx, sy, fr)
		how := "lowest and highest per pixel column"
		if len(rx) > maxLinePoints {
			k := (len(rx) + maxLinePoints - 1) / maxLinePoints
			rx, ry = every(rx, k), every(ry, k)
			how = fmt.Sprintf("lowest and highest per pixel column, then every %s point", ordinal(k))
		}
		return rx, ry, fmt.Sprintf("drawn with %d points: %s", len(rx), how)
	case kindScatter:
		if len(x) <= maxScatterPoints {
			return x, y, ""
		}
		// Start at the cell that would hold the budget on a full plot.
		start := math.Max(s.cfg.markerSize()/3, math.Sqrt(fr.plotW()*fr.plotH()/maxScatterPoints))
		for cell := math.Max(1, start); ; cell *= 1.5 {
			idx := perCell(x, y, sx, sy, fr, cell)
			if len(idx) <= maxScatterPoints {
				rx, ry = pick(x, idx), pick(y, idx)
				if s.cfg.colorValues != nil {
					// A scatter coloured by value keeps the values of the points it keeps.
					s.cfg.colorValues = pick(s.cfg.colorValues, idx)
				}
				return rx, ry, fmt.Sprintf("drawn with %d points: one per %s-pixel cell", len(rx), f1(cell))
			}
		}
	}
	return x, y, ""
}

// perColumn keeps, of each run of consecutive finite points in one pixel
// column, the first, lowest, highest and last, in their order; each run of
// non-finite points becomes one gap.
func perColumn(xs, ys []float64, sx, sy axisScale, fr frame) (ox, oy []float64) {
	keep := func(i int) { ox, oy = append(ox, xs[i]), append(oy, ys[i]) }
	col := func(i int) float64 {
		if !finite(xs[i]) || !finite(ys[i]) || (sx.log && xs[i] <= 0) || (sy.log && ys[i] <= 0) {
			return math.NaN()
		}
		px, _ := fr.px(sx, sy, xs[i], ys[i])
		return math.Floor(px)
	}
	for i := 0; i < len(xs); {
		c := col(i)
		j := i + 1
		if math.IsNaN(c) {
			for j < len(xs) && math.IsNaN(col(j)) {
				j++
			}
			keep(i)
			i = j
			continue
		}
		lo, hi := i, i
		for ; j < len(xs) && col(j) == c; j++ {
			if ys[j] < ys[lo] {
				lo = j
			}
			if ys[j] > ys[hi] {
				hi = j
			}
		}
		last := j - 1
		// In index order, each kept once.
		idx := []int{i, lo, hi, last}
		if lo > hi {
			idx[1], idx[2] = hi, lo
		}
		prev := -1
		for _, k := range idx {
			if k != prev {
				keep(k)
				prev = k
			}
		}
		i = j
	}
	return ox, oy
}

// perCell returns the index of the first point to land in each cell×cell
// square of the plot; points that are not finite, or not positive on a log
// axis, are not drawn and are dropped.
func perCell(xs, ys []float64, sx, sy axisScale, fr frame, cell float64) (keep []int) {
	seen := map[[2]int32]bool{}
	for i := range xs {
		if !finite(xs[i]) || !finite(ys[i]) || (sx.log && xs[i] <= 0) || (sy.log && ys[i] <= 0) {
			continue
		}
		px, py := fr.px(sx, sy, xs[i], ys[i])
		key := [2]int32{int32(math.Floor(px / cell)), int32(math.Floor(py / cell))}
		if !seen[key] {
			seen[key] = true
			keep = append(keep, i)
		}
	}
	return keep
}

func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// every keeps every k-th value and the last.
func every(v []float64, k int) []float64 {
	var out []float64
	for i := 0; i < len(v); i += k {
		out = append(out, v[i])
	}
	if (len(v)-1)%k != 0 {
		out = append(out, v[len(v)-1])
	}
	return out
}

func ordinal(k int) string {
	switch {
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		return fmt.Sprintf("%dst", k)
	case k%10 == 2:
		return fmt.Sprintf("%dnd", k)
	case k%10 == 3:
		return fmt.Sprintf("%drd", k)
	}
	return fmt.Sprintf("%dth", k)
}
