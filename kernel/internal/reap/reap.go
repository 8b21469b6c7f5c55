//go:build unix

package reap

import (
	"syscall"
	"time"
)

// KillDescendants sends SIGTERM to every process below this one, waits up to
// grace for them to exit, then sends SIGKILL to what is left, reaping the
// orphans this process adopted. It returns the number of processes it
// signalled. Call it only after the children started with os/exec have been
// waited for: it reaps any child of this process.
func KillDescendants(grace time.Duration) int {
	reapChildren()
	return kill(descendants, grace, true)
}

// KillMarked ends every process whose environment holds the entry mark
// ("NAME=value"), as KillDescendants does. A command gives its child a mark
// no other process has; the child's descendants inherit it, whichever
// session they start or parent they end up with. Linux only (elsewhere it
// finds nothing).
func KillMarked(mark string, grace time.Duration) int {
	return kill(func() []int { return Marked(mark) }, grace, false)
}

// kill signals the processes list returns: SIGTERM, then SIGKILL after grace.
// With reapOrphans it also waits for any exited child of this process; a
// library must not (it would take the status its caller's os/exec waits for).
// A process counts as gone once it has exited, not when list stops showing
// it (an exiting process's environment is unreadable before it is a zombie).
func kill(list func() []int, grace time.Duration, reapOrphans bool) int {
	seen := map[int]bool{}
	left := func() []int {
		for _, pid := range list() {
			seen[pid] = true
		}
		var out []int
		for pid := range seen {
			if running(pid) {
				out = append(out, pid)
			}
		}
		return out
	}
	first := left()
	if len(first) == 0 {
		return 0
	}
	signal(first, syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if reapOrphans {
			reapChildren()
		}
		if len(left()) == 0 {
			return len(seen)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Kill until nothing is left: a dying process may still start one.
	for range 50 {
		l := left()
		if len(l) == 0 {
			break
		}
		signal(l, syscall.SIGKILL)
		time.Sleep(20 * time.Millisecond)
		if reapOrphans {
			reapChildren()
		}
	}
	return len(seen)
}

// below lists the processes under root in a parent-to-children map,
// leaving out zombies (they have exited already).
func below(root int, children map[int][]int, zombie map[int]bool) []int {
	var out []int
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			queue = append(queue, c)
			if !zombie[c] {
				out = append(out, c)
			}
		}
	}
	return out
}

func signal(pids []int, sig syscall.Signal) {
	for _, pid := range pids {
		_ = syscall.Kill(pid, sig)
	}
}

// reapChildren collects the exit status of every child that has exited.
func reapChildren() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}
