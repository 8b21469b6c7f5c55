package display

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// artifactDir is where the browser tests leave screenshots to look at.
func artifactDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../test-artifacts/display")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chromiumPath finds Debian's chromium. Its absence fails the test: the
// browser test is the only proof that charts render.
func chromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("GD_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("chromium not found at %s: install Debian's chromium (apt-get install chromium) or set GD_CHROMIUM: %v", p, err)
	}
	return p
}

// browser is a headless Chromium tab with every network request blocked,
// except that requests for require.js are answered with a local copy, so the
// page behaves as an exported notebook does when require.js is reachable (the
// case that breaks UMD bundles). It records console errors and exceptions.
type browser struct {
	t       testing.TB
	ctx     context.Context
	cancel  func()
	mu      sync.Mutex
	errors  []string
	blocked []string
	served  []string
}

var requireJSName = regexp.MustCompile(`/require(\.min)?\.js(\?|$)`)

func newBrowser(t testing.TB, scripts bool) *browser {
	t.Helper()
	requireJS, err := os.ReadFile("testdata/require.js")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		// Software WebGL for ECharts GL: headless Chromium has no GPU here.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.WindowSize(1400, 1000),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	b := &browser{t: t, ctx: ctx, cancel: func() { tcancel(); cancel(); acancel() }}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			b.record(&b.errors, "exception: "+e.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.record(&b.errors, "console.error: "+strings.Join(parts, " "))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError && e.Entry.Source != log.SourceNetwork {
				b.record(&b.errors, fmt.Sprintf("log %s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		case *fetch.EventRequestPaused:
			go b.intercept(e, requireJS)
		}
	})
	actions := []chromedp.Action{log.Enable(), runtime.Enable(),
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*"}})}
	if !scripts {
		actions = append(actions, emulation.SetScriptExecutionDisabled(true))
	}
	if err := chromedp.Run(ctx, actions...); err != nil {
		b.cancel()
		t.Fatalf("starting chromium: %v", err)
	}
	return b
}

func (b *browser) record(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

// intercept lets local files through, serves require.js, blocks the rest.
func (b *browser) intercept(e *fetch.EventRequestPaused, requireJS []byte) {
	c := chromedp.FromContext(b.ctx)
	ctx := cdp.WithExecutor(b.ctx, c.Target)
	url := e.Request.URL
	var err error
	switch {
	case strings.HasPrefix(url, "file://") || strings.HasPrefix(url, "data:"):
		err = fetch.ContinueRequest(e.RequestID).Do(ctx)
	case requireJSName.MatchString(url):
		b.record(&b.served, url)
		err = fetch.FulfillRequest(e.RequestID, 200).
			WithResponseHeaders([]*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/javascript"}}).
			WithBody(base64.StdEncoding.EncodeToString(requireJS)).Do(ctx)
	default:
		b.record(&b.blocked, url)
		err = fetch.FailRequest(e.RequestID, network.ErrorReasonBlockedByClient).Do(ctx)
	}
	if err != nil && b.ctx.Err() == nil {
		b.record(&b.errors, "intercept "+url+": "+err.Error())
	}
}

func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browser) snapshot() (errs, blocked, served []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...), append([]string(nil), b.blocked...), append([]string(nil), b.served...)
}

// inkRatio is the fraction of pixels of a PNG that differ from its most
// common colour (the background): an empty canvas scores 0.
func inkRatio(t testing.TB, pngData []byte) float64 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatalf("decoding screenshot: %v", err)
	}
	counts := map[[3]uint32]int{}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, b >> 8}]++
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	total := bounds.Dx() * bounds.Dy()
	return float64(total-most) / float64(total)
}
