//go:build unix

package jupyter

import (
	"os/exec"
	"syscall"
)

// ownGroup starts cmd in a process group of its own, so a Ctrl-C at the
// terminal reaches only our command, which passes it on once, in order.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// signalGroup sends sig to cmd's process group.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	return syscall.Kill(-cmd.Process.Pid, sig)
}
