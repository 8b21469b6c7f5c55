//go:build unix && !linux

package reap

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// Subreaper is Linux-only: elsewhere orphans go to init.
func Subreaper() error { return errors.New("reap: no child subreaper on this system") }

// descendants lists the processes below this one that are still parented to
// it or its descendants, as ps shows them.
func descendants() []int {
	out, err := exec.Command("ps", "-A", "-o", "pid=,ppid=,stat=").Output()
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	zombie := map[int]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		pid, _ := strconv.Atoi(f[0])
		ppid, _ := strconv.Atoi(f[1])
		children[ppid] = append(children[ppid], pid)
		zombie[pid] = strings.HasPrefix(f[2], "Z")
	}
	return below(os.Getpid(), children, zombie)
}

// Marked finds nothing where process environments cannot be read.
func Marked(mark string) []int { return nil }

// running reports whether pid exists (a zombie counts until it is reaped).
func running(pid int) bool { return syscall.Kill(pid, 0) == nil }
