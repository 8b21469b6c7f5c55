package e2e_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gonotebooks/descent/kernel/e2e"
)

// findNotebookJS defines window.__gdNotebook(): the notebook panel open in
// JupyterLab's main area (shell.currentWidget follows keyboard focus, which a
// headless window may never give it).
const findNotebookJS = `window.__gdNotebook = () => {
	const app = window.jupyterapp;
	if (!app) return null;
	for (const w of app.shell.widgets('main')) {
		if (w.content && w.content.widgets && w.sessionContext) return w;
	}
	return null;
}; true`

// labStateJS reads the open notebook's kernel and the run started by runAllJS.
const labStateJS = `(() => {
	const app = window.jupyterapp;
	const w = app && window.__gdNotebook();
	const s = w && w.sessionContext;
	const k = s && s.session && s.session.kernel;
	const run = window.__gdRun || {};
	return {
		app: !!app,
		notebook: !!(w && w.content && w.content.widgets),
		kernel: k ? k.name : '',
		status: k ? k.status : '', conn: k ? k.connectionStatus : '', disp: s ? s.kernelDisplayStatus : '',
		display: s ? s.kernelDisplayName : '',
		done: !!run.done, ok: !!run.ok, error: run.error || '',
		progress: Array.from(document.querySelectorAll('.jp-Notebook .gd-progress')).map(e => e.textContent.trim()),
	};
})()`

type labState struct {
	App      bool     `json:"app"`
	Notebook bool     `json:"notebook"`
	Kernel   string   `json:"kernel"`
	Status   string   `json:"status"`
	Conn     string   `json:"conn"`
	Disp     string   `json:"disp"`
	Display  string   `json:"display"`
	Done     bool     `json:"done"`
	OK       bool     `json:"ok"`
	Error    string   `json:"error"`
	Progress []string `json:"progress"`
}

// runAllJS runs JupyterLab's own "Run All Cells" command and records when the
// promise it returns settles (after the last cell's reply).
const runAllJS = `(() => {
	window.__gdRun = {done: false};
	window.jupyterapp.shell.activateById(window.__gdNotebook().id);
	window.jupyterapp.commands.execute('notebook:run-all-cells').then(
		r => { window.__gdRun = {done: true, ok: r !== false}; },
		e => { window.__gdRun = {done: true, ok: false, error: String(e)}; });
	return true;
})()`

// cellsJS summarises the notebook model's code cells: execution counts, and
// per output its type, stderr text, error and how many charts its HTML holds.
const cellsJS = `window.__gdNotebook().content.widgets
	.filter(c => c.model.type === 'code')
	.map(c => ({
		count: c.model.executionCount,
		outputs: c.model.outputs.toJSON().map(o => {
			const html = o.data && o.data['text/html'];
			const h = Array.isArray(html) ? html.join('') : (html || '');
			const text = Array.isArray(o.text) ? o.text.join('') : (o.text || '');
			return {type: o.output_type, name: o.name || '', text: text.slice(0, 2000),
				error: o.output_type === 'error' ? (o.ename + ': ' + o.evalue) : '',
				charts: h.split('class="gd-chart"').length - 1};
		}),
	}))`

type labCell struct {
	Count   *int `json:"count"`
	Outputs []struct {
		Type   string `json:"type"`
		Name   string `json:"name"`
		Text   string `json:"text"`
		Error  string `json:"error"`
		Charts int    `json:"charts"`
	} `json:"outputs"`
}

// stderrJS is the text of the stderr and error outputs JupyterLab rendered.
const stderrJS = `Array.from(document.querySelectorAll(
	'.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).map(e => e.textContent)`

