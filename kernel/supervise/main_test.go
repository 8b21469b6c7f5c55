//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// What the supervised program leaves behind, even in a new session, is ended
// when it exits, and its exit status is passed on.
func TestSupervisorEndsWhatTheProgramLeft(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "supervise")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	// The program starts a sleeper in its own session, as GoNB starts gopls,
	// and exits with status 3 while it runs.
	script := "setsid sleep 1000 >/dev/null 2>&1 & echo $! > " + pidFile + "; exit 3"
	err := exec.Command(bin, "sh", "-c", script).Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Errorf("supervise exited with %v, want the program's status 3", err)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		s := string(stat)
		if state := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]; state != "Z" {
			t.Errorf("the sleeper %d is still running (state %s) after supervise exited", pid, state)
			exec.Command("kill", "-9", strconv.Itoa(pid)).Run()
		}
	}
}
