// Command goshim is the go command GoNB's cells see: `go run ./kernel install`
// builds it into .gd/bin/go, first on the kernel's PATH. It passes everything
// to the real go command (GD_REAL_GO), changing four things: two that cost a
// notebook cell time without changing its result, and two that a notebook
// needs from the build of each cell:
//
//   - `go build` gets -ldflags='-w -linkmode=internal': no DWARF, and Go's own
//     linker even though gd calls libm through cgo (the external linker would
//     double a cell's build time). Panics still show file:line. A build that
//     truly needs the external linker is retried the default way. It also
//     runs with GOGC=400 unless GOGC is set (buildEnv).
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
	t := newBuildTimer()
	code := buildCell(real, args, t)
	t.record(start, code)
	return code
}

func buildCell(real string, args []string, t *buildTimer) int {
	closeStdin()
	dir, _ := os.Getwd()
	var keys []string
	if dir != "" {
		keys = cacheFlags(dir)
	}
	env := buildEnv(os.Environ())
	var stderr bytes.Buffer
	fastBuild := func() int {
		for {
			stderr.Reset()
			fast := append([]string{"build", ldflags(append([]string{"-w", "-linkmode=internal"}, keys...))}, t.flags()...)
			code := runEnv(real, append(fast, args...), env, &stderr)
			if !t.refused(code, stderr.String()) {
				return code
			}
		}
	}
	code := fastBuild()
	if code != 0 && needsGet(stderr.String()) && dir != "" && isCellDir(dir) {
		logf("the build misses a module: running go get, then building again")
		var getErr bytes.Buffer
		if run(real, []string{"get"}, &getErr) != 0 {
			os.Stderr.Write(stderr.Bytes())
			os.Stderr.Write(getErr.Bytes())
			return code
		}
		code = fastBuild()
	}
	if code == 0 {
		os.Stderr.Write(stderr.Bytes())
		logf("built with -w -linkmode=internal")
		return 0
	}
	msg := strings.ToLower(stderr.String())
	if strings.Contains(msg, "internal link") || strings.Contains(msg, "linkmode") {
		logf("internal linking refused; building the default way")
		def := []string{"build"}
		if len(keys) > 0 {
			def = append(def, ldflags(keys))
		}
		return runEnv(real, append(append(def, t.flags()...), args...), env, nil)
	}
	os.Stderr.Write(stderr.Bytes())
	return code
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
	if dir, err := os.Getwd(); err == nil && isCellDir(dir) {
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
