package jupyter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

var (
	setupOnce sync.Once
	setupEnv  *jupyter.Env
	setupErr  error
)

// env sets the checkout up once per test binary (venv, kernel, build cache).
func env(t *testing.T) *jupyter.Env {
	t.Helper()
	setupOnce.Do(func() {
		setupEnv, setupErr = jupyter.NewEnv("")
		if setupErr == nil {
			setupEnv.Log = os.Stderr
			setupErr = setupEnv.Setup(jupyter.Options{})
		}
	})
	if setupErr != nil {
		t.Fatalf("setting up the kernel: %v", setupErr)
	}
	return setupEnv
}

func TestKernelSpecIsListed(t *testing.T) {
	e := env(t)
	out, err := exec.Command(e.Jupyter(), "kernelspec", "list", "--json").Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var specs struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv        []string `json:"argv"`
				DisplayName string   `json:"display_name"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &specs); err != nil {
		t.Fatal(err)
	}
	gd, ok := specs.Kernelspecs[jupyter.KernelName]
	if !ok {
		t.Fatalf("kernelspec %q not listed; got %v", jupyter.KernelName, specs.Kernelspecs)
	}
	if gd.Spec.DisplayName != jupyter.KernelDisplayName || gd.Spec.Argv[0] != e.Launcher() {
		t.Errorf("kernelspec = %+v; want display name %q, argv[0] %q", gd.Spec, jupyter.KernelDisplayName, e.Launcher())
	}
	launcher, err := os.ReadFile(e.Launcher())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(launcher), "--go_work='"+e.Root+"'") {
		t.Errorf("launcher does not wire GoNB to the checkout with -go_work:\n%s", launcher)
	}
}

func TestFailingCellFailsTheRunNamingNotebookAndCell(t *testing.T) {
	e := env(t)
	out, nb := tempCopy(t, "failing.ipynb")
	var log bytes.Buffer
	err := e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{nb}, OutDir: filepath.Join(out, "reports"), Stdout: &log})
	if !errors.Is(err, jupyter.ErrNotebookFailed) {
		t.Fatalf("Run = %v, want ErrNotebookFailed; log:\n%s", err, log.String())
	}
	text := log.String()
	for _, want := range []string{"FAILED " + nb, "code cell 2", "index out of range", "0/1 notebooks ran without errors"} {
		if !strings.Contains(text, want) {
			t.Errorf("runner output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "never reached") {
		t.Errorf("the runner kept executing after the failing cell:\n%s", text)
	}
	// The partial results are still written, for debugging.
	for _, f := range []string{"failing.ipynb", "failing.html"} {
		if _, err := os.Stat(filepath.Join(out, "reports", f)); err != nil {
			t.Errorf("missing %s after a failed run: %v", f, err)
		}
	}
}

func TestFailingNotebookFailsTheCommand(t *testing.T) {
	e := env(t)
	dir, nb := tempCopy(t, "failing.ipynb")
	cmd := exec.Command("go", "run", "./kernel", "execute", "-out", filepath.Join(dir, "out"), nb)
	cmd.Dir = e.Root
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("go run ./kernel execute on a failing notebook: err = %v, want exit status 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "FAILED "+nb+": code cell 2") {
		t.Errorf("command output does not name the notebook and cell:\n%s", out)
	}
}

// externalRef finds resources a page would fetch from the network.
var externalRef = regexp.MustCompile(`(?i)<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import\s+["']?(https?:)?//`)

func TestReportIsSelfContained(t *testing.T) {
	e := env(t)
	dir, nb := tempCopy(t, "failing.ipynb")
	_ = e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{nb}, OutDir: dir, Stdout: &bytes.Buffer{}})
	html, err := os.ReadFile(filepath.Join(dir, "failing.html"))
	if err != nil {
		t.Fatal(err)
	}
	if m := externalRef.Find(html); m != nil {
		t.Errorf("report references a network resource: %s", m)
	}
	if !bytes.Contains(html, []byte("window.MathJax")) || !bytes.Contains(html, []byte("first cell runs")) {
		t.Errorf("report lacks the inline MathJax or the executed output")
	}
	// GoNB marks the cell's lines in a panic's stack trace with terminal
	// escapes; the report and the saved notebook show plain text.
	saved, err := os.ReadFile(filepath.Join(dir, "failing.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"report": html, "executed notebook": saved} {
		if bytes.Contains(b, []byte("\x1b")) || bytes.Contains(b, []byte(`\u001b`)) {
			t.Errorf("the %s holds terminal escape sequences", name)
		}
	}
}

// tempCopy copies a testdata notebook into a fresh folder outside the checkout
// and returns the folder and the copy's path.
func tempCopy(t *testing.T, name string) (dir, nb string) {
	t.Helper()
	dir = t.TempDir()
	nb = filepath.Join(dir, name)
	copyFile(t, filepath.Join("testdata", name), nb)
	return dir, nb
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExternalRefCatchesNetworkResources(t *testing.T) {
	bad := []string{
		`<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>`,
		`<link rel="stylesheet" href="//fonts.example.org/x.css">`,
		`<style>body{background:url('https://example.org/a.png')}</style>`,
		`<style>@import "https://example.org/x.css";</style>`,
	}
	good := []string{
		`<script>var ns = "http://www.w3.org/2000/svg";</script>`,
		`<a href="https://pytorch.org">PyTorch</a>`,
		`<img src="data:image/png;base64,AAAA">`,
	}
	for _, s := range bad {
		if !externalRef.MatchString(s) {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range good {
		if externalRef.MatchString(s) {
			t.Errorf("false alarm: %s", s)
		}
	}
}

// TestSmokeNotebookFromAnyDirectory proves the wiring: a notebook outside the
// checkout imports gd and display with no setup cell, prints a value computed by
// gd's autograd and shows a chart.
func TestSmokeNotebookFromAnyDirectory(t *testing.T) {
	e := env(t)
	dir, nb := tempCopy(t, "smoke.ipynb")
	var log bytes.Buffer
	if err := e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{nb}, OutDir: filepath.Join(dir, "out"), Stdout: &log}); err != nil {
		t.Fatalf("smoke notebook failed: %v\n%s", err, log.String())
	}
	got := nbjson.MustRead(t, filepath.Join(dir, "out", "smoke.ipynb"))
	var stdout, html, svg string
	for _, c := range got.Cells {
		stdout += c.Stdout()
		html += c.Data("text/html")
		svg += c.Data("image/svg+xml")
	}
	// d(x²)/dx at 3 is 6; torch prints the pair as below.
	if want := "tensor(9., grad_fn=<PowBackward0>) tensor(6.)"; !strings.Contains(stdout, want) {
		t.Errorf("stdout = %q, want it to contain %q", stdout, want)
	}
	if !strings.Contains(html, "echarts.init") {
		t.Errorf("no ECharts chart in the HTML outputs (%d bytes)", len(html))
	}
	if !strings.Contains(html+svg, "<svg") {
		t.Errorf("the chart has no static SVG fallback")
	}
}

// TestGoShimLinksCellsInternally checks the go command GoNB's cells see: it
// builds without DWARF and with the internal linker (gd uses cgo for libm).
func TestGoShimLinksCellsInternally(t *testing.T) {
	e := env(t)
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"go.work": "go 1.26\n\nuse (\n\t.\n\t" + e.Root + "\n)\n",
		"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/gonotebooks/descent/gd/nprand\"\n)\n\nfunc main() { nprand.Seed(42); fmt.Println(nprand.RandnFloat()) }\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command(filepath.Join(e.BinDir(), "go"), "build", "-o", "cell", ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("shim build: %v\n%s", err, out)
	}
	info, err := exec.Command("go", "version", "-m", filepath.Join(dir, "cell")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "-linkmode=internal") || !strings.Contains(string(info), "-w") {
		t.Errorf("cell binary was not linked with -w -linkmode=internal:\n%s", info)
	}
	out, err := exec.Command(filepath.Join(dir, "cell")).Output()
	if err != nil {
		t.Fatalf("running the internally linked cell: %v", err)
	}
	// np.random.seed(42); np.random.randn() in NumPy 1.24.
	if got := strings.TrimSpace(string(out)); got != "0.4967141530112327" {
		t.Errorf("cell printed %q, want NumPy's first normal after seed 42, 0.4967141530112327", got)
	}
}

// TestExecuteInPlaceSavesSignedOutputs covers `go run ./kernel execute
// -inplace`: outputs go back into the source notebook, signed as trusted so
// JupyterLab runs the saved charts' scripts.
func TestExecuteInPlaceSavesSignedOutputs(t *testing.T) {
	e := env(t)
	dir, nb := tempCopy(t, "smoke.ipynb")
	var log bytes.Buffer
	if err := e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{nb}, OutDir: filepath.Join(dir, "out"),
		InPlace: true, Trust: true, NoHTML: true, Stdout: &log}); err != nil {
		t.Fatalf("in-place run failed: %v\n%s", err, log.String())
	}
	saved := nbjson.MustRead(t, nb)
	outputs := 0
	for _, c := range saved.Cells {
		outputs += len(c.Outputs)
	}
	if outputs == 0 {
		t.Fatalf("no outputs were saved into %s", nb)
	}
	check := `import sys, nbformat
from nbformat.sign import NotebookNotary
print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=4)))`
	out, err := exec.Command(e.Python(), "-c", check, nb).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "True" {
		t.Errorf("saved notebook is not trusted: %v %s", err, out)
	}
}
