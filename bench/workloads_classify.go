package main

import (
	"time"

	"github.com/gonotebooks/descent/gd"
	"github.com/gonotebooks/descent/gd/datasets"
)

// The classification workloads: softmax cross-entropy alone, the MLP
// workload as a classifier (class-index targets, CrossEntropyLoss) with
// SGD and with Adam, and the classification lesson's digits MLP.

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

// digitsClassifier trains the classification lesson's MLP on the 8×8
// digits (pixels scaled to [0, 1]) and returns the last batch's loss.
func digitsClassifier() float64 {
	d := datasets.LoadDigits()
	gd.ManualSeed(0)
	model := gd.NewSequential(gd.NewLinear(64, 30), gd.NewReLU(), gd.NewLinear(30, 10))
	criterion := gd.CrossEntropyLoss()
	opt := gd.NewSGD(model.Parameters(), 0.1)
	loader := gd.NewDataLoader(gd.NewTensorDataset(d.Data.Div(16), d.Labels), 64, gd.Shuffle(true))
	var loss *gd.Tensor
	for range 10 {
		for xb, yb := range loader.Pairs() {
			loss = criterion(model.Forward(xb), yb)
			loss.Backward()
			opt.Step()
			opt.ZeroGrad()
		}
	}
	return loss.Item()
}
