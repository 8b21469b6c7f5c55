package gd_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
)

// Two samples, three classes: the cross-entropy of the logits against the
// labels, its gradient, the probabilities and the accuracy. The output is
// what the same PyTorch lines print.
func ExampleCrossEntropyLoss() {
	logits := gd.Matrix([][]float64{{2, 1, 0.1}, {0.5, 2.5, 0.3}}).RequiresGrad_()
	labels := gd.IntVector(0, 2)
	loss := gd.CrossEntropyLoss()(logits, labels)
	fmt.Println(loss)
	loss.Backward()
	fmt.Println(logits.Grad())
	fmt.Println(logits.Softmax(1))
	preds := logits.Argmax(1)
	fmt.Println(preds, preds.Eq(labels), preds.Eq(labels).Float().Mean())
	// Output:
	// tensor(1.4185, grad_fn=<NllLossBackward0>)
	// tensor([[-0.1705,  0.1212,  0.0493],
	//         [ 0.0543,  0.4012, -0.4555]])
	// tensor([[0.6590, 0.2424, 0.0986],
	//         [0.1086, 0.8025, 0.0889]], grad_fn=<SoftmaxBackward0>)
	// tensor([0, 1]) tensor([ True, False]) tensor(0.5000)
}

// Binary classification from raw scores: BCEWithLogitsLoss folds the
// sigmoid in; a comparison counts the positive predictions.
func ExampleBCEWithLogitsLoss() {
	x := gd.Vector(-1.5, 0.5, 2)
	t := gd.Vector(0, 1, 1)
	fmt.Println(gd.BCEWithLogitsLoss()(x, t), x.Gt(0).Sum())
	// Output:
	// tensor(0.2675) tensor(2)
}
