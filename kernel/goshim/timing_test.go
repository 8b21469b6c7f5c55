package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Compiles that ran (with a command) and the link count; actions answered
// from the build cache, or that ran nothing, do not.
func TestBuildSplit(t *testing.T) {
	graph := `[
 {"Mode": "link-install", "Cmd": null, "TimeStart": "2026-12-07T12:00:00.900Z", "TimeDone": "2026-12-07T12:00:00.902Z"},
 {"Mode": "link", "Cmd": ["link -o a.out"], "TimeStart": "2026-12-07T12:00:00.700Z", "TimeDone": "2026-12-07T12:00:00.900Z"},
 {"Mode": "build", "Cmd": ["compile -p main"], "TimeStart": "2026-12-07T12:00:00.670Z", "TimeDone": "2026-12-07T12:00:00.700Z"},
 {"Mode": "build", "Cmd": ["cgo", "gcc"], "TimeStart": "2026-12-07T12:00:00.600Z", "TimeDone": "2026-12-07T12:00:00.620Z"},
 {"Mode": "build", "Cmd": null, "TimeStart": "2026-12-07T12:00:00.100Z", "TimeDone": "2026-12-07T12:00:00.105Z"},
 {"Mode": "build check cache", "TimeStart": "2026-12-07T12:00:00.050Z", "TimeDone": "2026-12-07T12:00:00.090Z"},
 {"Mode": "built-in package"}
]`
	compile, link, err := buildSplit([]byte(graph))
	if err != nil || compile != 50*time.Millisecond || link != 200*time.Millisecond {
		t.Errorf("buildSplit = %v, %v, %v; want 50ms of compiles, 200ms of link", compile, link, err)
	}
	if _, _, err := buildSplit([]byte("not json")); err == nil {
		t.Error("buildSplit accepted a graph that is not JSON")
	}
}

// GOGC=400 for the build unless the user chose a GOGC.
func TestBuildEnv(t *testing.T) {
	if env := buildEnv([]string{"HOME=/h"}); !slices.Equal(env, []string{"HOME=/h", "GOGC=400"}) {
		t.Errorf("buildEnv without GOGC = %q", env)
	}
	if env := buildEnv([]string{"GOGC=50", "HOME=/h"}); !slices.Equal(env, []string{"GOGC=50", "HOME=/h"}) {
		t.Errorf("buildEnv with GOGC=50 = %q", env)
	}
}

// A go command that does not know -debug-actiongraph makes the timer drop
// it, once; other failures are the build's own.
func TestBuildTimerRefused(t *testing.T) {
	t.Setenv(timesVar, filepath.Join(t.TempDir(), "times"))
	bt := newBuildTimer()
	graph := bt.graph
	if len(bt.flags()) != 1 {
		t.Fatalf("timer flags = %q, want the action graph", bt.flags())
	}
	if bt.refused(1, "main.go:3:2: undefined: x") {
		t.Error("a compile error taken for a refused flag")
	}
	if !bt.refused(2, "flag provided but not defined: -debug-actiongraph\nusage: go build ...") {
		t.Fatal("the go command's refusal of -debug-actiongraph not recognised")
	}
	if bt.flags() != nil || bt.refused(2, "flag provided but not defined: -debug-actiongraph") {
		t.Error("the timer still asks for the action graph after the refusal")
	}
	if _, err := os.Stat(graph); !os.IsNotExist(err) {
		t.Errorf("the action graph's file %s is left behind (%v)", graph, err)
	}
}

// With GD_GOSHIM_TIMES set, the shim appends one line per go get and go
// build: the skipped go get, the build with its compile and link.
func TestShimWritesTimings(t *testing.T) {
	dir := t.TempDir()
	times := filepath.Join(t.TempDir(), "times.jsonl")
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n",
	})
	env := "GD_GOSHIM_TIMES=" + times
	for _, args := range [][]string{{"get"}, {"build", "-o", "cell", "."}} {
		if out, err := shimCmd(t, dir, append([]string{env}, args...)...); err != nil {
			t.Fatalf("shim %s: %v\n%s", args[0], err, out)
		}
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nfunc main() { undefinedThing() }\n"})
	if _, err := shimCmd(t, dir, env, "build", "-o", "cell", "."); err == nil {
		t.Fatal("a build of an undefined name succeeded")
	}
	b, err := os.ReadFile(times)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 {
		t.Fatalf("timings file has %d lines, want 3 (get, build, failed build):\n%s", len(lines), b)
	}
	var recs []timing
	for _, l := range lines {
		var r timing
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("timings line %q: %v", l, err)
		}
		recs = append(recs, r)
	}
	if g := recs[0]; g.Op != "get" || !g.Skipped || g.Failed {
		t.Errorf("go get line = %+v, want a skipped get", g)
	}
	if b := recs[1]; b.Op != "build" || b.Failed || b.CompileMs <= 0 || b.LinkMs <= 0 || b.Ms < b.CompileMs+b.LinkMs {
		t.Errorf("build line = %+v, want compile and link times within the whole", b)
	}
	if f := recs[2]; f.Op != "build" || !f.Failed || f.LinkMs != 0 {
		t.Errorf("failed build line = %+v, want failed and no link", f)
	}
}
