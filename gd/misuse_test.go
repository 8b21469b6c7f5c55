package gd

import (
	"errors"
	"strings"
	"testing"
)

// negativeDataset reports a negative length, as a buggy Dataset might.
type negativeDataset struct{}

func (negativeDataset) Len() int            { return -3 }
func (negativeDataset) Get(i int) []*Tensor { return nil }

// TestMisuseIsAGdError: Go misuse with no PyTorch counterpart (nil values,
// impossible sizes) is a *gd.Error naming the operation, never a Go
// runtime panic or a fatal error from inside gd.
func TestMisuseIsAGdError(t *testing.T) {
	var nilTensor *Tensor
	cases := map[string]struct {
		op string
		fn func()
	}{
		"nil receiver":           {"Add", func() { nilTensor.Add(1) }},
		"nil receiver unary":     {"Exp", func() { nilTensor.Exp() }},
		"nil receiver view":      {"View", func() { nilTensor.View(-1) }},
		"nil receiver sum":       {"Sum", func() { nilTensor.Sum() }},
		"nil Dot operand":        {"Dot", func() { Vector(1).Dot(nil) }},
		"nil MatMul receiver":    {"MatMul", func() { nilTensor.MatMul(Vector(1)) }},
		"nil Backward":           {"Backward", func() { nilTensor.Backward() }},
		"nil comparison":         {"Gt", func() { nilTensor.Gt(0) }},
		"nil NoGrad":             {"NoGrad", func() { NoGrad(nil) }},
		"nil module":             {"NewSequential", func() { NewSequential(NewReLU(), nil) }},
		"nil Where condition":    {"Where", func() { Where(nil, 1, 0) }},
		"nil Cat tensor":         {"Cat", func() { Cat(0, Vector(1), nil) }},
		"negative dataset Len":   {"DataLoader", func() { NewDataLoader(negativeDataset{}, 2).Len() }},
		"shape overflow":         {"Zeros", func() { Zeros((1<<62)+1, 4) }},
		"beyond memory":          {"Zeros", func() { Zeros(1 << 50) }},
		"Arange extra step":      {"Arange", func() { Arange(0, 10, 1, 2) }},
		"Arange too many":        {"Arange", func() { Arange(0, 1e300) }},
		"int64 beyond 2^53":      {"FromInts", func() { FromInts([]int{1<<53 + 1}) }},
		"int64 overflow in Mul":  {"Mul", func() { FromInts([]int{1 << 52}).Mul(4) }},
		"Long of a NaN":          {"To", func() { Vector(1, 2).Log().Neg().Sqrt().Long() }},
		"softmax of ints":        {"Softmax", func() { IntVector(1, 2).Softmax(0) }},
		"pos_weight on BCELoss":  {"BCELoss", func() { BCELoss(PosWeight(Ones(1)))(Vector(0.5), Vector(1)) }},
		"Reduction name":         {"Reduction", func() { Reduction("avg") }},
		"GELU approximation":     {"GELU", func() { Vector(1).GELU("fast") }},
		"RandLike of ints":       {"RandLike", func() { RandLike(IntVector(1)) }},
		"Maximum of nil":         {"Maximum", func() { Vector(1).Maximum(nil) }},
		"Softplus three params":  {"Softplus", func() { Vector(1).Softplus(1, 2, 3) }},
		"NLL 3-D input":          {"NLL", func() { NLL(Zeros(2, 3, 4), IntVector(0, 1)) }},
		"cross-entropy of nil":   {"CrossEntropy", func() { CrossEntropy(nil, IntVector(0)) }},
		"Flatten module 3 dims":  {"NewFlatten", func() { NewFlatten(0, 1, 2) }},
		"LeakyReLU module slope": {"NewLeakyReLU", func() { NewLeakyReLU(0.1, 0.2) }},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := Catch(c.fn)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *gd.Error", err)
			}
			if e.Op != c.op || !strings.HasPrefix(err.Error(), "gd: "+c.op+": ") {
				t.Errorf("error %q does not name %s", err, c.op)
			}
		})
	}
	if err := Catch(nil); err == nil || !strings.Contains(err.Error(), "Catch") {
		t.Errorf("Catch(nil) = %v", err)
	}
}
