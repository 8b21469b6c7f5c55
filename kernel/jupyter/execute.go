package jupyter

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// RunOptions say which notebooks to execute and where results go.
type RunOptions struct {
	Notebooks   []string      // .ipynb paths
	OutDir      string        // executed .ipynb and .html reports are written here
	InPlace     bool          // also save outputs into the source notebooks (only when they run cleanly)
	Trust       bool          // sign notebooks saved in place, so JupyterLab runs their chart scripts
	NoHTML      bool          // skip the HTML reports
	CellTimeout time.Duration // per cell; 15 minutes when zero
	Timings     string        // write per-cell timings as JSON to this file
	Stdout      io.Writer     // progress lines; os.Stdout when nil
}

// ErrNotebookFailed is returned by Run when a notebook cell failed; the
// runner's output names the notebook, the cell and the error.
var ErrNotebookFailed = fmt.Errorf("kernel: a notebook failed")

// Run executes notebooks headless with the gd kernel (nbclient) and exports
// each to a self-contained HTML report (nbconvert with the "gd" template).
// Setup must have run.
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
	if opt.CellTimeout > 0 {
		args = append(args, "--timeout", strconv.Itoa(int(opt.CellTimeout.Seconds())))
	}
	if opt.Timings != "" {
		args = append(args, "--timings", opt.Timings)
	}
	for _, nb := range opt.Notebooks {
		if _, err := os.Stat(nb); err != nil {
			return fmt.Errorf("kernel: notebook %s: %w", nb, err)
		}
		args = append(args, nb)
	}
	cmd := exec.CommandContext(ctx, e.Python(), args...)
	out := opt.Stdout
	if out == nil {
		out = os.Stdout
	}
	cmd.Stdout, cmd.Stderr = out, out
	// The kernelspec lives in the venv unless JUPYTER_DATA_DIR says otherwise;
	// the venv's jupyter_client finds it through sys.prefix either way.
	cmd.Env = os.Environ()
	if err := cmd.Run(); err != nil {
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
