package gd

import "sync/atomic"

// PrintOptions controls how tensors print, like torch.set_printoptions.
// The defaults are PyTorch's, so a tensor prints here exactly as its PyTorch
// twin does in an article.
//
// SetPrintOptions uses every field, so start from the current or default
// options and change what you need:
//
//	o := gd.GetPrintOptions()
//	o.Precision = 2
//	defer gd.SetPrintOptions(gd.SetPrintOptions(o)) // restore on return
type PrintOptions struct {
	// Precision is the number of digits after the decimal point (default 4).
	Precision int
	// Threshold is the number of elements above which a tensor is summarized,
	// showing only EdgeItems at each end of each dimension (default 1000).
	// Use math.MaxInt to never summarize.
	Threshold int
	// EdgeItems is how many items a summarized dimension shows at its start
	// and at its end (default 3). It must be at least 1.
	EdgeItems int
	// Linewidth is the number of characters after which a row of values
	// wraps (default 80).
	Linewidth int
	// SciMode forces scientific notation on (true) or off (false). Nil, the
	// default, lets each tensor choose from the range of its values.
	SciMode *bool
}

// DefaultPrintOptions returns PyTorch's defaults: precision 4, threshold 1000,
// 3 edge items, linewidth 80, automatic scientific notation.
func DefaultPrintOptions() PrintOptions {
	return PrintOptions{Precision: 4, Threshold: 1000, EdgeItems: 3, Linewidth: 80}
}

// printOptions holds the options in effect. Printing may happen from any
// goroutine, so the options are swapped whole rather than edited in place.
var printOptions atomic.Pointer[PrintOptions]

func init() {
	o := DefaultPrintOptions()
	printOptions.Store(&o)
}

// GetPrintOptions returns a copy of the options in effect.
func GetPrintOptions() PrintOptions {
	return printOptions.Load().clone()
}

// SetPrintOptions replaces all print options and returns the previous ones,
// so that `defer gd.SetPrintOptions(gd.SetPrintOptions(o))` restores them.
// It panics with an ErrValue error if Precision or Threshold is negative, or
// EdgeItems or Linewidth is below 1.
func SetPrintOptions(o PrintOptions) PrintOptions {
	switch {
	case o.Precision < 0:
		panic(errorf(ErrValue, "SetPrintOptions", "Precision must be >= 0, got %d", o.Precision))
	case o.Threshold < 0:
		panic(errorf(ErrValue, "SetPrintOptions", "Threshold must be >= 0, got %d", o.Threshold))
	case o.EdgeItems < 1:
		// PyTorch accepts 0 but then fails or prints the whole dimension.
		panic(errorf(ErrValue, "SetPrintOptions", "EdgeItems must be >= 1, got %d", o.EdgeItems))
	case o.Linewidth < 1:
		panic(errorf(ErrValue, "SetPrintOptions", "Linewidth must be >= 1, got %d", o.Linewidth))
	}
	n := o.clone()
	return printOptions.Swap(&n).clone()
}

// clone copies o, including the bool SciMode points to, so that callers
// cannot change the options in effect through a shared pointer.
func (o *PrintOptions) clone() PrintOptions {
	c := *o
	if o.SciMode != nil {
		b := *o.SciMode
		c.SciMode = &b
	}
	return c
}
