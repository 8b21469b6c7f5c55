// Package notebooks_test executes every notebook in this folder with the gd
// kernel, exactly as `go run ./kernel report` does, and checks the outputs.
package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// executed holds each notebook after a run, keyed by file name.
var (
	runOnce  sync.Once
	executed map[string]*notebook
	runLog   strings.Builder
	runErr   error
)

// output, cell and notebook are the shared notebook reader's, with the
// helpers the checks here use.
type output = nbjson.Output

type cell struct{ nbjson.Cell }

type notebook struct{ nbjson.Notebook }

// text joins nbformat's multiline text.
var text = nbjson.Text

// runAll executes all notebooks once per test binary into a temporary folder,
// leaving the committed notebooks untouched.
func runAll(t *testing.T) map[string]*notebook {
	t.Helper()
	runOnce.Do(func() {
		env, err := jupyter.NewEnv("")
		if err != nil {
			runErr = err
			return
		}
		env.Log = os.Stderr
		if runErr = env.Setup(jupyter.Options{}); runErr != nil {
			return
		}
		nbs, err := jupyter.Notebooks(".")
		if err != nil || len(nbs) == 0 {
			runErr = errorString("no notebooks found in notebooks/")
			return
		}
		out, err := os.MkdirTemp("", "gd_notebooks_")
		if err != nil {
			runErr = err
			return
		}
		// Run copies, so the kernel's working directory is the temp folder and
		// nothing a notebook writes lands in the checkout.
		var copies []string
		for _, nb := range nbs {
			b, err := os.ReadFile(nb)
			if err != nil {
				runErr = err
				return
			}
			dst := filepath.Join(out, filepath.Base(nb))
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				runErr = err
				return
			}
			copies = append(copies, dst)
		}
		reportsDir = filepath.Join(out, "reports")
		runErr = env.Run(context.Background(), jupyter.RunOptions{
			Notebooks: copies, OutDir: reportsDir, Stdout: &runLog})
		executed = map[string]*notebook{}
		for _, nb := range nbs {
			var n notebook
			if err := nbjson.Decode(filepath.Join(out, "reports", filepath.Base(nb)), &n); err == nil {
				executed[filepath.Base(nb)] = &n
			}
		}
	})
	if runErr != nil {
		t.Fatalf("executing the notebooks: %v\n%s", runErr, runLog.String())
	}
	return executed
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestNotebooksRunWithoutErrors is the acceptance check of every notebook:
// each executes top to bottom with no error output and no panic on stderr.
func TestNotebooksRunWithoutErrors(t *testing.T) {
	nbs := runAll(t)
	for name, nb := range nbs {
		t.Run(name, func(t *testing.T) {
			for i, c := range nb.Cells {
				for _, o := range c.Outputs {
					if o.OutputType == "error" {
						t.Errorf("cell %d (id %s): error output %s: %s", i, c.ID, o.EName, o.EValue)
					}
					if o.OutputType == "stream" && o.Name == "stderr" && strings.Contains(text(o.Text), "panic:") {
						t.Errorf("cell %d (id %s): panic on stderr:\n%s", i, c.ID, text(o.Text))
					}
				}
			}
		})
	}
}

// executedNotebook returns one executed notebook by file name, failing the test
// when it is missing.
func executedNotebook(t *testing.T, name string) *notebook {
	t.Helper()
	nb, ok := runAll(t)[name]
	if !ok {
		t.Fatalf("notebook %s was not executed (is it in notebooks/?)", name)
	}
	return nb
}

func (c cell) source() string { return c.SourceText() }

// stdout is everything the cell printed to standard output.
func (c cell) stdout() string { return c.Stdout() }

// html is the concatenated text/html of the cell's rich outputs.
func (c cell) html() string { return c.Data("text/html") }

// charts counts the display charts a cell drew (one gd-chart div each).
func (c cell) charts() int { return strings.Count(c.html(), `class="gd-chart"`) }

// code returns the code cells in order.
func (nb *notebook) code() []cell {
	var out []cell
	for _, c := range nb.Code() {
		out = append(out, cell{c})
	}
	return out
}

// findCode returns the first code cell whose source contains substr.
func (nb *notebook) findCode(t *testing.T, substr string) cell {
	t.Helper()
	for _, c := range nb.code() {
		if strings.Contains(c.source(), substr) {
			return c
		}
	}
	t.Fatalf("no code cell contains %q", substr)
	return cell{}
}

// stdout is everything the notebook printed, in cell order.
func (nb *notebook) stdout() string {
	var b strings.Builder
	for _, c := range nb.code() {
		b.WriteString(c.stdout())
	}
	return b.String()
}

// charts counts the charts the whole notebook drew.
func (nb *notebook) charts() int {
	n := 0
	for _, c := range nb.code() {
		n += c.charts()
	}
	return n
}
