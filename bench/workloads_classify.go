//go:build classify

// The classification workloads need gd.CrossEntropyLoss and int64 labels
// (issue 12). Until they are in main this file is left out of the build:
// deleting the build line above switches the rows on, on both sides.

package main

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gonotebooks/descent/gd"
	"github.com/gonotebooks/descent/gd/datasets"
)

func init() {
	i := slices.IndexFunc(workloads, func(w workload) bool { return w.name == "mlp" }) + 1
	workloads = slices.Insert(workloads, i,
		workload{"mlp_ce_adam", "MLP 784-128-10 ReLU, cross-entropy, Adam, 60k samples, batch 64, 1 epoch", mlpCrossEntropyAdam},
		workload{"digits", "8×8 digits: MLP 64-30-10, cross-entropy, SGD, batch 64, 10 epochs", timedAll(digitsClassifier)},
	)
	targets["mlp_ce_adam"] = 2.5
}

// mlpCrossEntropyAdam is the MLP workload as a classifier: class-index
// targets, CrossEntropyLoss over the 10 outputs, Adam.
func mlpCrossEntropyAdam() (time.Duration, float64) {
	const n = mlpSamples
	gd.ManualSeed(0)
	X := gd.Rand(n, mlpIn)
	rng := rand.New(rand.NewPCG(0, 0)) // torch: randint(0, 10, (n,))
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(mlpOut)
	}
	loader := gd.NewDataLoader(gd.NewTensorDataset(X, gd.FromInts(labels)), mlpBatch, gd.Shuffle(true))
	model := gd.NewSequential(gd.NewLinear(mlpIn, mlpHidden), gd.NewReLU(), gd.NewLinear(mlpHidden, mlpOut))
	return trainEpoch(loader, model, gd.NewAdam(model.Parameters(), 1e-3), gd.CrossEntropyLoss())
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
