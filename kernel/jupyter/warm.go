package jupyter

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// warmPackages are compiled once at install so that the first cell of a
// notebook does not pay for gd, display and their dependencies (gonum,
// go-echarts, GoNB's gonbui).
var warmPackages = []string{"gd", "gd/nprand", "display"}

// WarmBuildCache compiles a throwaway program the way GoNB compiles a cell (a
// fresh module joined to this checkout by go.work), importing the notebook
// packages, so their compiled forms land in the Go build cache.
func (e *Env) WarmBuildCache() error {
	var imports []string
	for _, p := range warmPackages {
		if hasGoFiles(filepath.Join(e.Root, p)) {
			imports = append(imports, fmt.Sprintf("\t_ %q\n", ModulePath+"/"+p))
		}
	}
	if len(imports) == 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "gd_warm_")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	_, goVersion, err := FindGo()
	if err != nil {
		return err
	}
	lang := strings.TrimPrefix(goVersion, "go")
	if parts := strings.SplitN(lang, ".", 3); len(parts) >= 2 {
		lang = parts[0] + "." + parts[1]
	}
	files := map[string]string{
		"go.mod":  "module gd_warm\n\ngo " + lang + "\n",
		"go.work": "go " + lang + "\n\nuse (\n\t.\n\t" + fmt.Sprintf("%q", e.Root) + "\n)\n",
		"main.go": "package main\n\nimport (\n" + strings.Join(imports, "") + ")\n\nfunc main() {}\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "warm"), ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("kernel: warming the build cache failed (does the module compile?): %v\n%s", err, out)
	}
	e.logf("build cache warm for %s (%.1fs)", strings.Join(warmPackages, ", "), time.Since(start).Seconds())
	return nil
}

func hasGoFiles(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range m {
		if !strings.HasSuffix(f, "_test.go") {
			return true
		}
	}
	return false
}
