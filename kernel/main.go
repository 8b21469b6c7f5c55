// Command kernel installs the gd Jupyter kernel (GoNB wired to this checkout),
// runs the notebooks headless, exports HTML reports, runs the test suite and
// opens JupyterLab. Every subcommand first does whatever setup is missing.
//
//	go run ./kernel report            # execute notebooks/*.ipynb, write reports/*.html
//	go run ./kernel test              # the whole test suite (what CI runs)
//	go run ./kernel lab               # JupyterLab on notebooks/, with the gd kernel
//	go run ./kernel install [-user]   # only set up: venv, kernel, build cache
//	go run ./kernel execute [-inplace] [-out dir] nb.ipynb...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

func usage() {
	fmt.Fprint(os.Stderr, `usage: go run ./kernel <command> [flags]

commands:
  report    set up, execute every notebook in notebooks/ and write reports/<name>.html
            and reports/<name>.ipynb (exits 1 naming the notebook and cell on failure)
  test      set up (venv, kernel, chromium), then gofmt check, go vet and go test ./...
  lab       set up, then start JupyterLab on notebooks/ (extra flags go to jupyter lab)
  install   set up only: venv from kernel/requirements.txt, gonb/goimports/gopls,
            the "gd" kernelspec, a warm build cache (-user: also register for ~/.local;
            -prefix DIR: also under DIR/share/jupyter; GD_VENV=DIR: use that Python
            environment instead of .venv)
  execute   run the given notebooks (-inplace saves outputs into them, -out DIR)

Run "go run ./kernel <command> -h" for a command's flags.
`)
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env, err := jupyter.NewEnv("")
	if err == nil {
		env.Log = os.Stdout
		switch cmd, args := os.Args[1], os.Args[2:]; cmd {
		case "install":
			err = install(env, args)
		case "report":
			err = report(ctx, env, args)
		case "execute":
			err = execute(ctx, env, args)
		case "test":
			err = test(ctx, env, args)
		case "lab":
			err = lab(ctx, env, args)
		case "help", "-h", "--help":
			usage()
			return
		default:
			usage()
			err = fmt.Errorf("unknown command %q", cmd)
		}
	}
	if err != nil {
		if !errors.Is(err, jupyter.ErrNotebookFailed) && !errors.Is(err, errTestsFailed) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

func install(env *jupyter.Env, args []string) error {
	fs := flag.NewFlagSet("install", flag.ExitOnError)
	user := fs.Bool("user", false, "also register the kernelspec in ~/.local/share/jupyter for other Jupyter installs")
	prefix := fs.String("prefix", "", "also register the kernelspec under `dir`/share/jupyter/kernels (a Python env's sys.prefix)")
	noWarm := fs.Bool("no-warm", false, "skip warming the Go build cache")
	fs.Parse(args)
	return env.Setup(jupyter.Options{User: *user, Prefix: *prefix, NoWarm: *noWarm})
}

func report(ctx context.Context, env *jupyter.Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	out := fs.String("out", "reports", "directory for the executed notebooks and HTML reports")
	timings := fs.String("timings", "", "write per-cell timings as JSON to this file")
	fs.Parse(args)
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	nbs := fs.Args()
	if len(nbs) == 0 {
		var err error
		if nbs, err = jupyter.Notebooks(filepath.Join(env.Root, "notebooks")); err != nil {
			return err
		}
	}
	err := env.Run(ctx, jupyter.RunOptions{Notebooks: nbs, OutDir: absUnder(env.Root, *out), Timings: *timings})
	if err == nil {
		fmt.Printf("reports written to %s\n", absUnder(env.Root, *out))
	}
	return err
}

func execute(ctx context.Context, env *jupyter.Env, args []string) error {
	fs := flag.NewFlagSet("execute", flag.ExitOnError)
	out := fs.String("out", "reports", "directory for the executed notebooks and HTML reports")
	inplace := fs.Bool("inplace", false, "save outputs into the source notebooks when they run cleanly (signed as trusted)")
	noHTML := fs.Bool("no-html", false, "skip the HTML reports")
	fs.Parse(args)
	if fs.NArg() == 0 {
		return errors.New("execute: name the notebooks to run")
	}
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	return env.Run(ctx, jupyter.RunOptions{Notebooks: fs.Args(), OutDir: absUnder(env.Root, *out),
		InPlace: *inplace, Trust: *inplace, NoHTML: *noHTML})
}

// absUnder resolves a relative output directory against the checkout root.
func absUnder(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, p)
}
