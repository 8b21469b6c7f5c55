package display

import (
	"math"
	"strconv"
)

// axisScale is an axis range with its tick marks. Both renderings (ECharts and
// the static SVG) are given the same scale, so the live chart and its fallback
// image show the same axes.
type axisScale struct {
	lo, hi float64
	step   float64 // tick spacing; for log axes, the exponent step
	split  int     // the number of parts asked for (ECharts' splitNumber)
	log    bool
}

// ticks returns the tick positions of the scale.
func (s axisScale) ticks() []float64 {
	var out []float64
	if s.log {
		for e := math.Ceil(math.Log10(s.lo) - 1e-9); e <= math.Log10(s.hi)+1e-9; e += s.step {
			out = append(out, math.Pow(10, e))
		}
		return out
	}
	for k := math.Ceil(s.lo/s.step - 1e-9); k*s.step <= s.hi+s.step*1e-9; k++ {
		out = append(out, tidy(k*s.step))
	}
	return out
}

// tidy rounds away the binary noise of k*step (3*0.1 = 0.30000000000000004).
func tidy(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// frac maps v to [0, 1] along the axis (may fall outside when clipped).
func (s axisScale) frac(v float64) float64 {
	if s.log {
		return (math.Log10(v) - math.Log10(s.lo)) / (math.Log10(s.hi) - math.Log10(s.lo))
	}
	return (v - s.lo) / (s.hi - s.lo)
}

// niceStep returns the tick spacing ECharts picks for a value axis of the
// given span split in about target parts: 1, 2, 3, 5 or 10 times a power of
// ten. Using ECharts' own rule (numberUtil.nice with rounding) makes the
// static SVG show the ticks the live chart shows.
func niceStep(span float64, target int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(target)
	exp := math.Floor(math.Log10(raw))
	if raw/math.Pow(10, exp) >= 10 {
		exp++
	}
	f := raw / math.Pow(10, exp)
	var nf float64
	switch {
	case f < 1.5:
		nf = 1
	case f < 2.5:
		nf = 2
	case f < 4:
		nf = 3
	case f < 7:
		nf = 5
	default:
		nf = 10
	}
	return tidy(nf * math.Pow(10, exp))
}

// linearScale returns the exact limits when fixed, else the data extent
// widened by 5% on each side (matplotlib's default margins), with a nice tick
// step; ticks fall on multiples of the step inside the range.
func linearScale(lo, hi float64, fixed *[2]float64, target int) axisScale {
	if fixed != nil {
		return axisScale{lo: fixed[0], hi: fixed[1], step: niceStep(fixed[1]-fixed[0], target), split: target}
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1 // no finite data at all
	}
	if lo == hi {
		pad := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-pad, hi+pad
	}
	margin := 0.05 * (hi - lo)
	lo, hi = lo-margin, hi+margin
	return axisScale{lo: lo, hi: hi, step: niceStep(hi-lo, target), split: target}
}

// onTick reports whether v is (within rounding) a multiple of step.
func onTick(v, step float64) bool {
	k := math.Round(v / step)
	return math.Abs(v-k*step) <= 1e-9*math.Max(1, math.Abs(v))
}

// logScale picks whole decades covering the positive data [lo, hi].
func logScale(lo, hi float64, fixed *[2]float64) axisScale {
	if fixed != nil && fixed[0] > 0 {
		lo, hi = fixed[0], fixed[1]
	}
	if !(lo > 0) || math.IsInf(hi, 0) || math.IsNaN(hi) || hi <= 0 {
		lo, hi = 1, 10
	}
	elo, ehi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if elo == ehi {
		ehi++
	}
	step := math.Max(1, math.Ceil((ehi-elo)/6))
	return axisScale{lo: math.Pow(10, elo), hi: math.Pow(10, ehi), step: step, log: true}
}

// formatTick prints a tick value compactly: 0.5, 10, 2.5e-05, 1e+06.
func formatTick(v float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || a < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// extent returns the min and max of the finite values (and, for log axes, of
// the positive ones), or +Inf, -Inf when there are none.
func extent(positiveOnly bool, vals ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range vals {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) || (positiveOnly && v <= 0) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}
