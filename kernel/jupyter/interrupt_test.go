package jupyter_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/internal/reap"
)

var (
	buildOnce sync.Once
	kernelBin string
	buildErr  error
)

// kernelCommand builds `go run ./kernel` once, so the tests can signal the
// command itself rather than go run.
func kernelCommand(t *testing.T) string {
	t.Helper()
	e := env(t)
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gd_kernel_cmd_")
		if err != nil {
			buildErr = err
			return
		}
		kernelBin = filepath.Join(dir, "kernel")
		cmd := exec.Command("go", "build", "-o", kernelBin, "./kernel")
		cmd.Dir = e.Root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./kernel: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return kernelBin
}

// mark returns an environment entry for one test's processes.
func mark(t *testing.T) string {
	b := make([]byte, 8)
	rand.Read(b)
	return "GD_TEST_MARK=" + hex.EncodeToString(b)
}

func comms(pids []int) []string {
	var out []string
	for _, pid := range pids {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
		out = append(out, strings.TrimSpace(string(b)))
	}
	return out
}

// startCommand starts the kernel command with args in the checkout, its
// environment extended by env, and returns it, a channel that receives its
// exit, and its output.
func startCommand(t *testing.T, extraEnv []string, args ...string) (*exec.Cmd, <-chan error, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(kernelCommand(t), args...)
	cmd.Dir = env(t).Root
	cmd.Env = append(os.Environ(), extraEnv...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return cmd, done, &log
}

// stopAndCheck sends sig to the command, waits for it, and checks that it
// exited with status 130 and that no process carrying m is left.
func stopAndCheck(t *testing.T, cmd *exec.Cmd, done <-chan error, sig syscall.Signal, m string, log *bytes.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Errorf("after %v the command ended with %v, want exit status 130\n%s", sig, err, log.String())
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		reap.KillMarked(m, 0)
		t.Fatalf("the command did not stop within 2 minutes of %v\n%s", sig, log.String())
	}
	if left := reap.Marked(m); len(left) > 0 {
		t.Errorf("processes left after %v: %v %v\n%s", sig, left, comms(left), log.String())
		reap.KillMarked(m, 0)
	}
}

// Ctrl-C (SIGINT) on execute, and SIGTERM on report, while a cell is busy:
// the command stops, the notebook is untouched, and no process it started
// (runner, kernel, supervisor, gopls, the busy cell) is left.
func TestInterruptLeavesNoProcess(t *testing.T) {
	for _, c := range []struct {
		cmd string
		sig syscall.Signal
	}{{"execute", syscall.SIGINT}, {"report", syscall.SIGTERM}} {
		t.Run(c.cmd, func(t *testing.T) {
			dir := t.TempDir()
			nb := filepath.Join(dir, "busy.ipynb")
			ready := filepath.Join(dir, "ready")
			writeNotebook(t, nb, "%%\nos.WriteFile(os.Getenv(\"GD_TEST_READY\"), nil, 0o644)\nfor {\n}")
			before, _ := os.ReadFile(nb)
			m := mark(t)
			args := []string{c.cmd, "-out", filepath.Join(dir, "out"), nb}
			if c.cmd == "execute" {
				args = []string{c.cmd, "-inplace", "-out", filepath.Join(dir, "out"), nb}
			}
			cmd, done, log := startCommand(t, []string{m, "GD_TEST_READY=" + ready}, args...)
			deadline := time.Now().Add(3 * time.Minute)
			for {
				if _, err := os.Stat(ready); err == nil {
					break
				}
				select {
				case err := <-done:
					t.Fatalf("the command ended before the cell ran: %v\n%s", err, log.String())
				case <-time.After(100 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					reap.KillMarked(m, 0)
					t.Fatalf("the busy cell did not start within 3 minutes\n%s", log.String())
				}
			}
			running := comms(reap.Marked(m))
			for _, want := range []string{"python", "supervise", "gonb"} {
				if !strings.Contains(strings.Join(running, " "), want) {
					t.Errorf("while the cell runs, no marked %s process among %v", want, running)
				}
			}
			stopAndCheck(t, cmd, done, c.sig, m, log)
			if after, _ := os.ReadFile(nb); !bytes.Equal(after, before) {
				t.Errorf("the interrupted notebook changed")
			}
			if want := "FAILED  " + nb + ": interrupted: nothing written"; !strings.Contains(log.String(), want) {
				t.Errorf("the summary lacks %q:\n%s", want, log.String())
			}
		})
	}
}

// Ctrl-C on lab with a kernel running: JupyterLab shuts down, and neither
// it nor the kernel (GoNB, its supervisor, gopls) is left.
func TestLabInterruptLeavesNoProcess(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	token := strings.TrimPrefix(mark(t), "GD_TEST_MARK=")
	private := t.TempDir()
	m := mark(t)
	args := []string{"lab", "--no-browser", "--ip=127.0.0.1", "--port=" + strconv.Itoa(port), "--IdentityProvider.token=" + token}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	cmd, done, log := startCommand(t, []string{m, "JUPYTER_CONFIG_DIR=" + filepath.Join(private, "config"),
		"JUPYTER_RUNTIME_DIR=" + filepath.Join(private, "runtime"), "JUPYTERLAB_WORKSPACES_DIR=" + filepath.Join(private, "ws")}, args...)
	api := fmt.Sprintf("http://127.0.0.1:%d/api/", port)
	deadline := time.Now().Add(3 * time.Minute)
	started := false
	for time.Now().Before(deadline) && !strings.Contains(strings.Join(comms(reap.Marked(m)), " "), "gonb") {
		select {
		case err := <-done:
			t.Fatalf("lab ended early: %v\n%s", err, log.String())
		case <-time.After(300 * time.Millisecond):
		}
		if !started {
			req, _ := http.NewRequest("POST", api+"kernels", strings.NewReader(`{"name": "gd"}`))
			req.Header.Set("Authorization", "token "+token)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				started = resp.StatusCode == http.StatusCreated
			}
		}
	}
	if running := comms(reap.Marked(m)); !strings.Contains(strings.Join(running, " "), "gonb") {
		cmd.Process.Kill()
		reap.KillMarked(m, 0)
		t.Fatalf("no kernel started within 3 minutes (marked: %v)\n%s", running, log.String())
	}
	stopAndCheck(t, cmd, done, syscall.SIGINT, m, log)
}
