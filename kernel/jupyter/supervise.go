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

// MarkVar is the environment entry that marks every process a command of
// this package starts, and through inheritance their descendants (Jupyter
// kernels, gopls, the cells' programs), so that none outlives the command.
const MarkVar = "GD_PROCESS_MARK"

// StopGrace is how long a stopped runner or JupyterLab gets to shut its
// kernels down before everything left is killed.
const StopGrace = 30 * time.Second

// RunSupervised runs cmd until it exits or ctx is done. When ctx is done,
// stop is sent to cmd's process group (the runner and JupyterLab shut their
// kernels down on it), and after StopGrace the group is killed. Either way,
// once cmd has exited, every process started under it that is still running
// is ended, even those that left its process group or session.
func RunSupervised(ctx context.Context, cmd *exec.Cmd, stop syscall.Signal) error {
	mark := newMark()
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, mark)
	ownGroup(cmd)
	cmd.Cancel = func() error { return signalGroup(cmd, stop) }
	cmd.WaitDelay = StopGrace
	err := cmd.Run()
	if errors.Is(err, exec.ErrWaitDelay) && cmd.ProcessState != nil {
		// It exited, but something it started still held its output open.
		err = nil
		if !cmd.ProcessState.Success() {
			err = &exec.ExitError{ProcessState: cmd.ProcessState}
		}
	}
	if cmd.Process != nil {
		_ = signalGroup(cmd, syscall.SIGKILL)
	}
	reap.KillMarked(mark, 3*time.Second)
	marksMu.Lock()
	delete(marks, mark)
	marksMu.Unlock()
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
	m := MarkVar + "=" + hex.EncodeToString(b)
	marksMu.Lock()
	marks[m] = true
	marksMu.Unlock()
	return m
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
