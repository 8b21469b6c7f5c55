package display

import (
	"math"
	"strconv"
	"strings"
)

// axisScale is an axis range with its tick marks. Both renderings (ECharts and
// the static SVG) are given the same scale, so the live chart and its fallback
// image show the same axes.
//
// A log axis works in exponents: lo, hi, step and the tick positions are
// log10 of the data, and the live chart plots log10(y) on a value axis whose
// labels print 10^position. ECharts' own log axis rounds its ticks to at most
// 20 decimals, so it cannot draw the values gradient descent reaches (1e-193
// and below); exponents cover every positive float64 alike.
type axisScale struct {
	lo, hi float64 // range, in axis coordinates (exponents for log axes)
	step   float64 // tick spacing, likewise
	split  int     // the number of parts asked for (ECharts' splitNumber)
	log    bool
	// inverse runs the axis the other way: y downwards, for images.
	inverse bool
	// custom, when set, are the ticks instead of the multiples of step:
	// a log axis of less than two decades labels 2×, 3×, 5×... in between.
	custom []float64
	// names label the ticks 0, 1, 2... with words: the classes of a
	// confusion matrix.
	names []string
	// offset is subtracted from the values of a linear axis whose span
	// is below a millionth of its values (1e18 to 1e18+128), so that the
	// ticks, the labels and the live chart's 7-digit data stay distinct;
	// the axis name shows it (see axisLabel).
	offset float64
	// unit divides the values of a linear axis beyond 1e300 or below
	// 1e-200 (0 means 1), so that a span wider than the largest float64
	// (-1e308 to 1e308) or of subnormal numbers stays an ordinary range
	// for both renderings; the axis name shows it ("×1e308").
	unit float64
}

// maxTicks bounds the ticks of one axis. A scale built by linearScale or
// logScale has about split of them; the bound only guards hand-made scales.
const maxTicks = 200

// ticks returns the tick positions of the scale, in axis coordinates: the
// multiples of step inside the range. The count is worked out first and the
// loop runs on an integer, so it ends for any range and step (a float
// counter stops moving past 2⁵³, and a zero step never gets anywhere).
func (s axisScale) ticks() []float64 {
	if s.custom != nil {
		return s.custom
	}
	if !(s.step > 0) || !finite(s.step) || !finite(s.lo) || !finite(s.hi) {
		return nil
	}
	first, last := math.Ceil(s.lo/s.step-1e-9), math.Floor(s.hi/s.step+1e-9)
	if !(last >= first) || last-first >= maxTicks {
		return nil
	}
	var out []float64
	for k := range int(last-first) + 1 {
		v := (first + float64(k)) * s.step
		if len(out) > 0 && v == out[len(out)-1] {
			continue // steps below the spacing of floats here; see minStep
		}
		out = append(out, tidy(v, s.step))
	}
	return out
}

// coord maps a data value to the axis coordinate: itself, or its log10 on a
// log axis (NaN for values a log axis cannot show).
func (s axisScale) coord(v float64) float64 {
	if !s.log {
		if s.unit != 0 {
			return (v - s.offset) / s.unit
		}
		return v - s.offset
	}
	if v <= 0 {
		return math.NaN()
	}
	return log10(v)
}

// log10 is math.Log10 that is also right for subnormal numbers (below
// 2.2e-308, where gradient descent in float64 ends up): the assembly
// math.Log on amd64 returns about -708 for all of them. Splitting off the
// binary exponent keeps the logarithm's argument normal.
func log10(v float64) float64 {
	frac, exp := math.Frexp(v)
	return math.Log10(frac) + float64(exp)*math.Log10(2)
}

// label is the text of the tick at axis coordinate t.
func (s axisScale) label(t float64) string {
	if s.names != nil {
		if i := int(math.Round(t)); i >= 0 && i < len(s.names) {
			return s.names[i]
		}
		return ""
	}
	if s.log {
		return formatPower(t)
	}
	return formatTick(t)
}

