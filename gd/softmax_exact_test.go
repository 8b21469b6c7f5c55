package gd

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"testing"
)

// The cases of testdata/make_softmax_fixture.py: rows, size, seed, and
// the range of the logits.
var softmaxExactCases = []struct {
	rows, size, seed int
	lo, hi           float64
}{
	{300, 10, 1, -6, 6}, {40, 37, 2, -6, 6}, {30, 3, 3, -6, 6}, {20, 8, 4, -6, 6}, {20, 16, 5, -6, 6},
	{20, 10, 6, -120, 120}, {7, 1, 7, -6, 6},
}

// fixtureSeq is the fixture scripts' additive recurrence, rounded to float32.
func fixtureSeq(n, seed int, lo, hi float64) []float32 {
	const g, h = 0.7548776662466927, 0.5698402909980532
	v := make([]float32, n)
	for k := range v {
		v[k] = float32(lo + (hi-lo)*math.Mod(float64(k)*g+float64(seed)*h, 1))
	}
	return v
}

type softmaxExactCase struct {
	rows, size                 int
	x, g                       []float32
	labels                     []int
	softmax, softmaxGrad       []float32
	logSoftmax, logSoftmaxGrad []float32
	crossEntropyGrad           []float32
	crossEntropy               float32
}

// softmaxExactRows is the script's ROWS: rows, size and seed of many short
// rows whose per-sample cross-entropy losses it records.
var softmaxExactRows = [3]int{8192, 4, 8}

func loadSoftmaxExact(t *testing.T) (cases []softmaxExactCase, rowLosses []float32) {
	t.Helper()
	b, err := os.ReadFile("testdata/softmax_torch.bin")
	if err != nil {
		t.Fatal(err)
	}
	next := func(n int) []float32 {
		if len(b) < 4*n {
			t.Fatal("softmax_torch.bin is shorter than its cases: regenerate it with make_softmax_fixture.py")
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		b = b[4*n:]
		return v
	}
	for _, c := range softmaxExactCases {
		n := c.rows * c.size
		e := softmaxExactCase{rows: c.rows, size: c.size, x: fixtureSeq(n, c.seed, c.lo, c.hi), g: fixtureSeq(n, c.seed+100, -1, 1)}
		for _, v := range fixtureSeq(c.rows, c.seed+200, 0, float64(c.size)) {
			e.labels = append(e.labels, int(v))
		}
		e.softmax, e.softmaxGrad = next(n), next(n)
		e.logSoftmax, e.logSoftmaxGrad = next(n), next(n)
		e.crossEntropyGrad, e.crossEntropy = next(n), next(1)[0]
		cases = append(cases, e)
	}
	rowLosses = next(softmaxExactRows[0])
	if len(b) != 0 {
		t.Fatal("softmax_torch.bin is longer than its cases: regenerate it with make_softmax_fixture.py")
	}
	return cases, rowLosses
}

// sameBits32 counts the elements of got that differ from want in any bit,
// and reports the first few.
func sameBits32(t *testing.T, what string, got, want []float32, allowed int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			if bad++; bad <= 3 {
				t.Logf("%s[%d] = %g (%#x), PyTorch %g (%#x)", what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
			}
		}
	}
	if bad > allowed {
		t.Errorf("%s: %d of %d values differ from PyTorch's bits (%d allowed)", what, bad, len(got), allowed)
	}
}

// Float32 softmax and log-softmax along the last dim, both backward
// kernels and cross-entropy give PyTorch's bits.
func TestSoftmaxLastDimMatchesPyTorchBits(t *testing.T) {
	cases, _ := loadSoftmaxExact(t)
	for _, c := range cases {
		t.Run(fmt.Sprintf("%dx%d", c.rows, c.size), func(t *testing.T) {
			x := FromSlice(c.x, c.rows, c.size)
			sameBits32(t, "softmax", x.Softmax(1).Float32s(), c.softmax, 0)
			sameBits32(t, "log_softmax", x.LogSoftmax(1).Float32s(), c.logSoftmax, 0)

			// The backward kernels, given PyTorch's own forward results.
			out := make([]float32, len(c.g))
			softmaxGradLastDim32(out, c.g, c.softmax, c.rows, c.size, false)
			sameBits32(t, "softmax backward", out, c.softmaxGrad, 0)
			softmaxGradLastDim32(out, c.g, c.logSoftmax, c.rows, c.size, true)
			sameBits32(t, "log_softmax backward", out, c.logSoftmaxGrad, 0)

			// End to end through autograd.
			xs := x.Detach().RequiresGrad_()
			xs.Softmax(1).BackwardWithGrad(FromSlice(c.g, c.rows, c.size))
			sameBits32(t, "Softmax(1) gradient", xs.Grad().Float32s(), c.softmaxGrad, 0)
			xc := x.Detach().RequiresGrad_()
			loss := CrossEntropyLoss()(xc, FromInts(c.labels))
			loss.Backward()
			sameBits32(t, "cross-entropy", []float32{float32(loss.Item())}, []float32{c.crossEntropy}, 0)
			sameBits32(t, "cross-entropy gradient", xc.Grad().Float32s(), c.crossEntropyGrad, 0)
		})
	}
}

// Per-sample losses where the label's logit is the row's largest are
// exactly the rows' log-sums: with a correctly rounded log instead of
// PyTorch's, about one in a hundred would differ.
func TestCrossEntropyRowsMatchPyTorchBits(t *testing.T) {
	_, want := loadSoftmaxExact(t)
	rows, size, seed := softmaxExactRows[0], softmaxExactRows[1], softmaxExactRows[2]
	logits := fixtureSeq(rows*size, seed, -6, 6)
	var labels []int
	for r, v := range fixtureSeq(rows, seed+200, 0, float64(size)) {
		labels = append(labels, int(v))
		logits[r*size+int(v)] = 6
	}
	x := FromSlice(logits, rows, size)
	sameBits32(t, "per-sample cross-entropy", CrossEntropy(x, FromInts(labels), Reduction("none")).Float32s(), want, 0)
}
