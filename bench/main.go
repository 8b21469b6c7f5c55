// Command bench runs the articles' workloads in gd and in PyTorch (CPU, eager)
// in one run, with 1 and 2 threads, plus the notebooks' per-cell latency under
// the gd kernel, and prints a table of times and ratios.
//
//	go run ./bench                  # everything; writes bench/results.md
//	go run ./bench -only x2,matmul  # a subset
//	go run ./bench -notebooks=false # skip the notebook latency runs
//	go run ./bench -scaling=false   # skip the scaling sweep and its chart
//	go run ./bench -only scaling    # only the sweep (chart in docs/)
//	go run ./bench -only mlp -cpuprofile /tmp/mlp  # gd's side profiled: /tmp/mlp.1, /tmp/mlp.2
//
// PyTorch is Debian's python3-torch, run with /usr/bin/python3; when it or
// OpenBLAS is missing and the command runs as root on Debian, it installs
// them. gd's threads are GOMAXPROCS; PyTorch's are torch.set_num_threads plus
// the OpenMP/OpenBLAS thread variables.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/gonotebooks/descent/internal/atomicfile"
)

// result is one workload's best time (and its value) at one thread count.
type result struct {
	Seconds float64 `json:"seconds"`
	Value   float64 `json:"value"`
	GFLOPS  float64 `json:"gflops,omitempty"`
	// FLOP is the arithmetic of a training workload's matrix products,
	// which with the run's sgemm rate gives its compute floor.
	FLOP float64 `json:"flop,omitempty"`
}

type run struct {
	Threads int               `json:"threads"`
	Results map[string]result `json:"results"`
	Torch   string            `json:"torch,omitempty"`
	BLAS    string            `json:"blas,omitempty"`
}

func main() {
	worker := flag.Bool("worker", false, "internal: run gd's workloads in this process and print JSON")
	threads := flag.String("threads", "1,2", "thread counts to measure")
	repeat := flag.Int("repeat", 3, "timed repetitions per workload (best is kept)")
	only := flag.String("only", "", "comma-separated workloads: "+names())
	notebooks := flag.Bool("notebooks", true, "also measure notebook cell latency (warm and cold build cache)")
	sweep := flag.Bool("scaling", true, "also run the scaling sweep (about two minutes) and draw its chart in docs/")
	cpuProfile := flag.String("cpuprofile", "", "write CPU profiles of gd's runs here, one per thread count (name.1, name.2, ...)")
	chartDir := flag.String("chart", "docs", "write the scaling chart (HTML page and PNG) into this directory (empty: don't)")
	sweepWorker := flag.Bool("sweep", false, "internal: run gd's scaling sweep in this process and print JSON")
	out := flag.String("out", "bench/results.md", "write the results table here (empty: don't)")
	flag.Parse()

	selected := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			selected[n] = true
		}
	}
	if selected["mlp"] {
		selected["matmul"] = true // the sgemm rate for the MLP's compute floor
	}
	if *worker && *sweepWorker {
		runSweep()
		return
	}
	if *worker {
		runWorker(selected, *repeat, *cpuProfile)
		return
	}
	profilePrefix = *cpuProfile
	if err := runAll(selected, parseThreads(*threads), *repeat, *notebooks, *sweep, *out, *chartDir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// shortLoopReps multiplies the repetitions of the millisecond-long loops
// (x2, quadratic, linear, their Adam rows and the cross-entropy rows) on
// both sides: a single garbage collection or scheduling hiccup moves one
// such run by a third, so they need more samples for their best time to be
// stable. torch_workloads.py uses the same factor.
const shortLoopReps = 5

func names() string {
	var s []string
	for _, w := range workloads {
		s = append(s, w.name)
	}
	return strings.Join(append(s, "scaling", "notebooks"), ",")
}

// anyWorkload reports whether the selection (empty: everything) includes
// a timed workload, not just the sweep or the notebooks.
func anyWorkload(selected map[string]bool) bool {
	if len(selected) == 0 {
		return true
	}
	for _, w := range workloads {
		if selected[w.name] {
			return true
		}
	}
	return false
}

func parseThreads(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad -threads value %q\n", f)
			os.Exit(2)
		}
		out = append(out, n)
	}
	return out
}

// profilePrefix is -cpuprofile, which the parent passes on to its workers.
var profilePrefix string

