package main

import (
	"encoding/json"
	"os"
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
	Warm      bool    `json:"warm,omitempty"`    // a build the shim ran itself (warmbuild.go)
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

// action is one step of a build in the go command's action graph
// (go build -debug-actiongraph=file): what it did, for which package, the
// commands it ran and when.
type action struct {
	Mode, Package, Objdir string
	Cmd                   []string
	TimeStart, TimeDone   time.Time
}

func readActions(path string) ([]action, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var actions []action
	return actions, json.Unmarshal(b, &actions)
}

// buildSplit adds up the time spent in the compiles a build ran and in its
// link. Actions that ran no command (packages found in the build cache, the
// checks themselves) count in neither.
func buildSplit(actions []action) (compile, link time.Duration) {
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
	return compile, link
}
