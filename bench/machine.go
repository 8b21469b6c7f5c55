package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// systemPython is Debian's interpreter, which has python3-torch.
const systemPython = "/usr/bin/python3"

type machine struct {
	CPU, Flags, Go, Torch, BLAS string
	Cores                       int
}

func (m machine) String() string {
	return fmt.Sprintf("machine: %s, %d cores (%s); %s; PyTorch %s with %s", m.CPU, m.Cores, m.Flags, m.Go, m.Torch, m.BLAS)
}

func describeMachine() machine {
	m := machine{CPU: "unknown CPU", Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "model name":
				m.CPU = strings.TrimSpace(v)
			case "flags":
				var have []string
				for _, f := range []string{"avx2", "fma", "avx512f"} {
					if strings.Contains(" "+v+" ", " "+f+" ") {
						have = append(have, f)
					}
				}
				m.Flags = strings.Join(have, ", ")
			}
		}
	}
	m.BLAS = blasDescription("OpenBLAS")
	return m
}

// blasDescription names the BLAS PyTorch ran with (as torch_workloads.py
// found it loaded) and the OpenBLAS kernel family forced.
func blasDescription(loaded string) string {
	if core := openBLASCore(); core != "" && loaded == "OpenBLAS" {
		return loaded + " (OPENBLAS_CORETYPE=" + core + ")"
	}
	return loaded
}

// openBLASCore is the OpenBLAS kernel family to force. On VMs that report a
// generic CPU model, OpenBLAS's runtime detection falls back to its oldest
// (SSE3) kernels and PyTorch's matmul loses 85% of its speed; forcing the
// family the CPU supports gives PyTorch its real performance. A value already
// in the environment wins.
func openBLASCore() string {
	if v := os.Getenv("OPENBLAS_CORETYPE"); v != "" {
		return v
	}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	switch s := string(b); {
	case strings.Contains(s, " avx512f ") && strings.Contains(s, " avx512bw "):
		return "SkylakeX"
	case strings.Contains(s, " avx2 ") && strings.Contains(s, " fma "):
		return "Haswell"
	}
	return ""
}

// debianOpenBLAS is where Debian's libopenblas0-pthread puts its libblas.so.3.
const debianOpenBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"

// openBLASDir is the directory of the OpenBLAS libblas.so.3 that PyTorch is
// run with: the first one on LD_LIBRARY_PATH, else Debian's. The bench puts
// it first on PyTorch's library path, so that PyTorch is measured with
// OpenBLAS even where the system's libblas.so.3 alternative is the
// reference BLAS (20-40 times slower at large products). "" if none.
func openBLASDir() string {
	for _, d := range append(filepath.SplitList(os.Getenv("LD_LIBRARY_PATH")), debianOpenBLAS) {
		if d == "" {
			continue
		}
		_, errBLAS := os.Stat(filepath.Join(d, "libblas.so.3"))
		_, errOpen := os.Stat(filepath.Join(d, "libopenblas.so.0"))
		if errBLAS == nil && errOpen == nil {
			return d
		}
	}
	return ""
}

// ensureTorch makes sure Debian's python3-torch and OpenBLAS are there,
// installing them with apt-get when running as root; otherwise it explains.
func ensureTorch() error {
	hasTorch := exec.Command(systemPython, "-c", "import torch, numpy").Run() == nil
	hasBLAS := openBLASDir() != "" || runtime.GOARCH != "amd64"
	if hasTorch && hasBLAS {
		return nil
	}
	pkgs := []string{"python3-torch", "python3-numpy", "libopenblas0-pthread"}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		return fmt.Errorf("PyTorch for the comparison is missing: install Debian's %s (sudo apt-get install %s)",
			strings.Join(pkgs, ", "), strings.Join(pkgs, " "))
	}
	fmt.Println("installing", strings.Join(pkgs, " "), "with apt-get (PyTorch's side of the comparison)")
	for _, args := range [][]string{{"update"}, append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	return nil
}
