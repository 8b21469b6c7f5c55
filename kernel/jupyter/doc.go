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
// The kernel command (go run ./kernel) is a thin command line over this package;
// the tests call Setup directly so that `go test ./...` works on its own too.
package jupyter
