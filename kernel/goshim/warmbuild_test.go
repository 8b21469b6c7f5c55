package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Arguments as the go command writes them in its action graph: bare, or
// quoted as Go strings when they hold spaces, quotes or shell characters.
func TestSplitCommand(t *testing.T) {
	got, err := splitCommand(`/go/pkg/tool/linux_amd64/compile -o /w/b001/_pkg_.a -trimpath "/w/b001=>" -X "a=b c" "q\"uote" /cell/main.go`)
	want := []string{"/go/pkg/tool/linux_amd64/compile", "-o", "/w/b001/_pkg_.a", "-trimpath", "/w/b001=>", "-X", "a=b c", `q"uote`, "/cell/main.go"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("splitCommand = %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{`a b'c`, `a "unterminated`, `a "x"y`, `a\b`, "cd /w\ncompile", ""} {
		if got, err := splitCommand(bad); err == nil {
			t.Errorf("splitCommand(%q) = %q, want an error", bad, got)
		}
	}
}

// Package lines and the modinfo line are read; any other line is refused.
func TestReadImportcfg(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"good": "# import config\npackagefile fmt=/c/fmt-d\npackagefile example.com/x=/c/x-d\nmodinfo \"abc\"\n",
		"bad":  "# import config\nimportmap old=new\npackagefile fmt=/c/fmt-d\n",
	})
	pkgs, modinfo, err := readImportcfg(filepath.Join(dir, "good"))
	if err != nil || len(pkgs) != 2 || pkgs["fmt"] != "/c/fmt-d" || pkgs["example.com/x"] != "/c/x-d" || modinfo != `modinfo "abc"` {
		t.Errorf("readImportcfg = %v, %q, %v", pkgs, modinfo, err)
	}
	if _, _, err := readImportcfg(filepath.Join(dir, "bad")); err == nil {
		t.Error("readImportcfg accepted an importmap line")
	}
}

// A go env file that sets only what the go command reads leaves the warm
// path open; one that sets what the compiler reads closes it.
func TestGoEnvFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"plain": "GOFLAGS=-buildvcs=false\nGOTOOLCHAIN=local\n",
		"amd64": "GOTOOLCHAIN=local\nGOAMD64=v3\n",
		"trim":  "GOFLAGS=-trimpath\n",
	})
	t.Setenv("GOFLAGS", "")
	for name, want := range map[string]bool{"plain": true, "amd64": false, "trim": false, "missing": true} {
		t.Setenv("GOENV", filepath.Join(dir, name))
		if _, ok := goEnvFile(); ok != want {
			t.Errorf("go env file %q: warm path open = %v, want %v", name, ok, want)
		}
	}
}

// The warm path end to end: after a go build that compiled only the cell
// (the rest was in the build cache), the shim compiles and links the next cells itself, with the cell's new
// code and any import the kept configuration has; a new package goes back
// to the go command, and so does a compile error (reported as the go
// command reports it) and a change in a workspace module (whose new code the
// cell then runs).
func TestShimWarmPath(t *testing.T) {
	cell := workspace(t)
	dep := filepath.Join(filepath.Dir(cell), "dep")
	// The workspace fixture requires a module that does not exist; this test
	// builds through it, so the requirement goes.
	writeFiles(t, dep, map[string]string{"go.mod": "module example.com/dep\n\ngo 1.26\n"})
	main := func(imports, body string) {
		writeFiles(t, cell, map[string]string{"main.go": "package main\n\nimport (\n" + imports + ")\n\nfunc main() {\n" + body + "\n}\n"})
	}
	build := func(wantWarm bool, wantOut string) {
		t.Helper()
		out, err := shimCmd(t, cell, "build", "-o", "cell")
		if err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
		if warm := strings.Contains(out, "built by the shim"); warm != wantWarm {
			t.Errorf("built by the shim = %v, want %v; shim output:\n%s", warm, wantWarm, out)
		}
		got, err := exec.Command(filepath.Join(cell, "cell")).Output()
		if err != nil || string(got) != wantOut {
			t.Errorf("the cell printed %q (%v), want %q", got, err, wantOut)
		}
	}
	// The first build compiles the workspace package, the second finds it in
	// the build cache, and the third is the shim's.
	for i, word := range []string{"one", "two", "three"} {
		main("\t\"fmt\"\n\t\"example.com/dep/pkg\"\n", `fmt.Println("`+word+`", pkg.X)`)
		build(i == 2, word+" 7\n")
	}
	// The warm build must not pass for the go build it copied: the go command
	// would then take the cell's binary for up to date when given that
	// build's code again, and keep running the warm build's.
	main("\t\"fmt\"\n\t\"example.com/dep/pkg\"\n", `fmt.Println("two", pkg.X)`)
	if out, err := shimCmd(t, cell, "GD_GOSHIM_WARM=off", "build", "-o", "cell"); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if got, _ := exec.Command(filepath.Join(cell, "cell")).Output(); string(got) != "two 7\n" {
		t.Errorf("the go build of an earlier cell's code after a warm build: the cell printed %q, want %q", got, "two 7\n")
	}
	// strconv is among fmt's packages, so among the kept ones.
	main("\t\"fmt\"\n\t\"strconv\"\n", `fmt.Println(strconv.Itoa(3))`)
	build(true, "3\n")
	main("\t\"fmt\"\n\t\"text/tabwriter\"\n", `fmt.Println(tabwriter.Debug)`)
	build(false, "32\n")
	// The kept configuration now has both.
	main("\t\"fmt\"\n\t\"text/tabwriter\"\n\t\"example.com/dep/pkg\"\n", `fmt.Println(tabwriter.Debug, pkg.X)`)
	build(true, "32 7\n")

	main("\t\"fmt\"\n", `fmt.Println(undefinedThing)`)
	out, err := shimCmd(t, cell, "build", "-o", "cell")
	if err == nil || !strings.Contains(out, "undefined: undefinedThing") || strings.Contains(out, "built by the shim") {
		t.Errorf("a compile error: err = %v, output:\n%s\nwant the go command's report of undefinedThing", err, out)
	}

	// A changed workspace package: the same again, with its new code.
	writeFiles(t, dep, map[string]string{"pkg/pkg.go": "package pkg\n\nconst X = 8 // changed\n"})
	for i, word := range []string{"four", "five", "six"} {
		main("\t\"fmt\"\n\t\"example.com/dep/pkg\"\n", `fmt.Println("`+word+`", pkg.X)`)
		build(i == 2, word+" 8\n")
	}

	// Outside GoNB's cell folder, builds are the go command's, and the shim
	// keeps nothing there.
	other := t.TempDir()
	writeFiles(t, other, map[string]string{"go.mod": "module other\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n"})
	for range 2 {
		if out, err := shimCmd(t, other, "GONB_TMP_DIR="+cell, "build", "-o", "other"); err != nil || strings.Contains(out, "built by the shim") {
			t.Errorf("build outside GoNB's folder: %v\n%s", err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(other, warmDir)); !os.IsNotExist(err) {
		t.Errorf("the shim kept a warm path in a module outside GoNB's folder (%v)", err)
	}

	if _, err := os.Stat(filepath.Join(cell, "cell.gd-new")); !os.IsNotExist(err) {
		t.Errorf("the warm path left its temporary binary behind (%v)", err)
	}
	if m, _ := filepath.Glob(filepath.Join(cell, ".gd-obj-*")); len(m) > 0 {
		t.Errorf("the warm path left its object folders behind: %q", m)
	}
}
