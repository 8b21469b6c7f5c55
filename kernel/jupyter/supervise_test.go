//go:build linux

package jupyter_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// running reports whether pid exists and is not a zombie.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0] != "Z"
}

// startsOrphan returns a shell command that leaves a sleeper in a session of
// its own and writes its pid to a file, then runs rest.
func startsOrphan(t *testing.T, rest string) (*exec.Cmd, func() int) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command("sh", "-c", "setsid sleep 1000 >/dev/null 2>&1 & echo $! > "+pidFile+"; "+rest)
	return cmd, func() int {
		t.Helper()
		b, err := os.ReadFile(pidFile)
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
		return pid
	}
}

// What a supervised command leaves behind, even in another session, is ended
// when it exits; its exit status is kept.
func TestRunSupervisedEndsWhatTheCommandLeft(t *testing.T) {
	cmd, pid := startsOrphan(t, "exit 4")
	err := jupyter.RunSupervised(context.Background(), cmd, syscall.SIGINT)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 4 {
		t.Errorf("RunSupervised = %v, want exit status 4", err)
	}
	if p := pid(); running(p) {
		t.Errorf("the orphan %d is still running", p)
	}
}

// Stopped through its context, the command gets the stop signal (here it
// traps it and exits 0), and RunSupervised reports ErrInterrupted. A mark
// from an outer supervisor stays on the processes, next to this one's.
func TestRunSupervisedStopsOnCancel(t *testing.T) {
	cmd, pid := startsOrphan(t, "trap 'exit 0' INT; while :; do sleep 0.05; done")
	cmd.Env = append(os.Environ(), jupyter.MarkVar+"_outer=1")
	ctx, cancel := context.WithCancel(context.Background())
	// Marks this test inherited (it runs under `go run ./kernel test`, which
	// marks what it starts) come on top of the outer mark and the command's own.
	inherited := strings.Count(strings.Join(os.Environ(), "\x00"), jupyter.MarkVar+"_")
	time.AfterFunc(500*time.Millisecond, func() {
		p := pid()
		env, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/environ")
		if !strings.Contains(string(env), jupyter.MarkVar+"_outer=1") || strings.Count(string(env), jupyter.MarkVar+"_") != inherited+2 {
			t.Errorf("the orphan's environment lacks the outer mark or its own: %q", env)
		}
		cancel()
	})
	start := time.Now()
	if err := jupyter.RunSupervised(ctx, cmd, syscall.SIGINT); !errors.Is(err, jupyter.ErrInterrupted) {
		t.Errorf("RunSupervised = %v, want ErrInterrupted", err)
	}
	if d := time.Since(start); d > jupyter.StopGrace/2 {
		t.Errorf("the command took %v to stop: SIGINT did not reach it", d)
	}
	if p := pid(); running(p) {
		t.Errorf("the orphan %d is still running", p)
	}
}
