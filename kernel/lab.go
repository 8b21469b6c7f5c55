package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// lab starts JupyterLab from the project venv on the notebooks folder. Jupyter's
// token authentication stays on: open the URL with the token it prints.
func lab(ctx context.Context, env *jupyter.Env, args []string) error {
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	nbDir := filepath.Join(env.Root, "notebooks")
	// The notebooks are ours: trust them so their saved charts run their scripts.
	nbs, err := jupyter.Notebooks(nbDir)
	if err != nil {
		return err
	}
	if len(nbs) > 0 {
		trust := exec.Command(env.Jupyter(), append([]string{"trust"}, nbs...)...)
		trust.Stdout, trust.Stderr = os.Stdout, os.Stderr
		if err := trust.Run(); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, env.Jupyter(), append([]string{"lab", "--notebook-dir=" + nbDir}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}
