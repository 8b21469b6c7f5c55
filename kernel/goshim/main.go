// Command goshim is the go command GoNB's cells see: `go run ./kernel install`
// builds it into .gd/bin/go, first on the kernel's PATH. It passes everything
// to the real go command (GD_REAL_GO), changing four things: two that cost a
// notebook cell time without changing its result, and two that a notebook
// needs from the build of each cell:
//
//   - `go build` gets -ldflags='-w -linkmode=internal': no DWARF, and Go's own
//     linker even though gd calls libm through cgo (the external linker would
//     double a cell's build time). Panics still show file:line. A build that
//     truly needs the external linker is retried the default way.
//   - `go get` with no arguments, which GoNB runs before every cell to fetch
//     missing modules, is skipped when the cell module's imports, go.mod,
//     go.sum and go.work (and the go.mod files go.work uses) are what they
//     were at the last successful run: its answer cannot have changed.
//   - when the cell imports the cache package (../../cache), the keys of
//     its values are passed to it with -X flags (cachekey.go).
//   - with GD_CELL_STDIN=closed (set by the headless runner, where nobody can
//     answer), the cell's program closes its standard input as it starts,
//     so a read fails at once instead of waiting forever (stdin.go).
//
// Set GD_GOSHIM_LOG=1 to see its decisions on stderr.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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
// captured as well) and returns its exit code.
func run(real string, args []string, stderr *bytes.Buffer) int {
	cmd := exec.Command(real, args...)
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
	closeStdin()
	var keys []string
	if dir, err := os.Getwd(); err == nil {
		keys = cacheFlags(dir)
	}
	var stderr bytes.Buffer
	fast := append([]string{"build", ldflags(append([]string{"-w", "-linkmode=internal"}, keys...))}, args...)
	code := run(real, fast, &stderr)
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
		return run(real, append(def, args...), nil)
	}
	os.Stderr.Write(stderr.Bytes())
	return code
}

func get(real string) int {
	dir, err := os.Getwd()
	if err != nil {
		return run(real, []string{"get"}, nil)
	}
	// Cells import different subsets (GoNB drops unused imports), so the shim
	// remembers every state go get has already settled, not just the last.
	stamp := filepath.Join(dir, ".gd-go-get")
	key, err := getKey(dir)
	if err == nil {
		if old, rerr := os.ReadFile(stamp); rerr == nil && slices.Contains(strings.Split(string(old), "\n"), key) {
			logf("go get skipped: imports and module files as at an earlier successful run")
			return 0
		}
	}
	code := run(real, []string{"get"}, nil)
	if code == 0 && err == nil {
		// Key after the run: go get may have edited go.mod and go.sum.
		if key, err = getKey(dir); err == nil {
			f, ferr := os.OpenFile(stamp, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
			if ferr == nil {
				fmt.Fprintln(f, key)
				f.Close()
			}
		}
	}
	return code
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