// A reader's first session: JupyterLab (from the pinned venv, token on) opens
// a notebook on the gd kernel, Run All executes every cell, the live progress
// view changes while the loop runs, and every chart ends up drawn.
func TestLabRunAllCells(t *testing.T) {
	e := env(t)
	art := artifacts(t, e, "lab")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	root := t.TempDir()
	copyNotebook(t, "lab.ipynb", root)

	lab, err := e2e.StartLab(ctx, e, root)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		lab.Stop()
		if t.Failed() {
			t.Logf("--- jupyter lab output ---\n%s", lab.Log())
		}
	}()
	labURL, _ := url.Parse(lab.URL)
	b, err := e2e.NewBrowser(ctx, e2e.Options{
		Offline: true, // JupyterLab and the outputs must need nothing but the local server
		Allow:   func(u *url.URL) bool { return u.Host == labURL.Host },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	shot := func(name string) {
		var png []byte
		if err := b.Run(chromedp.CaptureScreenshot(&png)); err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(art, name), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	state := func() labState {
		var s labState
		if err := b.Run(chromedp.Evaluate(findNotebookJS, nil), chromedp.Evaluate(labStateJS, &s)); err != nil {
			t.Fatalf("reading JupyterLab's state: %v", err)
		}
		return s
	}

	// Open the notebook and wait for its kernel.
	if err := b.Run(chromedp.Navigate(lab.NotebookURL("lab.ipynb"))); err != nil {
		t.Fatal(err)
	}
	var s labState
	for deadline := time.Now().Add(90 * time.Second); ; {
		s = state()
		// GoNB publishes no status until the first request, so JupyterLab
		// shows it as "unknown" until then: connected is what counts.
		if s.Notebook && s.Kernel != "" && s.Conn == "connected" {
			break
		}
		if time.Now().After(deadline) {
			shot("lab-stuck.png")
			t.Fatalf("the notebook did not open with an idle kernel: %+v", s)
		}
		time.Sleep(250 * time.Millisecond)
	}
	if s.Kernel != "gd" || s.Display != "Go (gd)" {
		t.Fatalf("the notebook runs on kernel %q (%q), want gd (Go (gd))", s.Kernel, s.Display)
	}
	shot("lab-opened.png")

	// Run all cells, watching the progress view while they run.
	if err := b.Run(chromedp.Evaluate(runAllJS, nil)); err != nil {
		t.Fatal(err)
	}
	var states []string
	progressShots := 0
	for deadline := time.Now().Add(150 * time.Second); ; {
		s = state()
		for _, p := range s.Progress {
			if p != "" && !slices.Contains(states, p) {
				states = append(states, p)
				if len(states) == 4 || len(states) == 12 {
					progressShots++
					_ = b.Run(chromedp.Evaluate(`document.querySelector('.jp-Notebook .gd-progress')
						.scrollIntoView({block: 'center'}); true`, nil))
					shot(fmt.Sprintf("lab-progress-%d.png", progressShots))
				}
			}
		}
		if s.Done {
			break
		}
		if time.Now().After(deadline) {
			shot("lab-stuck.png")
			t.Fatalf("Run All did not finish: %+v", s)
		}
		time.Sleep(80 * time.Millisecond)
	}
	if !s.OK {
		t.Errorf("Run All reported a failure: %s", s.Error)
	}
	// The live view is drawn per update (every 40ms in the notebook): a
	// working one shows many states with the step counting up, then goes away.
	t.Logf("progress states seen: %d (first %q, last %q)", len(states), first(states), last(states))
	if len(states) < 3 {
		t.Errorf("the live progress view showed %d distinct states, want several: %q", len(states), states)
	}
	for _, p := range states {
		if !strings.Contains(p, "step") {
			t.Errorf("progress state %q has no step count", p)
		}
	}
	if len(s.Progress) != 0 {
		t.Errorf("the live progress view is still there after the run: %q", s.Progress)
	}

	// Every code cell ran, nothing failed.
	var cells []labCell
	if err := b.Run(chromedp.Evaluate(cellsJS, &cells)); err != nil {
		t.Fatal(err)
	}
	wantCharts := 0
	for i, c := range cells {
		if c.Count == nil {
			t.Errorf("code cell %d did not run", i+1)
		}
		for _, o := range c.Outputs {
			wantCharts += o.Charts
			if o.Type == "error" {
				t.Errorf("code cell %d: error output %s", i+1, o.Error)
			}
			if o.Type == "stream" && o.Name == "stderr" && strings.Contains(o.Text, "panic") {
				t.Errorf("code cell %d: panic on stderr:\n%s", i+1, o.Text)
			}
		}
	}
	var stderr []string
	if err := b.Run(chromedp.Evaluate(stderrJS, &stderr)); err != nil {
		t.Fatal(err)
	}
	for _, text := range stderr {
		if strings.Contains(text, "panic") || strings.Contains(text, "error") {
			t.Errorf("rendered error output:\n%s", text)
		}
	}

	// Charts: as many on the page as the outputs hold, each drawn.
	if err := b.Run(chromedp.Poll(`document.querySelectorAll('.jp-Notebook .gd-chart:not([data-gd-drawn])').length === 0`,
		nil, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Errorf("charts still undrawn 30s after the run: %v", err)
	}
	charts, err := b.Charts(art, "lab")
	if err != nil {
		t.Fatal(err)
	}
	if wantCharts != 3 {
		t.Errorf("the notebook's outputs hold %d charts, want 3 (data, training loss, fit)", wantCharts)
	}
	if len(charts) != wantCharts {
		t.Errorf("%d charts on the page, %d in the outputs", len(charts), wantCharts)
	}
	for _, c := range charts {
		t.Log(c)
		if !c.Drawn || !c.Painted() {
			t.Errorf("not drawn: %v", c)
		}
	}
	shot("lab-done.png")

	for _, u := range b.Blocked() {
		t.Errorf("the page requested %s, off the machine", u)
	}
	// JupyterLab's own console chatter is logged; an uncaught exception (a
	// chart's script failing, say) fails the test.
	for _, m := range b.ConsoleErrors() {
		if strings.HasPrefix(m, "exception:") {
			t.Errorf("console: %s", m)
		} else {
			t.Logf("console: %s", m)
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}
