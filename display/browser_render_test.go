package display

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// exportGallery builds the gallery notebook, exports it with nbconvert, checks
// that no output references the network, and returns the page path and the
// network references of the nbconvert template itself (require.js, MathJax),
// found by exporting the same notebook without outputs.
func exportGallery(t *testing.T, theme string) (pagePath string, templateRefs map[string]bool, charts int) {
	t.Helper()
	nb := newTestNotebook(t)
	charts = buildGallery(nb)
	dir := t.TempDir()
	control := exportHTML(t, dir, "control", nb.json(false), "--theme", theme)
	pagePath = exportHTML(t, dir, "gallery", nb.json(true), "--theme", theme)

	for i, out := range nb.outputs {
		for mime, v := range out {
			assertOffline(t, "output "+string(rune('0'+i))+" "+string(mime), v.(string))
		}
	}
	templateRefs = map[string]bool{}
	raw, err := os.ReadFile(control)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range externalRefs(string(raw)) {
		templateRefs[r] = true
	}
	raw, err = os.ReadFile(pagePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range externalRefs(string(raw)) {
		if !templateRefs[r] {
			t.Errorf("exported page references %s, which is not from nbconvert's template", r)
		}
	}
	if n := strings.Count(string(raw), `data-gd-library="echarts `); n != 1 {
		t.Errorf("exported page loads ECharts %d times, want exactly once", n)
	}
	art := artifactDir(t)
	if err := os.WriteFile(filepath.Join(art, "gallery-"+theme+".html"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return pagePath, templateRefs, charts
}

// fromTemplate reports whether a blocked request URL is one of the template's
// own references (they may be protocol-relative in the page).
func fromTemplate(url string, refs map[string]bool) bool {
	for r := range refs {
		if url == r || strings.HasSuffix(url, strings.TrimPrefix(r, "https:")) || strings.HasSuffix(url, strings.TrimPrefix(r, "http:")) {
			return true
		}
	}
	return false
}

// The acceptance test of the package: an exported notebook with every kind of
// chart, opened from disk in Chromium with the network blocked (require.js
// served, as when the reader is online, to spring the AMD trap), in the light
// and the dark theme. Every chart must draw on its canvas, with the theme
// matching the page, the animation must play, and the console must stay clean.
func TestExportedNotebookRendersOffline(t *testing.T) {
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) { testExportedNotebook(t, theme) })
	}
}

