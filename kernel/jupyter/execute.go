package jupyter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"
)

// RunOptions say which notebooks to execute and where results go.
type RunOptions struct {
	Notebooks   []string      // .ipynb paths
	OutDir      string        // executed .ipynb and .html reports are written here
	InPlace     bool          // also save outputs into the source notebooks (only when they run cleanly)
	Trust       bool          // sign notebooks saved in place, so JupyterLab runs their chart scripts
	NoHTML      bool          // skip the HTML reports
	AllowErrors bool          // run every cell, record the errors (the run still fails)
	CellTimeout time.Duration // per cell; DefaultCellTimeout when zero
	Timings     string        // write per-cell timings as JSON to this file
	Stdout      io.Writer     // progress lines; os.Stdout when nil
}

// DefaultCellTimeout is how long one cell may run before the runner gives
// up on its notebook.
const DefaultCellTimeout = 15 * time.Minute

// ErrNotebookFailed is returned by Run when a notebook failed (a cell error,
// a timeout, a file that is not a notebook, an output not written); the
// runner's output names the notebook, the cell and the reason.
var ErrNotebookFailed = fmt.Errorf("kernel: a notebook failed")

// Run executes notebooks headless with the gd kernel (nbclient) and exports
// each to a self-contained HTML report (nbconvert with the "gd" template).
// A notebook that fails does not stop the others. When ctx is done, the
// runner is told to stop (SIGINT), its kernels shut down, and Run returns
// ErrInterrupted once no process it started is left. Setup must have run.
func (e *Env) Run(ctx context.Context, opt RunOptions) error {
	if len(opt.Notebooks) == 0 {
		return fmt.Errorf("kernel: no notebooks to run")
	}
	args := []string{filepath.Join(e.Root, "kernel", "jupyter", "runner.py"),
		"--kernel", KernelName, "--launcher", e.Launcher(), "--out", opt.OutDir}
	if opt.InPlace {
		args = append(args, "--inplace")
	}
	if opt.Trust {
		args = append(args, "--trust")
	}
	if opt.NoHTML {
		args = append(args, "--no-html")
	}
	if opt.AllowErrors {
		args = append(args, "--allow-errors")
	}
	timeout := opt.CellTimeout
	if timeout <= 0 {
		timeout = DefaultCellTimeout
	}
	args = append(args, "--timeout", strconv.Itoa(max(1, int(timeout.Seconds()))))
	if opt.Timings != "" {
		args = append(args, "--timings", opt.Timings)
	}
	// A missing or broken notebook is the runner's to report, in its summary.
	args = append(append(args, "--"), opt.Notebooks...)
	cmd := exec.Command(e.Python(), args...)
	out := opt.Stdout
	if out == nil {
		out = os.Stdout
	}
	cmd.Stdout, cmd.Stderr = out, out
	// The kernelspec lives in the venv unless JUPYTER_DATA_DIR says otherwise;
	// the venv's jupyter_client finds it through sys.prefix either way.
	cmd.Env = os.Environ()
	if err := RunSupervised(ctx, cmd, syscall.SIGINT); err != nil {
		if errors.Is(err, ErrInterrupted) {
			return err
		}
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return ErrNotebookFailed
		}
		return fmt.Errorf("kernel: notebook runner: %w", err)
	}
	return nil
}

// Notebooks lists the .ipynb files of a directory, sorted.
func Notebooks(dir string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil {
		return nil, err
	}
	sort.Strings(m)
	return m, nil
}
