//go:build !unix

package jupyter

import (
	"os/exec"
	"syscall"
)

func ownGroup(cmd *exec.Cmd) {}

// signalGroup can only kill the process itself here.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error { return cmd.Process.Kill() }
