//go:build !unix

package main

import (
	"fmt"
	"os"
	"os/exec"
)

// Without Unix signals there is nothing to supervise: run GoNB and pass its
// exit status on.
func main() {
	if err := command().Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "supervise:", err)
		os.Exit(127)
	}
}
