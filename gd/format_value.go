package gd

import (
	"math"
	"strconv"
	"strings"
)

// valueFormatter turns numbers into the fixed-width strings PyTorch prints.
// It is a port of torch 1.13's _Formatter: one formatter is chosen per tensor,
// from the values that will be shown, so that every column lines up.
//
// Three modes, picked from the nonzero finite values:
//   - int mode when all of them are whole numbers: "3.", "-120." (the dot
//     marks a float tensor);
//   - fixed mode with Precision decimals: "0.0121", "-6668.8774";
//   - scientific mode "-7.8735e-97" when the values span more than a factor
//     1000, exceed 1e8, or (fixed mode only) go below 1e-4.
//
// Zeros, NaN and infinities do not take part in the choice or in the width.
type valueFormatter struct {
	// exact is set for Int64 and Bool tensors, which print their values
	// as Python's str does ("3", "-12", "True"), padded to the widest.
	exact     DType
	intMode   bool
	sciMode   bool
	maxWidth  int
	precision int
}

// newValueFormatter chooses the mode and width for vals, the float64 values
// of the elements that will be printed (float32 values converted exactly,
// as PyTorch's item() does).
func newValueFormatter(vals []float64, o PrintOptions) *valueFormatter {
	f := &valueFormatter{intMode: true, maxWidth: 1, precision: o.Precision}
	minAbs, maxAbs := math.Inf(1), 0.0
	n := 0
	for _, v := range vals {
		if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		n++
		a := math.Abs(v)
		minAbs = min(minAbs, a)
		maxAbs = max(maxAbs, a)
		if v != math.Ceil(v) {
			f.intMode = false
		}
	}
	if n == 0 {
		// Nothing to measure. PyTorch returns before applying a forced
		// sci_mode here, so neither do we.
		return f
	}
	wide := maxAbs/minAbs > 1000 || maxAbs > 1e8
	switch {
	case f.intMode && !wide:
		f.measure(vals, func(v float64) int { return len(formatFixed(v, 0)) + 1 })
	case wide || (!f.intMode && minAbs < 1e-4):
		f.sciMode = true
		f.measure(vals, func(v float64) int { return len(formatSci(v, f.precision)) })
	default:
		f.measure(vals, func(v float64) int { return len(formatFixed(v, f.precision)) })
	}
	if o.SciMode != nil {
		f.sciMode = *o.SciMode
	}
	return f
}

// newExactFormatter is the formatter of an Int64 or Bool tensor.
func newExactFormatter(vals []float64, d DType) *valueFormatter {
	f := &valueFormatter{exact: d, maxWidth: 1}
	for _, v := range vals {
		f.maxWidth = max(f.maxWidth, len(f.formatBare(v)))
	}
	return f
}

// measure widens maxWidth to fit every nonzero finite value.
func (f *valueFormatter) measure(vals []float64, width func(float64) int) {
	for _, v := range vals {
		if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		f.maxWidth = max(f.maxWidth, width(v))
	}
}

// width is the number of characters every formatted value is padded to.
func (f *valueFormatter) width() int { return f.maxWidth }

// format returns v right-aligned in width() characters (longer if it does
// not fit, which happens for values that did not take part in measuring).
func (f *valueFormatter) format(v float64) string {
	return padLeft(f.formatBare(v), f.maxWidth)
}

// formatBare returns v in the chosen mode without padding.
func (f *valueFormatter) formatBare(v float64) string {
	switch {
	case f.exact == Bool:
		return pyBool(v != 0)
	case f.exact == Int64:
		return strconv.FormatInt(int64(v), 10)
	case f.sciMode:
		return formatSci(v, f.precision)
	case f.intMode:
		s := formatFixed(v, 0)
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s += "."
		}
		return s
	default:
		return formatFixed(v, f.precision)
	}
}

// formatFixed is Python's format(v, ".{prec}f"). Both Python and strconv
// round the exact binary value correctly, ties to even, so they agree digit
// for digit; only the spelling of NaN and infinities differs.
func formatFixed(v float64, prec int) string {
	if s, ok := pyNonFinite(v); ok {
		return s
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// formatSci is Python's format(v, ".{prec}e"): at least two exponent digits,
// as strconv also writes them.
func formatSci(v float64, prec int) string {
	if s, ok := pyNonFinite(v); ok {
		return s
	}
	return strconv.FormatFloat(v, 'e', prec, 64)
}

// pyNonFinite spells NaN and infinities as Python does: "nan" whatever the
// sign bit, "inf", "-inf".
func pyNonFinite(v float64) (string, bool) {
	switch {
	case math.IsNaN(v):
		return "nan", true
	case math.IsInf(v, 1):
		return "inf", true
	case math.IsInf(v, -1):
		return "-inf", true
	}
	return "", false
}

func padLeft(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}
