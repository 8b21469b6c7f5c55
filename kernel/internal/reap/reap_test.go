//go:build linux

package reap

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Orphans in a new session (as gopls and cells end up when GoNB dies) are
// adopted by a subreaper and ended by KillDescendants.
func TestKillDescendantsEndsAdoptedOrphans(t *testing.T) {
	if err := Subreaper(); err != nil {
		t.Fatal(err)
	}
	// The shell starts two sleepers, one in its own session, prints their
	// pids and exits: they are orphans at once.
	out, err := exec.Command("sh", "-c", "sleep 1000 >/dev/null 2>&1 & echo $!; setsid sleep 1000 >/dev/null 2>&1 & echo $!").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("shell printed %q", out)
		}
		pids = append(pids, pid)
	}
	if len(pids) != 2 {
		t.Fatalf("shell printed %q, want two pids", out)
	}
	time.Sleep(100 * time.Millisecond)
	for _, pid := range pids {
		if !alive(pid) {
			t.Fatalf("sleeper %d is not running before the test", pid)
		}
	}
	if n := KillDescendants(2 * time.Second); n < 2 {
		t.Errorf("KillDescendants signalled %d processes, want at least the 2 sleepers", n)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("sleeper %d is still there after KillDescendants", pid)
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	return !strings.HasPrefix(strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0], "Z")
}

// A marked process is found and ended wherever it went (here: a new session,
// its parent gone), and an unmarked one is left alone.
func TestKillMarkedEndsOnlyMarkedProcesses(t *testing.T) {
	mark := "GD_REAP_TEST=" + strconv.Itoa(os.Getpid())
	start := func(env ...string) int {
		cmd := exec.Command("sh", "-c", "setsid sleep 1000 >/dev/null 2>&1 & echo $!")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
		if err != nil {
			t.Fatalf("shell printed %q", out)
		}
		t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
		return pid
	}
	marked, unmarked := start(mark), start()
	time.Sleep(100 * time.Millisecond)
	if got := Marked(mark); len(got) != 1 || got[0] != marked {
		t.Fatalf("Marked = %v, want [%d]", got, marked)
	}
	KillMarked(mark, time.Second)
	if alive(marked) {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(marked) + "/stat")
		t.Errorf("marked sleeper %d survived KillMarked: %s", marked, b)
	}
	if !alive(unmarked) {
		t.Errorf("unmarked sleeper %d was killed", unmarked)
	}
}
