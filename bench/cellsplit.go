package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// shimTiming is one line of the go shim's timings file (GD_GOSHIM_TIMES,
// kernel/goshim/timing.go): one go get or go build of a cell, in
// milliseconds.
type shimTiming struct {
	Op        string  `json:"op"`
	Ms        float64 `json:"ms"`
	CompileMs float64 `json:"compile_ms"`
	LinkMs    float64 `json:"link_ms"`
	Warm      bool    `json:"warm"` // compiled and linked by the shim itself
	Skipped   bool    `json:"skipped"`
	Failed    bool    `json:"failed"`
}

// readShimTimings reads a timings file. A line that is not a timing (a
// kernel stopped mid-write) is counted and left out rather than failing
// the bench.
func readShimTimings(r io.Reader) (ts []shimTiming, bad int, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var t shimTiming
		if json.Unmarshal([]byte(line), &t) != nil || (t.Op != "build" && t.Op != "get") {
			bad++
			continue
		}
		ts = append(ts, t)
	}
	return ts, bad, sc.Err()
}

// cellSplit is where the cells' time went: the medians of the go command's
// parts per build, and each part's share of all cells' time. Times in
// seconds.
type cellSplit struct {
	Cells, Builds, WarmBuilds, Gets, GetsRun int
	// Medians per build: the whole go build, its compiles, its link, and the
	// rest (the go command loading packages and checking the build cache, or
	// on the shim's warm path its own checks).
	Build, Compile, Link, GoCommand float64
	// Totals over all cells.
	CellTotal, GetTotal, BuildTotal, CompileTotal, LinkTotal float64
}

// splitCells puts the runner's cell times and the shim's timings of the
// same run together. Only successful builds count (a failed one has no
// link).
func splitCells(rs []runnerResult, ts []shimTiming) cellSplit {
	var s cellSplit
	for _, r := range rs {
		for _, c := range r.Cells {
			s.Cells++
			s.CellTotal += c.Seconds
		}
	}
	var build, compile, link, rest []float64
	for _, t := range ts {
		switch {
		case t.Op == "get":
			s.Gets++
			s.GetTotal += t.Ms / 1e3
			if !t.Skipped {
				s.GetsRun++
			}
		case t.Op == "build" && !t.Failed:
			s.Builds++
			if t.Warm {
				s.WarmBuilds++
			}
			build = append(build, t.Ms/1e3)
			compile = append(compile, t.CompileMs/1e3)
			link = append(link, t.LinkMs/1e3)
			rest = append(rest, max(0, t.Ms-t.CompileMs-t.LinkMs)/1e3)
			s.BuildTotal += t.Ms / 1e3
			s.CompileTotal += t.CompileMs / 1e3
			s.LinkTotal += t.LinkMs / 1e3
		}
	}
	s.Build, s.Compile, s.Link, s.GoCommand = median(build), median(compile), median(link), median(rest)
	return s
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	return quantile(v, 0.5)
}

// splitTable writes the split as a table: per part its median per build
// and its share of all cells' time; what is outside go get and go build
// (GoNB parsing the cell and running goimports, the program's own run and
// its output reaching the notebook) is the remainder of the cells' time.
func splitTable(b *strings.Builder, s cellSplit) {
	if s.Builds == 0 || s.CellTotal <= 0 {
		return
	}
	share := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x/s.CellTotal) }
	fmt.Fprintf(b, "\nWhere a warm cell's time goes (%d cells, %d builds, %d of them compiled and linked by the go shim itself; the shim's timings, GD_GOSHIM_TIMES):\n\n", s.Cells, s.Builds, s.WarmBuilds)
	b.WriteString("| part | median per build | share of all cells' time |\n|---|---:|---:|\n")
	fmt.Fprintf(b, "| go get (%d of %d run, the others skipped) | | %s |\n", s.GetsRun, s.Gets, share(s.GetTotal))
	fmt.Fprintf(b, "| go build, all of it | %s | %s |\n", human(s.Build), share(s.BuildTotal))
	fmt.Fprintf(b, "| … loading packages, checking the build cache (the go command or the shim) | %s | %s |\n", human(s.GoCommand), share(s.BuildTotal-s.CompileTotal-s.LinkTotal))
	fmt.Fprintf(b, "| … compiling (the cell; packages not in the cache) | %s | %s |\n", human(s.Compile), share(s.CompileTotal))
	fmt.Fprintf(b, "| … linking | %s | %s |\n", human(s.Link), share(s.LinkTotal))
	fmt.Fprintf(b, "| GoNB (parse, goimports), the program's run, output | | %s |\n", share(max(0, s.CellTotal-s.GetTotal-s.BuildTotal)))
}
