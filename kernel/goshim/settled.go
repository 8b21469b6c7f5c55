package main

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// importsSettled reports whether `go get` (no arguments) has nothing to add
// to the cell module in dir: every package its Go files import is in the
// standard library, in a module of the workspace (the modules go.work uses,
// or the cell module alone without a go.work), or in a module one of those
// requires. The build resolves all of these from the workspace as it
// stands, while go get would still ask the module proxy about them, which
// costs a light cell 0.2–0.4 s (and fails offline). Should the build find a
// module missing after all (a package of a nested module, a go.sum entry),
// it runs go get itself and tries again (see needsGet).
func importsSettled(dir string) (bool, error) {
	imports, err := cellImports(dir)
	if err != nil {
		return false, err
	}
	modules, err := workspaceModules(dir)
	if err != nil {
		return false, err
	}
	for _, imp := range imports {
		if !isStandard(imp) && !providedBy(imp, modules) {
			return false, nil
		}
	}
	return true, nil
}

// isStandard tells a standard-library import path (and cgo's "C"): its first
// element has no dot, which module paths must have.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func providedBy(path string, modules []string) bool {
	for _, m := range modules {
		if path == m || strings.HasPrefix(path, m+"/") {
			return true
		}
	}
	return false
}

// workspaceModules lists the module paths of the workspace dir belongs to
// and the modules they require.
func workspaceModules(dir string) ([]string, error) {
	roots := []string{dir}
	if work, err := os.ReadFile(filepath.Join(dir, "go.work")); err == nil {
		wf, err := modfile.ParseWork("go.work", work, nil)
		if err != nil {
			return nil, err
		}
		roots = roots[:0]
		for _, u := range wf.Use {
			p := u.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			roots = append(roots, p)
		}
	}
	var modules []string
	for _, root := range roots {
		gomod := filepath.Join(root, "go.mod")
		b, err := os.ReadFile(gomod)
		if err != nil {
			return nil, err
		}
		mf, err := modfile.Parse(gomod, b, nil)
		if err != nil {
			return nil, err
		}
		if mf.Module != nil {
			modules = append(modules, mf.Module.Mod.Path)
		}
		for _, r := range mf.Require {
			modules = append(modules, r.Mod.Path)
		}
	}
	return modules, nil
}

// needsGet tells, from a failed build's messages, that the cell module lacks
// a requirement or a checksum that go get adds: the go command's hints end
// in "to add it: go get ..." (a package no required module provides, or a
// replaced module not required) or name the missing go.sum entry.
func needsGet(stderr string) bool {
	for _, m := range []string{"; to add it:", "missing go.sum entry"} {
		if strings.Contains(stderr, m) {
			return true
		}
	}
	return false
}
