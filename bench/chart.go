package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonotebooks/descent/display"
	"github.com/gonotebooks/descent/internal/atomicfile"
)

// chartName is the scaling chart's file name in docs/, without extension:
// an HTML page (live charts, drawn by the display package) and a PNG of it
// for the README.
const chartName = "bench-scaling"

// scalingChart draws the sweep: epoch times by batch size and by hidden
// width, product speed by size, and gd's speed-up over PyTorch in each.
func scalingChart(gdPts, torchPts []point) *display.FigureGrid {
	g := display.Subplots(2, 2, display.Size(1000, 700),
		display.Title("gd and PyTorch 1.13 at one thread: how cost grows with size"))
	times := func(f *display.Figure, sweep, title, x string) {
		f.Set(display.Title(title), display.XLabel(x), display.YLabel("seconds per epoch"), display.LogX(), display.LogY())
		both(f, pairs(sweep, gdPts, torchPts), func(p point) float64 { return p.Seconds })
	}
	times(g.At(0, 0), sweepBatch, fmt.Sprintf("MLP 784-%d-10, one epoch of 60k", mlpHidden), "batch size")
	times(g.At(0, 1), sweepHidden, fmt.Sprintf("MLP 784-h-10, batch %d, one epoch of 60k", mlpBatch), "hidden width h")

	mm := g.At(1, 0).Set(display.Title("float32 matrix product n×n · n×n"), display.XLabel("n"), display.YLabel("GFLOP/s"), display.LogX())
	both(mm, pairs(sweepMatmul, gdPts, torchPts), func(p point) float64 { return p.GFLOPS })

	sp := g.At(1, 1).Set(display.Title("gd's speed-up over PyTorch (PyTorch time ÷ gd time)"), display.XLabel("size: batch, hidden width or n"), display.YLabel("×"), display.LogX())
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, sweep := range []string{sweepBatch, sweepHidden, sweepMatmul} {
		ps := pairs(sweep, gdPts, torchPts)
		xs, ys := make([]float64, len(ps)), make([]float64, len(ps))
		for j, p := range ps {
			xs[j], ys[j] = float64(p.size), p.torch.Seconds/p.gd.Seconds
			lo, hi = min(lo, xs[j]), max(hi, xs[j])
		}
		label := map[string]string{sweepBatch: "MLP by batch size", sweepHidden: "MLP by hidden width", sweepMatmul: "matmul by n"}[sweep]
		sp.Line(xs, ys, display.Label(label), display.Color(fmt.Sprintf("C%d", i+2)), display.WithPoints())
	}
	if lo < hi {
		sp.Line([]float64{lo, hi}, []float64{1, 1}, display.Label("as fast"), display.Color("gray"), display.Dashed())
	}
	return g
}

// both draws y of gd's and of PyTorch's points against the size.
func both(f *display.Figure, ps []pair, y func(point) float64) {
	xs, gdY, torchY := make([]float64, len(ps)), make([]float64, len(ps)), make([]float64, len(ps))
	for i, p := range ps {
		xs[i], gdY[i], torchY[i] = float64(p.size), y(p.gd), y(p.torch)
	}
	f.Line(xs, gdY, display.Label("gd"), display.Color("C0"), display.WithPoints())
	f.Line(xs, torchY, display.Label("PyTorch"), display.Color("C1"), display.WithPoints())
}

// writeChart shows the chart through the display package, which outside a
// notebook writes a standalone HTML page, copies that page into docs and
// takes a picture of it in headless Chromium for the README.
func writeChart(docs string, gdPts, torchPts []point) error {
	dir, err := os.MkdirTemp("", "gd_bench_chart_")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	os.Setenv("GD_DISPLAY_DIR", dir)
	scalingChart(gdPts, torchPts).Show()
	page := display.PagePath()
	if page == "" {
		return fmt.Errorf("scaling chart: the display package wrote no page")
	}
	html, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(docs, 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(docs, chartName+".html"), html, 0o644); err != nil {
		return err
	}
	png, err := screenshot(page)
	if err != nil {
		return fmt.Errorf("scaling chart picture: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(docs, chartName+".png"), png, 0o644); err != nil {
		return err
	}
	fmt.Printf("scaling chart written to %s.html and .png\n", filepath.Join(docs, chartName))
	return nil
}

// screenshot opens the page in headless Chromium (it needs no network),
// waits until every chart has replaced its static picture and finished its
// entry animation, and returns a PNG of the charts.
func screenshot(page string) ([]byte, error) {
	exe := os.Getenv("GD_CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1100, 900))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	var png []byte
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(".gd-canvas", chromedp.ByQueryAll),
		chromedp.Sleep(2*time.Second), // ECharts' entry animation
		chromedp.Screenshot(".gd-display", &png, chromedp.NodeVisible),
	)
	return png, err
}
