package main

import (
	"encoding/json"
	"os"
	"strings"
	"time"
)

// timesVar names the file where the shim appends one JSON line per go build
// and go get it handles: what the bench reads to split a cell's time into
// go get, the go command's own work, compiling and linking.
const timesVar = "GD_GOSHIM_TIMES"

// timing is one line of the timings file. Durations are in milliseconds.
type timing struct {
	Op string  `json:"op"` // "build" or "get"
	Ms float64 `json:"ms"` // the whole command, as the cell waits for it
	// CompileMs and LinkMs are the parts of a build spent compiling packages
	// (those not found in the build cache) and linking; the rest is the go
	// command loading packages and checking the cache.
	CompileMs float64 `json:"compile_ms,omitempty"`
	LinkMs    float64 `json:"link_ms,omitempty"`
	Skipped   bool    `json:"skipped,omitempty"` // a go get answered without running it
	Failed    bool    `json:"failed,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// writeTiming appends t to the timings file, if one is asked for. A line
// of this size is appended whole even when several cells write at once.
func writeTiming(t timing) {
	path := os.Getenv(timesVar)
	if path == "" {
		return
	}
	b, err := json.Marshal(t)
	if err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		logf("timings: %v", err)
		return
	}
	defer f.Close()
	f.Write(append(b, '\n'))
}

// buildTimer times one go build. When timings are asked for, the go command
// writes its action graph (-debug-actiongraph, a debugging flag that leaves
// the build and its cache keys alone), which says how long each compile and
// the link took.
type buildTimer struct {
	graph string // the action graph's file; empty when not timing
}

func newBuildTimer() *buildTimer {
	if os.Getenv(timesVar) == "" {
		return &buildTimer{}
	}
	f, err := os.CreateTemp("", "goshim-actions-*.json")
	if err != nil {
		return &buildTimer{}
	}
	f.Close()
	return &buildTimer{graph: f.Name()}
}

// flags are the go build flags that write the action graph.
func (t *buildTimer) flags() []string {
	if t.graph == "" {
		return nil
	}
	return []string{"-debug-actiongraph=" + t.graph}
}

// refused reports a go command that does not know -debug-actiongraph (it
// is not a promise of the go command): the timer then stops asking for it,
// and the build is to be run again without it.
func (t *buildTimer) refused(code int, stderr string) bool {
	if code == 0 || t.graph == "" || !strings.Contains(stderr, "-debug-actiongraph") {
		return false
	}
	os.Remove(t.graph)
	t.graph = ""
	return true
}

// record writes the build's timing line and removes the action graph.
func (t *buildTimer) record(start time.Time, code int) {
	rec := timing{Op: "build", Ms: ms(time.Since(start)), Failed: code != 0}
	if t.graph != "" {
		if b, err := os.ReadFile(t.graph); err == nil {
			if compile, link, err := buildSplit(b); err == nil {
				rec.CompileMs, rec.LinkMs = ms(compile), ms(link)
			}
		}
		os.Remove(t.graph)
	}
	writeTiming(rec)
}

// buildSplit adds up, from a go command's action graph, the time spent in
// compiles it ran and in the link. Actions that ran no command (packages
// found in the build cache, the checks themselves) count in neither.
func buildSplit(graph []byte) (compile, link time.Duration, err error) {
	var actions []struct {
		Mode                string
		Cmd                 []string
		TimeStart, TimeDone time.Time
	}
	if err := json.Unmarshal(graph, &actions); err != nil {
		return 0, 0, err
	}
	for _, a := range actions {
		if len(a.Cmd) == 0 || a.TimeStart.IsZero() || a.TimeDone.Before(a.TimeStart) {
			continue
		}
		switch d := a.TimeDone.Sub(a.TimeStart); a.Mode {
		case "build":
			compile += d
		case "link":
			link += d
		}
	}
	return compile, link, nil
}
