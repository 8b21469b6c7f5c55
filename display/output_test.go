package display

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonotebooks/descent/display/assets"
)

func htmlOf(data map[protocol.MIMEType]any) string {
	s, _ := data[protocol.MIMETextHTML].(string)
	return s
}

// In a kernel session the first chart carries ECharts, later ones do not;
// the first 3-D chart carries ECharts GL once. A new session starts over.
func TestLibraryIsSentOncePerKernelSession(t *testing.T) {
	t.Setenv(protocol.GONB_TMP_DIR_ENV, t.TempDir())
	line := func() bundle {
		f := NewFigure()
		f.Line([]float64{0, 1}, []float64{1, 0})
		return render(f.view())
	}
	surf := func() bundle {
		return render(singleChart(NewSurface(func(x, y float64) float64 { return x * y }).spec()))
	}
	tensor := render(tensorView(nil))

	libs := func(h string) (echarts, gl int) {
		return strings.Count(h, `data-gd-library="echarts `), strings.Count(h, `data-gd-library="echarts-gl `)
	}
	steps := []struct {
		name            string
		b               bundle
		wantLib, wantGL int
	}{
		{"tensor table (no chart)", tensor, 0, 0},
		{"first chart", line(), 1, 0},
		{"second chart", line(), 0, 0},
		{"first surface", surf(), 0, 1},
		{"second surface", surf(), 0, 0},
	}
	for _, s := range steps {
		h := htmlOf(notebookData(s.b))
		e, g := libs(h)
		if e != s.wantLib || g != s.wantGL {
			t.Errorf("%s: carries echarts %d times and echarts-gl %d times, want %d and %d", s.name, e, g, s.wantLib, s.wantGL)
		}
		// The runtime comes once per chart output, before the library
		// scripts that call it, whether or not they are there.
		wantRuntime := 1
		if !s.b.needsLib {
			wantRuntime = 0
		}
		if n := strings.Count(h, runtimeScript); n != wantRuntime {
			t.Errorf("%s: carries the runtime %d times, want %d", s.name, n, wantRuntime)
		}
		if e+g > 0 && strings.Index(h, runtimeScript) > strings.Index(h, `data-gd-library=`) {
			t.Errorf("%s: the library comes before the runtime it calls", s.name)
		}
	}

	t.Setenv(protocol.GONB_TMP_DIR_ENV, t.TempDir()) // kernel restart
	if e, _ := libs(htmlOf(notebookData(line()))); e != 1 {
		t.Error("after a kernel restart the first chart does not carry ECharts")
	}
	t.Setenv(protocol.GONB_TMP_DIR_ENV, "") // no session directory: always carry it
	for range 2 {
		if e, _ := libs(htmlOf(notebookData(line()))); e != 1 {
			t.Error("without GONB_TMP_DIR every chart must carry ECharts")
		}
	}
}

// The library runs with define/module/exports shadowed, so require.js on the
// page cannot capture it, and it is the embedded, pinned build.
func TestLibraryHTMLShadowsModuleLoaders(t *testing.T) {
	h := libraryHTML(true, true)
	if !strings.Contains(h, "(function (define, module, exports) {\n"+assets.ECharts()) {
		t.Error("ECharts is not evaluated inside the define/module/exports wrapper")
	}
	if !strings.Contains(h, "}).call(window);\nwindow.gdDisplay.loaded();") {
		t.Error("the wrapper does not run with this=window and then release waiting charts")
	}
	if strings.Index(h, `data-gd-library="echarts `) > strings.Index(h, `data-gd-library="echarts-gl `) {
		t.Error("ECharts GL must come after ECharts")
	}
	assertOffline(t, "library HTML", h)
}

var elementID = regexp.MustCompile(`id="(gd-[^"]+)"`)

// Chart ids are unique across renders (cells are separate processes, so the
// ids carry randomness) and scripts declare nothing at the top level.
func TestOutputsUseUniqueIDsAndNoGlobals(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		f := NewFigure()
		f.Scatter([]float64{1}, []float64{1})
		b := render(Grid(1, 2, f, f).view())
		for _, m := range elementID.FindAllStringSubmatch(b.html, -1) {
			if seen[m[1]] {
				t.Fatalf("id %s repeats", m[1])
			}
			seen[m[1]] = true
		}
		script := b.html[strings.Index(b.html, "<script"):]
		for _, decl := range []string{"\nlet ", "\nconst ", "\nvar ", "goecharts_"} {
			if strings.Contains(strings.ReplaceAll(script, runtimeScript, ""), decl) {
				t.Fatalf("chart script declares %q at top level", strings.TrimSpace(decl))
			}
		}
	}
	if len(seen) != 100 {
		t.Errorf("%d ids for 100 charts", len(seen))
	}
}

// Every MIME form of every kind of output is free of network references.
func TestOutputsAreOffline(t *testing.T) {
	t.Setenv(protocol.GONB_TMP_DIR_ENV, t.TempDir())
	nb := &testNotebook{t: t}
	buildGallery(nb)
	if len(nb.outputs) < 10 {
		t.Fatalf("gallery produced only %d outputs", len(nb.outputs))
	}
	for i, out := range nb.outputs {
		for mime, v := range out {
			assertOffline(t, "output "+string(rune('A'+i))+" "+string(mime), v.(string))
		}
		if h := htmlOf(out); strings.Contains(h, "gd-chart") {
			if _, ok := out[protocol.MIMEImageSVG]; !ok {
				t.Errorf("chart output %d has no image/svg+xml form", i)
			}
			if _, ok := out[protocol.MIMETextPlain]; !ok {
				t.Errorf("chart output %d has no text/plain form", i)
			}
			if !strings.Contains(h, `class="gd-fallback"`) || !strings.Contains(h, "data:image/svg+xml;base64,") {
				t.Errorf("chart output %d has no static fallback image", i)
			}
		}
	}
}

// Outside a notebook, displays go to one standalone page per program.
func TestPageOutsideNotebook(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GD_DISPLAY_DIR", dir)
	page.Lock()
	page.path, page.parts, page.gl = "", nil, false
	page.Unlock()
	defer func() {
		page.Lock()
		page.path, page.parts, page.gl = "", nil, false
		page.Unlock()
	}()

	f := NewFigure(Title("first"))
	f.Line([]float64{0, 1}, []float64{0, 1})
	f.Show()
	Markdown("some *text*")
	NewSurface(func(x, y float64) float64 { return x + y }).Show()

	path := PagePath()
	if filepath.Dir(path) != dir {
		t.Fatalf("page written to %q, want a file in %s", path, dir)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(raw)
	if !strings.HasPrefix(html, "<!DOCTYPE html>") || strings.Count(html, `class="gd-output"`) != 3 {
		t.Errorf("page does not hold the three outputs")
	}
	if strings.Count(html, `data-gd-library="echarts `) != 1 || strings.Count(html, `data-gd-library="echarts-gl `) != 1 {
		t.Error("page must load ECharts and ECharts GL exactly once")
	}
	if n := strings.Count(html, runtimeScript); n != 1 {
		t.Errorf("page holds the runtime %d times, want once", n)
	}
	if !strings.Contains(html, "some *text*") {
		t.Error("markdown output missing from the page")
	}
	assertOffline(t, "page", html)
}
