package display

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonotebooks/descent/display/assets"
)

// emit sends an output bundle to wherever this program's output goes. Tests
// replace it to capture bundles.
var emit = func(b bundle) {
	if gonbui.IsNotebook {
		emitNotebook(b)
		return
	}
	emitPage(b)
}

// emitNotebook sends one display_data message carrying every MIME form of the
// output (an update_display_data when b replaces a live view). If this is the
// first chart of the kernel session, the HTML also carries the ECharts
// library; later outputs find window.echarts on the page.
func emitNotebook(b bundle) {
	gonbui.SendData(&protocol.DisplayData{Data: notebookData(b), DisplayID: b.displayID})
	gonbui.Sync() // each cell is a process: make sure the output is out before it exits
}

// notebookData is the MIME bundle of a display_data message for b.
func notebookData(b bundle) map[protocol.MIMEType]any {
	data := map[protocol.MIMEType]any{}
	h := b.html
	if b.needsLib {
		// The runtime first (the library scripts call it), then the
		// libraries this kernel session has not received yet, then the charts.
		lib, gl := claimLibrary("echarts", true), claimLibrary("echarts-gl", b.needsGL)
		h = libraryHTML(lib, gl) + h
	}
	if h != "" {
		data[protocol.MIMETextHTML] = h
	}
	if b.svg != "" {
		data[protocol.MIMEImageSVG] = b.svg
	}
	if b.markdown != "" {
		data[protocol.MIMETextMarkdown] = b.markdown
	}
	if b.text != "" {
		data[protocol.MIMETextPlain] = b.text
	}
	return data
}

// claimLibrary reports whether this output must carry the named library,
// recording that it does. GoNB runs every cell as a new process but keeps one
// temporary directory per kernel (GONB_TMP_DIR), so a marker file there says
// "already sent in this kernel session". A new kernel (restart, or the runner
// executing a notebook from the top) gets a new directory, and its first chart
// carries the library again. Without that directory, every chart carries it.
func claimLibrary(name string, needed bool) bool {
	if !needed {
		return false
	}
	dir := os.Getenv(protocol.GONB_TMP_DIR_ENV)
	if dir == "" {
		return true
	}
	version := assets.EChartsVersion
	if name == "echarts-gl" {
		version = assets.EChartsGLVersion
	}
	marker := filepath.Join(dir, ".gd-display-"+name+"-"+version)
	f, err := os.OpenFile(marker, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		// Exists: someone already sent it. Any other error: send it to be safe.
		return !errors.Is(err, fs.ErrExist)
	}
	f.Close()
	return true
}

// Init puts the ECharts library into the current cell's output, whether or
// not an earlier output of this kernel session carried it. Charts normally
// load it by themselves; call Init in a notebook's first cell if you run cells
// out of order and then save, so the saved notebook loads the library before
// its first chart wherever it is reopened. Outside a notebook it does nothing.
func Init() {
	if !gonbui.IsNotebook {
		return
	}
	claimLibrary("echarts", true)
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  libraryHTML(true, false),
		protocol.MIMETextPlain: "ECharts " + assets.EChartsVersion + " loaded (embedded copy, no network)",
	}})
	gonbui.Sync()
}

// The page written outside a notebook: every output of the program so far, in
// order, after one copy of the libraries.
var page struct {
	sync.Mutex
	path  string
	parts []string
	gl    bool
	dir   string // the private folder made for this process, once
}

// PageDir is where programs run outside a notebook write their HTML page:
// $GD_DISPLAY_DIR if set, else a private folder (mode 0700, a random name)
// that this process makes under os.TempDir() on its first display. A shared
// temporary folder with predictable names would let another user plant a
// file or a symbolic link where the page is about to be written. Before the
// first display, with no $GD_DISPLAY_DIR, it returns "".
func PageDir() string {
	if d := os.Getenv("GD_DISPLAY_DIR"); d != "" {
		return d
	}
	page.Lock()
	defer page.Unlock()
	return page.dir
}

// pageDir returns the folder for the page, making it if needed (page locked).
func pageDir() (string, error) {
	if d := os.Getenv("GD_DISPLAY_DIR"); d != "" {
		return d, os.MkdirAll(d, 0o700)
	}
	if page.dir == "" {
		d, err := os.MkdirTemp("", "gd-display-") // 0700, unpredictable, created exclusively
		if err != nil {
			return "", err
		}
		page.dir = d
	}
	return page.dir, nil
}

// PagePath returns the file this program's displays are written to outside a
// notebook, or "" if nothing has been displayed yet.
func PagePath() string {
	page.Lock()
	defer page.Unlock()
	return page.path
}

func emitPage(b bundle) {
	page.Lock()
	defer page.Unlock()
	part := b.html // the page's head has the runtime and libraries
	switch {
	case part != "":
	case b.markdown != "":
		part = `<pre class="gd-markdown">` + html.EscapeString(b.markdown) + "</pre>"
	default:
		part = "<pre>" + html.EscapeString(b.text) + "</pre>"
	}
	page.parts = append(page.parts, `<div class="gd-output">`+part+"</div>")
	page.gl = page.gl || b.needsGL
	if page.path == "" {
		dir, err := pageDir()
		if err != nil {
			fmt.Fprintf(os.Stderr, "display: cannot create a folder for the page: %v\n", err)
			return
		}
		prog := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
		page.path = filepath.Join(dir, fmt.Sprintf("%s-%s-%d.html", prog, time.Now().Format("20060102-150405"), os.Getpid()))
		fmt.Fprintf(os.Stderr, "display: figures are written to %s\n", page.path)
	}
	if err := writeFileAtomic(page.path, pageHTML(filepath.Base(page.path), page.parts, page.gl)); err != nil {
		fmt.Fprintf(os.Stderr, "display: writing %s: %v\n", page.path, err)
	}
}

// pageHTML is a standalone page: libraries inline, then the outputs.
func pageHTML(title string, parts []string, gl bool) string {
	var h strings.Builder
	fmt.Fprintf(&h, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n", html.EscapeString(title))
	h.WriteString(`<style>body{font-family:'DejaVu Sans','Helvetica Neue',Arial,sans-serif;margin:24px;color:#222}` +
		`.gd-output{margin:18px 0}table{border-collapse:collapse}td,th{padding:2px 8px}</style></head><body>` + "\n")
	h.WriteString(libraryHTML(true, gl))
	for _, p := range parts {
		h.WriteString(p)
		h.WriteString("\n")
	}
	h.WriteString("</body></html>\n")
	return h.String()
}

// writeFileAtomic replaces path with content: a new file with a random name
// in the same folder, created exclusively (so no existing file or symbolic
// link is opened, let alone followed), readable by the user only, synced,
// then renamed over path. Renaming replaces a link at path rather than
// writing through it, and a reader never sees half a page.
func writeFileAtomic(path, content string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
