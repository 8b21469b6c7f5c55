package jupyter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
)

// tools are the binaries the kernel needs, built at the versions go.mod pins
// (they are `tool` dependencies): GoNB itself, goimports (GoNB adds missing
// imports with it) and gopls (completion and inspection in JupyterLab).
var tools = []string{
	"github.com/janpfeifer/gonb",
	"golang.org/x/tools/cmd/goimports",
	"golang.org/x/tools/gopls",
}

// FindGo returns the go command and its version, or an actionable error.
func FindGo() (path, version string, err error) {
	path, err = exec.LookPath("go")
	if err != nil {
		return "", "", errors.New("kernel: the go command is not on PATH; install Go 1.26 (https://go.dev/dl) and retry")
	}
	out, err := exec.Command(path, "env", "GOVERSION").Output()
	if err != nil {
		return "", "", fmt.Errorf("kernel: %s env GOVERSION failed: %v", path, err)
	}
	return path, strings.TrimSpace(string(out)), nil
}

// BuildTools builds gonb, goimports and gopls into .gd/bin, unless a stamp shows
// they were built from the same go.mod/go.sum with the same Go.
func (e *Env) BuildTools() error {
	goCmd, goVersion, err := FindGo()
	if err != nil {
		return err
	}
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(e.Root, f))
		if err != nil {
			return err
		}
		h.Write(b)
	}
	var ownSources []string
	for _, dir := range []string{"goshim", "supervise", "internal/reap"} {
		m, _ := filepath.Glob(filepath.Join(e.Root, "kernel", dir, "*.go"))
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				ownSources = append(ownSources, f)
			}
		}
	}
	for _, f := range ownSources {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		h.Write(b)
	}
	h.Write([]byte(goVersion))
	want := hex.EncodeToString(h.Sum(nil))
	stamp := filepath.Join(e.BinDir(), ".tools.sha256")
	allThere := fileExists(filepath.Join(e.BinDir(), "go")) && fileExists(filepath.Join(e.BinDir(), "supervise"))
	for _, t := range tools {
		allThere = allThere && fileExists(filepath.Join(e.BinDir(), filepath.Base(t)))
	}
	if got, err := os.ReadFile(stamp); err == nil && allThere && strings.TrimSpace(string(got)) == want {
		e.logf("gonb, goimports, gopls in %s up to date (%s)", e.rel(e.BinDir()), goVersion)
		return nil
	}
	if err := os.MkdirAll(e.BinDir(), 0o755); err != nil {
		return err
	}
	e.logf("building gonb, goimports, gopls at go.mod's versions, the cells' go shim and the kernel supervisor into %s (%s)", e.rel(e.BinDir()), goVersion)
	args := append([]string{"build", "-o", e.BinDir() + string(filepath.Separator)}, tools...)
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = e.Root
	cmd.Stdout, cmd.Stderr = e.Log, e.Log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kernel: go build of the kernel tools failed: %w", err)
	}
	// Our own two: the go command GoNB's cells see (kernel/goshim: internal
	// linking, no DWARF, no repeated go get, the cache keys) and the
	// supervisor the launcher starts GoNB under (kernel/supervise).
	// Built under another name, then renamed: a running kernel never sees a
	// half-written binary, and an older one of any kind is simply replaced.
	for _, own := range []struct{ pkg, name string }{{"./kernel/goshim", "go"}, {"./kernel/supervise", "supervise"}} {
		dst := filepath.Join(e.BinDir(), own.name)
		build := exec.Command(goCmd, "build", "-o", dst+".new", own.pkg)
		build.Dir = e.Root
		build.Stdout, build.Stderr = e.Log, e.Log
		if err := build.Run(); err != nil {
			return fmt.Errorf("kernel: go build %s failed: %w", own.pkg, err)
		}
		if err := os.Rename(dst+".new", dst); err != nil {
			return err
		}
	}
	if v := e.gonbVersion(); v != "" {
		e.logf("GoNB %s built", v)
	}
	return WriteFileAtomic(stamp, []byte(want+"\n"), 0o644)
}

