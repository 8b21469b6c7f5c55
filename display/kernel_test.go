package display

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// Runs display in the real GoNB kernel, headless (the project's notebook
// runner, nbclient): each cell is its own Go process, so this checks what
// unit tests can only simulate. Outputs arrive as one display_data with
// HTML, SVG and text; ECharts travels in the first chart of the session
// only, ECharts GL in the first 3-D chart; the progress view's live output
// is replaced in place by its final chart, the one output the cell saves.
func TestInTheGoNBKernel(t *testing.T) {
	env, err := jupyter.NewEnv("")
	if err != nil {
		t.Fatal(err)
	}
	env.Log = os.Stderr
	if err := env.Setup(jupyter.Options{}); err != nil {
		t.Fatalf("setting up the kernel: %v", err)
	}
	cells := []string{
		"import (\n\t\"time\"\n\n\t\"github.com/gonotebooks/descent/display\"\n)",
		"%%\nf := display.NewFigure(display.Title(\"first\"))\nf.Line([]float64{0, 1, 2}, []float64{0, 1, 4})\nf.Show()",
		"%%\nf := display.NewFigure(display.Title(\"second\"))\nf.Scatter([]float64{0, 1, 2}, []float64{4, 1, 0}, display.Color(\"red\"))\nf.Show()",
		"%%\ndisplay.NewSurface(func(x, y float64) float64 { return x*x + y*y }).Show()",
		"%%\np := display.NewProgress(20, display.Title(\"loop\"), display.Refresh(0))\nfor i := range 20 {\n\tp.Update(i+1, 1/float64(i+1))\n\ttime.Sleep(5 * time.Millisecond)\n}\np.Done()",
	}
	var nbCells []any
	for i, src := range cells {
		nbCells = append(nbCells, map[string]any{"cell_type": "code", "id": "c" + string(rune('0'+i)), "metadata": map[string]any{},
			"execution_count": nil, "outputs": []any{}, "source": src})
	}
	raw, _ := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "cells": nbCells,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": jupyter.KernelName, "display_name": "Go (gd)", "language": "go"}}})
	dir := t.TempDir()
	src := filepath.Join(dir, "kernel.ipynb")
	if err := os.WriteFile(src, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := env.Run(ctx, jupyter.RunOptions{Notebooks: []string{src}, OutDir: out, NoHTML: true}); err != nil {
		t.Fatalf("running the notebook: %v", err)
	}

	nb := nbjson.MustRead(t, filepath.Join(out, "kernel.ipynb"))
	type shown struct{ html, svg, plain string }
	displays := func(cell int) []shown {
		var got []shown
		for _, o := range nb.Cells[cell].Outputs {
			if o.OutputType == "display_data" {
				got = append(got, shown{nbjson.Text(o.Data["text/html"]), nbjson.Text(o.Data["image/svg+xml"]), nbjson.Text(o.Data["text/plain"])})
			}
		}
		return got
	}
	count := func(h, lib string) int { return strings.Count(h, `data-gd-library="`+lib+` `) }

	for cell, want := range map[int][2]int{1: {1, 0}, 2: {0, 0}, 3: {0, 1}} {
		d := displays(cell)
		if len(d) != 1 {
			t.Fatalf("cell %d: %d display outputs, want 1", cell, len(d))
		}
		if !strings.Contains(d[0].html, `class="gd-chart"`) || !strings.HasPrefix(d[0].svg, "<svg") || d[0].plain == "" {
			t.Errorf("cell %d: output lacks the chart, its SVG or its text", cell)
		}
		if e, g := count(d[0].html, "echarts"), count(d[0].html, "echarts-gl"); e != want[0] || g != want[1] {
			t.Errorf("cell %d carries ECharts %d and ECharts GL %d times, want %d and %d", cell, e, g, want[0], want[1])
		}
	}
	// The final chart took the live view's place (update_display_data on
	// its display id): one output, no empty one where the live view was,
	// and no wall time in what is saved.
	d := displays(4)
	if len(d) != 1 {
		t.Fatalf("progress cell: %d display outputs, want only the final chart", len(d))
	}
	if !strings.Contains(d[0].html, `class="gd-chart"`) || !strings.HasPrefix(d[0].plain, "loop: step 20/20, loss 0.05\n") ||
		strings.Contains(d[0].html, `class="gd-progress"`) {
		t.Errorf("final progress output = %.200q", d[0].plain)
	}
	if strings.Contains(d[0].plain, "ms") || strings.Contains(d[0].plain, "left") {
		t.Errorf("saved progress summary shows timings: %q", d[0].plain)
	}
}
