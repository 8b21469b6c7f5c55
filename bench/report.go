package main

import (
	"fmt"
	"strings"
	"time"
)

// targets are issues 8's and 16's goals: gd's speed-up over PyTorch for
// the training workloads and the softmax cross-entropy, the share of
// PyTorch's GFLOP/s for matmul. Rows not listed (the digits classifier)
// are there for the record.
var targets = map[string]float64{"x2": 20, "quadratic": 20, "linear": 20, "adam_x2": 20, "adam_quadratic": 20, "adam_linear": 20,
	"minibatch": 2, "mlp": 2.5, "matmul": 0.8, "ce64": 2, "ce4096": 2, "mlp_ce": 2.5, "mlp_ce_adam": 2.5}

func renderTable(m machine, gdRuns, torchRuns []run, lat *latency) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\n")
	fmt.Fprintf(&b, "Measured %s by `go run ./bench`.\n\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "- Machine: %s, %d cores (%s)\n- gd: %s; PyTorch %s (CPU, eager) with %s\n\n", m.CPU, m.Cores, m.Flags, m.Go, m.Torch, m.BLAS)
	b.WriteString("| workload | threads | gd | PyTorch | gd vs PyTorch | target | met |\n|---|---:|---:|---:|---:|---:|:---:|\n")
	for _, w := range workloads {
		for i := range gdRuns {
			g, okG := gdRuns[i].Results[w.name]
			t, okT := torchRuns[i].Results[w.name]
			if !okG || !okT {
				continue
			}
			var gs, ts, ratio, target string
			met := false
			if w.name == "matmul" {
				gs, ts = fmt.Sprintf("%.0f GFLOP/s", g.GFLOPS), fmt.Sprintf("%.0f GFLOP/s", t.GFLOPS)
				r := g.GFLOPS / t.GFLOPS
				ratio, target, met = fmt.Sprintf("%.0f%%", 100*r), fmt.Sprintf("≥ %.0f%%", 100*targets[w.name]), r >= targets[w.name]
			} else {
				gs, ts = human(g.Seconds), human(t.Seconds)
				r := t.Seconds / g.Seconds
				ratio, target, met = fmt.Sprintf("%.1f× faster", r), fmt.Sprintf("≥ %g×", targets[w.name]), r >= targets[w.name]
			}
			mark := check(met)
			if _, ok := targets[w.name]; !ok {
				target, mark = "", "" // a row for the record, with no goal
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s |\n", w.title, gdRuns[i].Threads, gs, ts, ratio, target, mark)
		}
	}
	floorTable(&b, gdRuns)
	if lat != nil {
		b.WriteString("\nNotebook cells under the gd kernel (all notebooks, every code cell):\n\n")
		b.WriteString("| build cache | cells | median cell | p90 cell | all notebooks | target | met |\n|---|---:|---:|---:|---:|---:|:---:|\n")
		fmt.Fprintf(&b, "| warm | %d | %s | %s | %s | median ≤ %g s, p90 ≤ %g s | %s |\n", lat.Warm.Cells, human(lat.Warm.Median), human(lat.Warm.P90), human(lat.Warm.TotalNotebooks),
			cellMedianTarget, cellP90Target, check(lat.Warm.Median <= cellMedianTarget && lat.Warm.P90 <= cellP90Target))
		fmt.Fprintf(&b, "| cold (empty GOCACHE) | %d | %s | %s | %s | | |\n", lat.Cold.Cells, human(lat.Cold.Median), human(lat.Cold.P90), human(lat.Cold.TotalNotebooks))
		b.WriteString("\n| notebook | warm | cold |\n|---|---:|---:|\n")
		for _, n := range lat.Notebooks {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", n.Name, human(n.Warm), human(n.Cold))
		}
		splitTable(&b, lat.Split)
	}
	b.WriteString("\nTimes are the best of several runs after a warm-up (3 runs; 15 for the millisecond-long loops, on both sides); the data-loading workloads time one training epoch (data built beforehand) and include each side's DataLoader. gd's threads are GOMAXPROCS; PyTorch's are torch.set_num_threads with OMP/OpenBLAS thread variables set to match.\n")
	return b.String()
}

// Issue 16's goals for a warm notebook cell, in seconds.
const cellMedianTarget, cellP90Target = 0.3, 0.6

// floorTarget is the most the MLP epoch may take, as a multiple of its
// compute floor.
const floorTarget = 2.0

// floorTable compares the MLP epoch with the least time its matrix
// products can take at the sgemm rate measured in the same run (the
// 1024×1024 matmul row, at the same thread count).
func floorTable(b *strings.Builder, gdRuns []run) {
	header := false
	for _, r := range gdRuns {
		mlp, ok1 := r.Results["mlp"]
		mm, ok2 := r.Results["matmul"]
		if !ok1 || !ok2 || mlp.FLOP == 0 || mm.GFLOPS == 0 {
			continue
		}
		if !header {
			fmt.Fprintf(b, "\nThe MLP epoch against its compute floor: its matrix products are %.1f GFLOP, which take at least FLOP ÷ the sgemm rate of the matmul row above (same run, same threads):\n\n", mlp.FLOP/1e9)
			b.WriteString("| workload | threads | gd | sgemm rate | compute floor | gd ÷ floor | target | met |\n|---|---:|---:|---:|---:|---:|---:|:---:|\n")
			header = true
		}
		floor := mlp.FLOP / (mm.GFLOPS * 1e9)
		ratio := mlp.Seconds / floor
		fmt.Fprintf(b, "| MLP 784-128-10, 1 epoch | %d | %s | %.0f GFLOP/s | %s | %.2f× | ≤ %g× | %s |\n",
			r.Threads, human(mlp.Seconds), mm.GFLOPS, human(floor), ratio, floorTarget, check(ratio <= floorTarget))
	}
}

func check(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func human(s float64) string {
	switch {
	case s < 1e-3:
		return fmt.Sprintf("%.1f µs", s*1e6)
	case s < 1:
		return fmt.Sprintf("%.1f ms", s*1e3)
	}
	return fmt.Sprintf("%.2f s", s)
}
