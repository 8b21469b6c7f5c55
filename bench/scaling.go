package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// How cost grows with size: the MLP epoch over a range of batch sizes and
// of hidden widths, and square matrix products from 32² to 2048², gd and
// PyTorch at one thread in the same run. torch_workloads.py --sweep
// measures the same points with the same code shape.

// The sweeps' sizes. The MLP points vary one size from the MLP workload's
// (batch 64, hidden 128); that shared point is measured once per sweep.
var (
	sweepBatches = []int{16, 32, 64, 128, 256, 512, 1024}
	sweepHiddens = []int{64, 128, 256, 512, 1024}
	sweepMatmuls = []int{32, 64, 128, 256, 512, 1024, 2048}
)

// The sweeps' names, as in the JSON of both sides.
const (
	sweepBatch  = "mlp_batch"
	sweepHidden = "mlp_hidden"
	sweepMatmul = "matmul"
)

// point is one measured size of a sweep: an epoch's best time, or a
// product's best time and GFLOP/s.
type point struct {
	Sweep   string  `json:"sweep"`
	Size    int     `json:"size"`
	Seconds float64 `json:"seconds"`
	GFLOPS  float64 `json:"gflops,omitempty"`
}

// sweepReps is how many timed runs each point gets (best kept); the first
// run of a size also pays its warm-up, which the best time leaves out.
const sweepReps = 3

// runSweep measures every point in this process (the worker) and prints
// them as JSON.
func runSweep() {
	var pts []point
	epoch := func(sweep string, size, batch, hidden int) {
		best := math.Inf(1)
		for range sweepReps {
			best = min(best, sweepEpoch(batch, hidden).Seconds())
		}
		pts = append(pts, point{Sweep: sweep, Size: size, Seconds: best})
	}
	for _, b := range sweepBatches {
		epoch(sweepBatch, b, b, mlpHidden)
	}
	for _, h := range sweepHiddens {
		epoch(sweepHidden, h, mlpBatch, h)
	}
	for _, n := range sweepMatmuls {
		s := sweepProduct(n)
		pts = append(pts, point{Sweep: sweepMatmul, Size: n, Seconds: s, GFLOPS: 2 * math.Pow(float64(n), 3) / s / 1e9})
	}
	json.NewEncoder(os.Stdout).Encode(pts)
}

// sweepData is the MLP workload's data set, built once for all the
// sweep's epochs (the main workload builds its own each run).
var sweepData = sync.OnceValues(func() (*gd.Tensor, *gd.Tensor) {
	gd.ManualSeed(0)
	return mlpData()
})

// sweepEpoch times one epoch of the MLP workload with the given batch size
// and hidden width.
func sweepEpoch(batch, hidden int) time.Duration {
	X, Y := sweepData()
	gd.ManualSeed(0)
	d, _ := mlpTrain(X, Y, batch, hidden)
	return d
}

// sweepProduct returns the best time of an n×n float32 product, over
// enough runs to fill about a fifth of a second (at least 3, at most 50).
func sweepProduct(n int) float64 {
	gd.ManualSeed(0)
	a, b := gd.Rand(n, n), gd.Rand(n, n)
	a.MatMul(b)
	best, total := math.Inf(1), 0.0
	for i := 0; i < 50 && (i < 3 || total < 0.2); i++ {
		start := time.Now()
		a.MatMul(b)
		s := time.Since(start).Seconds()
		best, total = min(best, s), total+s
	}
	return best
}

// scaling runs the sweep on both sides at one thread.
func scaling(self, root string) (gdPts, torchPts []point, err error) {
	fmt.Println("scaling sweep, gd (1 thread)...")
	cmd := exec.Command(self, "-worker", "-sweep")
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("gd sweep: %w", err)
	}
	if err := json.Unmarshal(out, &gdPts); err != nil {
		return nil, nil, fmt.Errorf("gd sweep: %w", err)
	}
	fmt.Println("scaling sweep, PyTorch (1 thread)...")
	cmd = torchCommand(root, 1, "--sweep")
	out, err = cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("PyTorch sweep: %w", err)
	}
	if err := json.Unmarshal(out, &torchPts); err != nil {
		return nil, nil, fmt.Errorf("PyTorch sweep: %w", err)
	}
	return gdPts, torchPts, nil
}

// pair is one size of a sweep on both sides.
type pair struct {
	size      int
	gd, torch point
}

// pairs returns the sizes of sweep that both sides measured, in order.
func pairs(sweep string, gdPts, torchPts []point) []pair {
	var out []pair
	for _, g := range gdPts {
		if g.Sweep != sweep {
			continue
		}
		for _, t := range torchPts {
			if t.Sweep == sweep && t.Size == g.Size {
				out = append(out, pair{g.Size, g, t})
			}
		}
	}
	return out
}

// scalingTables writes the sweep's tables for results.md.
func scalingTables(b *strings.Builder, gdPts, torchPts []point) {
	fmt.Fprintf(b, "\n## How cost grows with size\n\nOne thread, gd and PyTorch in the same run; the chart is [docs/%s.png](../docs/%[1]s.png) (live: [docs/%[1]s.html](../docs/%[1]s.html)).\n", chartName)
	epochs := func(title, col, sweep string) {
		fmt.Fprintf(b, "\n%s\n\n| %s | gd | PyTorch | gd vs PyTorch |\n|---:|---:|---:|---:|\n", title, col)
		for _, p := range pairs(sweep, gdPts, torchPts) {
			fmt.Fprintf(b, "| %d | %s | %s | %.1f× faster |\n", p.size, human(p.gd.Seconds), human(p.torch.Seconds), p.torch.Seconds/p.gd.Seconds)
		}
	}
	epochs(fmt.Sprintf("MLP 784-%d-10 epoch (60k samples) by batch size:", mlpHidden), "batch", sweepBatch)
	epochs(fmt.Sprintf("MLP 784-h-10 epoch (60k samples, batch %d) by hidden width h:", mlpBatch), "hidden", sweepHidden)
	b.WriteString("\nfloat32 matrix product n×n · n×n:\n\n| n | gd | PyTorch | gd vs PyTorch |\n|---:|---:|---:|---:|\n")
	for _, p := range pairs(sweepMatmul, gdPts, torchPts) {
		fmt.Fprintf(b, "| %d | %.1f GFLOP/s | %.1f GFLOP/s | %.0f%% |\n", p.size, p.gd.GFLOPS, p.torch.GFLOPS, 100*p.gd.GFLOPS/p.torch.GFLOPS)
	}
}

// torchCommand is the torch_workloads.py command at the given thread
// count: the thread variables set, OpenBLAS first on the library path.
func torchCommand(root string, threads int, args ...string) *exec.Cmd {
	cmd := exec.Command(systemPython, append([]string{filepath.Join(root, "bench", "torch_workloads.py"), "--threads", fmt.Sprint(threads)}, args...)...)
	t := fmt.Sprint(threads)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS="+t, "OPENBLAS_NUM_THREADS="+t, "MKL_NUM_THREADS="+t)
	if core := openBLASCore(); core != "" {
		cmd.Env = append(cmd.Env, "OPENBLAS_CORETYPE="+core)
	}
	if dir := openBLASDir(); dir != "" {
		cmd.Env = append(cmd.Env, "LD_LIBRARY_PATH="+strings.Join(append([]string{dir}, filepath.SplitList(os.Getenv("LD_LIBRARY_PATH"))...), string(filepath.ListSeparator)))
	}
	cmd.Stderr = os.Stderr
	return cmd
}
