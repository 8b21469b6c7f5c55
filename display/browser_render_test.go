package display

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// exportGallery builds the gallery notebook, exports it with nbconvert, checks
// that no output references the network, and returns the page path and the
// network references of the nbconvert template itself (require.js, MathJax),
// found by exporting the same notebook without outputs.
func exportGallery(t *testing.T) (pagePath string, templateRefs map[string]bool, charts int) {
	t.Helper()
	nb := newTestNotebook(t)
	charts = buildGallery(nb)
	dir := t.TempDir()
	control := exportHTML(t, dir, "control", nb.json(false))
	pagePath = exportHTML(t, dir, "gallery", nb.json(true))

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
	if err := os.WriteFile(filepath.Join(art, "gallery.html"), raw, 0o644); err != nil {
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

func TestExportedNotebookRendersOffline(t *testing.T) {
	pagePath, refs, charts := exportGallery(t)
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
		var shot []byte
		b.run(chromedp.Screenshot("#"+id+" .gd-canvas", &shot, chromedp.ByQuery))
		name := filepath.Join(art, "chart-"+string(rune('a'+i))+".png")
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if r := inkRatio(t, shot); r < 0.02 {
			t.Errorf("chart %d (%s) canvas is nearly empty: %.4f of pixels differ from the background (see %s)", i, id, r, name)
		}
	}

	var full []byte
	b.run(chromedp.FullScreenshot(&full, 100))
	if err := os.WriteFile(filepath.Join(art, "gallery.png"), full, 0o644); err != nil {
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
	t.Logf("blocked template requests: %v", blocked)
}
