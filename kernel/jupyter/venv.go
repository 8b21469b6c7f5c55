package jupyter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// minPython is the oldest Python the pinned Jupyter packages support.
var minPython = [2]int{3, 9}

// FindPython returns the interpreter used to create the venv: $GD_PYTHON, or
// python3 on PATH. It fails with an actionable message when none is usable.
func FindPython() (path, version string, err error) {
	path = os.Getenv("GD_PYTHON")
	if path == "" {
		if path, err = exec.LookPath("python3"); err != nil {
			return "", "", errors.New("kernel: python3 is not on PATH; install Python 3.9 or newer (Debian: apt-get install python3 python3-venv) or set GD_PYTHON")
		}
	}
	out, err := exec.Command(path, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])").Output()
	if err != nil {
		return "", "", fmt.Errorf("kernel: %s does not run: %v", path, err)
	}
	version = strings.TrimSpace(string(out))
	parts := strings.Split(version, ".")
	major, _ := strconv.Atoi(parts[0])
	minor, _ := strconv.Atoi(parts[1])
	if major < minPython[0] || (major == minPython[0] && minor < minPython[1]) {
		return "", "", fmt.Errorf("kernel: %s is Python %s; Jupyter needs %d.%d or newer", path, version, minPython[0], minPython[1])
	}
	return path, version, nil
}

// EnsureVenv creates .venv and installs kernel/requirements.txt into it, every
// file checked against the hashes of kernel/requirements.lock, unless a stamp
// shows the same requirements were already installed by the same Python.
func (e *Env) EnsureVenv() error {
	python, version, err := FindPython()
	if err != nil {
		return err
	}
	if err := e.CheckLock(); err != nil {
		return err
	}
	req, err := os.ReadFile(e.Lockfile())
	if err != nil {
		return fmt.Errorf("kernel: reading the pinned requirements: %w", err)
	}
	sum := sha256.Sum256(append(req, []byte("\npython "+version)...))
	want := hex.EncodeToString(sum[:])
	stamp := filepath.Join(e.Venv(), ".gd-requirements.sha256")
	if got, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(got)) == want && fileExists(e.Jupyter()) {
		e.logf("venv %s up to date (Python %s, %s)", e.rel(e.Venv()), version, e.rel(e.Requirements()))
		return nil
	}
	if !fileExists(e.Python()) {
		e.logf("creating venv %s with %s (Python %s)", e.rel(e.Venv()), python, version)
		if err := e.createVenv(python); err != nil {
			return err
		}
	}
	e.logf("installing %s into %s (pip, hashes checked)", e.rel(e.Lockfile()), e.rel(e.Venv()))
	pip := exec.Command(e.Python(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q",
		"--require-hashes", "-r", e.Lockfile())
	pip.Stdout, pip.Stderr = e.Log, e.Log
	if err := pip.Run(); err != nil {
		return fmt.Errorf("kernel: pip install --require-hashes -r %s failed: %w", e.rel(e.Lockfile()), err)
	}
	return WriteFileAtomic(stamp, []byte(want+"\n"), 0o644)
}

func (e *Env) createVenv(python string) error {
	var stderr bytes.Buffer
	cmd := exec.Command(python, "-m", "venv", e.Venv())
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return nil
	}
	// Debian ships venv's pip bootstrap in a separate package.
	if strings.Contains(stderr.String(), "ensurepip") {
		if canAptInstall() {
			e.logf("python3-venv is missing; installing it with apt-get")
			os.RemoveAll(e.Venv())
			if aerr := aptInstall(e, "python3-venv"); aerr != nil {
				return aerr
			}
			return e.createVenv(python)
		}
		return fmt.Errorf("kernel: %s cannot create a venv (ensurepip missing); install it: sudo apt-get install python3-venv", python)
	}
	return fmt.Errorf("kernel: %s -m venv %s failed: %v\n%s", python, e.Venv(), err, stderr.String())
}

// canAptInstall reports whether missing Debian packages can be installed here:
// running as root on a system with apt-get.
func canAptInstall() bool {
	if os.Geteuid() != 0 {
		return false
	}
	_, err := exec.LookPath("apt-get")
	return err == nil
}

func aptInstall(e *Env, pkgs ...string) error {
	for _, args := range [][]string{{"update"}, append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = e.Log, e.Log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("kernel: apt-get %s failed: %w", strings.Join(args, " "), err)
		}
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
