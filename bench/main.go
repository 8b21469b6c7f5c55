// Command bench runs the articles' workloads in gd and in PyTorch (CPU, eager)
// in one run, with 1 and 2 threads, plus the notebooks' per-cell latency under
// the gd kernel, and prints a table of times and ratios.
//
//	go run ./bench                  # everything; writes bench/results.md
//	go run ./bench -only x2,matmul  # a subset
//	go run ./bench -notebooks=false # skip the notebook latency runs
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
	"strconv"
	"strings"
	"time"
)

// result is one workload's best time (and its value) at one thread count.
type result struct {
	Seconds float64 `json:"seconds"`
	Value   float64 `json:"value"`
	GFLOPS  float64 `json:"gflops,omitempty"`
}

type run struct {
	Threads int               `json:"threads"`
	Results map[string]result `json:"results"`
	Torch   string            `json:"torch,omitempty"`
}

func main() {
	worker := flag.Bool("worker", false, "internal: run gd's workloads in this process and print JSON")
	threads := flag.String("threads", "1,2", "thread counts to measure")
	repeat := flag.Int("repeat", 3, "timed repetitions per workload (best is kept)")
	only := flag.String("only", "", "comma-separated workloads: "+names())
	notebooks := flag.Bool("notebooks", true, "also measure notebook cell latency (warm and cold build cache)")
	out := flag.String("out", "bench/results.md", "write the results table here (empty: don't)")
	flag.Parse()

	selected := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			selected[n] = true
		}
	}
	if *worker {
		runWorker(selected, *repeat)
		return
	}
	if err := runAll(selected, parseThreads(*threads), *repeat, *notebooks, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// shortLoopReps multiplies the repetitions of the millisecond-long loops
// (x2, quadratic, linear and their Adam rows) on both sides: a single garbage collection or
// scheduling hiccup moves one such run by a third, so they need more samples
// for their best time to be stable. torch_workloads.py uses the same factor.
const shortLoopReps = 5

func names() string {
	var s []string
	for _, w := range workloads {
		s = append(s, w.name)
	}
	return strings.Join(s, ",")
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

// runWorker times gd's workloads in this process (GOMAXPROCS set by the parent).
func runWorker(selected map[string]bool, repeat int) {
	r := run{Threads: runtime.GOMAXPROCS(0), Results: map[string]result{}}
	for _, w := range workloads {
		if len(selected) > 0 && !selected[w.name] {
			continue
		}
		w.run() // warm-up: page in data paths, grow pools
		best := result{Seconds: 1e18}
		reps := repeat
		switch w.name {
		case "minibatch", "mlp":
			reps = max(1, repeat-1)
		case "x2", "quadratic", "linear", "adam_x2", "adam_quadratic", "adam_linear":
			reps = shortLoopReps * repeat
		}
		for range reps {
			d, v := w.run()
			if d.Seconds() < best.Seconds {
				best = result{Seconds: d.Seconds(), Value: v}
			}
		}
		if w.name == "matmul" {
			best.GFLOPS = best.Value
		}
		r.Results[w.name] = best
	}
	json.NewEncoder(os.Stdout).Encode(r)
}

func runAll(selected map[string]bool, threads []int, repeat int, notebooks bool, out string) error {
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
	}
	var lat *latency
	if notebooks && (len(selected) == 0 || selected["notebooks"]) {
		if lat, err = notebookLatency(root); err != nil {
			return err
		}
	}
	table := renderTable(m, gdRuns, torchRuns, lat)
	fmt.Println()
	fmt.Println(table)
	if out != "" {
		path := out
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			return err
		}
		fmt.Printf("results written to %s\n", path)
	}
	return nil
}

func gdRun(self string, threads, repeat int, selected map[string]bool) (run, error) {
	args := []string{"-worker", "-repeat", strconv.Itoa(repeat)}
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
	args := []string{filepath.Join(root, "bench", "torch_workloads.py"), "--threads", strconv.Itoa(threads), "--repeat", strconv.Itoa(repeat)}
	if len(selected) > 0 {
		args = append(args, "--only", joinKeys(selected))
	}
	cmd := exec.Command(systemPython, args...)
	t := strconv.Itoa(threads)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS="+t, "OPENBLAS_NUM_THREADS="+t, "MKL_NUM_THREADS="+t)
	if core := openBLASCore(); core != "" {
		cmd.Env = append(cmd.Env, "OPENBLAS_CORETYPE="+core)
	}
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
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
