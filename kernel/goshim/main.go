// Command goshim is the go command GoNB's cells see: `go run ./kernel install`
// builds it into .gd/bin/go, first on the kernel's PATH. It passes everything
// to the real go command (GD_REAL_GO), changing five things: three that cost
// a notebook cell time without changing its result, and two that a notebook
// needs from the build of each cell:
//
//   - `go build` gets -ldflags='-s -w -linkmode=internal': no symbol table
//     and no DWARF (6% off a cell's link; nothing runs a debugger or nm on a
//     cell), and Go's own linker even though gd calls libm through cgo (the
//     external linker would double a cell's build time). Panics still show
//     file:line. A build that truly needs the external linker is retried the
//     default way. It also runs with GOGC=400 unless GOGC is set (buildEnv).
//   - once a go build of a cell has found every package in the build cache,
//     the shim runs the compiler and linker itself for the next cells, with
//     that build's import configurations, as long as nothing the packages are
//     built from changed and the cells import none that build did not have:
//     it saves the go command's ~90 ms of package loading and cache checks
//     (warmbuild.go; GD_GOSHIM_WARM=off turns it off).
//   - `go get` with no arguments, which GoNB runs before every cell to fetch
//     missing modules, is skipped when every import of the cell is in the
//     standard library, the workspace's modules or the modules they require
//     (settled.go): it would add nothing, yet ask the module proxy again. A
//     build that still finds a module missing runs go get and builds again.
//   - when the cell imports the cache package (../../cache), the keys of
//     its values are passed to it with -X flags (cachekey.go).
//   - with GD_CELL_STDIN=closed (set by the headless runner, where nobody can
//     answer), the cell's program closes its standard input as it starts,
//     so a read fails at once instead of waiting forever (stdin.go).
//
// Set GD_GOSHIM_LOG=1 to see its decisions on stderr, and GD_GOSHIM_TIMES to
// a file to have each go build and go get timed there (timing.go).
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	real := realGo()
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "build":
		os.Exit(build(real, args[1:]))
	case len(args) == 1 && args[0] == "get":
		os.Exit(get(real))
	}
	os.Exit(run(real, args, nil))
}

// realGo is the go command the shim stands in for.
func realGo() string {
	if p := os.Getenv("GD_REAL_GO"); p != "" {
		return p
	}
	self, _ := os.Executable()
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "go")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && !sameFile(p, self) {
			return p
		}
	}
	fmt.Fprintln(os.Stderr, "goshim: no real go command found (set GD_REAL_GO)")
	os.Exit(127)
	return ""
}

func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// run executes the real go command with stdio attached (stderr optionally
// captured instead) and returns its exit code.
func run(real string, args []string, stderr *bytes.Buffer) int {
	return runEnv(real, args, nil, stderr)
}

// runEnv is run with the environment env (nil: this process's).
func runEnv(real string, args, env []string, stderr *bytes.Buffer) int {
	cmd := exec.Command(real, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if stderr != nil {
		cmd.Stderr = stderr
	}
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "goshim:", err)
		return 1
	}
	return 0
}

func logf(format string, args ...any) {
	if os.Getenv("GD_GOSHIM_LOG") != "" {
		fmt.Fprintf(os.Stderr, "goshim: "+format+"\n", args...)
	}
}

func build(real string, args []string) int {
	start := time.Now()
	rec := timing{Op: "build"}
	code := buildCell(real, args, &rec)
	rec.Ms, rec.Failed = ms(time.Since(start)), code != 0
	writeTiming(rec)
	return code
}

func buildCell(real string, args []string, rec *timing) int {
	closeStdin()
	dir, _ := os.Getwd()
	var keys []string
	if dir != "" {
		keys = cacheFlags(dir)
	}
	ld := append([]string{"-s", "-w", "-linkmode=internal"}, keys...)
	env := buildEnv(os.Environ())
	warm := newWarmBuild(dir, real, args)
	if warm.run(ld, env, rec) {
		logf("built by the shim with the last go build's import configurations")
		return 0
	}
	gb := &goBuild{real: real, env: env, keepWork: warm != nil}
	if os.Getenv(timesVar) != "" || warm != nil {
		gb.graph = tempName("goshim-actions-*.json")
	}
	defer gb.cleanup()
	fast := append([]string{"build", ldflags(ld)}, args...)
	code := gb.run(fast)
	if code != 0 && needsGet(gb.stderr.String()) && dir != "" && isGoNBCell(dir) {
		logf("the build misses a module: running go get, then building again")
		var getErr bytes.Buffer
		if run(real, []string{"get"}, &getErr) != 0 {
			os.Stderr.Write(gb.stderr.Bytes())
			os.Stderr.Write(getErr.Bytes())
			return code
		}
		code = gb.run(fast)
	}
	if code == 0 {
		os.Stderr.Write(gb.stderr.Bytes())
		if gb.graph != "" {
			if actions, err := readActions(gb.graph); err == nil {
				compile, link := buildSplit(actions)
				rec.CompileMs, rec.LinkMs = ms(compile), ms(link)
				warm.save(actions, gb.work, ld)
			}
		}
		logf("built with -s -w -linkmode=internal")
		return 0
	}
	msg := strings.ToLower(gb.stderr.String())
	if strings.Contains(msg, "internal link") || strings.Contains(msg, "linkmode") {
		logf("internal linking refused; building the default way")
		def := []string{"build"}
		if len(keys) > 0 {
			def = append(def, ldflags(keys))
		}
		return runEnv(real, append(def, args...), env, nil)
	}
	os.Stderr.Write(gb.stderr.Bytes())
	return code
}

