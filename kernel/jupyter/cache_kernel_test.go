package jupyter_test

import (
	"path/filepath"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter"
	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// The cross-cell cache in a real kernel session: a value computed in one
// cell is read by the next without recomputing (hit); editing the function
// that computes it recomputes (miss after a change), and a closure over a
// cell's local variable never returns the value of an older variable (never
// stale).
func TestCacheAcrossCells(t *testing.T) {
	dir := t.TempDir()
	_, log, err := runCells(t, dir, jupyter.RunOptions{NoHTML: true},
		"import \"github.com/gonotebooks/descent/cache\"\n\nfunc answer() int { fmt.Println(\"computing\"); return 6 * 7 }",
		"%%\nfmt.Println(\"first\", cache.Value(\"answer\", answer))",
		"%%\nfmt.Println(\"plot\", cache.Value(\"answer\", answer))",
		"func answer() int { fmt.Println(\"computing\"); return 6 * 8 }",
		"%%\nfmt.Println(\"edited\", cache.Value(\"answer\", answer))",
		"%%\nn := 3\nfmt.Println(\"local\", cache.Value(\"n\", func() int { fmt.Println(\"computing\"); return n }))",
		"%%\nn := 4\nfmt.Println(\"local\", cache.Value(\"n\", func() int { fmt.Println(\"computing\"); return n }))",
	)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, log)
	}
	// The notebook's declarations are kept by GoNB: cell 4 replaces answer.
	want := []string{"", "computing\nfirst 42\n", "plot 42\n", "", "computing\nedited 48\n", "computing\nlocal 3\n", "computing\nlocal 4\n"}
	code := nbjson.MustRead(t, filepath.Join(dir, "out", "cells.ipynb")).Code()
	for i, c := range code {
		if got := c.Stdout(); got != want[i] {
			t.Errorf("cell %d printed %q, want %q", i+1, got, want[i])
		}
	}
}
