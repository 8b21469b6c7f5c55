package main

import (
	"fmt"
	"os"
	"os/exec"
)

// command is the program to supervise, from the command line, with this
// process's standard streams.
func command() *exec.Cmd {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: supervise program [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd
}