// goBuild runs the real go build with its stderr captured, optionally
// writing its action graph (for the timings and the warm path) and keeping
// its work folder (-work: the warm path copies the import configurations
// from there).
type goBuild struct {
	real     string
	env      []string
	graph    string // -debug-actiongraph's file, or empty
	keepWork bool
	work     string // the work folder the last run kept
	stderr   bytes.Buffer
}

func (g *goBuild) run(args []string) int {
	for {
		g.removeWork()
		g.stderr.Reset()
		cmd := []string{args[0]}
		if g.graph != "" {
			cmd = append(cmd, "-debug-actiongraph="+g.graph)
		}
		if g.keepWork {
			cmd = append(cmd, "-work")
		}
		code := runEnv(g.real, append(cmd, args[1:]...), g.env, &g.stderr)
		if g.keepWork {
			g.takeWork()
		}
		// -debug-actiongraph is a debugging flag, not a promise: a go command
		// that refuses it builds without it (and without the warm path).
		if code != 0 && g.graph != "" && strings.Contains(g.stderr.String(), "-debug-actiongraph") {
			os.Remove(g.graph)
			g.graph, g.keepWork = "", false
			continue
		}
		return code
	}
}

// takeWork finds the line "WORK=folder" that -work makes the go command
// print, and takes it out of what the cell shows.
func (g *goBuild) takeWork() {
	lines := bytes.SplitAfter(g.stderr.Bytes(), []byte("\n"))
	for i, l := range lines {
		path, ok := strings.CutPrefix(strings.TrimSpace(string(l)), "WORK=")
		if !ok || !strings.HasPrefix(filepath.Base(path), "go-build") {
			continue
		}
		g.work = path
		rest := bytes.Join(slices.Delete(lines, i, i+1), nil)
		g.stderr.Reset()
		g.stderr.Write(rest)
		return
	}
}

func (g *goBuild) removeWork() {
	if g.work != "" {
		os.RemoveAll(g.work)
		g.work = ""
	}
}

func (g *goBuild) cleanup() {
	g.removeWork()
	if g.graph != "" {
		os.Remove(g.graph)
	}
}

// tempName makes an empty temporary file and returns its name ("" if it
// cannot).
func tempName(pattern string) string {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return ""
	}
	f.Close()
	return f.Name()
}

// buildEnv is the environment go build runs in: GOGC=400 unless GOGC is
// set. The go command and its linker allocate much and keep little, so
// collecting a quarter as often makes a warm cell's build about 30 ms (8%)
// faster for about 15 MB more at the linker's peak (140 MB there).
func buildEnv(environ []string) []string {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "GOGC=") {
			return environ
		}
	}
	return append(environ, "GOGC=400")
}

func get(real string) int {
	start := time.Now()
	code, skipped := getOrSkip(real)
	writeTiming(timing{Op: "get", Ms: ms(time.Since(start)), Skipped: skipped, Failed: code != 0})
	return code
}

// getOrSkip runs go get (no arguments) unless the cell's imports are
// settled; it reports whether it skipped it.
func getOrSkip(real string) (code int, skipped bool) {
	if dir, err := os.Getwd(); err == nil && isGoNBCell(dir) {
		if ok, err := importsSettled(dir); err == nil && ok {
			logf("go get skipped: every import is in the standard library or the workspace's modules")
			return 0, true
		}
	}
	return run(real, []string{"get"}, nil), false
}

// ldflags joins linker flags into one -ldflags argument, quoting those with
// spaces as the go command's flag parsing expects.
func ldflags(flags []string) string {
	quoted := make([]string, len(flags))
	for i, f := range flags {
		quoted[i] = f
		switch {
		case !strings.ContainsAny(f, " \t'\""):
		case !strings.Contains(f, "'"):
			quoted[i] = "'" + f + "'"
		default:
			quoted[i] = `"` + f + `"`
		}
	}
	return "-ldflags=" + strings.Join(quoted, " ")
}
