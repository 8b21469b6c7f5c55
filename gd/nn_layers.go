package gd

import (
	"fmt"
	"strconv"
)

// Layers without parameters that classification models use: a Flatten in
// front of the first Linear, the activations between layers, and a
// (Log)Softmax at the end when the loss wants probabilities. Each prints
// as PyTorch prints the module, arguments included.

// NewSoftmax returns a module applying Softmax along dim, like
// torch.nn.Softmax(dim=dim).
func NewSoftmax(dim int) Module {
	return activation{fmt.Sprintf("Softmax(dim=%d)", dim), func(x *Tensor) *Tensor { return x.Softmax(dim) }}
}

// NewLogSoftmax returns a module applying LogSoftmax along dim, like
// torch.nn.LogSoftmax(dim=dim): put it before NLLLoss.
func NewLogSoftmax(dim int) Module {
	return activation{fmt.Sprintf("LogSoftmax(dim=%d)", dim), func(x *Tensor) *Tensor { return x.LogSoftmax(dim) }}
}

// NewFlatten returns a module flattening dims start..end, like
// torch.nn.Flatten(start_dim, end_dim). With no arguments it keeps the
// batch dimension and flattens the rest (start 1, end -1), so a batch of
// 8×8 images becomes a batch of 64-vectors.
func NewFlatten(dims ...int) Module {
	start, end := optional2("NewFlatten", dims, 1, -1)
	return activation{fmt.Sprintf("Flatten(start_dim=%d, end_dim=%d)", start, end), func(x *Tensor) *Tensor { return x.Flatten(start, end) }}
}

// NewLeakyReLU returns a module applying LeakyReLU with the negative slope
// (0.01 if none is given), like torch.nn.LeakyReLU.
func NewLeakyReLU(slope ...float64) Module {
	s := optional1("NewLeakyReLU", slope, 0.01)
	return activation{"LeakyReLU(negative_slope=" + pyFloat(s) + ")", func(x *Tensor) *Tensor { return x.LeakyReLU(s) }}
}

// NewGELU returns a module applying GELU, like torch.nn.GELU; pass "tanh"
// for the approximation.
func NewGELU(approximate ...string) Module {
	a := optional1("NewGELU", approximate, "none")
	Scalar(0).GELU(a) // validates the argument
	return activation{"GELU(approximate='" + a + "')", func(x *Tensor) *Tensor { return x.GELU(approximate...) }}
}

// NewSoftplus returns a module applying Softplus, like torch.nn.Softplus
// (beta 1 and threshold 20 unless given).
func NewSoftplus(params ...float64) Module {
	beta, threshold := optional2("NewSoftplus", params, 1.0, 20.0)
	return activation{"Softplus(beta=" + pyNumber(beta) + ", threshold=" + pyNumber(threshold) + ")", func(x *Tensor) *Tensor { return x.Softplus(params...) }}
}

// pyNumber writes v as Python prints the number given to a module: whole
// numbers as ints (PyTorch's defaults are ints), others as floats.
func pyNumber(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return pyFloat(v)
}
