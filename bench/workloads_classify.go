package main

import (
	"time"

	"github.com/gonotebooks/descent/gd"
	"github.com/gonotebooks/descent/gd/datasets"
)

// The classification workloads: softmax cross-entropy alone, the MLP
// workload as a classifier (class-index targets, CrossEntropyLoss) with
// SGD and with Adam, and the digits MLP of the classification notebook.

// crossEntropySteps computes the cross-entropy of n rows of 10 logits
// against integer labels and its gradient, steps times.
func crossEntropySteps(n, steps int) float64 {
	gd.ManualSeed(0)
	logits := gd.Randn(n, 10).RequiresGrad_()
	labels := gd.Rand(n).Mul(10).Long()
	criterion := gd.CrossEntropyLoss()
	var loss *gd.Tensor
	for range steps {
		logits.SetGrad(nil)
		loss = criterion(logits, labels)
		loss.Backward()
	}
	return loss.Item()
}

func mlpCrossEntropyEpoch() (time.Duration, float64) {
	return mlpCrossEntropyWith(func(ps gd.Params) gd.Optimizer { return gd.NewSGD(ps, 0.1) })
}

func mlpCrossEntropyAdam() (time.Duration, float64) {
	return mlpCrossEntropyWith(func(ps gd.Params) gd.Optimizer { return gd.NewAdam(ps, 1e-3) })
}

// mlpCrossEntropyWith times one epoch of the MLP workload classifying
// random labels with CrossEntropyLoss and the given optimizer.
func mlpCrossEntropyWith(newOpt func(gd.Params) gd.Optimizer) (time.Duration, float64) {
	gd.ManualSeed(0)
	X := gd.Rand(mlpSamples, mlpIn)
	labels := gd.Rand(mlpSamples).Mul(mlpOut).Long()
	loader := gd.NewDataLoader(gd.NewTensorDataset(X, labels), mlpBatch, gd.Shuffle(true))
	model := gd.NewSequential(gd.NewLinear(mlpIn, mlpHidden), gd.NewReLU(), gd.NewLinear(mlpHidden, mlpOut))
	return trainEpoch(loader, model, newOpt(model.Parameters()), gd.CrossEntropyLoss())
}

// digitsClassifier is the classification notebook's (07) training of its
// ten-class MLP: the digits split 1437/360 by a seeded permutation, pixels
// scaled to [0, 1], SGD at 0.2 over shuffled batches of 32 for 20 epochs,
// each epoch's mean loss summed from the batches and the validation
// accuracy measured after it. The split is made beforehand, untimed (a
// cell of its own in the notebook); the result is the last accuracy.
func digitsClassifier() (time.Duration, float64) {
	const nValid, epochs = 360, 20
	d := datasets.LoadDigits()
	gd.ManualSeed(0)
	perm := gd.RandPerm(d.Labels.Size(0))
	x := d.Data.Div(16)
	trainX, trainY := x.IndexSelect(0, perm[nValid:]), d.Labels.IndexSelect(0, perm[nValid:])
	validX, validY := x.IndexSelect(0, perm[:nValid]), d.Labels.IndexSelect(0, perm[:nValid])

	start := time.Now()
	gd.ManualSeed(0)
	model := gd.NewSequential(gd.NewLinear(64, 30), gd.NewReLU(), gd.NewLinear(30, 10))
	criterion := gd.CrossEntropyLoss()
	opt := gd.NewSGD(model.Parameters(), 0.2)
	loader := gd.NewDataLoader(gd.NewTensorDataset(trainX, trainY), 32, gd.Shuffle(true))
	var acc float64
	for range epochs {
		total := 0.0
		for xb, yb := range loader.Pairs() {
			loss := criterion(model.Forward(xb), yb)
			loss.Backward()
			opt.Step()
			opt.ZeroGrad()
			total += loss.Item() * float64(xb.Size(0))
		}
		_ = total / float64(trainX.Size(0)) // the epoch's loss, as the notebook prints it
		acc = gd.Eval(model, validX).Argmax(1).Eq(validY).Float().Mean().Item()
	}
	return time.Since(start), acc
}
