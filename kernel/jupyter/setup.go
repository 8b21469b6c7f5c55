package jupyter

import (
	"os"
	"path/filepath"
)

// Options tune Setup.
type Options struct {
	User   bool   // also register the kernelspec for the user's other Jupyter installs
	Prefix string // also register it under Prefix/share/jupyter/kernels (a Python env's sys.prefix)
	NoWarm bool   // skip warming the build cache
}

// Setup makes the checkout ready to run notebooks: checks Go and Python,
// creates/updates the venv, builds the kernel tools, registers the kernelspec
// and warms the build cache. Each step is skipped when already up to date.
func (e *Env) Setup(opt Options) error {
	if err := os.MkdirAll(filepath.Join(e.Root, ".gd"), 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(filepath.Join(e.Root, ".gd", "setup.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	goCmd, goVersion, err := FindGo()
	if err != nil {
		return err
	}
	e.logf("checkout %s; %s at %s", e.Root, goVersion, goCmd)
	if err := e.EnsureVenv(); err != nil {
		return err
	}
	if err := e.BuildTools(); err != nil {
		return err
	}
	if err := e.InstallKernel(opt.User, opt.Prefix); err != nil {
		return err
	}
	if opt.NoWarm {
		return nil
	}
	// A module that does not compile right now should not stop the kernel from
	// being installed: notebooks will show the compiler's message in the cell.
	if err := e.WarmBuildCache(); err != nil {
		e.logf("warning: %v", err)
	}
	return nil
}
