package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

var errTestsFailed = errors.New("tests failed")

// test is the README's test command and what CI runs: it sets up everything
// the suite needs (venv, kernel, Chromium for the browser tests), then checks
// formatting, vets, and runs every package's tests, notebooks included.
func test(ctx context.Context, env *jupyter.Env, args []string) error {
	if err := env.Setup(jupyter.Options{}); err != nil {
		return err
	}
	chromium, err := env.EnsureChromium()
	if err != nil {
		return err
	}
	step := func(name string, cmdArgs ...string) error {
		fmt.Printf("== %s\n", name)
		cmd := exec.Command(cmdArgs[0], cmdArgs[1:]...)
		cmd.Dir = env.Root
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		cmd.Env = append(os.Environ(), "GD_CHROMIUM="+chromium)
		// Ctrl-C stops the tests the way it stops a run: the kernels and
		// browsers they started end with them.
		if err := jupyter.RunSupervised(ctx, cmd, syscall.SIGINT); err != nil {
			if errors.Is(err, jupyter.ErrInterrupted) {
				return err
			}
			fmt.Printf("== %s FAILED: %v\n", name, err)
			return errTestsFailed
		}
		return nil
	}

	fmt.Println("== gofmt -l")
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "./...").Output()
	if err != nil {
		return fmt.Errorf("go list ./...: %w", err)
	}
	fmtArgs := append([]string{"-l"}, strings.Fields(string(out))...)
	unformatted, err := exec.Command("gofmt", fmtArgs...).Output()
	if err != nil {
		return fmt.Errorf("gofmt: %w", err)
	}
	if len(strings.TrimSpace(string(unformatted))) > 0 {
		fmt.Printf("== gofmt would reformat:\n%s", unformatted)
		return errTestsFailed
	}
	if err := step("go vet ./...", "go", "vet", "./..."); err != nil {
		return err
	}
	// -count=1: notebook and browser tests read files the test cache cannot see.
	testArgs := append([]string{"go", "test", "-count=1", "-timeout", "80m"}, args...)
	testArgs = append(testArgs, "./...")
	if err := step("go test ./...", testArgs...); err != nil {
		return err
	}
	fmt.Println("== all tests passed")
	return nil
}
