package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// ReportCheck is what a reader gets from an exported HTML report opened from
// disk with the network blocked.
type ReportCheck struct {
	Path          string
	Expected      int      // charts in the file (class="gd-chart" elements)
	Charts        []Chart  // charts found on the rendered page
	Blocked       []string // requests refused: the page tried to leave the machine
	ConsoleErrors []string
	Screenshot    string // the whole page
}

// CheckReport opens an HTML report offline in a fresh browser, waits for its
// charts to draw and inspects them, saving screenshots in artifactsDir.
func CheckReport(ctx context.Context, htmlPath, artifactsDir string) (*ReportCheck, error) {
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	r := &ReportCheck{Path: abs, Expected: strings.Count(string(raw), `class="gd-chart"`)}
	b, err := NewBrowser(ctx, Options{Offline: true})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	name := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	// Every chart marks itself drawn; a page whose scripts fail never gets
	// there, and the chart checks below say which chart is missing.
	wait, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	err = chromedp.Run(wait, chromedp.Navigate("file://"+abs),
		chromedp.Poll(`document.readyState === 'complete' &&
			document.querySelectorAll('.gd-chart:not([data-gd-drawn])').length === 0`, nil,
			chromedp.WithPollingInterval(200*time.Millisecond)))
	cancel()
	if err != nil && b.ctx.Err() != nil {
		return nil, fmt.Errorf("e2e: opening %s: %w", abs, err)
	}
	if err := b.Run(chromedp.Sleep(1500 * time.Millisecond)); err != nil { // entry animations
		return nil, err
	}
	if r.Charts, err = b.Charts(artifactsDir, "report-"+name); err != nil {
		return r, err
	}
	var full []byte
	if err := b.Run(chromedp.FullScreenshot(&full, 100)); err != nil {
		return r, err
	}
	r.Screenshot = filepath.Join(artifactsDir, "report-"+name+".png")
	if err := os.WriteFile(r.Screenshot, full, 0o644); err != nil {
		return r, err
	}
	r.Blocked, r.ConsoleErrors = b.Blocked(), b.ConsoleErrors()
	return r, nil
}

// Problems lists what a reader would find wrong: no charts, a chart that did
// not draw, a request that left the machine, an error in the console.
func (r *ReportCheck) Problems() []string {
	var p []string
	if r.Expected == 0 {
		p = append(p, fmt.Sprintf("%s: the report has no charts", r.Path))
	}
	if len(r.Charts) != r.Expected {
		p = append(p, fmt.Sprintf("%s: %d charts in the file, %d on the rendered page", r.Path, r.Expected, len(r.Charts)))
	}
	for _, c := range r.Charts {
		if !c.Drawn || !c.Painted() {
			p = append(p, fmt.Sprintf("%s: not drawn: %v", r.Path, c))
		}
	}
	for _, u := range r.Blocked {
		p = append(p, fmt.Sprintf("%s: requested %s (blocked; a report must not need the network)", r.Path, u))
	}
	for _, e := range r.ConsoleErrors {
		p = append(p, fmt.Sprintf("%s: console: %s", r.Path, e))
	}
	return p
}
