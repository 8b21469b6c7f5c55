// Command kernel installs the gd Jupyter kernel (GoNB wired to this checkout),
// runs the notebooks headless, exports HTML reports, runs the test suite and
// opens JupyterLab. Every subcommand first does whatever setup is missing.
//
//	go run ./kernel report            # execute notebooks/*.ipynb, write reports/*.html
//	go run ./kernel test              # the whole test suite (what CI runs)
//	go run ./kernel lab               # JupyterLab on notebooks/, with the gd kernel
//	go run ./kernel install [-user]   # only set up: venv, kernel, build cache
//	go run ./kernel lock              # hash kernel/requirements.txt into kernel/requirements.lock
//	go run ./kernel execute [-inplace] [-allow-errors] [-timeout 15m] [-out dir] nb.ipynb...
//
// Ctrl-C or SIGTERM stops report, execute and lab cleanly: the runner or
// JupyterLab is told to stop and shuts its kernels down, then anything still
// running that they started (gopls, a busy cell) is ended. A second Ctrl-C
// kills everything at once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

func usage() {
	fmt.Fprintf(os.Stderr, `usage: go run ./kernel <command> [flags]

commands:
  report    set up, execute every notebook in notebooks/ and write reports/<name>.html
            and reports/<name>.ipynb; a failing notebook does not stop the others, and a
            summary names each failure (exit status 1)
  test      set up (venv, kernel, chromium), then gofmt check, go vet and go test ./...
  lab       set up, then start JupyterLab on notebooks/ (extra flags go to jupyter lab);
            only the shipped notebooks, unchanged since the last commit, are signed (trusted)
  install   set up only: venv from kernel/requirements.lock, gonb/goimports/gopls,
            the "gd" kernelspec, a warm build cache (-user: also register for ~/.local;
            -prefix DIR: also under DIR/share/jupyter; GD_VENV=DIR: use that Python
            environment instead of .venv)
  execute   run the given notebooks (-inplace saves outputs into them, -out DIR)
  lock      write kernel/requirements.lock (the pins of kernel/requirements.txt with
            the hashes pip checks) after editing kernel/requirements.txt

report and execute also take -timeout D (per cell, default %v) and
-allow-errors (run every cell, record errors, exit 1 at the end).
Run "go run ./kernel <command> -h" for a command's flags.
`, jupyter.DefaultCellTimeout)
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	ctx := stopOnSignal()
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
		case "lock":
			err = env.Lock()
		case "help", "-h", "--help":
			usage()
			return
		default:
			usage()
			err = fmt.Errorf("unknown command %q", cmd)
		}
	}
	if err != nil {
		if errors.Is(err, jupyter.ErrInterrupted) {
			fmt.Fprintln(os.Stderr, "kernel: stopped; every process it started has ended")
			os.Exit(130)
		}
		if !errors.Is(err, jupyter.ErrNotebookFailed) && !errors.Is(err, errTestsFailed) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

// stopOnSignal returns a context that is done at the first SIGINT or SIGTERM.
// A second one kills every process the command started and exits at once.
func stopOnSignal() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		fmt.Fprintf(os.Stderr, "kernel: %v: stopping (shutting the kernels down; again to kill at once)\n", s)
		cancel()
		<-sigs
		jupyter.KillNow()
		os.Exit(130)
	}()
	return ctx
}

// runFlags are the flags report and execute share.
type runFlags struct {
	timeout     *time.Duration
	allowErrors *bool
}

func addRunFlags(fs *flag.FlagSet) runFlags {
	return runFlags{
		timeout:     fs.Duration("timeout", jupyter.DefaultCellTimeout, "how long one cell may run before its notebook fails"),
		allowErrors: fs.Bool("allow-errors", false, "run every cell even after an error, record the errors, fail at the end"),
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
	rf := addRunFlags(fs)
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
	err := env.Run(ctx, jupyter.RunOptions{Notebooks: nbs, OutDir: absUnder(env.Root, *out), Timings: *timings,
		CellTimeout: *rf.timeout, AllowErrors: *rf.allowErrors})
	if err == nil {
		fmt.Printf("reports written to %s\n", absUnder(env.Root, *out))
	}
	return err
}

func execute(ctx context.Context, env *jupyter.Env, args []string) error {
	fs := flag.NewFlagSet("execute", flag.ExitOnError)
	out := fs.String("out", "reports", "directory for the executed notebooks and HTML reports")
	inplace := fs.Bool("inplace", false, "save outputs into the source notebooks when they run cleanly, or always with -allow-errors (signed as trusted)")
	noHTML := fs.Bool("no-html", false, "skip the HTML reports")
	rf := addRunFlags(fs)
	fs.Parse(args)
	if fs.NArg() == 0 {
		return errors.New("execute: name the notebooks to run")
	}
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	return env.Run(ctx, jupyter.RunOptions{Notebooks: fs.Args(), OutDir: absUnder(env.Root, *out),
		InPlace: *inplace, Trust: *inplace, NoHTML: *noHTML, CellTimeout: *rf.timeout, AllowErrors: *rf.allowErrors})
}

// absUnder resolves a relative output directory against the checkout root.
func absUnder(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, p)
}
