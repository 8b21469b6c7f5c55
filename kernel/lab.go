package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// lab starts JupyterLab from the project venv on the notebooks folder. Jupyter's
// token authentication stays on: open the URL with the token it prints.
// Ctrl-C stops it the way SIGTERM does (no "Shutdown this server?" prompt):
// kernels shut down, and nothing it started is left running.
func lab(ctx context.Context, env *jupyter.Env, args []string) error {
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	nbDir := filepath.Join(env.Root, "notebooks")
	// Trust only the notebooks we ship, unmodified, so their saved charts run
	// their scripts; anything else opens untrusted, as Jupyter intends.
	nbs, err := jupyter.Notebooks(nbDir)
	if err != nil {
		return err
	}
	shipped, err := env.Shipped(nbs)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	if len(shipped) > 0 {
		trust := exec.Command(env.Jupyter(), append([]string{"trust"}, shipped...)...)
		trust.Stdout, trust.Stderr = os.Stdout, os.Stderr
		if err := trust.Run(); err != nil {
			return err
		}
	}
	if n := len(nbs) - len(shipped); n > 0 {
		fmt.Printf("gd kernel: %d notebook(s) in %s are not the shipped ones (new or changed): not signed\n", n, nbDir)
	}
	cmd := exec.Command(env.Jupyter(), append([]string{"lab", "--notebook-dir=" + nbDir}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return jupyter.RunSupervised(ctx, cmd, syscall.SIGTERM)
}
