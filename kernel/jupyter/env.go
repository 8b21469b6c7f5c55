package jupyter

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ModulePath is the Go module this package belongs to; FindRoot looks for its go.mod.
const ModulePath = "github.com/gonotebooks/descent"

// KernelName is the kernelspec name notebooks refer to in their metadata.
const KernelName = "gd"

// KernelDisplayName is what Jupyter shows in its kernel picker.
const KernelDisplayName = "Go (gd)"

// Env locates everything Setup installs for one checkout.
type Env struct {
	Root string    // module root (the directory holding go.mod)
	Log  io.Writer // progress messages; os.Stderr when nil
}

// NewEnv returns the Env of the checkout containing dir (or the current
// directory when dir is "").
func NewEnv(dir string) (*Env, error) {
	root, err := FindRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Env{Root: root, Log: os.Stderr}, nil
}

// FindRoot walks up from dir to the directory whose go.mod declares ModulePath.
func FindRoot(dir string) (string, error) {
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return "", err
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if modulePathOf(filepath.Join(d, "go.mod")) == ModulePath {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("kernel: %s is not inside a checkout of %s (no go.mod declaring it above)", dir, ModulePath)
		}
	}
}

func modulePathOf(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// Venv is the Python environment Jupyter runs from: $GD_VENV when set (the
// Docker image points it at its conda environment), else the project-local
// .venv in the checkout.
func (e *Env) Venv() string {
	if v := os.Getenv("GD_VENV"); v != "" {
		return v
	}
	return filepath.Join(e.Root, ".venv")
}

// Python is the venv's interpreter.
func (e *Env) Python() string { return filepath.Join(e.Venv(), "bin", "python") }

// Jupyter is the venv's jupyter command.
func (e *Env) Jupyter() string { return filepath.Join(e.Venv(), "bin", "jupyter") }

// BinDir holds gonb, goimports, gopls and the kernel launcher.
func (e *Env) BinDir() string { return filepath.Join(e.Root, ".gd", "bin") }

// Launcher is the script the kernelspec starts (argv[0] of kernel.json).
func (e *Env) Launcher() string { return filepath.Join(e.BinDir(), "gd-kernel") }

// Requirements is the single pinned requirements file (the Dockerfile installs it too).
func (e *Env) Requirements() string { return filepath.Join(e.Root, "kernel", "requirements.txt") }

// KernelSpecDirs are where kernel.json goes: inside the venv (found by its
// jupyter, which prefers its own environment's kernels), and also
// $JUPYTER_DATA_DIR/kernels/gd when that variable is set.
func (e *Env) KernelSpecDirs() []string {
	dirs := []string{filepath.Join(e.Venv(), "share", "jupyter", "kernels", KernelName)}
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		dirs = append(dirs, filepath.Join(d, "kernels", KernelName))
	}
	return dirs
}

// UserKernelSpecDir is the per-user location other Jupyter installs search.
func UserKernelSpecDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "jupyter", "kernels", KernelName), nil
}

func (e *Env) logf(format string, args ...any) {
	w := e.Log
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintf(w, "gd kernel: "+format+"\n", args...)
}

// rel shows a path relative to the checkout when it is inside it.
func (e *Env) rel(p string) string {
	if r, err := filepath.Rel(e.Root, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
