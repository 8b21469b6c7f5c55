package jupyter_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// lab signs only the notebooks the project ships unchanged: committed and
// not modified since, staged or not. New, changed and staged-but-uncommitted
// notebooks stay unsigned.
func TestShippedIsCommittedAndUnchanged(t *testing.T) {
	root := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, body string) string {
		p := filepath.Join(root, "notebooks", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	git("init", "-q")
	shipped := write("01-shipped.ipynb", "{}\n")
	edited := write("02-edited.ipynb", "{}\n")
	stagedEdit := write("03-staged-edit.ipynb", "{}\n")
	git("add", ".")
	git("commit", "-q", "-m", "notebooks")
	write("02-edited.ipynb", `{"cells": []}`+"\n")
	write("03-staged-edit.ipynb", `{"cells": []}`+"\n")
	git("add", "notebooks/03-staged-edit.ipynb")
	added := write("04-staged-new.ipynb", "{}\n")
	git("add", "notebooks/04-staged-new.ipynb")
	dropped := write("05-dropped.ipynb", "{}\n")

	e := &jupyter.Env{Root: root}
	got, err := e.Shipped([]string{shipped, edited, stagedEdit, added, dropped})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{shipped}; !slices.Equal(got, want) {
		t.Errorf("Shipped = %v, want only %v", got, want)
	}
}

// Outside a git checkout nothing is signed, and the error says why.
func TestShippedOutsideGitSignsNothing(t *testing.T) {
	root := t.TempDir()
	nb := filepath.Join(root, "notebooks", "a.ipynb")
	e := &jupyter.Env{Root: root}
	got, err := e.Shipped([]string{nb})
	if err == nil || len(got) != 0 {
		t.Errorf("Shipped outside git = %v, %v; want none and an error", got, err)
	}
}