// runWorker times gd's workloads in this process (GOMAXPROCS set by the
// parent), with a CPU profile of all its runs (warm-ups included) written
// to profile if set.
func runWorker(selected map[string]bool, repeat int, profile string) {
	r := run{Threads: runtime.GOMAXPROCS(0), Results: map[string]result{}}
	if profile != "" {
		f, err := os.Create(profile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -cpuprofile:", err)
			os.Exit(1)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	for _, w := range workloads {
		if len(selected) > 0 && !selected[w.name] {
			continue
		}
		w.run() // warm-up: page in data paths, grow pools
		best := result{Seconds: 1e18}
		reps := repeat
		switch w.name {
		case "minibatch", "mlp", "mlp_ce", "mlp_ce_adam", "digits":
			reps = max(1, repeat-1)
		case "x2", "quadratic", "linear", "adam_x2", "adam_quadratic", "adam_linear", "ce64", "ce4096":
			reps = shortLoopReps * repeat
		}
		for range reps {
			d, v := w.run()
			if d.Seconds() < best.Seconds {
				best = result{Seconds: d.Seconds(), Value: v}
			}
		}
		switch w.name {
		case "matmul":
			best.GFLOPS = best.Value
		case "mlp":
			best.FLOP = mlpFLOP(mlpSamples, mlpIn, mlpHidden, mlpOut)
		}
		r.Results[w.name] = best
	}
	json.NewEncoder(os.Stdout).Encode(r)
}

func runAll(selected map[string]bool, threads []int, repeat int, notebooks, sweep bool, out, chartDir string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if err := ensureTorch(); err != nil {
		return err
	}
	m := describeMachine()
	fmt.Println(m.String())
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var gdRuns, torchRuns []run
	for _, t := range threads {
		if !anyWorkload(selected) {
			break
		}
		fmt.Printf("gd, %d thread(s)...\n", t)
		r, err := gdRun(self, t, repeat, selected)
		if err != nil {
			return err
		}
		gdRuns = append(gdRuns, r)
		fmt.Printf("PyTorch, %d thread(s)...\n", t)
		tr, err := torchRun(root, t, repeat, selected)
		if err != nil {
			return err
		}
		torchRuns = append(torchRuns, tr)
		m.Torch = tr.Torch
		m.BLAS = blasDescription(tr.BLAS)
	}
	var lat *latency
	if notebooks && (len(selected) == 0 || selected["notebooks"]) {
		if lat, err = notebookLatency(root); err != nil {
			return err
		}
	}
	var gdPts, torchPts []point
	if sweep && (len(selected) == 0 || selected["scaling"]) {
		if gdPts, torchPts, err = scaling(self, root); err != nil {
			return err
		}
	}
	table := renderTable(m, gdRuns, torchRuns, lat)
	if len(gdPts) > 0 {
		var b strings.Builder
		scalingTables(&b, gdPts, torchPts)
		table += b.String()
	}
	fmt.Println()
	fmt.Println(table)
	if out != "" {
		path := out
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		if err := atomicfile.Write(path, []byte(table), 0o644); err != nil {
			return err
		}
		fmt.Printf("results written to %s\n", path)
	}
	// The chart last: a missing Chromium must not cost the results above.
	if len(gdPts) > 0 && chartDir != "" {
		if !filepath.IsAbs(chartDir) {
			chartDir = filepath.Join(root, chartDir)
		}
		if err := writeChart(chartDir, gdPts, torchPts); err != nil {
			return err
		}
	}
	return nil
}

func gdRun(self string, threads, repeat int, selected map[string]bool) (run, error) {
	args := []string{"-worker", "-repeat", strconv.Itoa(repeat)}
	if profilePrefix != "" {
		args = append(args, "-cpuprofile", fmt.Sprintf("%s.%d", profilePrefix, threads))
	}
	if len(selected) > 0 {
		args = append(args, "-only", joinKeys(selected))
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(threads))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return run{}, fmt.Errorf("gd worker (%d threads): %w", threads, err)
	}
	var r run
	return r, json.Unmarshal(b, &r)
}

func torchRun(root string, threads, repeat int, selected map[string]bool) (run, error) {
	// Name the workloads even when all are selected: the Python side has
	// rows whose gd side may be switched off (workloads_classify.go).
	only := joinKeys(selected)
	if len(selected) == 0 {
		var all []string
		for _, w := range workloads {
			all = append(all, w.name)
		}
		only = strings.Join(all, ",")
	}
	args := []string{"--repeat", strconv.Itoa(repeat), "--only", only}
	b, err := torchCommand(root, threads, args...).Output()
	if err != nil {
		return run{}, fmt.Errorf("PyTorch workloads (%d threads): %w", threads, err)
	}
	var r run
	return r, json.Unmarshal(b, &r)
}

func joinKeys(m map[string]bool) string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	return strings.Join(s, ",")
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run go run ./bench from inside the checkout")
	}
	return filepath.Dir(gomod), nil
}

func seconds(d time.Duration) float64 { return d.Seconds() }
