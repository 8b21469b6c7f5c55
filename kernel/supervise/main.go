//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/gonotebooks/descent/kernel/internal/reap"
)

func main() {
	if err := reap.Subreaper(); err != nil {
		fmt.Fprintln(os.Stderr, "supervise:", err)
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)

	cmd := command()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "supervise:", err)
		os.Exit(127)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
wait:
	for {
		select {
		case s := <-sigs:
			_ = cmd.Process.Signal(s)
		case err = <-done:
			break wait
		}
	}
	reap.KillDescendants(2 * time.Second)
	var ee *exec.ExitError
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			os.Exit(128 + int(ws.Signal()))
		}
		os.Exit(ee.ExitCode())
	}
	fmt.Fprintln(os.Stderr, "supervise:", err)
	os.Exit(1)
}
