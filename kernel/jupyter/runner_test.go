package jupyter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// writeNotebook writes an nbformat 4.5 notebook for the gd kernel with one
// code cell per source.
func writeNotebook(t *testing.T, path string, sources ...string) {
	t.Helper()
	type cell struct {
		CellType       string   `json:"cell_type"`
		ExecutionCount *int     `json:"execution_count"`
		ID             string   `json:"id"`
		Metadata       struct{} `json:"metadata"`
		Outputs        []any    `json:"outputs"`
		Source         string   `json:"source"`
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{
			"kernelspec":    map[string]string{"name": "gd", "display_name": "Go (gd)", "language": "go"},
			"language_info": map[string]string{"name": "go"},
		},
	}
	var cells []cell
	for i, src := range sources {
		cells = append(cells, cell{CellType: "code", ID: fmt.Sprintf("c%d", i+1), Outputs: []any{}, Source: src})
	}
	nb["cells"] = cells
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runCells writes a notebook of the given cells into dir and runs it with
// opt (its output in dir/out unless opt says otherwise), returning the
// notebook's path and what the runner printed.
func runCells(t *testing.T, dir string, opt jupyter.RunOptions, cells ...string) (nb, log string, err error) {
	t.Helper()
	e := env(t)
	nb = filepath.Join(dir, "cells.ipynb")
	writeNotebook(t, nb, cells...)
	var out bytes.Buffer
	opt.Notebooks, opt.Stdout = []string{nb}, &out
	if opt.OutDir == "" {
		opt.OutDir = filepath.Join(dir, "out")
	}
	err = e.Run(context.Background(), opt)
	return nb, out.String(), err
}

// A compile error shows the compiler's message, located by cell and line, in
// the terminal. In the report the compiler's text is escaped: a string
// literal holding a script tag stays text. With -allow-errors the cells
// after the error still run, and the run fails at the end.
func TestCompileErrorShownAndEscapedWithAllowErrors(t *testing.T) {
	dir := t.TempDir()
	nb, text, err := runCells(t, dir, jupyter.RunOptions{AllowErrors: true},
		"%%\nfmt.Println(\"first cell runs\")",
		"%%\nvar shown int = \"<script>window.gdInjected=1</script>\"\nfmt.Println(shown, w)",
		"%%\nfmt.Println(\"ran after the error\")",
	)
	if !errors.Is(err, jupyter.ErrNotebookFailed) {
		t.Fatalf("Run = %v, want ErrNotebookFailed; log:\n%s", err, text)
	}
	for _, want := range []string{"FAILED " + nb + ": code cell 2", "Line 3", "undefined: w", "<script>window.gdInjected=1</script>"} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\x1b") {
		t.Errorf("terminal output holds escape sequences:\n%q", text)
	}
	got := nbjson.MustRead(t, filepath.Join(dir, "out", "cells.ipynb"))
	code := got.Code()
	if len(code) != 3 || !strings.Contains(code[2].Stdout(), "ran after the error") {
		t.Errorf("with -allow-errors the third cell did not run: %+v", code)
	}
	html, err := os.ReadFile(filepath.Join(dir, "out", "cells.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(html, []byte("<script>window.gdInjected")) {
		t.Error("the report holds the cell's <script> tag unescaped: it would run when the report opens")
	}
	if !bytes.Contains(html, []byte("&lt;script&gt;window.gdInjected=1&lt;/script&gt;")) || !bytes.Contains(html, []byte("undefined: w")) {
		t.Error("the report does not show the compiler's message as escaped text")
	}
	if bytes.Contains(html, []byte("\x1b")) || bytes.Contains(html, []byte("[0m")) {
		t.Error("the report holds terminal escape sequences")
	}
}

// One run over several notebooks goes past a broken one (invalid JSON, a
// missing file, a failing cell) and ends with a line per notebook. Two
// notebooks with the same file name keep their own reports.
func TestBatchCarriesOnPastBrokenNotebooks(t *testing.T) {
	e := env(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "a", "same.ipynb")
	second := filepath.Join(dir, "b", "same.ipynb")
	writeNotebook(t, first, "%%\nfmt.Println(\"from a\")")
	writeNotebook(t, second, "%%\nfmt.Println(\"from b\")")
	invalid := filepath.Join(dir, "x.ipynb")
	if err := os.WriteFile(invalid, []byte("{\"cells\": [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.ipynb")
	var log bytes.Buffer
	out := filepath.Join(dir, "out")
	err := e.Run(context.Background(), jupyter.RunOptions{Notebooks: []string{first, invalid, missing, second}, OutDir: out, Stdout: &log})
	text := log.String()
	if !errors.Is(err, jupyter.ErrNotebookFailed) {
		t.Fatalf("Run = %v, want ErrNotebookFailed; log:\n%s", err, text)
	}
	if strings.Contains(text, "Traceback") {
		t.Errorf("the runner printed a Python traceback:\n%s", text)
	}
	if want := invalid + ": not a notebook: invalid JSON"; !strings.Contains(text, want) {
		t.Errorf("output lacks the one line %q:\n%s", want, text)
	}
	for _, want := range []string{
		"2/4 notebooks ran without errors",
		"ok      " + first, "ok      " + second,
		"FAILED  " + invalid + ": not a notebook", "FAILED  " + missing + ": No such file or directory",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	for name, want := range map[string]string{"a-same": "from a", "b-same": "from b"} {
		nb, err := nbjson.Read(filepath.Join(out, name+".ipynb"))
		if err != nil {
			t.Errorf("report of %s: %v", name, err)
			continue
		}
		if got := nb.Code()[0].Stdout(); !strings.Contains(got, want) {
			t.Errorf("%s.ipynb printed %q, want %q", name, got, want)
		}
		if _, err := os.Stat(filepath.Join(out, name+".html")); err != nil {
			t.Error(err)
		}
	}
}

// A cell that reads standard input fails at once (nobody can answer it in a
// headless run), and a cell that runs past -timeout fails its notebook
// naming the limit.
func TestStdinFailsAtOnceAndTimeoutStopsACell(t *testing.T) {
	dir := t.TempDir()
	nb, text, err := runCells(t, dir, jupyter.RunOptions{CellTimeout: 20 * time.Second},
		"%%\nvar s string\n_, err := fmt.Scanln(&s)\nfmt.Println(\"stdin:\", err)",
		"%%\nfmt.Println(\"sleeping\")\ntime.Sleep(time.Hour)",
	)
	if !errors.Is(err, jupyter.ErrNotebookFailed) {
		t.Fatalf("Run = %v, want ErrNotebookFailed; log:\n%s", err, text)
	}
	if !strings.Contains(text, "FAILED "+nb+": code cell 2") || !strings.Contains(text, "timed out after 20s") {
		t.Errorf("the sleeping cell did not time out after 20s:\n%s", text)
	}
	got := nbjson.MustRead(t, filepath.Join(dir, "out", "cells.ipynb"))
	if out := got.Code()[0].Stdout(); !strings.Contains(out, "stdin: read /dev/stdin: file already closed") {
		t.Errorf("the stdin cell printed %q, want the read to fail on a closed stdin", out)
	}
}
