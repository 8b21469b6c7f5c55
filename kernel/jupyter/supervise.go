package jupyter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/gonotebooks/descent/kernel/internal/reap"
)

// ErrInterrupted is returned when the command was stopped (Ctrl-C, SIGTERM).
var ErrInterrupted = errors.New("kernel: interrupted")

// MarkVar prefixes the environment entry that marks every process a command of
// this package starts, and through inheritance their descendants (Jupyter
// kernels, gopls, the cells' programs), so that none outlives the command.
const MarkVar = "GD_PROCESS_MARK"

// StopGrace is how long a stopped runner or JupyterLab gets to shut its
// kernels down before everything left is killed.
const StopGrace = 30 * time.Second

// RunSupervised runs cmd (created with exec.Command, not started) until it
// exits or ctx is done. When ctx is done, stop is sent to cmd's process group
// (the runner and JupyterLab shut their kernels down on it), and after
// StopGrace the group is killed. Either way, once cmd has exited, every
// process started under it that is still running is ended, even those that
// left its process group or session.
func RunSupervised(ctx context.Context, cmd *exec.Cmd, stop syscall.Signal) error {
	mark := newMark()
	defer forget(mark)
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, mark)
	ownGroup(cmd)
	// Output copied through pipes: do not wait long for a descendant that
	// still holds them once cmd has exited; it is ended below.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			_ = signalGroup(cmd, stop)
			select {
			case <-exited:
			case <-time.After(StopGrace):
				_ = signalGroup(cmd, syscall.SIGKILL)
			}
		case <-exited:
		}
	}()
	err := cmd.Wait()
	close(exited)
	if errors.Is(err, exec.ErrWaitDelay) {
		// It exited, but something it started still held its output open.
		err = nil
		if !cmd.ProcessState.Success() {
			err = &exec.ExitError{ProcessState: cmd.ProcessState}
		}
	}
	_ = signalGroup(cmd, syscall.SIGKILL)
	reap.KillMarked(mark, 3*time.Second)
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	return err
}

var (
	marksMu sync.Mutex
	marks   = map[string]bool{}
)

func newMark() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	// A variable of its own per mark: a supervised command that supervises
	// another (kernel test → go test → a run) keeps both marks, so either
	// level finds everything below it.
	m := MarkVar + "_" + hex.EncodeToString(b) + "=1"
	marksMu.Lock()
	marks[m] = true
	marksMu.Unlock()
	return m
}

func forget(mark string) {
	marksMu.Lock()
	delete(marks, mark)
	marksMu.Unlock()
}

// KillNow kills at once every process started by RunSupervised in this
// process, and what they started: for a second Ctrl-C, which does not wait
// for kernels to shut down.
func KillNow() {
	marksMu.Lock()
	defer marksMu.Unlock()
	for m := range marks {
		reap.KillMarked(m, 0)
	}
}
