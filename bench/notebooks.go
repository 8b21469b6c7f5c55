package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// latency is workload 7: how long notebook cells take under the gd kernel.
type latency struct {
	Warm, Cold cellStats
	Notebooks  []notebookTime
	Split      cellSplit // where the warm run's cell time went
}

type cellStats struct {
	Cells          int
	Median, P90    float64 // seconds per cell
	TotalNotebooks float64 // seconds for all notebooks
}

type notebookTime struct {
	Name       string
	Warm, Cold float64
}

type runnerResult struct {
	Notebook string       `json:"notebook"`
	Seconds  float64      `json:"seconds"`
	OK       bool         `json:"ok"`
	Cells    []runnerCell `json:"cells"`
}

type runnerCell struct {
	Seconds float64 `json:"seconds"`
}

// notebookLatency runs every notebook three times with the gd kernel: once to
// warm up, once timed with that warm build cache, and once timed with an empty
// build cache (GOCACHE pointed at a fresh directory), which is what a first
// run on a new machine pays. The kernel's go shim times each go get and go
// build of the warm run (GD_GOSHIM_TIMES) for the split of a cell's time.
func notebookLatency(root string) (*latency, error) {
	env, err := jupyter.NewEnv(root)
	if err != nil {
		return nil, err
	}
	env.Log = io.Discard
	if err := env.Setup(jupyter.Options{}); err != nil {
		return nil, err
	}
	nbs, err := jupyter.Notebooks(filepath.Join(root, "notebooks"))
	if err != nil || len(nbs) == 0 {
		return nil, fmt.Errorf("no notebooks to time in notebooks/")
	}
	tmp, err := os.MkdirTemp("", "gd_bench_nb_")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	runOnce := func(label string, extraEnv ...string) ([]runnerResult, error) {
		fmt.Printf("notebooks, %s build cache...\n", label)
		timings := filepath.Join(tmp, label+".json")
		for _, kv := range extraEnv {
			k, v, _ := cutEnv(kv)
			old, had := os.LookupEnv(k)
			os.Setenv(k, v)
			defer func() {
				if had {
					os.Setenv(k, old)
				} else {
					os.Unsetenv(k)
				}
			}()
		}
		err := env.Run(context.Background(), jupyter.RunOptions{Notebooks: nbs, OutDir: filepath.Join(tmp, label),
			NoHTML: true, Timings: timings, Stdout: io.Discard, CellTimeout: 15 * time.Minute})
		if err != nil {
			return nil, fmt.Errorf("notebooks (%s): %w", label, err)
		}
		b, err := os.ReadFile(timings)
		if err != nil {
			return nil, err
		}
		var rs []runnerResult
		return rs, json.Unmarshal(b, &rs)
	}
	if _, err := runOnce("warm-up"); err != nil {
		return nil, err
	}
	shimTimes := filepath.Join(tmp, "warm-shim.jsonl")
	warm, err := runOnce("warm", "GD_GOSHIM_TIMES="+shimTimes)
	if err != nil {
		return nil, err
	}
	cold, err := runOnce("cold", "GOCACHE="+filepath.Join(tmp, "gocache"))
	if err != nil {
		return nil, err
	}
	lat := &latency{Warm: stats(warm), Cold: stats(cold)}
	if f, err := os.Open(shimTimes); err == nil {
		ts, bad, err := readShimTimings(f)
		f.Close()
		if err == nil {
			lat.Split = splitCells(warm, ts)
		}
		if bad > 0 {
			fmt.Printf("notebooks: %d unreadable lines in the go shim's timings\n", bad)
		}
	} else {
		fmt.Println("notebooks: no timings from the go shim (is the kernel's go shim up to date? go run ./kernel install):", err)
	}
	for i := range warm {
		lat.Notebooks = append(lat.Notebooks, notebookTime{Name: filepath.Base(warm[i].Notebook), Warm: warm[i].Seconds, Cold: cold[i].Seconds})
	}
	return lat, nil
}

func cutEnv(kv string) (string, string, bool) {
	for i := range kv {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

func stats(rs []runnerResult) cellStats {
	var cells []float64
	s := cellStats{}
	for _, r := range rs {
		s.TotalNotebooks += r.Seconds
		for _, c := range r.Cells {
			cells = append(cells, c.Seconds)
		}
	}
	slices.Sort(cells)
	s.Cells = len(cells)
	if len(cells) > 0 {
		s.Median = quantile(cells, 0.5)
		s.P90 = quantile(cells, 0.9)
	}
	return s
}

// quantile of sorted values, by linear interpolation between closest ranks.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
}
