package e2e_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

var (
	setupOnce sync.Once
	setupEnv  *jupyter.Env
	setupErr  error
)

// env sets the checkout up once per test binary (venv, kernel, build cache)
// and checks that Chromium is there: without it these tests fail, naming how
// to install it.
func env(t *testing.T) *jupyter.Env {
	t.Helper()
	setupOnce.Do(func() {
		if _, setupErr = jupyter.FindChromium(); setupErr != nil {
			return
		}
		setupEnv, setupErr = jupyter.NewEnv("")
		if setupErr == nil {
			setupEnv.Log = os.Stderr
			setupErr = setupEnv.Setup(jupyter.Options{})
		}
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return setupEnv
}

// artifacts is test-artifacts/e2e at the module root (gitignored): the
// screenshots are kept there for people to look at. A test's earlier files
// (named prefix-*) are removed first, so what is there is from this run.
func artifacts(t *testing.T, e *jupyter.Env, prefix string) string {
	t.Helper()
	dir := filepath.Join(e.Root, "test-artifacts", "e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, prefix+"-*"))
	for _, f := range old {
		os.Remove(f)
	}
	return dir
}

// copyNotebook copies a testdata notebook into dir, so the kernel's working
// directory and anything it writes stay out of the checkout.
func copyNotebook(t *testing.T, name, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, name)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
