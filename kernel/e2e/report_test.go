package e2e_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonotebooks/descent/kernel/e2e"
	"github.com/gonotebooks/descent/kernel/jupyter"
)

// The blocking itself must work, or the offline checks below prove nothing: a
// page that asks for remote files gets every request refused and recorded,
// while its file: and data: resources still load.
func TestOfflineBrowserBlocksRequests(t *testing.T) {
	env(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := e2e.NewBrowser(ctx, e2e.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	page, err := filepath.Abs(filepath.Join("testdata", "offline_control.html"))
	if err != nil {
		t.Fatal(err)
	}
	var localLoaded bool
	err = b.Run(chromedp.Navigate("file://"+page),
		chromedp.Poll(`window.controlDone === true`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`document.getElementById('local').naturalWidth > 0`, &localLoaded))
	if err != nil {
		t.Fatal(err)
	}
	blocked := b.Blocked()
	for _, want := range []string{"https://example.invalid/pixel.png", "https://example.invalid/lib.js", "http://192.0.2.1/data.json"} {
		if !slices.Contains(blocked, want) {
			t.Errorf("request for %s was not blocked; blocked: %v", want, blocked)
		}
	}
	if !localLoaded {
		t.Error("the page's data: image did not load: the blocker refuses local resources too")
	}
	if errs := b.ConsoleErrors(); len(errs) == 0 {
		t.Error("no console errors recorded, though the page's remote loads failed")
	}
}

// An exported report opens from disk with the network blocked, and every
// chart in it draws; nothing is requested off the machine and the console
// stays clean. (notebooks/reports_test.go does the same for the real notebooks.)
func TestReportOpensOffline(t *testing.T) {
	e := env(t)
	art := artifacts(t, e, "report-lab")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	nb := copyNotebook(t, "lab.ipynb", dir)
	var log strings.Builder
	out := filepath.Join(dir, "reports")
	if err := e.Run(ctx, jupyter.RunOptions{Notebooks: []string{nb}, OutDir: out, Stdout: &log}); err != nil {
		t.Fatalf("exporting %s: %v\n%s", nb, err, log.String())
	}
	r, err := e2e.CheckReport(ctx, filepath.Join(out, "lab.html"), art)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Problems() {
		t.Error(p)
	}
	// The notebook draws its data, the final progress chart and the fit.
	if r.Expected != 3 {
		t.Errorf("report has %d charts, want 3 (data, training loss, fit)", r.Expected)
	}
	for _, c := range r.Charts {
		t.Log(c)
	}
	t.Logf("page: %s", r.Screenshot)
}
