package main

import (
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var shimOnce struct {
	sync.Once
	dir, bin, real string
	err            error
	out            []byte
}

// shim builds the shim once for all tests; it returns the binary and the
// real go command it stands in for.
func shim(t *testing.T) (bin, real string) {
	t.Helper()
	shimOnce.Do(func() {
		shimOnce.dir, shimOnce.err = os.MkdirTemp("", "goshim_test_")
		if shimOnce.err != nil {
			return
		}
		shimOnce.bin = filepath.Join(shimOnce.dir, "go")
		shimOnce.out, shimOnce.err = exec.Command("go", "build", "-o", shimOnce.bin, ".").CombinedOutput()
		if shimOnce.err == nil {
			shimOnce.real, shimOnce.err = exec.LookPath("go")
		}
	})
	if shimOnce.err != nil {
		t.Fatalf("building the shim: %v\n%s", shimOnce.err, shimOnce.out)
	}
	return shimOnce.bin, shimOnce.real
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shimOnce.dir != "" {
		os.RemoveAll(shimOnce.dir)
	}
	os.Exit(code)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// shimCmd runs the shim in dir as GoNB does in its cells' folder
// (GONB_TMP_DIR), with the go command offline (GOPROXY=off, so a go get that
// asks the proxy fails at once) and its decisions logged. Leading arguments
// of the form NAME=value are set in its environment.
func shimCmd(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	bin, real := shim(t)
	env := append(os.Environ(), "GD_REAL_GO="+real, "GD_GOSHIM_LOG=1", "GOPROXY=off", "GONB_TMP_DIR="+dir)
	for len(args) > 0 && strings.Contains(args[0], "=") {
		env, args = append(env, args[0]), args[1:]
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// workspace makes a cell folder as GoNB does with --go_work: a cell module
// joined by go.work to another module (example.com/dep, with a package pkg
// and a requirement of its own), and returns the cell's folder.
func workspace(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dep, cell := filepath.Join(root, "dep"), filepath.Join(root, "cell")
	for _, d := range []string{filepath.Join(dep, "pkg"), cell} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFiles(t, dep, map[string]string{
		"go.mod":     "module example.com/dep\n\ngo 1.26\n\nrequire example.com/lib v1.0.0\n",
		"pkg/pkg.go": "package pkg\n\nconst X = 7\n",
	})
	writeFiles(t, cell, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"go.work": "go 1.26\n\nuse (\n\t.\n\t" + dep + "\n)\n",
	})
	return cell
}

// Imports from the standard library, the workspace's modules and the modules
// they require are settled; any other, or a path that only starts like a
// workspace module's, is not.
func TestImportsSettled(t *testing.T) {
	cell := workspace(t)
	for _, c := range []struct {
		imports string
		want    bool
	}{
		{`"fmt"; "C"`, true},
		{`"fmt"; "example.com/dep/pkg"`, true},
		{`"example.com/dep"`, true},
		{`"example.com/lib/sub"`, true},
		{`"example.com/other/x"`, false},
		{`"example.com/depot/x"`, false},
	} {
		writeFiles(t, cell, map[string]string{"main.go": "package main\n\nimport (" + c.imports + ")\n\nfunc main() {}\n"})
		got, err := importsSettled(cell)
		if err != nil || got != c.want {
			t.Errorf("importsSettled with imports %s = %v, %v; want %v", c.imports, got, err, c.want)
		}
	}
	// Without go.work, the cell module alone: its own requirements count.
	os.Remove(filepath.Join(cell, "go.work"))
	writeFiles(t, cell, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n\nrequire example.com/dep v1.2.3\n",
		"main.go": "package main\n\nimport \"example.com/dep/pkg\"\n\nfunc main() {}\n",
	})
	if got, err := importsSettled(cell); err != nil || !got {
		t.Errorf("an import of a required module, no go.work: importsSettled = %v, %v; want true", got, err)
	}
}

// Built as the go command, the shim skips go get for a cell whose imports
// the workspace provides (and the build then succeeds without it), and runs
// it for any other import.
func TestShimSkipsSettledGoGet(t *testing.T) {
	cell := workspace(t)
	writeFiles(t, cell, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/dep/pkg\"\n)\n\nfunc main() { fmt.Println(pkg.X) }\n"})
	if out, err := shimCmd(t, cell, "get"); err != nil || !strings.Contains(out, "go get skipped") {
		t.Errorf("go get for workspace imports: err=%v, output %q; want it skipped", err, out)
	}
	// Outside GoNB's cell folder, go get is the go command's.
	if out, err := shimCmd(t, cell, "GONB_TMP_DIR="+t.TempDir(), "get"); err != nil || strings.Contains(out, "skipped") {
		t.Errorf("go get outside GoNB's folder: err=%v, output %q; want it run", err, out)
	}
	if out, err := shimCmd(t, cell, "build", "-o", "cell", "."); err != nil {
		t.Fatalf("build after the skipped go get: %v\n%s", err, out)
	}
	if out, err := exec.Command(filepath.Join(cell, "cell")).Output(); err != nil || string(out) != "7\n" {
		t.Errorf("the cell printed %q (%v), want 7", out, err)
	}
	writeFiles(t, cell, map[string]string{"main.go": "package main\n\nimport \"example.com/other/x\"\n\nfunc main() { x.F() }\n"})
	out, _ := shimCmd(t, cell, "get")
	if strings.Contains(out, "skipped") || !strings.Contains(out, "example.com/other/x") {
		t.Errorf("go get for an import outside the workspace: output %q; want go get's own complaint about example.com/other/x", out)
	}
}

// A build that misses a requirement (here a replaced module the cell does not
// require) runs go get and builds again.
func TestShimBuildRunsGoGetWhenAModuleIsMissing(t *testing.T) {
	root := t.TempDir()
	dep, cell := filepath.Join(root, "dep"), filepath.Join(root, "cell")
	for _, d := range []string{filepath.Join(dep, "pkg"), cell} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFiles(t, dep, map[string]string{"go.mod": "module example.com/dep\n\ngo 1.26\n", "pkg/pkg.go": "package pkg\n\nconst X = 7\n"})
	writeFiles(t, cell, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n\nreplace example.com/dep => ../dep\n",
		"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/dep/pkg\"\n)\n\nfunc main() { fmt.Println(pkg.X) }\n",
	})
	out, err := shimCmd(t, cell, "build", "-o", "cell", ".")
	if err != nil || !strings.Contains(out, "running go get") {
		t.Fatalf("build of a cell missing a requirement: err=%v, output %q", err, out)
	}
	if b, _ := os.ReadFile(filepath.Join(cell, "go.mod")); !strings.Contains(string(b), "require example.com/dep") {
		t.Errorf("go.mod after the build:\n%s\nwant go get's requirement of example.com/dep", b)
	}
}