// gonbVersion reads the module version embedded in the gonb binary.
func (e *Env) gonbVersion() string {
	out, err := exec.Command("go", "version", "-m", filepath.Join(e.BinDir(), "gonb")).Output()
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/janpfeifer/gonb" {
			return f[2]
		}
	}
	return ""
}

var launcherTmpl = template.Must(template.New("launcher").Parse(`#!/bin/sh
# Starts GoNB for this checkout's notebooks. Written by "go run ./kernel install";
# re-run that command if you move the checkout.
PATH={{.Path}}; export PATH
GD_REAL_GO={{.RealGo}}; export GD_REAL_GO
# supervise ends whatever GoNB started (gopls, a running cell) once GoNB exits.
exec {{.Supervise}} {{.Gonb}} --go_work={{.Root}} --logtostderr=false --stderrthreshold=FATAL --log_file={{.Log}} --log_file_max_size=50 "$@"
`))

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// kernelSpec is the kernel.json format (jupyter_client's kernelspec).
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// InstallKernel writes the launcher script and registers the "gd" kernelspec in
// KernelSpecDirs, plus the per-user location when user is true and
// prefix/share/jupyter/kernels when prefix is not empty.
func (e *Env) InstallKernel(user bool, prefix string) error {
	goCmd, _, err := FindGo()
	if err != nil {
		return err
	}
	goRoot, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("kernel: go env GOROOT: %w", err)
	}
	realGo := filepath.Join(strings.TrimSpace(string(goRoot)), "bin", "go")
	var buf bytes.Buffer
	err = launcherTmpl.Execute(&buf, map[string]string{
		// The kernel finds goimports, gopls and the go shim first, then the Go
		// installation that built them.
		"Path":      shellQuote(e.BinDir()+":"+filepath.Dir(realGo)) + `:"$PATH"`,
		"Gonb":      shellQuote(filepath.Join(e.BinDir(), "gonb")),
		"Supervise": shellQuote(filepath.Join(e.BinDir(), "supervise")),
		"RealGo":    shellQuote(realGo),
		"Root":      shellQuote(e.Root),
		"Log":       shellQuote(filepath.Join(e.Root, ".gd", "gonb.log")),
	})
	if err != nil {
		return err
	}
	if err := writeIfChanged(e.Launcher(), buf.Bytes(), 0o755); err != nil {
		return err
	}
	spec := kernelSpec{
		Argv:          []string{e.Launcher(), "--kernel", "{connection_file}"},
		DisplayName:   KernelDisplayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{},
		Metadata:      map[string]any{"gd_checkout": e.Root},
	}
	js, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	dirs := e.KernelSpecDirs()
	if user {
		ud, err := UserKernelSpecDir()
		if err != nil {
			return err
		}
		dirs = append(dirs, ud)
	}
	if prefix != "" {
		dirs = append(dirs, filepath.Join(prefix, "share", "jupyter", "kernels", KernelName))
	}
	for _, dir := range dirs {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := writeIfChanged(filepath.Join(dir, "kernel.json"), append(js, '\n'), 0o644); err != nil {
			return err
		}
		if err := writeIfChanged(filepath.Join(dir, "logo-svg.svg"), logoSVG, 0o644); err != nil {
			return err
		}
		e.logf("kernelspec %q (%s) registered in %s", KernelName, KernelDisplayName, e.rel(dir))
	}
	return nil
}

// writeIfChanged keeps files (and their mtimes) untouched when nothing
// changed, and replaces them atomically when something did.
func writeIfChanged(path string, data []byte, perm os.FileMode) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return os.Chmod(path, perm)
	}
	return WriteFileAtomic(path, data, perm)
}

// logoSVG is the kernel's icon in the launcher: a descending curve.
var logoSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#00ADD8"/><path d="M10 14 C 22 54, 42 54, 54 30" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/><circle cx="22" cy="40" r="5" fill="#f25c54"/><circle cx="33" cy="47" r="5" fill="#f25c54"/></svg>`)
