// Package jupyter installs and drives the Jupyter side of the gd project: a
// project-local Python virtual environment with pinned JupyterLab, nbclient and
// nbconvert; the GoNB kernel built at the version pinned in go.mod and
// registered as the kernelspec "gd" ("Go (gd)"); and a headless notebook
// runner that writes executed notebooks and self-contained HTML reports.
//
// The kernelspec starts GoNB with -go_work pointing at this checkout, so every
// notebook can import the module's packages with no setup cell and no network:
//
//	import (
//		"github.com/gonotebooks/descent/gd"
//		"github.com/gonotebooks/descent/display"
//	)
//
// Everything lives inside the checkout: the venv in .venv/, the kernel's
// binaries and launcher in .gd/bin/, the kernelspec in .venv/share/jupyter
// (or $JUPYTER_DATA_DIR when it is set). Setup is idempotent and safe to run
// from several test processes at once (a file lock serialises them).
//
// Run is the headless runner behind `go run ./kernel report` and `execute`.
// It is built to be trusted with a user's work:
//
//   - a failing cell prints the compiler's messages with their cell and line
//     (or the panic), and its report shows them as escaped text;
//   - a broken notebook (a failing cell, invalid JSON, a missing file) does
//     not stop the others, and the run ends with one line per notebook;
//   - every file is written atomically, and each output (the notebook saved
//     in place, the executed copy, the HTML report) on its own, so a full
//     disk or an unwritable folder loses nothing that could be written;
//   - a cell has a time limit (RunOptions.CellTimeout), and a cell that reads
//     standard input fails at once, since no one can answer it;
//   - when its context is done (Ctrl-C, SIGTERM), the kernels are shut down
//     and no process it started is left (RunSupervised, kernel/supervise).
//
// `lab` signs only the notebooks the project ships, unchanged (Env.Shipped);
// the runner signs the notebooks it saves in place.
//
// The kernel command (go run ./kernel) is a thin command line over this package;
// the tests call Setup directly so that `go test ./...` works on its own too.
package jupyter
