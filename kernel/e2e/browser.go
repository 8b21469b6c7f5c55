package e2e

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// Options configure a Browser.
type Options struct {
	// Offline fails every request except those Allow accepts; file:, data:,
	// blob: and about: URLs are always allowed. Refused requests are recorded
	// (Blocked), so a test can assert that a page never tried to leave.
	Offline bool
	// Allow accepts extra URLs while Offline, e.g. a local Jupyter server.
	Allow func(u *url.URL) bool
	// Width and Height of the window; 1280x900 when zero.
	Width, Height int
}

// Browser is one headless Chromium with one tab, recording console errors and
// requests. It is safe for use by one test at a time.
type Browser struct {
	ctx     context.Context
	cancel  func()
	dataDir string
	opts    Options

	mu       sync.Mutex
	console  []string
	requests []string
	blocked  []string
}

// NewBrowser starts Chromium (jupyter.FindChromium: $GD_CHROMIUM or Debian's
// chromium on PATH) headless, with a fresh profile and the background
// networking (updates, component downloads) switched off.
func NewBrowser(parent context.Context, opts Options) (*Browser, error) {
	exe, err := jupyter.FindChromium()
	if err != nil {
		return nil, err
	}
	if opts.Width == 0 {
		opts.Width, opts.Height = 1280, 900
	}
	dataDir, err := os.MkdirTemp("", "gd_chromium_")
	if err != nil {
		return nil, err
	}
	actx, acancel := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(opts.Width, opts.Height),
	)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		// chromedp does not know every DOM event newer Chromiums send; that is noise.
		if !strings.Contains(msg, "unhandled node event") {
			log.Print(msg)
		}
	}))
	b := &Browser{ctx: ctx, dataDir: dataDir, opts: opts,
		cancel: func() { cancel(); acancel(); os.RemoveAll(dataDir) }}
	chromedp.ListenTarget(ctx, b.onEvent)
	setup := []chromedp.Action{network.Enable(), runtime.Enable(), cdplog.Enable()}
	if opts.Offline {
		// Pause every request so onEvent can let it through or fail it.
		setup = append(setup, fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*"}}))
	}
	if err := chromedp.Run(ctx, setup...); err != nil {
		b.Close()
		return nil, fmt.Errorf("e2e: starting %s: %w", exe, err)
	}
	return b, nil
}

// Close stops Chromium and removes its profile.
func (b *Browser) Close() { b.cancel() }

// Context is the tab's context, for chromedp calls the helpers do not cover.
func (b *Browser) Context() context.Context { return b.ctx }

// Run runs chromedp actions in the tab.
func (b *Browser) Run(actions ...chromedp.Action) error { return chromedp.Run(b.ctx, actions...) }

// ConsoleErrors returns the console.error messages, uncaught exceptions and
// browser log errors (failed loads) seen so far.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// Requests returns every URL the page requested, in order.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// Blocked returns the URLs refused because the browser is Offline.
func (b *Browser) Blocked() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.blocked...)
}

func (b *Browser) allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "data", "blob", "about":
		return true
	}
	return b.opts.Allow != nil && b.opts.Allow(u)
}

func (b *Browser) onEvent(ev any) {
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		ok := b.allowed(ev.Request.URL)
		if !ok {
			b.mu.Lock()
			b.blocked = append(b.blocked, ev.Request.URL)
			b.mu.Unlock()
		}
		// Event handlers must not block: answer from a goroutine.
		go func() {
			ctx := cdp.WithExecutor(b.ctx, chromedp.FromContext(b.ctx).Target)
			if ok {
				_ = fetch.ContinueRequest(ev.RequestID).Do(ctx)
			} else {
				_ = fetch.FailRequest(ev.RequestID, network.ErrorReasonBlockedByClient).Do(ctx)
			}
		}()
	case *network.EventRequestWillBeSent:
		b.mu.Lock()
		b.requests = append(b.requests, ev.Request.URL)
		b.mu.Unlock()
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ex := ev.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
			msg += " " + ex.Description
		}
		b.addConsole("exception: " + msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.APITypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			} else if a.Description != "" {
				parts = append(parts, a.Description)
			}
		}
		b.addConsole("console.error: " + strings.Join(parts, " "))
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.LevelError {
			msg := ev.Entry.Text
			if ev.Entry.URL != "" {
				msg += " (" + ev.Entry.URL + ")"
			}
			b.addConsole("log: " + msg)
		}
	}
}

func (b *Browser) addConsole(msg string) {
	b.mu.Lock()
	b.console = append(b.console, msg)
	b.mu.Unlock()
}
