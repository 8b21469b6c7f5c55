package display

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// capture runs f with display's output replaced by a recorder and returns
// the bundles f displayed, in order.
func capture(t testing.TB, f func()) []bundle {
	t.Helper()
	var got []bundle
	saved := emit
	emit = func(b bundle) { got = append(got, b) }
	defer func() { emit = saved }()
	f()
	return got
}

// testNotebook builds an executed notebook as GoNB would have left it: code
// cells whose outputs are the display_data messages display sends, including
// the library-once logic of a kernel session (GONB_TMP_DIR set to a fresh dir).
type testNotebook struct {
	t       testing.TB
	cells   []map[string]any
	outputs []map[protocol.MIMEType]any
}

func newTestNotebook(t testing.TB) *testNotebook {
	t.Helper()
	t.Setenv(protocol.GONB_TMP_DIR_ENV, t.TempDir()) // a new kernel session
	nb := &testNotebook{t: t}
	nb.markdown("# display browser test\nCharts below are display outputs; the page is opened with the network blocked.")
	return nb
}

func (nb *testNotebook) markdown(src string) {
	nb.cells = append(nb.cells, map[string]any{
		"cell_type": "markdown", "id": fmt.Sprintf("md-%d", len(nb.cells)), "metadata": map[string]any{}, "source": src,
	})
}

// code adds a code cell whose outputs are what f displays.
func (nb *testNotebook) code(src string, f func()) {
	var outs []any
	for _, b := range capture(nb.t, f) {
		data := notebookData(b)
		nb.outputs = append(nb.outputs, data)
		outs = append(outs, map[string]any{"output_type": "display_data", "data": data, "metadata": map[string]any{}})
	}
	nb.cells = append(nb.cells, map[string]any{
		"cell_type": "code", "id": fmt.Sprintf("code-%d", len(nb.cells)), "metadata": map[string]any{},
		"execution_count": len(nb.cells), "source": src, "outputs": outs,
	})
}

func (nb *testNotebook) json(withOutputs bool) []byte {
	cells := make([]any, len(nb.cells))
	for i, c := range nb.cells {
		cc := map[string]any{}
		for k, v := range c {
			cc[k] = v
		}
		if !withOutputs && cc["cell_type"] == "code" {
			cc["outputs"] = []any{}
		}
		if cc["cell_type"] == "code" && cc["outputs"] == nil {
			cc["outputs"] = []any{}
		}
		cells[i] = cc
	}
	raw, err := json.MarshalIndent(map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "cells": cells,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"},
			"language_info": map[string]any{"name": "go"},
		},
	}, "", " ")
	if err != nil {
		nb.t.Fatal(err)
	}
	return raw
}

// venvDir finds the project's Python venv (jupyter, nbconvert): $GD_VENV, or
// .venv at the repository root. Its absence is a test failure, not a skip.
func venvDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GD_VENV")
	if dir == "" {
		abs, err := filepath.Abs("../.venv")
		if err != nil {
			t.Fatal(err)
		}
		dir = abs
	}
	if _, err := os.Stat(filepath.Join(dir, "bin", "jupyter-nbconvert")); err != nil {
		t.Fatalf("no nbconvert in the project venv %s (set GD_VENV or create /.venv from kernel/requirements.in): %v", dir, err)
	}
	return dir
}

// exportHTML converts a notebook to HTML with nbconvert's lab template, the
// way notebooks are published, without executing it.
func exportHTML(t testing.TB, dir, name string, ipynb []byte, args ...string) string {
	t.Helper()
	src := filepath.Join(dir, name+".ipynb")
	if err := os.WriteFile(src, ipynb, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append([]string{"--to", "html", "--template", "lab", "--output-dir", dir}, args...)
	cmd := exec.Command(filepath.Join(venvDir(t), "bin", "jupyter-nbconvert"), append(args, src)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert failed: %v\n%s", err, out)
	}
	return filepath.Join(dir, name+".html")
}

var (
	externalRef = regexp.MustCompile(`(?i)(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)`)
	scriptBody  = regexp.MustCompile(`(?is)(<script\b[^>]*>).*?</script>`)
)

// externalRefs lists the network URLs the page's markup points at: src and
// href attributes of script, link, img and every other element. Script bodies
// are skipped: the ECharts GL bundle holds map-attribution HTML in string
// literals that nothing here ever renders, and what a script actually fetches
// is caught by the browser test, which blocks and records every request.
func externalRefs(page string) []string {
	var out []string
	markup := scriptBody.ReplaceAllString(page, "$1</script>")
	for _, m := range externalRef.FindAllStringSubmatch(markup, -1) {
		out = append(out, m[1])
	}
	return out
}

// assertOffline fails if any output of display references the network.
func assertOffline(t testing.TB, what, content string) {
	t.Helper()
	if refs := externalRefs(content); len(refs) > 0 {
		t.Errorf("%s references the network: %v", what, refs)
	}
	if strings.Contains(strings.ToLower(content), "url(http") {
		t.Errorf("%s has a CSS url() to the network", what)
	}
}
