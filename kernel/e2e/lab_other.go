//go:build unix && !linux

package e2e

import "syscall"

// labProcAttr puts JupyterLab in its own process group, so Stop can also end
// the kernels it started (there is no parent-death signal here).
func labProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
