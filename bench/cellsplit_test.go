package main

import (
	"math"
	"strings"
	"testing"
)

// Good lines are read; a blank line is ignored; a line cut short or of an
// unknown kind is counted as bad, not fatal.
func TestReadShimTimings(t *testing.T) {
	in := `{"op":"get","ms":0.5,"skipped":true}

{"op":"build","ms":320.5,"compile_ms":30.25,"link_ms":210,"warm":true}
{"op":"other","ms":3}
{"op":"build","ms":90,"failed":true}
{"op":"bui`
	ts, bad, err := readShimTimings(strings.NewReader(in))
	if err != nil || bad != 2 || len(ts) != 3 {
		t.Fatalf("readShimTimings = %d timings, %d bad, %v; want 3, 2, nil", len(ts), bad, err)
	}
	if b := ts[1]; b.Op != "build" || b.Ms != 320.5 || b.CompileMs != 30.25 || b.LinkMs != 210 || !b.Warm || b.Failed {
		t.Errorf("build line read as %+v", b)
	}
	if !ts[0].Skipped || !ts[2].Failed {
		t.Errorf("flags read as %+v and %+v", ts[0], ts[2])
	}
}

// Three cells of 1 s in all; go get ran once for 99 ms; two builds (one by
// the shim itself) of 300 and 400 ms (compiles 30 and 40, links 200 and 250) and a failed one that
// does not count. Medians: build 350 ms, compile 35, link 225, the go
// command's own part (70 and 110) 90. Shares of the 1 s: go get 10%, builds
// 70%, of which loading 18%, compiling 7%, linking 45%; the rest 20%.
func TestSplitCells(t *testing.T) {
	rs := []runnerResult{
		{Cells: []runnerCell{{0.3}, {0.5}}},
		{Cells: []runnerCell{{0.2}}},
	}
	ts := []shimTiming{
		{Op: "get", Ms: 1, Skipped: true},
		{Op: "build", Ms: 300, CompileMs: 30, LinkMs: 200, Warm: true},
		{Op: "get", Ms: 99},
		{Op: "build", Ms: 400, CompileMs: 40, LinkMs: 250},
		{Op: "build", Ms: 100, Failed: true},
	}
	s := splitCells(rs, ts)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if s.Cells != 3 || s.Builds != 2 || s.WarmBuilds != 1 || s.Gets != 2 || s.GetsRun != 1 {
		t.Errorf("counts = %+v", s)
	}
	if !near(s.Build, 0.35) || !near(s.Compile, 0.035) || !near(s.Link, 0.225) || !near(s.GoCommand, 0.09) {
		t.Errorf("medians = build %v, compile %v, link %v, go command %v", s.Build, s.Compile, s.Link, s.GoCommand)
	}
	var b strings.Builder
	splitTable(&b, s)
	for _, row := range []string{
		"(3 cells, 2 builds, 1 of them compiled and linked by the go shim itself;",
		"| go get (1 of 2 run, the others skipped) | | 10% |",
		"| go build, all of it | 350.0 ms | 70% |",
		"| … loading packages, checking the build cache (the go command or the shim) | 90.0 ms | 18% |",
		"| … compiling (the cell; packages not in the cache) | 35.0 ms | 7% |",
		"| … linking | 225.0 ms | 45% |",
		"| GoNB (parse, goimports), the program's run, output | | 20% |",
	} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("split table:\n%s\nwant the row\n%s", b.String(), row)
		}
	}
	// No timings (an old shim): no table rather than a table of zeros.
	b.Reset()
	splitTable(&b, splitCells(rs, nil))
	if b.Len() != 0 {
		t.Errorf("split table without timings:\n%s", b.String())
	}
}