// tidy rounds away the binary noise of k*step (3*0.1 = 0.30000000000000004),
// but never by more than a sliver of the step: around 1e18, where 12 digits
// cannot tell neighbouring ticks apart, the tick keeps its exact value.
func tidy(v, step float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if math.Abs(r-v) > step*1e-6 {
		r = v
	}
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// frac maps a data value to [0, 1] along the axis (may fall outside when clipped).
func (s axisScale) frac(v float64) float64 { return s.fracAt(s.coord(v)) }

// fracAt maps an axis coordinate to [0, 1] along the axis. Halving first
// keeps a span wider than the largest float64 (-1e308 to 1e308) finite.
func (s axisScale) fracAt(c float64) float64 {
	f := (c/2 - s.lo/2) / (s.hi/2 - s.lo/2)
	if span := s.hi - s.lo; finite(span) {
		f = (c - s.lo) / span
	}
	if s.inverse {
		return 1 - f
	}
	return f
}

// atFrac is the axis coordinate at fraction f along the axis (fracAt's inverse).
func (s axisScale) atFrac(f float64) float64 {
	if s.inverse {
		f = 1 - f
	}
	return s.lo*(1-f) + s.hi*f
}

// value is the data value at axis coordinate c (coord's inverse).
func (s axisScale) value(c float64) float64 {
	if s.log {
		return math.Pow(10, c)
	}
	if s.unit != 0 {
		c *= s.unit
	}
	return c + s.offset
}

// niceStep returns the tick spacing ECharts picks for a value axis of the
// given span split in about target parts: 1, 2, 3, 5 or 10 times a power of
// ten. Using ECharts' own rule (numberUtil.nice with rounding) makes the
// static SVG show the ticks the live chart shows.
func niceStep(span float64, target int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	return niceNumber(span / float64(target))
}

// niceNumber rounds raw > 0 to 1, 2, 3, 5 or 10 times a power of ten, by
// ECharts' rule. Close to the ends of float64 that power is not a float
// (1e-324 is 0, 1e309 is +Inf): there raw is kept as it is.
func niceNumber(raw float64) float64 {
	exp := math.Floor(log10(raw))
	if raw/math.Pow(10, exp) >= 10 {
		exp++
	}
	p := math.Pow(10, exp)
	if !(p > 0) || !finite(p*10) {
		return raw
	}
	f := raw / p
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
	return tidy(nf*p, nf*p)
}

// linearScale returns the exact limits when fixed, else the data extent
// widened by 5% on each side (matplotlib's default margins), with a nice tick
// step; ticks fall on multiples of the step inside the range.
//
// Every finite range works, from spans wider than the largest float64
// (-1e308 to 1e308) to spans of one ulp (1e18 and 1e18+128) and subnormal
// numbers: the axis counts from an offset (see offsetFor) or in a unit (see
// unitFor) where its values call for one, and the step is never finer than
// the floats themselves (see minStep), so ticks stay distinct and few.
func linearScale(lo, hi float64, fixed *[2]float64, target int) axisScale {
	if fixed != nil {
		lo, hi = fixed[0], fixed[1]
	} else {
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
			lo, hi = 0, 1 // no finite data at all
		}
		if lo == hi {
			pad := math.Max(math.Abs(lo)*0.1, 1)
			lo, hi = clampFinite(lo-pad), clampFinite(hi+pad)
		}
	}
	offset := offsetFor(lo, hi)
	lo, hi = lo-offset, hi-offset // exact: both are near offset
	unit := unitFor(lo, hi)
	if unit != 0 {
		lo, hi = lo/unit, hi/unit
	}
	if fixed == nil {
		margin := 0.05 * (hi - lo)
		lo, hi = lo-margin, hi+margin
	}
	raw := (hi - lo) / float64(target) // as ECharts divides
	if !finite(raw) {
		raw = hi/float64(target) - lo/float64(target)
	}
	s := axisScale{lo: lo, hi: hi, step: math.Max(niceNumber(raw), minStep(lo, hi)), split: target, offset: offset, unit: unit}
	if fixed == nil && len(s.ticks()) == 0 {
		// A step raised to the spacing of floats (subnormal data) can miss
		// a range entirely: widen it to the ticks around it.
		if lo, hi := math.Floor(s.lo/s.step)*s.step, math.Ceil(s.hi/s.step)*s.step; finite(lo) && finite(hi) {
			s.lo, s.hi = lo, hi
		}
	}
	return s
}

// offsetFor is the offset of an axis from lo to hi: 0, unless the span is
// below a millionth of the values, then a round number near them (a
// multiple of a power of ten well above the span).
func offsetFor(lo, hi float64) float64 {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	span := hi - lo
	if !(span < m*1e-6) || !finite(span) {
		return 0
	}
	p := math.Pow(10, math.Ceil(log10(span))+1)
	if !(p > 0) || !finite(p) {
		return lo
	}
	off := math.Round((lo/2+hi/2)/p) * p
	if !finite(off) || math.Abs(off-lo) > 2*p {
		return lo
	}
	return off
}

// unitFor is the unit of an axis from lo to hi: 0 (none) for ordinary
// values, else the power of ten of the largest value's magnitude when that
// is beyond 1e300 or below 1e-200 (where ECharts' arithmetic fails: spans
// overflow, decimals run past 100 digits).
func unitFor(lo, hi float64) float64 {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	if m <= 1e300 && m >= 1e-200 {
		return 0
	}
	// The nearest float64 to the power of ten (math.Pow(10, 308) is a few
	// ulps off, which would show in the axis name).
	u, err := strconv.ParseFloat("1e"+strconv.Itoa(int(math.Floor(log10(m)))), 64)
	if err != nil || !(u > 0) || !finite(u) {
		return 0
	}
	return u
}

// clampFinite turns an overflow into the largest float64 of its sign.
func clampFinite(v float64) float64 { return math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, v)) }

