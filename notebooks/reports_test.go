package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonotebooks/descent/kernel/e2e"
	"github.com/gonotebooks/descent/kernel/jupyter"
)

// reportsDir is the folder where runAll exported the notebooks: the executed
// .ipynb files and the HTML reports beside them. runAll sets it.
var reportsDir string

// What a reader who is sent a report sees: each exported HTML report, opened
// from disk in Chromium with every network request refused, draws all of its
// charts, asks for nothing off the machine and logs no console error.
// Screenshots go to test-artifacts/reports/.
func TestReportsDrawOffline(t *testing.T) {
	nbs := runAll(t)
	if reportsDir == "" {
		t.Fatal("runAll did not record where it wrote the reports (set reportsDir = filepath.Join(out, \"reports\") in runAll)")
	}
	if _, err := jupyter.FindChromium(); err != nil {
		t.Fatal(err)
	}
	root, err := jupyter.FindRoot("")
	if err != nil {
		t.Fatal(err)
	}
	art := filepath.Join(root, "test-artifacts", "reports")
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var names []string
	for name := range nbs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			report := filepath.Join(reportsDir, strings.TrimSuffix(name, ".ipynb")+".html")
			r, err := e2e.CheckReport(ctx, report, art)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range r.Problems() {
				t.Error(p)
			}
			t.Logf("%d charts drawn; page: %s", len(r.Charts), r.Screenshot)
		})
	}
}
