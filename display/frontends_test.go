package display

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonotebooks/descent/kernel/e2e"
	"github.com/gonotebooks/descent/kernel/jupyter"
)

// The gallery notebook opened in JupyterLab 4 and Notebook 7, offline: a
// notebook signed with `jupyter trust` (what the runner does after executing
// notebooks) shows every chart live; an unsigned one shows every chart's
// static picture, because the front ends strip scripts from untrusted output.
// The notebook declares the venv's Python kernel so that opening it starts a
// kernel without GoNB: only the saved outputs matter here.
func TestJupyterFrontEnds(t *testing.T) {
	nb := newTestNotebook(t)
	charts := buildGallery(nb)
	src := string(nb.json(true))
	src = strings.Replace(src, `"name": "gonb"`, `"name": "python3"`, 1)
	src = strings.Replace(src, `"language": "go"`, `"language": "python"`, 1)
	root := t.TempDir()
	// Signatures are digests of the content, not of the path: the unsigned
	// copy must differ, or signing one would trust both.
	unsigned := strings.Replace(src, "# display browser test", "# display browser test (unsigned copy)", 1)
	for name, content := range map[string]string{"signed.ipynb": src, "unsigned.ipynb": unsigned} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	env, err := jupyter.NewEnv("")
	if err != nil {
		t.Fatal(err)
	}
	// A private data directory holds the notebook signatures for this test;
	// the server started below inherits it.
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	trust := exec.Command(env.Jupyter(), "trust", filepath.Join(root, "signed.ipynb"))
	if out, err := trust.CombinedOutput(); err != nil {
		t.Fatalf("jupyter trust: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	lab, err := e2e.StartLab(ctx, env, root)
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Stop()
	art := artifactDir(t)

	for _, c := range []struct {
		name, path, notebook string
		trusted              bool
	}{
		// A workspace per page, so JupyterLab does not reopen the other notebook.
		{"lab-signed", "lab/workspaces/signed/tree/", "signed.ipynb", true},
		{"lab-unsigned", "lab/workspaces/unsigned/tree/", "unsigned.ipynb", false},
		{"notebook7-signed", "notebooks/", "signed.ipynb", true},
		{"notebook7-unsigned", "notebooks/", "unsigned.ipynb", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := e2e.NewBrowser(ctx, e2e.Options{Offline: true, Width: 1400, Height: 1000,
				Allow: func(u *url.URL) bool { return u.Hostname() == "127.0.0.1" }})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			var n, drawn, pictures int
			var shot []byte
			drawnJS := `document.querySelectorAll('.jp-Notebook .gd-chart[data-gd-drawn]').length`
			ready := `document.querySelectorAll('.jp-Notebook .gd-chart').length === ` + itoa(charts)
			if c.trusted {
				ready += ` && ` + drawnJS + ` === ` + itoa(charts)
			}
			err = b.Run(chromedp.Navigate(lab.URL+c.path+url.PathEscape(c.notebook)+"?token="+url.QueryEscape(lab.Token)),
				chromedp.Poll(ready, nil, chromedp.WithPollingTimeout(90*time.Second)),
				chromedp.Sleep(1500*time.Millisecond),
				chromedp.Evaluate(`document.querySelectorAll('.jp-Notebook .gd-chart').length`, &n),
				chromedp.Evaluate(drawnJS, &drawn),
				chromedp.Evaluate(`Array.from(document.querySelectorAll('.jp-Notebook .gd-fallback')).filter(i =>
					i.complete && i.naturalWidth > 0 && getComputedStyle(i).display !== 'none').length`, &pictures),
				chromedp.FullScreenshot(&shot, 100))
			if shot != nil {
				_ = os.WriteFile(filepath.Join(art, c.name+".png"), shot, 0o644)
			}
			if err != nil {
				t.Fatalf("%v (drawn %d of %d)", err, drawn, charts)
			}
			if c.trusted && (drawn != charts || pictures != 0) {
				t.Errorf("signed notebook: %d of %d charts drawn live, %d static pictures still showing", drawn, charts, pictures)
			}
			if !c.trusted && (drawn != 0 || pictures != charts) {
				t.Errorf("unsigned notebook: %d charts drawn (scripts ran?), %d of %d static pictures showing", drawn, pictures, charts)
			}
			if n != charts {
				t.Errorf("page shows %d charts, the notebook has %d", n, charts)
			}
			for _, e := range b.ConsoleErrors() {
				// Notebook 7 logs errors of its own while starting (commands
				// it lacks, a font it may not serve); those come from its
				// bundles. display's scripts are inline and name no URL.
				if strings.Contains(e, lab.URL+"static/") {
					t.Logf("front end's own console error: %.200s", e)
					continue
				}
				t.Errorf("console: %s", e)
			}
			// Charts fit the output area: no output scrolls sideways.
			var areas []struct {
				Width, Scroll float64
			}
			if err := b.Run(chromedp.Evaluate(`Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
				.filter(o => o.querySelector('.gd-display'))
				.map(o => ({Width: o.clientWidth, Scroll: Math.max(o.scrollWidth, ...Array.from(o.querySelectorAll('.gd-display')).map(d => d.scrollWidth))}))`, &areas)); err != nil {
				t.Fatal(err)
			}
			for i, a := range areas {
				if i == 0 {
					t.Logf("output area width %.0fpx", a.Width)
				}
				if a.Scroll > a.Width+1 {
					t.Errorf("chart output %d is %.0fpx wide in a %.0fpx output area", i, a.Scroll, a.Width)
				}
			}
			if c.trusted {
				// The Explorer's slider switches its linked charts here too,
				// with no kernel: the notebook's kernel is not even GoNB.
				var ends [][]float64
				err := b.Run(chromedp.Evaluate(`(() => { const s = document.querySelector('.jp-Notebook .gd-sliders');
					const i = s.querySelector('input'); i.value = 3; i.dispatchEvent(new Event('input'));
					return Array.from(s.closest('.gd-display').querySelectorAll('.gd-chart')).map(el => {
						const d = echarts.getInstanceByDom(el.querySelector('.gd-canvas')).getOption().series[0].data;
						return d[d.length - 1]; }); })()`, &ends))
				if err != nil || len(ends) != 2 {
					t.Fatalf("moving the slider: %v (%d charts)", err, len(ends))
				}
				for k, got := range ends {
					data := galleryExplorer.views[3].charts[k].option["series"].([]any)[0].(map[string]any)["data"].([]any)
					if want := data[len(data)-1].([]any); got[0] != want[0].(float64) || got[1] != want[1].(float64) {
						t.Errorf("linked chart %d after the slider moved ends at %v, Go computed %v", k, got, want)
					}
				}
			}
			if c.name == "lab-signed" {
				// Switching JupyterLab to its dark theme redraws every live
				// chart in the dark palette.
				darkJS := `document.body.dataset.jpThemeLight === 'false' && Array.from(document.querySelectorAll('.jp-Notebook .gd-chart'))
					.every(e => e.getAttribute('data-gd-theme') === 'gd-dark' && e.hasAttribute('data-gd-drawn'))`
				err := b.Run(chromedp.Evaluate(`window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'}); true`, nil),
					chromedp.Poll(darkJS, nil, chromedp.WithPollingTimeout(30*time.Second)),
					chromedp.Sleep(1500*time.Millisecond),
					chromedp.FullScreenshot(&shot, 100))
				if shot != nil {
					_ = os.WriteFile(filepath.Join(art, "lab-signed-dark.png"), shot, 0o644)
				}
				if err != nil {
					t.Errorf("after switching to the dark theme: %v", err)
				}
			}
			for _, u := range b.Blocked() {
				t.Errorf("page tried to reach %s", u)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