// minStep is the finest tick step a range can carry: a few float64 spacings
// at its largest end, rounded up to a nice number. Finer steps would give
// ticks that round to the same float (around 1e18 the floats are 128 apart),
// and tick numbers k = lo/step beyond 2⁵³ that no longer count.
func minStep(lo, hi float64) float64 {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	ulp := math.Nextafter(m, math.Inf(1)) - m
	if !finite(ulp) {
		ulp = m - math.Nextafter(m, 0)
	}
	v := 8 * ulp
	// Round up to 1, 2, 3, 5 or 10 times a power of ten, not to the nearest.
	p := math.Pow(10, math.Floor(log10(v)))
	if !(p > 0) || !finite(p*10) {
		return v
	}
	for _, m := range []float64{1, 2, 3, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return v
}

// onTick reports whether v is (within rounding) a multiple of step.
func onTick(v, step float64) bool {
	k := math.Round(v / step)
	return math.Abs(v-k*step) <= 1e-9*math.Max(1, math.Abs(v))
}

// logScale picks whole decades covering the positive data [lo, hi] (or the
// fixed limits), and a tick every step decades: 1, 2, 3, 5, 10, 20, 30...
// by ECharts' rule for a value axis, so a range of 200 decades gets a label
// every 30 or 50 of them rather than 200 crowded ones. target is the number
// of parts to aim for, as for a linear axis. Every positive float64 has an
// exponent between -324 and 309, so no value needs clamping.
func logScale(lo, hi float64, fixed *[2]float64, target int) axisScale {
	if fixed != nil && fixed[0] > 0 {
		lo, hi = fixed[0], fixed[1]
	}
	if !(lo > 0) || math.IsInf(hi, 0) || math.IsNaN(hi) || hi <= 0 {
		lo, hi = 1, 10
	}
	if fixed == nil && log10(hi)-log10(lo) < 2 {
		return shortLogScale(lo, hi, target)
	}
	elo, ehi := math.Floor(log10(lo)), math.Ceil(log10(hi))
	if elo >= ehi {
		ehi = elo + 1
	}
	step := math.Max(1, niceStep(ehi-elo, target)) // minInterval 1 in the option
	return axisScale{lo: elo, hi: ehi, step: step, split: target, log: true}
}

// shortLogScale is a log axis over less than two decades of data, as
// matplotlib draws one: the data's range with 5% margins (in exponents),
// not stretched to whole decades, and ticks at the decades and at 2×, 3×,
// 5×... between them, as many as fit about target parts. A learning-rate
// sweep from 0.0025 to 0.0087 gets 0.003, 0.004, 0.005, 0.006, 0.008.
func shortLogScale(lo, hi float64, target int) axisScale {
	elo, ehi := log10(lo), log10(hi)
	if elo == ehi {
		elo, ehi = elo-0.5, ehi+0.5
	}
	m := 0.05 * (ehi - elo)
	s := axisScale{lo: elo - m, hi: ehi + m, step: 1, split: target, log: true}
	for _, mants := range [][]float64{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 5, 7}, {1, 2, 5}, {1, 3}, {1}} {
		var ticks []float64
		for e := math.Floor(s.lo); e <= math.Ceil(s.hi); e++ {
			for _, mt := range mants {
				if c := log10(mt) + e; c >= s.lo && c <= s.hi {
					ticks = append(ticks, c)
				}
			}
		}
		s.custom = ticks
		if len(ticks) <= target+2 {
			break
		}
	}
	return s
}

// formatPower prints the tick at exponent e: the plain number for 1e-4 to
// 1e5 (0.001, 100), else 1e-120 style. Ticks of a log axis fall on whole
// exponents; others print the value to 4 significant digits. runtime.js has
// the same rule for the live chart's labels.
func formatPower(e float64) string {
	r := math.Round(e)
	if math.Abs(e-r) > 1e-9 {
		return sig4(math.Pow(10, e))
	}
	if r >= -4 && r <= 5 {
		return strconv.FormatFloat(math.Pow(10, r), 'f', -1, 64)
	}
	return "1e" + strconv.Itoa(int(r))
}

// formatTick prints a tick value compactly: 0.5, 10, 2.5e-5, 1e6 (the
// shortest form that reads back as v). runtime.js prints the live chart's
// labels by the same rule, so both renderings label their ticks alike.
func formatTick(v float64) string {
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e6 || a < 1e-4 {
		return shortExp(strconv.FormatFloat(v, 'e', -1, 64))
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// sig4 prints v to 4 significant digits: 46.31, 0.001235, 1.235e-7, 1e-193
// (runtime.js's fmt4, which formats tooltips).
func sig4(v float64) string {
	if v == 0 || !finite(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if a := math.Abs(v); a >= 1e-4 && a < 1e6 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return shortExp(strconv.FormatFloat(v, 'e', 3, 64))
}

// shortExp tidies Go's exponent notation: 2.500e-05 becomes 2.5e-5, 1e+06 1e6.
func shortExp(s string) string {
	mant, exp, _ := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	e, _ := strconv.Atoi(exp)
	return mant + "e" + strconv.Itoa(e)
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