// The build path adds the fast link flags (a binary without symbol table
// whose panics still name the cell's file and line) and reports ordinary
// compile errors unchanged.
func TestShimBuildsWithInternalLinking(t *testing.T) {
	bin, real := shim(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {\n\tpanic(\"boom\")\n}\n",
	})
	build := func() (string, error) {
		cmd := exec.Command(bin, "build", "-o", "cell", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GD_REAL_GO="+real)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := build(); err != nil {
		t.Fatalf("shim build: %v\n%s", err, out)
	}
	info, err := exec.Command(real, "version", "-m", filepath.Join(dir, "cell")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "-s -w -linkmode=internal") {
		t.Errorf("not linked internally without symbols and DWARF:\n%s", info)
	}
	if f, err := elf.Open(filepath.Join(dir, "cell")); err == nil {
		if _, err := f.Symbols(); !errors.Is(err, elf.ErrNoSymbols) {
			t.Errorf("the cell's binary has a symbol table (%v)", err)
		}
		f.Close()
	} else if runtime.GOOS == "linux" {
		t.Fatal(err)
	}
	panicked, _ := exec.Command(filepath.Join(dir, "cell")).CombinedOutput()
	if at := filepath.Join(dir, "main.go") + ":4"; !strings.Contains(string(panicked), at) {
		t.Errorf("the panic does not name %s:\n%s", at, panicked)
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nfunc main() { undefinedThing() }\n"})
	out, err := build()
	if err == nil || !strings.Contains(out, "undefined: undefinedThing") {
		t.Errorf("compile error not reported: err=%v out=%q", err, out)
	}
}
