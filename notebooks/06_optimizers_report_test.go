package notebooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gonotebooks/descent/kernel/e2e"
)

// In the exported report of 06, opened offline, moving the step-size slider
// switches the path and the loss curve together to the view Go computed for
// the new value; moving one optimizer's learning-rate slider in the race
// moves that optimizer's path and loss curve and no other.
func TestOptimizersReportSliders(t *testing.T) {
	nb := executedNotebook(t, optimizersNotebook)
	report := filepath.Join(reportsDir, "06-optimizers-compared.html")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	b, err := e2e.NewBrowser(ctx, e2e.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Run(chromedp.Navigate("file://"+report),
		chromedp.Poll(`document.readyState === 'complete' && document.querySelectorAll('.gd-chart:not([data-gd-drawn])').length === 0`,
			nil, chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		t.Fatalf("opening %s: %v", report, err)
	}

	// ends reads, for the sliders block k, the last point of the named series
	// of each linked chart (the first series when name is empty).
	ends := func(k int, name string) [][]float64 {
		t.Helper()
		var out [][]float64
		js := fmt.Sprintf(`(() => { const s = document.querySelectorAll('.gd-sliders')[%d];
			return Array.from(s.closest('.gd-display').querySelectorAll('.gd-chart')).map(el => {
				const all = echarts.getInstanceByDom(el.querySelector('.gd-canvas')).getOption().series;
				const x = %q === '' ? all[0] : all.find(x => x.name === %q);
				return x.data[x.data.length - 1]; }); })()`, k, name, name)
		if err := b.Run(chromedp.Evaluate(js, &out)); err != nil {
			t.Fatal(err)
		}
		return out
	}
	move := func(k, input, value int) {
		t.Helper()
		js := fmt.Sprintf(`(() => { const i = document.querySelectorAll('.gd-sliders')[%d].querySelectorAll('input')[%d];
			i.value = %d; i.dispatchEvent(new Event('input')); })()`, k, input, value)
		if err := b.Run(chromedp.Evaluate(js, nil), chromedp.Sleep(900*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}

	// The step-size slider (the first sliders on the page) to its last value, α = 0.105.
	var views [][]chartChange
	if err := json.Unmarshal(optimizersExplore(t, batchesCell(t, nb, "alpha-slider")).Changes, &views); err != nil {
		t.Fatal(err)
	}
	before := ends(0, "")
	move(0, 0, 12)
	after := ends(0, "")
	if len(after) != 2 {
		t.Fatalf("the step-size slider drives %d charts, want 2", len(after))
	}
	for c, want := range [][2]float64{last(views[12][0].drawn()[0]), last(views[12][1].drawn()[0])} {
		if len(after[c]) != 2 || after[c][0] != want[0] || after[c][1] != want[1] {
			t.Errorf("chart %d after moving α to 0.105 ends at %v (before: %v), Go computed %v", c, after[c], before[c], want)
		}
	}

	// The race: the SGD slider (the third sliders block: α, then α and β, then the race) to its first value.
	other := ends(2, "Adam")
	move(2, 0, 0)
	sgd := ends(2, "SGD")
	var each [][][]chartChange
	if err := json.Unmarshal(optimizersExplore(t, batchesCell(t, nb, "race-slider")).Changes, &each); err != nil {
		t.Fatal(err)
	}
	for c := range 2 {
		if want := last(each[0][0][c].drawn()[0]); len(sgd[c]) != 2 || sgd[c][0] != want[0] || sgd[c][1] != want[1] {
			t.Errorf("race chart %d: SGD ends at %v after its slider moved, Go computed %v", c, sgd[c], want)
		}
	}
	if still := ends(2, "Adam"); fmt.Sprint(still) != fmt.Sprint(other) {
		t.Errorf("moving SGD's slider moved Adam: %v, before %v", still, other)
	}
}

func last(pts [][2]float64) [2]float64 { return pts[len(pts)-1] }
