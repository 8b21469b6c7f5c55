package jupyter_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// smallDisk mounts a tmpfs of the given size for the test (the tests run as
// root, as CI does) and returns its folder. It fails, rather than skips,
// where mounting is not allowed: the full-disk checks would be missing.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mounting a %s tmpfs for the full-disk test (needs root): %v\n%s", size, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file into dir until the disk is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// onlyFiles fails unless dir holds exactly the named files (no temporary
// file left behind).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %v, want exactly %v", dir, got, names)
	}
}

func TestWriteFileAtomicOnAFullDiskKeepsTheOldFile(t *testing.T) {
	dir := smallDisk(t, "64k")
	path := filepath.Join(dir, "kernel.json")
	old := []byte(`{"argv": ["old"]}`)
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	err := jupyter.WriteFileAtomic(path, bytes.Repeat([]byte("x"), 256<<10), 0o644)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("WriteFileAtomic on a full disk = %v, want ENOSPC", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
		t.Errorf("the old file was changed to %d bytes", len(got))
	}
	onlyFiles(t, dir, "kernel.json")
	if err := jupyter.WriteFileAtomic(path, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("after a successful write the file holds %q", got)
	}
	onlyFiles(t, dir, "kernel.json")
}

// runnerPython runs Python code with the runner module importable.
func runnerPython(e *jupyter.Env, code string, args ...string) *exec.Cmd {
	prelude := "import sys; sys.path.insert(0, " + fmt.Sprintf("%q", filepath.Join(e.Root, "kernel", "jupyter")) + "); import runner\n"
	return exec.Command(e.Python(), append([]string{"-c", prelude + code}, args...)...)
}

// The runner's writes: on a full disk the notebook keeps its old bytes; a
// SIGINT at any moment of a save leaves the old or the new notebook, whole,
// and no temporary file.
func TestRunnerSavesAtomically(t *testing.T) {
	e := env(t)
	t.Run("full disk", func(t *testing.T) {
		dir := smallDisk(t, "64k")
		path := filepath.Join(dir, "nb.ipynb")
		old := []byte(`{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}`)
		if err := os.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runnerPython(e, `
try:
    runner.write_atomic(sys.argv[1], b"x" * (256 << 10))
except OSError as e:
    print("OSError", e.errno)
`, path).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != fmt.Sprint("OSError ", int(syscall.ENOSPC)) {
			t.Fatalf("write_atomic on a full disk: %v %s", err, out)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
			t.Errorf("the notebook was changed to %d bytes", len(got))
		}
		onlyFiles(t, dir, "nb.ipynb")
	})
	t.Run("SIGINT as the temporary file is made", func(t *testing.T) {
		// The worst moment, every time: the signal arrives inside mkstemp,
		// after it created the file and before it returned the name.
		dir := t.TempDir()
		path := filepath.Join(dir, "nb.ipynb")
		out, _ := runnerPython(e, `
import os, signal, tempfile, time
real = tempfile.mkstemp
def mkstemp(*a, **k):
    r = real(*a, **k)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)
    return r
tempfile.mkstemp = mkstemp
try:
    runner.write_atomic(sys.argv[1], b"new")
except KeyboardInterrupt:
    print("interrupted after the save")
`, path).CombinedOutput()
		if strings.TrimSpace(string(out)) != "interrupted after the save" {
			t.Fatalf("the interrupt was not delivered after the save: %s", out)
		}
		if got, _ := os.ReadFile(path); string(got) != "new" {
			t.Errorf("the notebook holds %q", got)
		}
		onlyFiles(t, dir, "nb.ipynb")
	})
	t.Run("SIGINT", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "nb.ipynb")
		a, b := bytes.Repeat([]byte("a"), 8<<20), bytes.Repeat([]byte("b"), 8<<20)
		if err := os.WriteFile(path, a, 0o644); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			cmd := runnerPython(e, `
import itertools
print("ready", flush=True)
for i in itertools.count():
    runner.write_atomic(sys.argv[1], (b"a" if i % 2 else b"b") * (8 << 20))
`, path)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 6)
			if _, err := stdout.Read(buf); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
			cmd.Process.Signal(os.Interrupt)
			cmd.Wait()
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
				t.Fatalf("interrupt %d left a %d-byte mix", i, len(got))
			}
			onlyFiles(t, dir, "nb.ipynb")
		}
	})
}

// On a full disk, a run keeps every notebook whole, and one output that
// cannot be written does not discard another: the in-place save of a
// notebook on a roomy disk succeeds while its reports, on the full one, fail.
func TestFullDiskLosesNoNotebook(t *testing.T) {
	e := env(t)
	roomy := t.TempDir()
	full := smallDisk(t, "256k")
	saved := filepath.Join(roomy, "saved.ipynb")
	writeNotebook(t, saved, "%%\nfmt.Println(\"saved in place\")")
	kept := filepath.Join(full, "kept.ipynb")
	writeNotebook(t, kept, "%%\nfmt.Println(strings.Repeat(\"output \", 20000))")
	before, err := os.ReadFile(kept)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(full, "reports")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	fill(t, full)
	var log bytes.Buffer
	err = e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{saved, kept}, OutDir: out,
		InPlace: true, Trust: true, Stdout: &log})
	text := log.String()
	if !errors.Is(err, jupyter.ErrNotebookFailed) {
		t.Fatalf("Run = %v, want ErrNotebookFailed; log:\n%s", err, text)
	}
	if got := nbjson.MustRead(t, saved).Code()[0].Stdout(); !strings.Contains(got, "saved in place") {
		t.Errorf("the notebook on the roomy disk was not saved in place (stdout %q):\n%s", got, text)
	}
	if after, _ := os.ReadFile(kept); !bytes.Equal(after, before) {
		t.Errorf("the notebook on the full disk changed (%d → %d bytes)", len(before), len(after))
	}
	for _, want := range []string{"could not write " + kept + ": No space left on device",
		"could not write " + filepath.Join(out, "saved.html") + ": No space left on device"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}
	onlyFiles(t, full, "filler", "kept.ipynb", "reports")
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left in %s: %s", out, e.Name())
		}
	}
}
