package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// Chart is what a reader sees of one display chart (a .gd-chart element).
type Chart struct {
	ID         string
	Drawn      bool    // display's runtime marked it drawn (data-gd-drawn)
	Canvases   int     // <canvas> elements ECharts created in it
	Visible    bool    // the live chart (not the static fallback) is showing
	Ink        float64 // fraction of the screenshot's pixels that differ from the background
	Colors     int     // distinct colours covering a few pixels each
	Screenshot string  // PNG of the chart, when it was visible
}

// Painted reports whether the chart shows a drawn canvas: ECharts created a
// canvas, it is on screen, and a visible share of its pixels carry ink in more
// than one colour (axes, labels, series), not a blank or single-colour box.
func (c Chart) Painted() bool {
	return c.Canvases > 0 && c.Visible && c.Ink >= 0.01 && c.Colors >= 3
}

func (c Chart) String() string {
	return fmt.Sprintf("chart %s: drawn=%v canvases=%d visible=%v ink=%.3f colours=%d (%s)",
		c.ID, c.Drawn, c.Canvases, c.Visible, c.Ink, c.Colors, c.Screenshot)
}

// chartsJS lists the charts in the page with what the DOM says about them.
const chartsJS = `Array.from(document.querySelectorAll('.gd-chart')).map(el => {
	const live = el.querySelector('.gd-canvas') || el;
	const r = live.getBoundingClientRect();
	return {id: el.id, drawn: el.hasAttribute('data-gd-drawn'),
		canvases: el.querySelectorAll('canvas').length,
		visible: r.width > 0 && r.height > 0 && getComputedStyle(live).display !== 'none'};
})`

// Charts inspects every chart in the page: it scrolls to each visible one,
// saves a screenshot as dir/<prefix>-chart-<n>.png and measures its ink.
func (b *Browser) Charts(dir, prefix string) ([]Chart, error) {
	var found []struct {
		ID       string `json:"id"`
		Drawn    bool   `json:"drawn"`
		Canvases int    `json:"canvases"`
		Visible  bool   `json:"visible"`
	}
	if err := b.Run(chromedp.Evaluate(chartsJS, &found)); err != nil {
		return nil, err
	}
	var charts []Chart
	for i, f := range found {
		c := Chart{ID: f.ID, Drawn: f.Drawn, Canvases: f.Canvases, Visible: f.Visible}
		if c.Visible && c.ID != "" {
			var shot []byte
			ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
			sel := "#" + c.ID + " .gd-canvas"
			err := chromedp.Run(ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery),
				chromedp.Sleep(200*time.Millisecond), // let the scroll settle before capturing
				chromedp.Screenshot(sel, &shot, chromedp.ByQuery))
			cancel()
			if err != nil {
				return charts, fmt.Errorf("e2e: screenshot of chart %s: %w", c.ID, err)
			}
			c.Screenshot = filepath.Join(dir, fmt.Sprintf("%s-chart-%d.png", prefix, i+1))
			if err := os.WriteFile(c.Screenshot, shot, 0o644); err != nil {
				return charts, err
			}
			if c.Ink, c.Colors, err = Ink(shot); err != nil {
				return charts, fmt.Errorf("e2e: chart %s: %w", c.ID, err)
			}
		}
		charts = append(charts, c)
	}
	return charts, nil
}

// Ink measures a PNG: the fraction of pixels that differ clearly from its
// most common colour (the background), and how many distinct colours (at 4
// bits per channel) cover at least 0.05% of it.
func Ink(pngData []byte) (ratio float64, colors int, err error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return 0, 0, err
	}
	bounds := img.Bounds()
	n := bounds.Dx() * bounds.Dy()
	if n == 0 {
		return 0, 0, fmt.Errorf("empty image")
	}
	counts := map[[3]uint8]int{}
	px := func(x, y int) [3]uint8 {
		r, g, b, a := img.At(x, y).RGBA()
		// Composite on white, as the page shows a transparent canvas.
		blend := func(c uint32) uint8 { return uint8((c + (0xffff - a)) >> 8) }
		return [3]uint8{blend(r), blend(g), blend(b)}
	}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			p := px(x, y)
			counts[[3]uint8{p[0] >> 4, p[1] >> 4, p[2] >> 4}]++
		}
	}
	var bg [3]uint8
	best := -1
	for c, k := range counts {
		if k > best {
			bg, best = c, k
		}
		if k*2000 >= n {
			colors++
		}
	}
	ink := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			p := px(x, y)
			if diff(p[0]>>4, bg[0]) > 1 || diff(p[1]>>4, bg[1]) > 1 || diff(p[2]>>4, bg[2]) > 1 {
				ink++
			}
		}
	}
	return float64(ink) / float64(n), colors, nil
}

func diff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}
