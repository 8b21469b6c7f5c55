package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustKey(t *testing.T, dir string) string {
	t.Helper()
	k, err := getKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// The key changes with what go get reads and only with that: a cell's
// statements change every time, its imports and the module files rarely.
func TestGetKeyFollowsImportsAndModuleFiles(t *testing.T) {
	dir, dep := t.TempDir(), t.TempDir()
	writeFiles(t, dep, map[string]string{"go.mod": "module example.com/dep\n\ngo 1.26\n"})
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"go.work": "go 1.26\n\nuse (\n\t.\n\t" + dep + "\n)\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n",
	})
	base := mustKey(t, dir)

	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(2, 3) }\n"})
	if k := mustKey(t, dir); k != base {
		t.Error("a change to the cell's statements changed the key")
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc main() { fmt.Println(strings.ToUpper(\"x\")) }\n"})
	withImport := mustKey(t, dir)
	if withImport == base {
		t.Error("a new import did not change the key")
	}
	writeFiles(t, dep, map[string]string{"go.mod": "module example.com/dep\n\ngo 1.26\n\nrequire golang.org/x/mod v0.31.0\n"})
	if k := mustKey(t, dir); k == withImport {
		t.Error("a change to a workspace module's go.mod did not change the key")
	}
	writeFiles(t, dir, map[string]string{"go.mod": "module cell\n\ngo 1.26.1\n"})
	if k := mustKey(t, dir); k == withImport {
		t.Error("a change to go.mod did not change the key")
	}
}

// Built as the go command, the shim runs go get once per state and skips it
// when a state comes back; a new import runs it again.
func TestShimSkipsRepeatedGoGet(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "go")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the shim: %v\n%s", err, out)
	}
	real, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n",
	})
	get := func() string {
		cmd := exec.Command(bin, "get")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GD_REAL_GO="+real, "GD_GOSHIM_LOG=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("shim go get: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := get(); strings.Contains(out, "skipped") {
		t.Fatalf("first go get was skipped: %s", out)
	}
	if out := get(); !strings.Contains(out, "skipped") {
		t.Errorf("repeated go get ran again: %q", out)
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() { fmt.Println(os.Args) }\n"})
	if out := get(); strings.Contains(out, "skipped") {
		t.Errorf("go get skipped after a new import: %q", out)
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(7) }\n"})
	if out := get(); !strings.Contains(out, "skipped") {
		t.Errorf("go get ran for an import set it had already settled: %q", out)
	}
}

// The build path adds the fast link flags and reports ordinary compile errors
// unchanged.
func TestShimBuildsWithInternalLinking(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "go")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the shim: %v\n%s", err, out)
	}
	real, _ := exec.LookPath("go")
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {}\n",
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
	if !strings.Contains(string(info), "-linkmode=internal") {
		t.Errorf("not linked internally:\n%s", info)
	}
	writeFiles(t, dir, map[string]string{"main.go": "package main\n\nfunc main() { undefinedThing() }\n"})
	out, err := build()
	if err == nil || !strings.Contains(out, "undefined: undefinedThing") {
		t.Errorf("compile error not reported: err=%v out=%q", err, out)
	}
}