func testExportedNotebook(t *testing.T, theme string) {
	pagePath, refs, charts := exportGallery(t, theme)
	b := newBrowser(t, true)
	defer b.cancel()
	art := artifactDir(t)

	var amd bool
	b.run(chromedp.Navigate("file://"+pagePath),
		chromedp.Poll(`document.querySelectorAll('.gd-chart').length > 0 &&
			document.querySelectorAll('.gd-chart:not([data-gd-drawn])').length === 0`, nil,
			chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Sleep(1500*time.Millisecond), // let entry animations finish
		chromedp.Evaluate(`typeof window.define === "function" && !!window.define.amd`, &amd),
	)
	if !amd {
		t.Error("require.js was not active on the page: the AMD pitfall was not exercised")
	}

	var ids []string
	b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll('.gd-chart')).map(e => e.id)`, &ids))
	if len(ids) != charts {
		t.Fatalf("page has %d charts, the notebook displayed %d", len(ids), charts)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] {
			t.Errorf("chart id %s repeats on the page", id)
		}
		seen[id] = true
		var used string
		b.run(chromedp.Evaluate(`document.getElementById("`+id+`").getAttribute("data-gd-theme")`, &used))
		if used != "gd-"+theme {
			t.Errorf("chart %d drew with theme %q on a %s page", i, used, theme)
		}
		var shot []byte
		b.run(chromedp.Screenshot("#"+id+" .gd-canvas", &shot, chromedp.ByQuery))
		name := filepath.Join(art, fmt.Sprintf("%s-chart-%c.png", theme, 'a'+i))
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if r := inkRatio(t, shot); r < 0.02 {
			t.Errorf("chart %d (%s) canvas is nearly empty: %.4f of pixels differ from the background (see %s)", i, id, r, name)
		}
	}

	// The animation: paused on frame 0, then playing after the play action.
	const animIndex = `(() => { for (const el of document.querySelectorAll('.gd-chart')) {
		const c = echarts.getInstanceByDom(el.querySelector('.gd-canvas'));
		const tl = c && c.getOption().timeline;
		if (tl && tl.length) return {id: el.id, index: tl[0].currentIndex, frames: tl[0].data.length};
	} return null; })()`
	var before, after struct {
		ID     string `json:"id"`
		Index  int    `json:"index"`
		Frames int    `json:"frames"`
	}
	b.run(chromedp.Evaluate(animIndex, &before))
	if before.ID == "" || before.Frames < 2 {
		t.Fatalf("no animation with frames found on the page: %+v", before)
	}
	var still, moving []byte
	b.run(chromedp.Screenshot("#"+before.ID+" .gd-canvas", &still, chromedp.ByQuery),
		chromedp.Evaluate(`echarts.getInstanceByDom(document.querySelector('#`+before.ID+` .gd-canvas')).dispatchAction({type: 'timelinePlayChange', playState: true})`, nil),
		chromedp.Sleep(1200*time.Millisecond),
		chromedp.Evaluate(animIndex, &after),
		chromedp.Screenshot("#"+before.ID+" .gd-canvas", &moving, chromedp.ByQuery))
	if before.Index != 0 || after.Index <= 0 {
		t.Errorf("animation did not advance on play: frame %d before, %d after", before.Index, after.Index)
	}
	if bytes.Equal(still, moving) {
		t.Error("animation looks the same after playing")
	}
	if err := os.WriteFile(filepath.Join(art, theme+"-animation-playing.png"), moving, 0o644); err != nil {
		t.Fatal(err)
	}

	checkSlider(t, b, theme)

	var full []byte
	b.run(chromedp.FullScreenshot(&full, 100))
	if err := os.WriteFile(filepath.Join(art, "gallery-"+theme+".png"), full, 0o644); err != nil {
		t.Fatal(err)
	}

	errs, blocked, served := b.snapshot()
	for _, e := range errs {
		t.Errorf("browser console: %s", e)
	}
	for _, u := range blocked {
		if !fromTemplate(u, refs) {
			t.Errorf("page requested %s, which no output should reference", u)
		}
	}
	if len(served) == 0 {
		t.Error("require.js was never requested; expected nbconvert's lab template to load it")
	}
}

// checkSlider moves the gallery Explorer's slider to its last value and
// checks that both linked charts switched to the views Go computed for it:
// the end of the path and of the loss curve, read from the charts' state,
// and the path chart's pixels.
func checkSlider(t *testing.T, b *browser, theme string) {
	t.Helper()
	const k = 3
	type state struct {
		Shown bool        `json:"shown"`
		Label string      `json:"label"`
		Ends  [][]float64 `json:"ends"`
		Chart string      `json:"chart"`
	}
	read := `(() => { const s = document.querySelector('.gd-sliders');
		const charts = Array.from(s.closest('.gd-display').querySelectorAll('.gd-chart'));
		const ends = charts.map(el => { const d = echarts.getInstanceByDom(el.querySelector('.gd-canvas')).getOption().series[0].data; return d[d.length - 1]; });
		return {shown: getComputedStyle(s).display !== 'none', label: s.querySelector('.gd-value').textContent, ends: ends, chart: charts[0].id}; })()`
	var before, after state
	var still, moved []byte
	b.run(chromedp.Evaluate(read, &before))
	b.run(chromedp.Screenshot("#"+before.Chart+" .gd-canvas", &still, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`(() => { const i = document.querySelector('.gd-sliders input'); i.value = %d; i.dispatchEvent(new Event('input')); })()`, k), nil),
		chromedp.Sleep(900*time.Millisecond), // the switch animates
		chromedp.Evaluate(read, &after),
		chromedp.Screenshot("#"+before.Chart+" .gd-canvas", &moved, chromedp.ByQuery))
	if !before.Shown || after.Label != "0.0015" {
		t.Errorf("slider shown %v, label after the move %q, want shown and 0.0015", before.Shown, after.Label)
	}
	for c := range 2 {
		series := galleryExplorer.views[k].charts[c].option["series"].([]any)
		data := series[0].(map[string]any)["data"].([]any)
		want := data[len(data)-1].([]any)
		got := after.Ends[c]
		if len(got) != 2 || math.Abs(got[0]-want[0].(float64)) > 1e-9 || math.Abs(got[1]-want[1].(float64)) > 1e-9*math.Max(1, math.Abs(got[1])) {
			t.Errorf("chart %d after the move ends at %v, Go computed %v (before the move: %v)", c, got, want, before.Ends[c])
		}
	}
	if bytes.Equal(still, moved) {
		t.Error("the path chart looks the same after moving the slider")
	}
	if err := os.WriteFile(filepath.Join(artifactDir(t), theme+"-slider-moved.png"), moved, 0o644); err != nil {
		t.Fatal(err)
	}

	// ExploreEach: the second slider switches the momentum path (series 1)
	// to Go's view for its last value and leaves the other path as it was.
	var ends, endsAfter [][]float64
	readEach := `(() => { const s = document.querySelectorAll('.gd-sliders')[1];
		const c = echarts.getInstanceByDom(s.closest('.gd-display').querySelector('.gd-canvas'));
		return c.getOption().series.slice(0, 2).map(x => x.data[x.data.length - 1]); })()`
	b.run(chromedp.Evaluate(readEach, &ends),
		chromedp.Evaluate(`(() => { const i = document.querySelectorAll('.gd-sliders')[1].querySelectorAll('input')[1];
			i.value = 2; i.dispatchEvent(new Event('input')); })()`, nil),
		chromedp.Sleep(600*time.Millisecond),
		chromedp.Evaluate(readEach, &endsAfter))
	series := galleryEach.each[1][2].charts[0].option["series"].([]any)
	data := series[1].(map[string]any)["data"].([]any)
	want := data[len(data)-1].([]any)
	if len(endsAfter) != 2 || !reflect.DeepEqual(endsAfter[0], ends[0]) ||
		endsAfter[1][0] != want[0].(float64) || endsAfter[1][1] != want[1].(float64) {
		t.Errorf("ExploreEach: paths end at %v after moving the momentum slider (before: %v), want the first unchanged and the second at %v", endsAfter, ends, want)
	}
}

// With scripts off (GitHub, nbviewer without JS, an untrusted notebook), every
// chart must still show its static image.
func TestExportedNotebookFallbackWithoutScripts(t *testing.T) {
	pagePath, _, charts := exportGallery(t, "light")
	b := newBrowser(t, false)
	defer b.cancel()
	art := artifactDir(t)

	var ids []string
	b.run(chromedp.Navigate("file://"+pagePath),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.gd-chart')).map(e => e.id)`, &ids))
	if len(ids) != charts {
		t.Fatalf("page has %d charts, the notebook displayed %d", len(ids), charts)
	}
	for i, id := range ids {
		var loaded bool
		b.run(chromedp.Evaluate(`(() => { const img = document.querySelector('#`+id+` .gd-fallback');
			return !!img && img.complete && img.naturalWidth > 0 && getComputedStyle(img).display !== 'none'; })()`, &loaded))
		if !loaded {
			t.Errorf("chart %d (%s): fallback image missing, broken or hidden", i, id)
			continue
		}
		var shot []byte
		b.run(chromedp.Screenshot("#"+id+" .gd-fallback", &shot, chromedp.ByQuery))
		name := filepath.Join(art, "fallback-"+string(rune('a'+i))+".png")
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if r := inkRatio(t, shot); r < 0.02 {
			t.Errorf("chart %d (%s) fallback image is nearly empty: %.4f (see %s)", i, id, r, name)
		}
	}
	var full []byte
	b.run(chromedp.FullScreenshot(&full, 100))
	if err := os.WriteFile(filepath.Join(art, "gallery-noscript.png"), full, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The static SVG and the live chart must show the same axes: for figures of
// many data ranges, the ticks ECharts computes in the browser must be the
// ticks display computed in Go. The figures are shown in a standalone page
// (the outside-a-notebook output), which this test also opens.
func TestTicksMatchECharts(t *testing.T) {
	type want struct{ x, y []float64 }
	expected := map[string]want{}
	var parts []string
	ranges := [][4]float64{
		{0, 19, -0.3, 46.6}, {-2, 2, 0, 4}, {0, 1, -300, 100}, {1e-3, 2e-3, 5, 5.5},
		{-1e6, 3e6, -7, 13}, {0.1, 0.37, 281, 980}, {-10, 10, 0, 100}, {3, 3, 2, 2},
	}
	for i, r := range ranges {
		fig := NewFigure(Size(420, 300))
		if i == 2 {
			fig.SetYLim(-300, 100)
		}
		fig.Scatter([]float64{r[0], r[1]}, []float64{r[2], r[3]})
		w, h := fig.size()
		sx, sy := fig.scales(w, h)
		b := render(fig.view())
		id := elementID.FindStringSubmatch(b.html)[1]
		expected[id] = want{sx.ticks(), sy.ticks()}
		parts = append(parts, b.html)
	}
	path := filepath.Join(t.TempDir(), "ticks.html")
	if err := os.WriteFile(path, []byte(pageHTML("ticks", parts, false)), 0o644); err != nil {
		t.Fatal(err)
	}

	br := newBrowser(t, true)
	defer br.cancel()
	var got map[string]struct{ X, Y []float64 }
	br.run(chromedp.Navigate("file://"+path),
		chromedp.Poll(`document.querySelectorAll('.gd-chart:not([data-gd-drawn])').length === 0`, nil,
			chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(`(() => { const out = {};
			for (const el of document.querySelectorAll('.gd-chart')) {
				const m = echarts.getInstanceByDom(el.querySelector('.gd-canvas')).getModel();
				const ticks = (dim) => { const ax = m.getComponent(dim, 0).axis, e = ax.scale.getExtent();
					// ECharts adds the range ends as ticks when they are not on the step.
					return ax.scale.getTicks().map(t => t.value).filter(v => v > e[0] && v < e[1] || (v === e[0] || v === e[1]) && Math.abs(v / ax.scale.getInterval() - Math.round(v / ax.scale.getInterval())) < 1e-9); };
				out[el.id] = {X: ticks('xAxis'), Y: ticks('yAxis')};
			} return out; })()`, &got))
	if len(got) != len(expected) {
		t.Fatalf("browser reports %d charts, want %d", len(got), len(expected))
	}
	close := func(a, b []float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(a[i])) {
				return false
			}
		}
		return true
	}
	for id, w := range expected {
		g := got[id]
		if !close(g.X, w.x) || !close(g.Y, w.y) {
			t.Errorf("chart %s: ECharts ticks x=%v y=%v, Go ticks x=%v y=%v", id, g.X, g.Y, w.x, w.y)
		}
	}
	errs, _, _ := br.snapshot()
	for _, e := range errs {
		t.Errorf("browser console: %s", e)
	}
}
