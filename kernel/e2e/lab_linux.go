package e2e

import "syscall"

// labProcAttr puts JupyterLab in its own process group, so Stop can also end
// the kernels it started, and kills it if the test process dies first.
func labProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
