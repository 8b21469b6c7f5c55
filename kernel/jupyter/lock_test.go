package jupyter_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// kernel/requirements.lock pins exactly kernel/requirements.txt, with at
// least one SHA-256 per package and nothing that points pip elsewhere.
func TestLockMatchesRequirements(t *testing.T) {
	root, err := jupyter.FindRoot("")
	if err != nil {
		t.Fatal(err)
	}
	e := &jupyter.Env{Root: root}
	if err := e.CheckLock(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(e.Lockfile())
	if err != nil {
		t.Fatal(err)
	}
	entries := regexp.MustCompile(`(?m)^[A-Za-z0-9]`).FindAllIndex(b, -1)
	for i, loc := range entries {
		end := len(b)
		if i+1 < len(entries) {
			end = entries[i+1][0]
		}
		entry := string(b[loc[0]:end])
		name, _, _ := strings.Cut(entry, " ")
		if !regexp.MustCompile(`--hash=sha256:[0-9a-f]{64}`).MatchString(entry) {
			t.Errorf("%s has no sha256 hash", name)
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "-") {
			t.Errorf("the lock holds an option pip would follow: %q", line)
		}
	}
	pins, _ := jupyter.Pins(filepath.Join(root, "kernel", "requirements.txt"))
	if len(entries) != len(pins) || len(pins) < 50 {
		t.Errorf("the lock has %d entries for %d pins", len(entries), len(pins))
	}
}

// A pin changed in requirements.txt and not in the lock is caught, naming the
// command that fixes it.
func TestCheckLockCatchesDrift(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "kernel"), 0o755))
	must(os.WriteFile(filepath.Join(root, "kernel", "requirements.txt"), []byte("# pins\nnbformat==5.11.1\nsafetensors==0.6.2\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "kernel", "requirements.lock"), []byte("nbformat==5.11.1 \\\n    --hash=sha256:"+strings.Repeat("a", 64)+"\n"), 0o644))
	err := (&jupyter.Env{Root: root}).CheckLock()
	if err == nil || !strings.Contains(err.Error(), "safetensors==0.6.2") || !strings.Contains(err.Error(), "go run ./kernel lock") {
		t.Errorf("CheckLock = %v, want it to name safetensors and the lock command", err)
	}
}
