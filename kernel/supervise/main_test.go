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
	// The program starts a sleeper in its own session, as GoNB starts gopls,
	// prints its pid and exits with status 3 while it runs.
	out, err := exec.Command(bin, "sh", "-c", "setsid sleep 1000 >/dev/null 2>&1 & echo $!; exit 3").Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Errorf("supervise exited with %v, want the program's status 3", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("the program printed %q", out)
	}
	if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		s := string(stat)
		if state := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]; state != "Z" {
			t.Errorf("the sleeper %d is still running (state %s) after supervise exited", pid, state)
			exec.Command("kill", "-9", strconv.Itoa(pid)).Run()
		}
	}
}
