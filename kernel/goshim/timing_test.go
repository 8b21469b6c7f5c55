package main

import (
	"encoding/json"
	"os"
	"os/exec"
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
	path := filepath.Join(t.TempDir(), "graph.json")
	writeFiles(t, filepath.Dir(path), map[string]string{"graph.json": graph})
	actions, err := readActions(path)
	if err != nil {
		t.Fatal(err)
	}
	if compile, link := buildSplit(actions); compile != 50*time.Millisecond || link != 200*time.Millisecond {
		t.Errorf("buildSplit = %v, %v; want 50ms of compiles, 200ms of link", compile, link)
	}
	writeFiles(t, filepath.Dir(path), map[string]string{"graph.json": "not json"})
	if _, err := readActions(path); err == nil {
		t.Error("readActions accepted a graph that is not JSON")
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

// A go command that does not know -debug-actiongraph (here a script
// standing in for one) gets the build again without it, and the cell sees
// none of that.
func TestShimBuildsWithoutAnActionGraphWhenRefused(t *testing.T) {
	bin, _ := shim(t)
	dir := t.TempDir()
	fake := filepath.Join(dir, "oldgo")
	writeFiles(t, dir, map[string]string{
		"oldgo":   "#!/bin/sh\ncase \"$*\" in *-debug-actiongraph*) echo 'flag provided but not defined: -debug-actiongraph' >&2; exit 2;; esac\necho \"built: $*\" >&2\n",
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {}\n",
	})
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "build", "-o", "cell")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GD_REAL_GO="+fake, timesVar+"="+filepath.Join(dir, "times"))
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "debug-actiongraph") || !strings.Contains(string(out), "built: build -ldflags=-s -w -linkmode=internal -o cell") {
		t.Errorf("shim build with a go command refusing the action graph: %v\n%s", err, out)
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
