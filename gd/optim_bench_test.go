package gd

import "testing"

// Benchmarks of the optimizers' Step alone, on a parameter of n elements
// with a fixed gradient (go test ./gd -run '^$' -bench Step -benchmem).

func benchmarkStep(b *testing.B, n int, make func(Params) Optimizer) {
	p := Arange(0, float64(n)).RequiresGrad_()
	p.SetGrad(Ones(n))
	opt := make(Params{p})
	b.ReportAllocs()
	for b.Loop() {
		opt.Step()
	}
}

func BenchmarkStepSGD1(b *testing.B) {
	benchmarkStep(b, 1, func(ps Params) Optimizer { return NewSGD(ps, 1e-3) })
}

func BenchmarkStepAdam1(b *testing.B) {
	benchmarkStep(b, 1, func(ps Params) Optimizer { return NewAdam(ps, 1e-3) })
}

func BenchmarkStepAdam100k(b *testing.B) {
	benchmarkStep(b, 100_000, func(ps Params) Optimizer { return NewAdam(ps, 1e-3) })
}

func BenchmarkStepRMSprop100k(b *testing.B) {
	benchmarkStep(b, 100_000, func(ps Params) Optimizer { return NewRMSprop(ps, 1e-3, Centered(), Momentum(0.9)) })
}
